"""Right of access: everything the personal file holds on one young person, as JSON or PDF.

The export is for the young person (or the structure's data-protection officer): it
contains their whole file, date of birth and reference included, every eligibility
check, whatever later features attached to the file (found through the foreign
keys), and the audit entries about it. It is written where the adviser chooses, never
logged, and the export itself is audited.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pej_desktop import APP_NAME, __version__
from pej_desktop.domain.errors import UserError
from pej_desktop.domain.people import PROGRAMMES, REFERENCE_KINDS, STRUCTURES, Adviser, YoungPerson
from pej_desktop.domain.retention import RETENTION_YEARS
from pej_desktop.reports.right_of_access_content import PlainSection, offer_titles, other_sections, shown
from pej_desktop.store import audit, personal
from pej_desktop.store import right_of_access as held
from pej_desktop.store.personal import CheckRecord, PersonalStore
from pej_desktop.store.private_files import write_private, write_private_text

log = logging.getLogger(__name__)
JSON, PDF = "json", "pdf"


class PersonNotFound(UserError, LookupError):
    """No file with this id (French message)."""


@dataclass(frozen=True)
class AccessExport:
    generated_at: dt.datetime
    person: YoungPerson
    uid: str
    created_at: str
    updated_at: str
    adviser: Adviser | None
    checks: list[CheckRecord]
    audit: list[audit.AuditEntry]
    other: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # table → rows (later features)


def gather_access_export(store: PersonalStore, person_id: int, *, now: dt.datetime) -> AccessExport:
    """Read the whole file in one transaction, and record that it was exported."""
    with store.write() as conn:
        person = personal.get_person(conn, person_id)
        if person is None:
            raise PersonNotFound(f"Aucun dossier n° {person_id}.")
        uid = held.uid_of(conn, person_id) or ""
        audit.record(conn, "access_export", person_id=person_id)
        created, updated = held.created_updated(conn, person_id) or ("", "")
        export = AccessExport(
            generated_at=now, person=person, uid=uid, created_at=created, updated_at=updated,
            adviser=personal.current_adviser(conn), checks=personal.list_checks(conn, person_id),
            audit=audit.list_entries(conn, person_uid=uid),
            other=held.rows_about(conn, person_id, skip=("eligibility_checks",)),
        )
    log.info("access export of young person %s prepared", person_id)
    return export


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def person_fields(person: YoungPerson) -> list[tuple[str, str, Any]]:
    """(stable key, French label, value) of every field of the file, in reading order."""
    kind = REFERENCE_KINDS.get(person.external_ref_kind or "", person.external_ref_kind)
    return [
        ("prenom", "Prénom", person.first_name),
        ("nom", "Nom", person.last_name),
        ("date_naissance", "Date de naissance", _date(person.birth_date)),
        ("code_postal", "Code postal", person.postal_code),
        ("programme", "Programme", PROGRAMMES.get(person.programme, person.programme)),
        ("type_reference", "Type de référence", kind),
        ("reference", "Référence du dossier", person.external_ref),
        ("debut_cej", "Début du CEJ", _date(person.cej_start)),
        ("fin_prevue_cej", "Fin prévue du CEJ", _date(person.cej_planned_end)),
        ("fin_reelle_cej", "Fin réelle du CEJ", _date(person.cej_real_end)),
        ("prolongation", "Prolongation", person.extended),
        ("motif_prolongation", "Motif de prolongation", person.extension_reason or None),
        ("dernier_contact", "Dernier contact", _date(person.last_contact)),
    ]


def check_fields(check: CheckRecord) -> list[tuple[str, Any]]:
    """(French label, value) of one eligibility check, in reading order."""
    return [("Effectuée le", check.checked_at), ("Par", check.adviser_label),
            ("Date à laquelle le droit a été vérifié", _date(check.reference_date)),
            ("Version des règles appliquées", check.rules_version),
            ("Résultat", audit.RESULT_LABELS.get(check.result, check.result)), ("Motifs", list(check.reasons)),
            ("Pas étudiant (confirmé par le conseiller)", check.not_student),
            ("Pas en formation (confirmé par le conseiller)", check.not_in_training),
            ("Offres du catalogue accessibles", check.offers_eligible),
            ("Offres du catalogue examinées", check.offers_total)]


def controller_label(adviser: Adviser | None) -> str:
    """« Mission Locale de Lyon »: the structure, its name said once."""
    if adviser is None:
        return "la structure qui accompagne le jeune"
    kind = STRUCTURES.get(adviser.structure, adviser.structure)
    agency = adviser.agency_name.strip()
    return agency if kind.casefold() in agency.casefold() else f"{kind} {agency}".strip()


RIGHTS = ("Vous pouvez demander à la structure qui vous accompagne de corriger ces données, de les effacer, "
          "d'en limiter l'usage ou vous opposer à leur traitement. Vous pouvez aussi adresser une réclamation "
          "à la CNIL (cnil.fr).")


def plain_sections(export: AccessExport) -> list[PlainSection]:
    """Everything held, in the order and the words the person reads it (JSON and PDF alike)."""
    return [_file_section(export), _checks_section(export), *other_sections(export.other), _audit_section(export)]


def _file_section(export: AccessExport) -> PlainSection:
    pairs = [(label, shown(value)) for _key, label, value in person_fields(export.person)]
    pairs += [("Numéro du dossier sur ce poste", shown(export.person.id)),
              ("Identifiant technique du dossier", shown(export.uid)),
              ("Dossier créé le", shown(export.created_at)), ("Dernière modification le", shown(export.updated_at))]
    return PlainSection("Votre dossier", "Les informations que votre conseiller a enregistrées pour vous "
                        "accompagner dans le Contrat d'Engagement Jeune.", (tuple(pairs),))


def _checks_section(export: AccessExport) -> PlainSection:
    return PlainSection(
        "Vérifications de votre droit au Pass",
        "Chaque fois que votre conseiller a vérifié si vous pouviez avoir le Pass Engagement Jeune : quand, "
        "selon quelles règles, avec quel résultat et pourquoi.",
        tuple(tuple((label, shown(value)) for label, value in check_fields(c)) for c in export.checks),
        empty="Aucune vérification enregistrée.")


def _audit_section(export: AccessExport) -> PlainSection:
    titles = offer_titles(export.other)  # an activation's entry names the offer by its id
    return PlainSection(
        "Journal des accès à votre dossier",
        "Chaque lecture ou modification de votre dossier sur ce poste : quand, par qui, quoi. Il permet de "
        "vérifier que seules les personnes qui vous accompagnent y ont accès.",
        tuple((("Le", shown(e.at)), ("Par", shown(e.actor)), ("Action", e.action_label),
               ("Détail", shown(titles.get(e.detail_label, e.detail_label)))) for e in export.audit),
        empty="Aucune entrée.")


def to_json(export: AccessExport) -> str:
    """The export for the person: French headings and words, no database names."""
    document = {
        "Document": "Données personnelles détenues sur vous (droit d'accès, RGPD)",
        "Personne": export.person.display_name,
        "Édité le": shown(export.generated_at),
        "Application": f"{APP_NAME} {__version__}",
        "Responsable du traitement": controller_label(export.adviser),
        "Durée de conservation": f"{RETENTION_YEARS} ans après votre dernier contact avec la structure",
        "Vos droits": RIGHTS,
        "Contenu": [{"Rubrique": section.title, "Ce que c'est": section.meaning,
                     "Entrées": [dict(entry) for entry in section.entries] or section.empty}
                    for section in plain_sections(export)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def write_access_export(store: PersonalStore, person_id: int, target: Path, *, fmt: str,
                        now: dt.datetime) -> Path:
    """Gather and write the export in ``fmt`` (json or pdf) to ``target``."""
    export = gather_access_export(store, person_id, now=now)
    if fmt == JSON:
        write_private_text(target, to_json(export))
    else:
        from pej_desktop.reports.right_of_access import build_access_pdf

        write_private(target, build_access_pdf(export))
    return target
