"""The right-of-access export in plain French (GDPR art. 12): one content for the JSON and the PDF.

A person asking what is held about them receives sections with French headings, each
saying what it means, then its entries as « label : value » pairs: offer titles rather
than ids, dates as « 6 décembre 2026 », times as « 6 décembre 2026 à 14 h 05 », « oui »
and « non ». No column name of the database reaches them: the tables of later features
are translated here, and a table this module does not know yet is still exported, with
its column names turned into words.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pej_desktop.domain.followup import FEEDBACK_KINDS
from pej_desktop.domain.money import format_cents
from pej_desktop.domain.needs import NEEDS_BY_KEY
from pej_desktop.domain.people import PROGRAMMES, REFERENCE_KINDS, STRUCTURES, Adviser, YoungPerson
from pej_desktop.reports.plain_french import long_date
from pej_desktop.store import audit
from pej_desktop.store.personal import CheckRecord

MISSING = "non renseigné"
Pairs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class PlainSection:
    title: str
    meaning: str  # what the section holds, for the person reading it
    entries: tuple[Pairs, ...]
    empty: str = "Aucune donnée de ce type n'est enregistrée."


def shown(value: Any) -> str:
    """A stored value as a person reads it: dates in words, local times, « oui »/« non »."""
    if value is None or value == "" or value == []:
        return MISSING
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.datetime):
        return _moment(value)
    if isinstance(value, dt.date):
        return long_date(value)
    if isinstance(value, (list, tuple)):
        return " ; ".join(shown(v) for v in value)
    if isinstance(value, str):
        return _shown_text(value)
    return str(value)


def _shown_text(value: str) -> str:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return long_date(dt.date.fromisoformat(value))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*", value):
        try:
            return _moment(dt.datetime.fromisoformat(value))
        except ValueError:
            return value
    return value


def _moment(value: dt.datetime) -> str:
    local = value.astimezone() if value.tzinfo else value
    return f"{long_date(local.date())} à {local:%H} h {local:%M}"


def humanised(name: str) -> str:
    """« future_activations » → « future activations »: a column name said in words."""
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


# -- the tables of later features, in words ------------------------------------------------------
_STATES = {"pending": "en attente d'envoi au service national", "accepted": "enregistrée par le service national",
           "rejected": "refusée par le service national", "demo": "démonstration (rien n'a été envoyé)"}
_DOCUMENTS = {"summary": "récapitulatif personnalisé", "offer_sheets": "fiches offres"}
_OUTPUTS = {"print": "imprimé", "pdf": "enregistré en PDF"}


def _activation(row: Mapping[str, Any], titles: Mapping[str, str]) -> Pairs:
    state = _STATES.get(str(row.get("state")), str(row.get("state")))
    if row.get("state") == "rejected" and row.get("refusal_title"):
        state += f" : {row['refusal_title']}"
    per_month = row.get("saving_per_month_cents")
    return (
        ("Offre", shown(row.get("offer_title"))), ("Activée le", shown(row.get("activated_at"))),
        ("Par", shown(row.get("adviser_label"))), ("Code remis", shown(row.get("code") or "code à venir")),
        ("Économie estimée par utilisation", format_cents(int(row.get("saving_per_use_cents") or 0))),
        ("Économie estimée par mois", format_cents(int(per_month)) if per_month is not None else "en une fois"),
        ("Calcul de l'économie", shown(row.get("saving_basis"))), ("État", state),
        ("Réponse du service national le", shown(row.get("outcome_at"))),
        ("Utilisée le", shown(row.get("used_at"))),
        ("Identifiant de l'activation", shown(row.get("uid"))),
    )


def _printed(row: Mapping[str, Any], titles: Mapping[str, str]) -> Pairs:
    return (("Document", _DOCUMENTS.get(str(row.get("kind")), shown(row.get("kind")))),
            ("Le", shown(row.get("at"))), ("Comment", _OUTPUTS.get(str(row.get("output")), shown(row.get("output")))),
            ("Par", shown(row.get("adviser_label"))),
            ("Empreinte du document (prouve qu'il n'a pas été modifié)", shown(row.get("document_hash"))))


def _needs(row: Mapping[str, Any], titles: Mapping[str, str]) -> Pairs:
    try:
        needs = json.loads(row.get("needs_json") or "[]")
    except ValueError:
        needs = []
    words = []
    for need in needs:
        known = NEEDS_BY_KEY.get(need.get("key", ""))
        label = known.label if known else humanised(str(need.get("key", "")))
        amount = need.get("monthly_cents")
        words.append(f"{label} (environ {format_cents(int(amount))} par mois)" if amount else label)
    return (("Besoins", " ; ".join(words) or MISSING), ("Notés le", shown(row.get("saved_at"))))


def _feedback(row: Mapping[str, Any], titles: Mapping[str, str]) -> Pairs:
    offer = titles.get(str(row.get("offer_id")), "une offre qui n'est plus dans le catalogue")
    return (("Offre", offer), ("Avis", FEEDBACK_KINDS.get(str(row.get("kind")), shown(row.get("kind")))),
            ("Noté le", shown(row.get("recorded_at"))))


KNOWN_TABLES: dict[str, tuple[str, str, Callable[[Mapping[str, Any], Mapping[str, str]], Pairs]]] = {
    "activations": ("Offres activées",
                    "Les offres du Pass Engagement Jeune activées pour vous, le code remis et l'économie estimée.",
                    _activation),
    "print_log": ("Documents imprimés",
                  "Chaque récapitulatif imprimé ou enregistré pour vous : quand, par qui. Le document lui-même "
                  "n'est pas conservé.", _printed),
    "person_needs": ("Besoins notés en entretien",
                     "Les besoins dont vous avez parlé avec votre conseiller, pour choisir les offres utiles.",
                     _needs),
    "offer_feedback": ("Vos avis sur les offres",
                       "Ce que vous avez dit d'une offre (elle a marché, ou non), transmis sans votre nom au "
                       "service national pour améliorer le catalogue.", _feedback),
}


def offer_titles(other: Mapping[str, list[dict[str, Any]]]) -> dict[str, str]:
    """Offer id → title, from the activations kept in the file (titles as they were when activated)."""
    return {str(r.get("offer_id")): str(r.get("offer_title")) for r in other.get("activations", ())
            if r.get("offer_title")}


def other_sections(other: Mapping[str, list[dict[str, Any]]]) -> list[PlainSection]:
    """Sections for the rows of later features' tables, known tables first, in words."""
    titles = offer_titles(other)
    sections = []
    for table, (title, meaning, pairs) in KNOWN_TABLES.items():
        if table in other:
            sections.append(PlainSection(title, meaning, tuple(pairs(row, titles) for row in other[table])))
    for table, rows in other.items():
        if table not in KNOWN_TABLES and rows:
            sections.append(PlainSection(
                f"Autres données : {humanised(table).lower()}",
                "Données enregistrées par une fonction récente de l'application, telles qu'elles sont stockées.",
                tuple(tuple((humanised(k), shown(v)) for k, v in row.items() if not _is_link(k)) for row in rows)))
    return sections


def _is_link(column: str) -> bool:
    """The key that points at the person's file: the file itself is shown above."""
    return column in {"person_id"}


@dataclass(frozen=True)
class AccessExport:
    generated_at: dt.datetime
    person: YoungPerson
    uid: str
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    adviser: Adviser | None
    checks: list[CheckRecord]
    audit: list[audit.AuditEntry]
    other: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # table → rows (later features)


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
