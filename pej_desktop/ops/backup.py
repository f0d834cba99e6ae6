"""Backups of the personal-data file: daily, on demand, rotated; restore after a check.

Run on a worker (``QueryOp`` in the app, directly in the CLI and tests). The number
of backups kept is a device setting (``backups/keep`` in settings.ini, default 14).
A restore never destroys anything: the file it replaces is set aside in the backups
folder first, and the copy is checked (decrypts with the key, passes quick_check)
before it is put in place.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from pej_desktop.config import Paths
from pej_desktop.domain.errors import UserError
from pej_desktop.store import audit
from pej_desktop.store import backup as copies
from pej_desktop.store.backup import BackupFile as BackupFile  # the screens name it here
from pej_desktop.store.backup import keyed_url as keyed_url  # the command line's restore checks with it
from pej_desktop.store.personal import PersonalStore
from pej_desktop.store.personal_key import DatabaseKey

log = logging.getLogger(__name__)
KEY_KEEP = "backups/keep"
DEFAULT_KEEP = 14
MAX_KEEP = 365


class SettingsLike(Protocol):
    def value(self, key: str, defaultValue: Any = None) -> Any: ...
    def setValue(self, key: str, value: Any) -> None: ...


def backups_to_keep(settings: SettingsLike) -> int:
    try:
        return min(max(int(settings.value(KEY_KEEP, DEFAULT_KEEP)), 1), MAX_KEEP)
    except (TypeError, ValueError):
        return DEFAULT_KEEP


def set_backups_to_keep(settings: SettingsLike, keep: int) -> None:
    settings.setValue(KEY_KEEP, min(max(int(keep), 1), MAX_KEEP))


class RestoreRefused(UserError):
    """The chosen copy cannot be restored; the message is French and shown as is."""


def checking_url(store: PersonalStore | None, key: DatabaseKey | None) -> URL | None:
    """What a backup is checked with before a restore: the open file's own key, else the key a damaged
    file was opened with (backups share it); None when neither is known (the file is locked)."""
    if store is not None:
        return store.engine.url
    return copies.keyed_url(key) if key is not None else None


# -- taking --------------------------------------------------------------------------------------
def backup_now(store: PersonalStore, paths: Paths, *, keep: int, now: dt.datetime) -> copies.BackupFile:
    """Copy the open file now, then drop the copies beyond ``keep``."""
    made = copies.take_backup(store.engine, store.path, paths.backups_dir, now=now)
    removed = copies.rotate(paths.backups_dir, store.path, keep=keep, now=now)
    with store.write() as conn:
        audit.record(conn, "backup", detail=made.path.name)
    log.info("personal file backed up to %s (%d old copies removed)", made.path.name, len(removed))
    return made


def ensure_daily_backup(store: PersonalStore, paths: Paths, *, keep: int,
                        now: dt.datetime) -> copies.BackupFile | None:
    """Today's backup, unless one was already taken today (then None)."""
    if copies.has_backup_on(paths.backups_dir, store.path, now.date()):
        return None
    return backup_now(store, paths, keep=keep, now=now)


def list_backups(paths: Paths) -> list[copies.BackupFile]:
    return copies.list_backups(paths.backups_dir, paths.personal_db)


# -- restoring ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class RestoreOutcome:
    restored: Path
    people: int
    set_aside: Path | None  # where the replaced file went (None: there was none)


def restorable_people(keyed: URL, backup: Path) -> int | None:
    """How many files ``backup`` holds if it decrypts with this key and passes quick_check; None otherwise.

    Asked before a restore is confirmed, to say what would come back; ``restore_backup`` checks again.
    """
    check = copies.check_copy(keyed, backup)
    if not check.ok:
        log.warning("backup %s unusable: %s", backup.name, check.detail)
        return None
    return check.people


def restore_backup(paths: Paths, backup: Path, keyed: URL, *, current: PersonalStore | None = None,
                   damaged: bool = False, now: dt.datetime) -> RestoreOutcome:
    """Put ``backup`` in place of the personal file, which is set aside (never deleted).

    ``keyed`` carries the key (the open store's ``engine.url`` or ``keyed_url(key)``);
    ``current``, the open store, is closed first. Raises RestoreRefused when the copy
    does not decrypt with this key or is itself damaged — nothing is changed then.
    """
    check = copies.check_copy(keyed, backup)
    if not check.ok:
        log.warning("restore refused: %s is unusable (%s)", backup.name, check.detail)
        raise RestoreRefused(f"La sauvegarde « {backup.name} » ne peut pas être restaurée : elle ne s'ouvre pas "
                             "avec la clé de ce poste ou elle est elle-même endommagée. Rien n'a été modifié.")
    if current is not None:
        current.close()
    kind = copies.DAMAGED if damaged else copies.BEFORE_RESTORE
    aside = copies.set_aside(paths.personal_db, paths.backups_dir, kind, now=now)
    copies.put_back(backup, paths.personal_db)
    _record_restore(keyed, paths.personal_db, backup.name)
    log.info("personal file restored from %s (%d files); previous file set aside as %s",
             backup.name, check.people, aside.name if aside else "-")
    return RestoreOutcome(backup, check.people, aside)


def _record_restore(keyed: URL, db_path: Path, name: str) -> None:
    """The restored file's own audit log says it was restored (older copies may have none yet)."""
    engine = create_engine(keyed.set(database=str(db_path)), poolclass=NullPool, hide_parameters=True)
    try:
        with engine.begin() as conn:
            if inspect(conn).has_table("audit_log"):
                audit.record(conn, "restore", detail=name)
    finally:
        engine.dispose()


def start_afresh(paths: Paths, *, now: dt.datetime) -> Path | None:
    """No usable backup: set the damaged file aside; the next opening creates an empty one."""
    aside = copies.set_aside(paths.personal_db, paths.backups_dir, copies.DAMAGED, now=now)
    log.warning("damaged personal file set aside as %s; starting with an empty file", aside.name if aside else "-")
    return aside
