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
from pej_desktop.domain.people import PROGRAMMES, REFERENCE_KINDS, STRUCTURES, Adviser, YoungPerson
from pej_desktop.domain.retention import RETENTION_YEARS
from pej_desktop.store import access, audit, personal
from pej_desktop.store.personal import CheckRecord, PersonalStore
from pej_desktop.store.private_files import write_private, write_private_text

log = logging.getLogger(__name__)
JSON, PDF = "json", "pdf"


class PersonNotFound(LookupError):
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
        uid = access.uid_of(conn, person_id) or ""
        audit.record(conn, "access_export", person_id=person_id)
        created, updated = access.created_updated(conn, person_id) or ("", "")
        export = AccessExport(
            generated_at=now, person=person, uid=uid, created_at=created, updated_at=updated,
            adviser=personal.current_adviser(conn), checks=personal.list_checks(conn, person_id),
            audit=audit.list_entries(conn, person_uid=uid),
            other=access.rows_about(conn, person_id, skip=("eligibility_checks",)),
        )
    log.info("access export of young person %s prepared", person_id)
    return export


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def person_fields(person: YoungPerson) -> list[tuple[str, str, Any]]:
    """(JSON key, French label, value) of every field of the file, in reading order."""
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


def check_fields(check: CheckRecord) -> dict[str, Any]:
    return {"effectuee_le": check.checked_at, "conseiller": check.adviser_label,
            "date_de_reference": _date(check.reference_date), "version_des_regles": check.rules_version,
            "resultat": audit.RESULT_LABELS.get(check.result, check.result), "motifs": list(check.reasons),
            "pas_etudiant_confirme": check.not_student, "pas_en_formation_confirme": check.not_in_training,
            "offres_accessibles": check.offers_eligible, "offres_examinees": check.offers_total}


def controller_label(adviser: Adviser | None) -> str:
    if adviser is None:
        return "la structure qui accompagne le jeune"
    return f"{STRUCTURES.get(adviser.structure, adviser.structure)} {adviser.agency_name}".strip()


def to_json(export: AccessExport) -> str:
    document = {
        "document": "Données personnelles détenues sur un jeune (droit d'accès)",
        "genere_le": export.generated_at.isoformat(timespec="seconds"),
        "application": f"{APP_NAME} {__version__}",
        "responsable_du_traitement": controller_label(export.adviser),
        "conservation": f"{RETENTION_YEARS} ans après le dernier contact",
        "dossier": {"numero_interne": export.person.id, "identifiant": export.uid, "cree_le": export.created_at,
                    "modifie_le": export.updated_at, **{key: value for key, _l, value in person_fields(export.person)}},
        "verifications_eligibilite": [check_fields(c) for c in export.checks],
        "autres_donnees": export.other,
        "journal_des_acces": [{"date": e.at, "par": e.actor, "action": e.action_label, "detail": e.detail_label}
                              for e in export.audit],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=str)


def write_access_export(store: PersonalStore, person_id: int, target: Path, *, fmt: str,
                        now: dt.datetime) -> Path:
    """Gather and write the export in ``fmt`` (json or pdf) to ``target``."""
    export = gather_access_export(store, person_id, now=now)
    if fmt == JSON:
        write_private_text(target, to_json(export))
    else:
        from pej_desktop.reports.access import build_access_pdf

        write_private(target, build_access_pdf(export))
    return target
