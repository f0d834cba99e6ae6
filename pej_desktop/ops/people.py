"""Actions on young people's files: open the store, save, import a CSV, check eligibility.

Every function here runs on a worker (through ``QueryOp`` in the app, directly in
the CLI and tests), takes stores and plain data, and returns plain data. Logs name
files by their internal id only, never by a name or a date of birth.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field, replace

from sqlalchemy import exc

from pej_desktop.config import Paths
from pej_desktop.domain import eligibility as rules
from pej_desktop.domain.catalogue_check import CatalogueMarks, check_catalogue
from pej_desktop.domain.errors import UserError
from pej_desktop.domain.people import (
    REF_FRANCE_TRAVAIL,
    REF_IMILO,
    Adviser,
    Errors,
    YoungPerson,
    format_date,
    validate_adviser,
    validate_young_person,
)
from pej_desktop.ops import integrity
from pej_desktop.ops.catalogue_facts import terms_index
from pej_desktop.ops.people_csv import CsvLineError, CsvRow, parse_csv
from pej_desktop.store import audit, personal
from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.store.personal import PersonalStore, PersonalStoreLocked
from pej_desktop.store.personal_key import (
    SOURCE_KEYRING,
    DatabaseKey,
    KeyUnavailable,
    key_from_keyring,
)

log = logging.getLogger(__name__)


# -- opening -----------------------------------------------------------------------------
@dataclass(frozen=True)
class UnlockRequest:
    """The store could not open by itself: what to tell the adviser, what to ask."""

    message: str
    creating: bool  # ask for a new passphrase (twice) rather than the existing one
    wrong_passphrase: bool = False


@dataclass(frozen=True)
class Opening:
    store: PersonalStore | None = None
    unlock: UnlockRequest | None = None
    adviser: Adviser | None = None
    damage: integrity.PersonalDamage | None = None  # the file is damaged: ask before restoring a backup


def resolve_key(paths: Paths) -> DatabaseKey | UnlockRequest:
    """The keyring's key, or what to ask the adviser. May wait on the OS keyring (unlock prompt)."""
    try:
        return key_from_keyring(paths.personal_db)
    except KeyUnavailable as missing:
        return UnlockRequest(str(missing), creating=missing.creating)


def open_personal_store(paths: Paths, key: DatabaseKey | None = None) -> Opening:
    """Open with the keyring's key (or the given passphrase key); never raises for a key problem."""
    if key is None:
        found = resolve_key(paths)
        if isinstance(found, UnlockRequest):
            return Opening(unlock=found)
        key = found
    damage = integrity.damage_before_open(paths, key)
    if damage is not None:
        return Opening(damage=damage)
    try:
        store = PersonalStore.open(paths.personal_db, key, backup_dir=paths.backups_dir)
    except PersonalStoreLocked as locked:
        damage = integrity.damage_if_locked(paths, key)
        if damage is not None:
            return Opening(damage=damage)
        if key.source == SOURCE_KEYRING:
            message = f"{locked} Si ce fichier a été protégé par une phrase de passe, saisissez-la."
            return Opening(unlock=UnlockRequest(message, creating=False))
        return Opening(unlock=UnlockRequest(str(locked), creating=False, wrong_passphrase=True))
    except exc.DatabaseError as error:
        return Opening(damage=integrity.damage_from_error(paths, key, error))
    damage = integrity.damage_after_open(store, paths, key)
    if damage is not None:
        store.close()
        return Opening(damage=damage)
    return Opening(store=store, adviser=current_adviser(store))


def current_adviser(store: PersonalStore) -> Adviser | None:
    """The adviser profile of this device, None before it is filled (the window reads it at opening,
    ``pej-desktop adviser`` to show it or to change one field)."""
    with store.read() as conn:
        return personal.current_adviser(conn)


def find_person_id(store: PersonalStore, ident: str) -> int | None:
    """The file named by a dossier number (i-milo or France Travail), else by its internal id; None if none.

    How the command line names a young person (``--young-person``, ``access-export``).
    """
    from pej_desktop.reports.inputs import find_person_id as find_in

    with store.read() as conn:
        return find_in(conn, ident)


# -- saving -------------------------------------------------------------------------------
@dataclass(frozen=True)
class SaveOutcome:
    saved: YoungPerson | None
    errors: Errors = field(default_factory=dict)


def save_young_person(store: PersonalStore, draft: YoungPerson, *, today: dt.date) -> SaveOutcome:
    """Validate, refuse duplicates, then insert or update in one transaction."""
    person = draft.normalised()
    errors = validate_young_person(person, today)
    if errors:
        return SaveOutcome(None, errors)
    try:
        with store.write() as conn:
            duplicate = personal.find_duplicate(conn, person)
            if duplicate is not None:
                return SaveOutcome(None, _duplicate_error(duplicate))
            write = personal.update_person if person.id is not None else personal.insert_person
            saved = write(conn, person)
    except exc.IntegrityError:
        return SaveOutcome(None, {"last_name": "Ce dossier entre en conflit avec un dossier existant."})
    log.info("young person %s saved", saved.id)
    return SaveOutcome(saved)


def _duplicate_error(duplicate: personal.Duplicate) -> Errors:
    if duplicate.by_reference:
        return {"external_ref": "Un dossier existe déjà avec cette référence."}
    return {"last_name": "Un dossier existe déjà pour ce jeune (même nom, prénom et date de naissance)."}


def save_adviser(store: PersonalStore, draft: Adviser) -> tuple[Adviser | None, Errors]:
    adviser = draft.normalised()
    errors = validate_adviser(adviser)
    if errors:
        return None, errors
    with store.write() as conn:
        saved = personal.save_adviser(conn, adviser)
    log.info("adviser profile %s saved", saved.id)
    return saved, {}


def load_people(store: PersonalStore) -> list[YoungPerson]:
    with store.write() as conn:
        people = personal.list_people(conn)
        audit.record(conn, "list", detail=f"{len(people)} dossier(s)")
    return people


def delete_young_person(store: PersonalStore, person_id: int) -> None:
    with store.write() as conn:
        personal.delete_person(conn, person_id)
    log.info("young person %s deleted", person_id)


# -- CSV import ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportConflict:
    """A row that would change who an existing file is about (name or date of birth): not applied."""

    line: int
    person_id: int
    before: str  # « Léa Martin, née le 14/03/2005 »: for the adviser's eyes only, never logged
    after: str

    def __str__(self) -> str:
        return (f"ligne {self.line} : le dossier existant « {self.before} » deviendrait « {self.after} » "
                "— non modifié sans votre confirmation")


@dataclass(frozen=True)
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: tuple[CsvLineError, ...] = ()
    encoding: str = ""
    delimiter: str = ""
    conflicts: tuple[ImportConflict, ...] = ()

    def summary(self) -> str:
        parts = [f"{self.created} dossier(s) créé(s)", f"{self.updated} mis à jour",
                 f"{self.unchanged} déjà à jour", f"{len(self.errors)} ligne(s) refusée(s)"]
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} changement(s) de nom ou de date de naissance en attente de "
                         "confirmation")
        return ", ".join(parts) + "."


_CSV_FIELDS = {"prenom": "first_name", "nom": "last_name", "date_naissance": "birth_date",
               "code_postal": "postal_code", "programme": "programme", "reference": "external_ref",
               "type_reference": "external_ref_kind", "debut_cej": "cej_start", "fin_prevue_cej": "cej_planned_end",
               "fin_reelle_cej": "cej_real_end", "prolongation": "extended",
               "motif_prolongation": "extension_reason", "dernier_contact": "last_contact"}
_FIELD_LABELS = {"first_name": "prénom", "last_name": "nom", "birth_date": "date de naissance",
                 "postal_code": "code postal", "programme": "programme", "external_ref": "référence",
                 "cej_start": "début du CEJ", "cej_planned_end": "fin prévue", "cej_real_end": "fin réelle",
                 "extension_reason": "motif de prolongation", "last_contact": "dernier contact"}


def import_young_people(store: PersonalStore, data: bytes, *, today: dt.date,
                        confirm_identity_changes: bool = False) -> ImportReport:
    """Import good rows, report bad ones by line; re-importing updates instead of duplicating.

    A row matching an existing file (same reference, or same name and date of birth)
    updates it with the row's non-empty cells — except a change of name or date of
    birth, which may mean the row is about someone else: it is reported as a conflict
    and applied only when ``confirm_identity_changes`` (the adviser confirmed).
    Raises CsvFileError for an unreadable file.
    """
    with store.read() as conn:
        adviser = personal.current_adviser(conn)
    digits_kind = REF_FRANCE_TRAVAIL if adviser and adviser.structure == "FRANCE_TRAVAIL" else REF_IMILO
    parsed = parse_csv(data, digits_only_kind=digits_kind)
    errors, conflicts = list(parsed.errors), []
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with store.write() as conn:
        for row in parsed.rows:
            outcome = _import_row(conn, row, today, confirm_identity_changes)
            if isinstance(outcome, CsvLineError):
                errors.append(outcome)
            elif isinstance(outcome, ImportConflict):
                conflicts.append(outcome)
            else:
                counts[outcome] += 1
    errors.sort(key=lambda e: e.line)
    log.info("CSV import: %s created, %s updated, %s unchanged, %s rejected, %s conflicts",
             counts["created"], counts["updated"], counts["unchanged"], len(errors), len(conflicts))
    return ImportReport(errors=tuple(errors), encoding=parsed.encoding, delimiter=parsed.delimiter,
                        conflicts=tuple(conflicts), **counts)


def _identity(person: YoungPerson) -> str:
    born = format_date(person.birth_date) if person.birth_date else "date de naissance inconnue"
    return f"{person.first_name} {person.last_name}, né(e) le {born}"


def _identity_conflict(line: int, existing: YoungPerson, person: YoungPerson) -> ImportConflict | None:
    """A different name (beyond case, accents and spaces) or date of birth: maybe someone else."""
    same_name = personal.name_key(existing.first_name, existing.last_name) \
        == personal.name_key(person.first_name, person.last_name)
    if same_name and existing.birth_date == person.birth_date:
        return None
    assert existing.id is not None
    return ImportConflict(line, existing.id, _identity(existing), _identity(person))


def _import_row(conn, row: CsvRow, today: dt.date,  # type: ignore[no-untyped-def]
                confirm_identity_changes: bool = False) -> str | CsvLineError | ImportConflict:
    values = {_CSV_FIELDS[k]: v for k, v in row.values.items()}
    draft = YoungPerson(first_name="", last_name="", birth_date=None, postal_code="")
    person = replace(draft, **values).normalised()  # type: ignore[arg-type]
    duplicate = personal.find_duplicate(conn, person)
    existing: YoungPerson | None = None
    if duplicate is not None:
        existing = personal.get_person(conn, duplicate.person_id)
        assert existing is not None
        person = replace(existing, **values).normalised()  # type: ignore[arg-type]
        if person == existing:
            return "unchanged"
    errors = validate_young_person(person, today)
    if errors:
        return CsvLineError(row.line, " ; ".join(f"{_FIELD_LABELS.get(k, k)} : {m}" for k, m in errors.items()))
    conflict = _identity_conflict(row.line, existing, person) if existing is not None else None
    if conflict is not None and not confirm_identity_changes:
        return conflict
    if duplicate is not None and personal.find_duplicate(conn, person) is not None:
        return CsvLineError(row.line, "correspond à deux dossiers différents (par la référence et par le nom) : "
                                      "à corriger à la main")
    try:
        with conn.begin_nested():
            if duplicate is None:
                personal.insert_person(conn, person)
                return "created"
            personal.update_person(conn, person)
            return "updated"
    except exc.IntegrityError:
        return CsvLineError(row.line, "entre en conflit avec un dossier existant")


# -- eligibility check ------------------------------------------------------------------------
@dataclass(frozen=True)
class CheckOutcome:
    person_id: int
    first_name: str
    programme: rules.EligibilityResult
    marks: CatalogueMarks  # offer pk → where it stands (OfferState), worded when read; for CataloguePage
    eligible_count: int
    check_id: int | None
    # How many offers stand in each state (``OfferState.kind``): counted here, on the worker that ran
    # the check, because counting reads every offer of the catalogue (22 ms for 50 000) and the
    # screen showing the result must not.
    kinds: Counter[str] = field(default_factory=Counter)


class CheckRefused(UserError):
    """The check cannot run (no adviser profile, file deleted); the message is French."""


def run_eligibility_check(
    store: PersonalStore, catalogue: CatalogueStore, person_id: int, confirmations: rules.Confirmations,
    *, on: dt.date, now: dt.datetime | None = None,
) -> CheckOutcome:
    """Run the engine over the published offers and record the check (never the RQTH answer)."""
    with store.read() as conn:
        person = personal.get_person(conn, person_id)
        adviser = personal.current_adviser(conn)
    if person is None:
        raise CheckRefused("Ce dossier n'existe plus.")
    if adviser is None:
        raise CheckRefused("Renseignez d'abord votre profil de conseiller (menu Fichier) : il est "
                           "enregistré avec chaque vérification.")
    index = terms_index(catalogue)  # read once per state of the catalogue
    programme = rules.check_programme(person, on, confirmations)
    from pej_desktop.ops.activations import catalogue_contexts  # the person's activations and codes left

    moment = (now or dt.datetime.combine(on, dt.time.min)).astimezone()
    contexts = catalogue_contexts(store, catalogue, person_id, now=moment)
    marks = check_catalogue(person, index, on, programme=programme, contexts=contexts, now=moment)
    eligible = marks.eligible_count
    record = personal.CheckRecord(
        person_id=person_id, adviser_id=adviser.id, adviser_label=adviser.label, reference_date=on,
        rules_version=programme.rules_version, result=programme.status.value,
        reasons=tuple(programme.stored_reasons()), not_student=confirmations.not_student,
        not_in_training=confirmations.not_in_training, offers_eligible=eligible, offers_total=len(marks),
    )
    with store.write() as conn:
        saved = personal.record_check(conn, record)
    log.info("eligibility check %s for young person %s: %s", saved.id, person_id, programme.status.value)
    return CheckOutcome(person_id, person.first_name, programme, marks, eligible, saved.id, marks.kinds())


def rqth_question_applies(store: PersonalStore, person_id: int, on: dt.date) -> bool:
    """Whether the RQTH answer decides anything for this young person on ``on`` (age at entry
    from 26 to 29): the command line says so when it was given for nothing."""
    with store.read() as conn:
        person = personal.get_person(conn, person_id)
    return person is not None and rules.rqth_needed(person, on)
