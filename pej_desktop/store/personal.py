"""The personal-data store: its own SQLCipher file, separate from the catalogue.

The catalogue can always be downloaded again; these files cannot, and a lost laptop
must not leak them. The file is encrypted at rest (pages, WAL and journal alike).

Threads: the ``pysqlcipher`` dialect defaults to ``SingletonThreadPool`` (a connection
per thread, closed only by that thread). We use a small ``QueuePool`` with
``check_same_thread=False`` instead, as for the catalogue: every connection is used by
one thread at a time (the single "db" worker of ``QueryOp`` in the app, the main
thread in the CLI and tests), and ``close()`` can dispose of all of them from any
thread. The key is applied by the dialect on every new connection.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    bindparam,
    create_engine,
    delete,
    event,
    exc,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import URL
from sqlalchemy.pool import QueuePool

from pej_desktop.domain.clock import utc_now
from pej_desktop.domain.people import Adviser, YoungPerson
from pej_desktop.domain.text import fold
from pej_desktop.store import db as sqlite_tuning
from pej_desktop.store.db import SqliteStore, inserted_id
from pej_desktop.store.migrate import MigrationOutcome, MigrationSpec, ensure_schema
from pej_desktop.store.personal_key import DatabaseKey
from pej_desktop.store.personal_models import AdviserRow, EligibilityCheckRow, YoungPersonRow
from pej_desktop.store.private_files import make_private

log = logging.getLogger(__name__)
PERSONAL_MIGRATIONS = MigrationSpec(
    label="le fichier des jeunes",
    script_location=Path(__file__).resolve().parent / "migrations" / "personal",
    head="p0005",
)
ADVISERS = cast(Table, AdviserRow.__table__)
PEOPLE = cast(Table, YoungPersonRow.__table__)
CHECKS = cast(Table, EligibilityCheckRow.__table__)
_WORD = re.compile(r"[^\W_]+")


class PersonalStoreLocked(Exception):
    """The file cannot be decrypted with this key (wrong passphrase) or is damaged."""


class PersonalStore(SqliteStore):
    """The encrypted file of young people: opened (created, upgraded) by ``open``."""

    def __init__(self, path: Path, engine: Engine, key_source: str, migration: MigrationOutcome | None) -> None:
        super().__init__(path, engine)
        self.key_source = key_source
        self.migration = migration

    @classmethod
    def open(cls, path: Path, key: DatabaseKey, *, backup_dir: Path | None = None) -> PersonalStore:
        """Open (creating or upgrading) the file; raises PersonalStoreLocked on a wrong key."""
        engine = _engine(path, key)
        try:
            current = _stamped_revision(engine, path)
            outcome = ensure_schema(engine, path, PERSONAL_MIGRATIONS, backup_dir or path.parent / "backups", current)
        except BaseException:
            engine.dispose()
            raise
        make_private(path)
        log.info("personal store opened (key from %s)", key.source)
        return cls(path, engine, key.source, outcome)


def _engine(path: Path, key: DatabaseKey) -> Engine:
    path.parent.mkdir(parents=True, exist_ok=True)
    url = URL.create("sqlite+pysqlcipher", password=key.sqlcipher_key(), database=str(path))
    # hide_parameters: an error message (and so a log) must never quote a name or a birth date.
    engine = create_engine(url, poolclass=QueuePool, pool_size=2, max_overflow=2, hide_parameters=True,
                           connect_args={"check_same_thread": False, "timeout": 10})
    event.listen(engine, "connect", _quiet_cipher_log)
    event.listen(engine, "connect", sqlite_tuning.tune_sqlite_connection)
    event.listen(engine, "connect", _keep_temporary_data_in_memory)
    event.listen(engine, "begin", sqlite_tuning.begin_transaction)
    return engine


def _quiet_cipher_log(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    """SQLCipher prints its own errors on stderr (a wrong key); we report them in French."""
    dbapi_connection.execute("PRAGMA cipher_log_level = NONE")


def _keep_temporary_data_in_memory(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    """Sorts and temporary tables stay in RAM: no stray file next to the database.

    secure_delete: an erased file's content is overwritten in the file, not left in free pages.
    """
    dbapi_connection.execute("PRAGMA temp_store=MEMORY")
    dbapi_connection.execute("PRAGMA secure_delete=ON")


def _stamped_revision(engine: Engine, path: Path) -> str | None:
    """The Alembic revision, read through the key (plain sqlite3 cannot read the file)."""
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT name FROM sqlite_master WHERE name = 'alembic_version'")).first()
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar() if found else None
    except exc.DatabaseError as error:
        if "not a database" not in str(error.orig):
            raise  # locked, disk full…: not a key problem, reported as it is
        log.warning("personal store %s could not be decrypted", path.name)
        raise PersonalStoreLocked(
            "Le fichier des jeunes ne peut pas être ouvert : la phrase de passe ne correspond pas "
            "(ou la clé de ce poste n'est pas la bonne), ou le fichier est endommagé."
        ) from None


def name_key(first_name: str, last_name: str) -> str:
    """Folded "last first", words only: what search and duplicate detection compare."""
    return " ".join(_WORD.findall(fold(f"{last_name} {first_name}")))


# -- adviser -------------------------------------------------------------------------------
def current_adviser(conn: Connection) -> Adviser | None:
    row = conn.execute(select(ADVISERS).order_by(ADVISERS.c.id.desc()).limit(1)).mappings().first()
    if row is None:
        return None
    return Adviser(first_name=row["first_name"], last_name=row["last_name"], structure=row["structure"],
                   agency_name=row["agency_name"], agency_code=row["agency_code"], id=row["id"],
                   phone=row["phone"] or "", email=row["email"] or "")


def save_adviser(conn: Connection, adviser: Adviser) -> Adviser:
    """Update the current profile in place, or create it; returns it with its id."""
    values = {"first_name": adviser.first_name, "last_name": adviser.last_name, "structure": adviser.structure,
              "agency_name": adviser.agency_name, "agency_code": adviser.agency_code, "phone": adviser.phone,
              "email": adviser.email, "updated_at": utc_now()}
    existing = current_adviser(conn)
    if existing is not None:
        conn.execute(update(ADVISERS).where(ADVISERS.c.id == existing.id).values(**values))
        return replace(adviser, id=existing.id)
    new_id = inserted_id(conn.execute(insert(ADVISERS).values(created_at=values["updated_at"], **values)))
    return replace(adviser, id=new_id)


# -- young people ----------------------------------------------------------------------------
_PERSON_FIELDS = ("first_name", "last_name", "birth_date", "postal_code", "programme", "external_ref_kind",
                  "external_ref", "cej_start", "cej_planned_end", "cej_real_end", "extended",
                  "extension_reason", "last_contact")


def _person_from_row(row) -> YoungPerson:  # type: ignore[no-untyped-def]
    return YoungPerson(id=row["id"], **{name: row[name] for name in _PERSON_FIELDS})


def list_people(conn: Connection) -> list[YoungPerson]:
    rows = conn.execute(select(PEOPLE).order_by(PEOPLE.c.name_key, PEOPLE.c.id)).mappings()
    return [_person_from_row(r) for r in rows]


# Built once: the import runs these thousands of times, and building a statement costs
# more than running it. Bound parameters keep them in SQLAlchemy's compiled cache.
_GET = select(PEOPLE).where(PEOPLE.c.id == bindparam("id"))
_BY_REFERENCE = select(PEOPLE.c.id).where(
    PEOPLE.c.external_ref_kind == bindparam("kind"), PEOPLE.c.external_ref == bindparam("ref"),
    PEOPLE.c.id != bindparam("self_id"))
_BY_IDENTITY = select(PEOPLE.c.id).where(
    PEOPLE.c.name_key == bindparam("name_key"), PEOPLE.c.birth_date == bindparam("birth_date"),
    PEOPLE.c.id != bindparam("self_id"))
_INSERT = insert(PEOPLE)
_UPDATE = update(PEOPLE).where(PEOPLE.c.id == bindparam("person_id"))


def get_person(conn: Connection, person_id: int) -> YoungPerson | None:
    row = conn.execute(_GET, {"id": person_id}).mappings().first()
    return _person_from_row(row) if row else None


@dataclass(frozen=True)
class Duplicate:
    person_id: int
    by_reference: bool  # True: same external reference; False: same name and date of birth


def find_duplicate(conn: Connection, person: YoungPerson) -> Duplicate | None:
    """Another file for the same young person: same reference, or same name and birth date."""
    self_id = person.id if person.id is not None else -1
    if person.external_ref:
        found = conn.execute(_BY_REFERENCE, {"kind": person.external_ref_kind, "ref": person.external_ref,
                                             "self_id": self_id}).scalar()
        if found is not None:
            return Duplicate(found, by_reference=True)
    found = conn.execute(_BY_IDENTITY, {"name_key": name_key(person.first_name, person.last_name),
                                        "birth_date": person.birth_date, "self_id": self_id}).scalar()
    return Duplicate(found, by_reference=False) if found is not None else None


def _values(person: YoungPerson) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(person, name) for name in _PERSON_FIELDS}
    values["name_key"] = name_key(person.first_name, person.last_name)
    values["updated_at"] = utc_now()
    return values


def insert_person(conn: Connection, person: YoungPerson) -> YoungPerson:
    values = _values(person)
    values.update(uid=str(uuid.uuid4()), created_at=values["updated_at"])
    return replace(person, id=inserted_id(conn.execute(_INSERT, values)))


def update_person(conn: Connection, person: YoungPerson) -> YoungPerson:
    if person.id is None:
        raise ValueError("update_person needs an id")
    conn.execute(_UPDATE, {"person_id": person.id, **_values(person)})
    return person


def delete_person(conn: Connection, person_id: int) -> None:
    """Erase a file and, through the foreign keys, everything recorded about the person."""
    conn.execute(delete(PEOPLE).where(PEOPLE.c.id == person_id))


# -- eligibility checks ----------------------------------------------------------------------
@dataclass(frozen=True)
class CheckRecord:
    person_id: int
    adviser_id: int | None
    adviser_label: str
    reference_date: dt.date
    rules_version: str
    result: str
    reasons: tuple[str, ...]
    not_student: bool | None
    not_in_training: bool | None
    offers_eligible: int = 0
    offers_total: int = 0
    checked_at: dt.datetime | None = None  # None: now, when recorded
    id: int | None = None


def record_check(conn: Connection, check: CheckRecord) -> CheckRecord:
    stamped = replace(check, checked_at=check.checked_at or utc_now())
    values = {k: v for k, v in stamped.__dict__.items() if k not in ("id", "reasons")}
    values["reasons_json"] = json.dumps(list(check.reasons), ensure_ascii=False)
    return replace(stamped, id=inserted_id(conn.execute(insert(CHECKS).values(**values))))


def list_checks(conn: Connection, person_id: int) -> list[CheckRecord]:
    rows = conn.execute(select(CHECKS).where(CHECKS.c.person_id == person_id)
                        .order_by(CHECKS.c.checked_at.desc(), CHECKS.c.id.desc())).mappings()
    return [CheckRecord(**{k: v for k, v in row.items() if k != "reasons_json"},
                        reasons=tuple(json.loads(row["reasons_json"]))) for row in rows]
