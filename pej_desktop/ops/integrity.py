"""Start-up health of the two files: a damaged catalogue is rebuilt, a damaged personal file reported.

The catalogue can always be downloaded again: a file that fails ``PRAGMA quick_check``
(or does not open at all) is moved aside into the backups folder and replaced by an
empty one, which the demo catalogue fills at once and the next sync replaces by a full
download (its source is "demo" again, so the sync starts from scratch).

The personal file cannot be downloaded again: nothing is done to it here. Its damage
is described (``PersonalDamage``) with the newest backup that opens and is whole, so
the adviser can decide, knowing what would be lost.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import exc
from sqlalchemy.engine import URL

from pej_desktop.config import Paths
from pej_desktop.domain.people import format_date
from pej_desktop.ops.catalogue import catalogue_version, is_demo
from pej_desktop.store import backup as copies
from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.store.integrity import IntegrityReport, quarantine, quick_check

if TYPE_CHECKING:  # the personal store (SQLAlchemy's ORM): imported when the personal file is, not at start
    from pej_desktop.store.personal import PersonalStore
    from pej_desktop.store.personal_key import DatabaseKey

log = logging.getLogger(__name__)
BACKUPS_TRIED = 5
_DAMAGE_WORDS = ("malformed", "not a database", "corrupt", "disk image")


# -- catalogue ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class CatalogueRecovery:
    set_aside: Path
    detail: str  # English, for the log

    message = ("Le catalogue local était endommagé. Il a été mis de côté et remplacé par le catalogue de "
               "démonstration ; le catalogue complet sera téléchargé de nouveau à la prochaine synchronisation. "
               "Aucune donnée des jeunes n'est concernée.")


def open_catalogue(paths: Paths) -> tuple[CatalogueStore, CatalogueRecovery | None]:
    """Open the catalogue; one that does not even open is set aside and started afresh.

    A file from a newer version (``SchemaTooNewError``) is not damaged: it propagates.
    """
    try:
        return CatalogueStore.open(paths.catalogue_db, backup_dir=paths.backups_dir), None
    except (sqlite3.DatabaseError, exc.DatabaseError) as error:
        detail = f"{type(error).__name__}: {getattr(error, 'orig', None) or error}"
        if not is_damage(error):
            raise  # locked by another program, no permission…: a healthy file is never set aside
    log.warning("catalogue does not open (%s): set aside and rebuilt", detail)
    aside = quarantine(paths.catalogue_db, paths.backups_dir)
    return CatalogueStore.open(paths.catalogue_db, backup_dir=paths.backups_dir), CatalogueRecovery(aside, detail)


def check_catalogue(store: CatalogueStore) -> IntegrityReport:
    """``PRAGMA quick_check`` of the catalogue on a connection of its own (any worker: it only reads)."""
    return quick_check(store.path)


def check_and_repair_catalogue(store: CatalogueStore, backups_dir: Path) -> CatalogueRecovery | None:
    """quick_check, and on failure rebuild in place: the same store object, a fresh file.

    Runs on the database worker, so no catalogue query runs meanwhile; screens holding
    ``store`` keep working with the new file.
    """
    report = check_catalogue(store)
    return rebuild_catalogue(store, backups_dir, report.detail) if damaged(report) else None


def damaged(report: IntegrityReport) -> bool:
    """The check found damage — not merely a file busy or out of reach ("database is locked")."""
    if report.ok:
        return False
    if report.detail.startswith("OperationalError") and not is_damage(Exception(report.detail)):
        log.warning("catalogue check could not run: %s", report.detail)
        return False
    return True


def rebuild_catalogue(store: CatalogueStore, backups_dir: Path, detail: str) -> CatalogueRecovery:
    """Set the damaged file aside and give ``store`` a fresh one with the demo (database worker only)."""
    log.warning("catalogue failed quick_check (%s): set aside and rebuilt", detail)
    store.engine.dispose()
    aside = quarantine(store.path, backups_dir)
    fresh = CatalogueStore.open(store.path, backup_dir=backups_dir)
    store.engine, store.migration = fresh.engine, fresh.migration
    from pej_desktop.store.demo import ensure_demo_loaded

    ensure_demo_loaded(store)
    return CatalogueRecovery(aside, detail)


# -- personal file -----------------------------------------------------------------------------
@dataclass(frozen=True)
class PersonalDamage:
    """The personal file is damaged; what can be done about it."""

    detail: str  # English, for the log
    backup: copies.BackupFile | None  # the newest copy that decrypts and is whole
    backup_people: int
    key: DatabaseKey  # the key the file was opened with: backups share it

    @property
    def message(self) -> str:
        """Plain French: what happened, what a restore would bring back and what it would lose."""
        head = "Le fichier des jeunes est endommagé et ne peut pas être utilisé tel quel."
        if self.backup is None:
            return (f"{head} Aucune sauvegarde utilisable n'a été trouvée. Vous pouvez mettre ce fichier de côté "
                    "(il est conservé dans le dossier des sauvegardes pour le support) et repartir d'un fichier "
                    "vide : les dossiers des jeunes seraient alors à ressaisir ou à réimporter.")
        return (f"{head} La dernière sauvegarde utilisable date du {_when(self.backup)} et contient "
                f"{self.backup_people} dossier(s). Si vous la restaurez, tout ce qui a été saisi ou modifié "
                f"depuis le {_when(self.backup)} sera perdu (dossiers créés ou modifiés, vérifications "
                "d'éligibilité). Le fichier endommagé sera conservé à part dans le dossier des sauvegardes.")


def _when(backup: copies.BackupFile) -> str:
    return f"{format_date(backup.taken_at.date())} à {backup.taken_at:%H:%M}"


def newest_good_backup(paths: Paths, keyed: URL, *, tries: int = BACKUPS_TRIED) -> tuple[copies.BackupFile | None, int]:
    """The newest copy that decrypts with this key and passes quick_check, with its file count."""
    from pej_desktop.ops.backup import restorable_people

    for candidate in copies.restorable_backups(paths.backups_dir, paths.personal_db)[:tries]:
        people = restorable_people(keyed, candidate.path)
        if people is not None:
            return candidate, people
    return None, 0


def _damage(paths: Paths, key: DatabaseKey, detail: str) -> PersonalDamage:
    log.warning("personal file damaged: %s", detail)
    found, people = newest_good_backup(paths, copies.keyed_url(key))
    return PersonalDamage(detail, found, people, key)


def damage_before_open(paths: Paths, key: DatabaseKey) -> PersonalDamage | None:
    """An existing but empty file: SQLCipher would silently start a new, empty database in it."""
    path = paths.personal_db
    if path.exists() and path.stat().st_size == 0:
        return _damage(paths, key, "personal file is empty (0 bytes)")
    return None


def damage_if_locked(paths: Paths, key: DatabaseKey) -> PersonalDamage | None:
    """The file does not decrypt: a wrong key, unless a backup decrypts with this very key."""
    found, people = newest_good_backup(paths, copies.keyed_url(key), tries=2)  # each try derives a key
    if found is None:
        return None
    log.warning("personal file does not decrypt but backup %s does with the same key", found.path.name)
    return PersonalDamage("file does not decrypt, its backup does", found, people, key)


def is_damage(error: BaseException) -> bool:
    """SQLite says the file itself is damaged (not locked, not out of reach)."""
    message = str(getattr(error, "orig", None) or error).lower()
    return any(word in message for word in _DAMAGE_WORDS)


def damage_from_error(paths: Paths, key: DatabaseKey, error: exc.DatabaseError) -> PersonalDamage:
    """A database error while opening: damage if SQLite says so, else the error goes on."""
    if not is_damage(error):
        raise error
    return _damage(paths, key, f"{type(error.orig).__name__}: {error.orig}")


def damage_after_open(store: PersonalStore, paths: Paths, key: DatabaseKey) -> PersonalDamage | None:
    """quick_check through the key (plain sqlite3 cannot read the file)."""
    try:
        with store.read() as conn:
            rows = [row[0] for row in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
    except exc.DatabaseError as error:
        return damage_from_error(paths, key, error)
    if rows == ["ok"]:
        return None
    return _damage(paths, key, "; ".join(rows[:3]))


def personal_schema(store: PersonalStore) -> str:
    """The schema revision of the open personal file (for « À propos »)."""
    with store.read() as conn:
        return str(conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() or "--")


@dataclass(frozen=True)
class Versions:
    """What « À propos » shows: the catalogue's version and both files' schema revisions."""

    catalogue: str
    catalogue_demo: bool
    catalogue_schema: str
    personal_schema: str | None  # None: the personal file is not open
    personal_expected: str  # the revision this version of the app writes


def read_versions(catalogue: CatalogueStore, personal: PersonalStore | None) -> Versions:
    """On the database worker: catalogue metadata and the stamped schema revisions."""
    from pej_desktop.store.personal import PERSONAL_MIGRATIONS

    meta = catalogue.meta()
    return Versions(catalogue=catalogue_version(meta), catalogue_demo=is_demo(meta),
                    catalogue_schema=catalogue.schema_revision(),
                    personal_schema=personal_schema(personal) if personal is not None else None,
                    personal_expected=PERSONAL_MIGRATIONS.head)
