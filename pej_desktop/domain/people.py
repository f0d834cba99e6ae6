"""The adviser and the young person's file: minimal data, validated with French messages.

Validation returns a message per field (``{"birth_date": "…"}``) so the form can show
each one next to its field; a file with any message is never saved. The rules are
plain functions of the data and of a reference day, so they are tested without Qt.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

from pej_desktop.domain.territory import PostalCodeError, departement_of_agency_code, departement_of_postal_code

STRUCTURES = {"MISSION_LOCALE": "Mission Locale", "FRANCE_TRAVAIL": "France Travail"}
PROGRAMMES = {"CEJ": "CEJ", "PACEA": "PACEA", "AUTRE": "Autre accompagnement"}
REF_IMILO = "IMILO"
REF_FRANCE_TRAVAIL = "FRANCE_TRAVAIL"
REFERENCE_KINDS = {REF_IMILO: "N° de dossier i-milo", REF_FRANCE_TRAVAIL: "Identifiant France Travail"}
MIN_AGE_ON_FILE = 15
MAX_MONTHS = 12
MAX_MONTHS_EXTENDED = 18
MAX_NAME = 80
MAX_REASON = 500

# i-milo dossier numbers are numeric (5 to 10 digits). France Travail identifiers are
# 7 digits followed by 1 to 4 letters or digits (usually one letter: "1234567A").
_IMILO = re.compile(r"^\d{5,10}$")
_FRANCE_TRAVAIL = re.compile(r"^\d{7}[0-9A-Z]{1,4}$")
_NAME = re.compile(r"^[^\W\d_]+(?:[ '\-.’][^\W\d_]*)*$")
_AGENCY_CODE = re.compile(r"^[0-9A-Z]{2,13}$")
# A French number (0X XX XX XX XX) or an international one (+…), with spaces, dots or dashes.
_PHONE = re.compile(r"^(?:0\d(?:[ .\-]?\d{2}){4}|\+\d{1,3}(?:[ .\-]?\d{1,4}){2,6})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]{2,}$")

Errors = dict[str, str]


@dataclass(frozen=True)
class Adviser:
    """The person using this machine; shown on printed summaries and recorded with checks."""

    first_name: str
    last_name: str
    structure: str  # key of STRUCTURES
    agency_name: str
    agency_code: str
    id: int | None = None
    phone: str = ""  # professional only: printed on the young person's summary
    email: str = ""  # professional only

    @property
    def label(self) -> str:
        return f"{self.first_name} {self.last_name} — {self.structure_name}"

    @property
    def structure_name(self) -> str:
        """« Mission Locale de Lyon », never « Mission Locale Mission Locale de Lyon »."""
        return structure_name(self.structure, self.agency_name)

    def normalised(self) -> Adviser:
        return replace(self, first_name=_clean(self.first_name), last_name=_clean(self.last_name),
                       agency_name=_clean(self.agency_name), agency_code=_clean(self.agency_code).upper(),
                       phone=_clean(self.phone), email=_clean(self.email).lower())


def normalised_reference(reference: str | None) -> str | None:
    """A dossier number as stored and compared: upper case, without spaces, dots or dashes."""
    return re.sub(r"[\s.\-]", "", reference or "").upper() or None


@dataclass(frozen=True)
class YoungPerson:
    """A young person's file, with only what the eligibility rules and the summary need."""

    first_name: str
    last_name: str
    birth_date: dt.date | None
    postal_code: str
    programme: str = "CEJ"
    external_ref_kind: str | None = None
    external_ref: str | None = None
    cej_start: dt.date | None = None
    cej_planned_end: dt.date | None = None
    cej_real_end: dt.date | None = None
    extended: bool = False
    extension_reason: str = ""
    last_contact: dt.date | None = None
    id: int | None = None

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def normalised(self) -> YoungPerson:
        """Trimmed text, upper-case reference without spaces; what is validated and stored."""
        ref = normalised_reference(self.external_ref)
        return replace(
            self, first_name=_clean(self.first_name), last_name=_clean(self.last_name),
            postal_code=(self.postal_code or "").strip(), external_ref=ref,
            external_ref_kind=(self.external_ref_kind or None) if ref else None,
            extension_reason=(self.extension_reason or "").strip() if self.extended else "",
        )


def structure_name(structure: str, agency_name: str) -> str:
    """The structure's label followed by the agency's name, unless that name already says it."""
    label = STRUCTURES.get(structure, structure)
    agency = _clean(agency_name)
    if label and label.casefold() in agency.casefold():
        return agency
    return " ".join(p for p in (label, agency) if p)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Age in full years ("révolus") on ``day``.

    Someone born on 29 February becomes a year older on 1 March in common years: on
    28 February the anniversary date has not been reached yet.
    """
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def format_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# -- young person ---------------------------------------------------------------------------
def validate_young_person(person: YoungPerson, today: dt.date) -> Errors:
    """One French message per invalid field; empty when the file can be saved."""
    errors: Errors = {}
    for key, label in (("first_name", "Le prénom"), ("last_name", "Le nom")):
        message = _name_error(getattr(person, key), label)
        if message:
            errors[key] = message
    _check_birth_date(person.birth_date, today, errors)
    _check_postal_code(person.postal_code, errors)
    if person.programme not in PROGRAMMES:
        errors["programme"] = "Choisissez le programme : CEJ, PACEA ou autre accompagnement."
    _check_reference(person, errors)
    _check_cej_dates(person, errors)
    if person.last_contact and person.last_contact > today:
        errors["last_contact"] = "La date du dernier contact ne peut pas être dans le futur."
    return errors


def _name_error(value: str, label: str) -> str | None:
    if not value:
        return f"{label} est obligatoire."
    if len(value) > MAX_NAME:
        return f"{label} est trop long ({MAX_NAME} caractères au plus)."
    if not _NAME.match(value):
        return f"{label} ne peut contenir que des lettres, des espaces, des traits d'union et des apostrophes."
    return None


def _check_birth_date(birth_date: dt.date | None, today: dt.date, errors: Errors) -> None:
    if birth_date is None:
        errors["birth_date"] = "La date de naissance est obligatoire (elle sert au calcul de l'âge)."
    elif birth_date > today:
        errors["birth_date"] = "La date de naissance ne peut pas être dans le futur."
    elif birth_date.year < 1900:
        errors["birth_date"] = "Date de naissance invalide : vérifiez l'année."
    elif (age := age_on(birth_date, today)) < MIN_AGE_ON_FILE:
        errors["birth_date"] = (f"Âge calculé : {age} ans. Un jeune accompagné doit avoir au moins "
                                f"{MIN_AGE_ON_FILE} ans : vérifiez la date de naissance.")


def _check_postal_code(postal_code: str, errors: Errors) -> None:
    if not postal_code:
        errors["postal_code"] = "Le code postal est obligatoire (il sert aux offres locales)."
        return
    try:
        departement_of_postal_code(postal_code)
    except PostalCodeError as error:
        errors["postal_code"] = str(error)


def _check_reference(person: YoungPerson, errors: Errors) -> None:
    ref = person.external_ref
    if not ref:
        return
    if person.external_ref_kind == REF_IMILO and not _IMILO.match(ref):
        errors["external_ref"] = "Un n° de dossier i-milo ne contient que des chiffres (5 à 10 chiffres)."
    elif person.external_ref_kind == REF_FRANCE_TRAVAIL and not _FRANCE_TRAVAIL.match(ref):
        errors["external_ref"] = ("Un identifiant France Travail compte 7 chiffres suivis de 1 à 4 "
                                  "lettres ou chiffres (ex. 1234567A).")
    elif person.external_ref_kind not in REFERENCE_KINDS:
        errors["external_ref"] = "Précisez s'il s'agit d'un n° de dossier i-milo ou d'un identifiant France Travail."


def _check_cej_dates(person: YoungPerson, errors: Errors) -> None:
    start, planned, real = person.cej_start, person.cej_planned_end, person.cej_real_end
    if person.programme == "CEJ" and start is None and (planned or real):
        errors["cej_start"] = "Indiquez la date de début du CEJ."
    for key, end, label in (("cej_planned_end", planned, "fin prévue"), ("cej_real_end", real, "fin réelle")):
        if start and end and end < start:
            errors[key] = f"La {label} ne peut pas précéder le début du CEJ."
        elif start and end:
            message = _duration_error(start, end, person.extended, label)
            if message:
                errors[key] = message
    if person.extended and not person.extension_reason:
        errors["extension_reason"] = "Indiquez le motif de la prolongation (obligatoire, article R5131-16)."
    elif len(person.extension_reason) > MAX_REASON:
        errors["extension_reason"] = f"Le motif est trop long ({MAX_REASON} caractères au plus)."


def _duration_error(start: dt.date, end: dt.date, extended: bool, label: str) -> str | None:
    """A CEJ lasts at most 12 months, 18 with a written extension (R5131-16).

    The end may fall on the anniversary day itself (start + 12 months), a common way
    of writing "12 months" in the advisers' tools. The message names the field
    (« La fin prévue… », « La fin réelle… ») so it reads the same in the form and in
    an import report.
    """
    longest = add_months(start, MAX_MONTHS_EXTENDED)
    if end > longest:
        return (f"La {label} dépasse la durée maximale d'un CEJ : {MAX_MONTHS_EXTENDED} mois, prolongation "
                f"comprise (article R5131-16), soit le {format_date(longest)} au plus tard.")
    usual = add_months(start, MAX_MONTHS)
    if not extended and end > usual:
        return (f"La {label} dépasse {MAX_MONTHS} mois après le début du CEJ (le {format_date(usual)} au plus "
                f"tard) : cochez « Prolongation » et indiquez son motif, ou corrigez la {label}.")
    return None


# -- adviser -----------------------------------------------------------------------------
def validate_adviser(adviser: Adviser) -> Errors:
    errors: Errors = {}
    for key, label in (("first_name", "Le prénom"), ("last_name", "Le nom")):
        message = _name_error(getattr(adviser, key), label)
        if message:
            errors[key] = message
    if adviser.structure not in STRUCTURES:
        errors["structure"] = "Choisissez votre structure : Mission Locale ou France Travail."
    if not adviser.agency_name:
        errors["agency_name"] = "Le nom de l'agence ou de la Mission Locale est obligatoire."
    elif len(adviser.agency_name) > 120:
        errors["agency_name"] = "Le nom de l'agence est trop long (120 caractères au plus)."
    if not _AGENCY_CODE.match(adviser.agency_code) or departement_of_agency_code(adviser.agency_code) is None:
        errors["agency_code"] = ("Code d'agence invalide : il commence par le numéro d'un département du CEJ "
                                 "(ex. 69, 2A, 974) suivi de lettres ou de chiffres (ex. 69001).")
    if adviser.phone and not _PHONE.match(adviser.phone):
        errors["phone"] = ("Téléphone professionnel invalide : 10 chiffres (ex. 04 72 00 00 00) "
                           "ou un numéro international (ex. +262 262 00 00 00).")
    if adviser.email and (len(adviser.email) > 120 or not _EMAIL.match(adviser.email)):
        errors["email"] = "Adresse électronique professionnelle invalide (ex. prenom.nom@mission-locale.fr)."
    return errors


def agency_departement(agency_code: str) -> str:
    """The département of an agency code: its first 2 characters, or 3 overseas."""
    return departement_of_agency_code(agency_code) or agency_code[:2]
