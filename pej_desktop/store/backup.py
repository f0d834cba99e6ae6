"""Copies of the personal-data file: taken, listed, rotated, checked, put back.

A copy is taken with SQLite's online backup API through SQLCipher, so it is whole
even while the application writes, and encrypted with the same key as the file: a
backup leaks nothing more than the file itself. Copies live in the ``backups`` folder
next to the data, named by kind and local time:

- ``personal-sauvegarde-20261128-093000.sqlite3``: automatic (daily) or on demand;
- ``personal-avant-migration-p0001-….sqlite3``: before a schema upgrade (``migrate.py``);
- ``personal-avant-restauration-….sqlite3``: the file a restore replaced;
- ``personal-endommage-….sqlite3``: a damaged file set aside (``integrity.quarantine``).

Engines here are built from a *keyed URL* (``sqlite+pysqlcipher`` with the key as its
password): the open store's ``engine.url``, or ``keyed_url(key)``. Its ``repr`` hides
the key.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, exc, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from pej_desktop.store.personal_key import DatabaseKey
from pej_desktop.store.private_files import make_private

DAILY, MIGRATION, BEFORE_RESTORE, DAMAGED = "daily", "migration", "before_restore", "damaged"
KIND_LABELS = {
    DAILY: "Sauvegarde",
    MIGRATION: "Avant une mise à jour de l'application",
    BEFORE_RESTORE: "Fichier remplacé par une restauration",
    DAMAGED: "Fichier endommagé mis de côté",
}
_STAMP = r"(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?"
_PATTERNS = {
    DAILY: r"-sauvegarde-" + _STAMP,
    MIGRATION: r"-avant-migration-(?P<revision>[\w]+)-" + _STAMP,
    BEFORE_RESTORE: r"-avant-restauration-" + _STAMP,
    DAMAGED: r"-endommage-" + _STAMP,
}


@dataclass(frozen=True)
class BackupFile:
    path: Path
    kind: str
    taken_at: dt.datetime  # local time, from the name
    size: int

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def restorable(self) -> bool:
        return self.kind != DAMAGED


@dataclass(frozen=True)
class BackupCheck:
    ok: bool
    people: int  # files in the copy (0 when not ok)
    revision: str | None
    detail: str  # English, for the log


def keyed_url(key: DatabaseKey, path: Path | None = None) -> URL:
    return URL.create("sqlite+pysqlcipher", password=key.sqlcipher_key(), database=str(path) if path else None)


def _engine_on(keyed: URL, path: Path) -> Engine:
    return create_engine(keyed.set(database=str(path)), poolclass=NullPool, hide_parameters=True)


# -- listing ---------------------------------------------------------------------------------
def list_backups(backup_dir: Path, db_path: Path) -> list[BackupFile]:
    """Every copy of ``db_path`` in ``backup_dir``, newest first."""
    if not backup_dir.is_dir():
        return []
    found = []
    for path in backup_dir.iterdir():
        parsed = _parse(path, db_path)
        if parsed is not None:
            found.append(parsed)
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def _parse(path: Path, db_path: Path) -> BackupFile | None:
    name = path.name
    if not (path.is_file() and name.startswith(db_path.stem) and name.endswith(db_path.suffix)):
        return None
    middle = name[len(db_path.stem):len(name) - len(db_path.suffix)]
    for kind, pattern in _PATTERNS.items():
        match = re.fullmatch(pattern, middle)
        if match:
            taken = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
            return BackupFile(path, kind, taken, path.stat().st_size)
    return None


def restorable_backups(backup_dir: Path, db_path: Path) -> list[BackupFile]:
    return [b for b in list_backups(backup_dir, db_path) if b.restorable]


# -- taking ----------------------------------------------------------------------------------
def take_backup(engine: Engine, db_path: Path, backup_dir: Path, *, now: dt.datetime) -> BackupFile:
    """A whole, encrypted copy of the open file; written aside, then renamed into place."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    target = _free_name(backup_dir, db_path, "sauvegarde", now)
    partial = target.with_name(target.name + ".partial")
    source = engine.raw_connection()
    destination = _engine_on(engine.url, partial)
    try:
        copy = destination.raw_connection()
        try:
            source.driver_connection.backup(copy.driver_connection)  # type: ignore[union-attr]
        finally:
            copy.close()
    finally:
        source.close()
        destination.dispose()
    make_private(partial)
    os.replace(partial, target)
    return BackupFile(target, DAILY, now.replace(microsecond=0), target.stat().st_size)


def _free_name(backup_dir: Path, db_path: Path, kind: str, now: dt.datetime) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = backup_dir / f"{db_path.stem}-{kind}-{stamp}{db_path.suffix}"
    number = 1
    while target.exists():
        number += 1
        target = backup_dir / f"{db_path.stem}-{kind}-{stamp}-{number}{db_path.suffix}"
    return target


def has_backup_on(backup_dir: Path, db_path: Path, day: dt.date) -> bool:
    return any(b.kind == DAILY and b.taken_at.date() == day for b in list_backups(backup_dir, db_path))


def rotate(backup_dir: Path, db_path: Path, *, keep: int, now: dt.datetime) -> list[Path]:
    """Keep the ``keep`` newest backups; other copies of the file go after ``keep`` days.

    Every copy holds personal data, including files erased since: none is kept longer
    than the backups themselves (see docs/data-safety.md).
    """
    removed = []
    daily = [b for b in list_backups(backup_dir, db_path) if b.kind == DAILY]
    old = daily[max(keep, 1):]
    horizon = now - dt.timedelta(days=max(keep, 1))
    old += [b for b in list_backups(backup_dir, db_path) if b.kind != DAILY and b.taken_at < horizon]
    for backup in old:
        for suffix in ("", "-wal", "-shm"):
            part = Path(f"{backup.path}{suffix}")
            if part.exists():
                part.unlink()
        removed.append(backup.path)
    return removed


# -- checking and restoring ---------------------------------------------------------------------
def check_copy(keyed: URL, path: Path) -> BackupCheck:
    """Open a copy read-only with the key: does it decrypt, is it whole, how many files."""
    engine = _engine_on(keyed, path)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA cipher_log_level = NONE")
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
            if rows != ["ok"]:
                return BackupCheck(False, 0, None, "; ".join(rows[:3]))
            people = conn.execute(text("SELECT count(*) FROM young_people")).scalar_one()
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            return BackupCheck(True, int(people), revision, "ok")
    except exc.DBAPIError as error:
        return BackupCheck(False, 0, None, f"{type(error.orig).__name__}: {error.orig}")
    finally:
        engine.dispose()


def set_aside(db_path: Path, backup_dir: Path, kind: str, *, now: dt.datetime) -> Path | None:
    """Move the file (and its WAL/SHM) into the backups folder under ``kind``'s name."""
    if not db_path.exists():
        return None
    backup_dir.mkdir(parents=True, exist_ok=True)
    word = {BEFORE_RESTORE: "avant-restauration", DAMAGED: "endommage"}[kind]
    target = _free_name(backup_dir, db_path, word, now)
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{db_path}{suffix}")
        if part.exists():
            shutil.move(part, Path(f"{target}{suffix}"))
    return target


def put_back(backup: Path, db_path: Path) -> None:
    """Copy a backup into place (through a temporary name: never a half-copied file)."""
    partial = db_path.with_name(db_path.name + ".restoring")
    shutil.copyfile(backup, partial)  # not copy2: the copy gets 0600, not the source's mode
    make_private(partial)
    for suffix in ("-wal", "-shm"):  # a WAL left from the replaced file must not be replayed
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(partial, db_path)
