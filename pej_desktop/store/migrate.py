"""Schema migrations with Alembic: back the file up first, refuse a newer schema.

Start-up stays cheap: the stamped revision is compared with the known head using
plain ``sqlite3``; Alembic is imported only when there is something to upgrade.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from pej_desktop.domain.errors import UserError
from pej_desktop.store.private_files import make_private

log = logging.getLogger(__name__)


class SchemaTooNewError(UserError, RuntimeError):
    """The file was written by a newer PEJ Desktop; opening it could damage it."""


@dataclass(frozen=True)
class MigrationSpec:
    label: str  # French, for messages: "le catalogue", "le fichier des jeunes"
    script_location: Path
    head: str


@dataclass(frozen=True)
class MigrationOutcome:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def ensure_schema(
    engine: Engine, db_path: Path, spec: MigrationSpec, backup_dir: Path, current: str | None
) -> MigrationOutcome | None:
    """Upgrade the database to ``spec.head``; returns None when it already is there."""
    if current == spec.head:
        return None
    script = _script_directory(spec)
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise SchemaTooNewError(
            f"Le fichier {db_path.name} ({spec.label}) a été créé par une version plus récente "
            "de PEJ Desktop. Il n'a pas été ouvert, pour ne pas l'abîmer : installez la "
            "dernière version de l'application."
        )
    backup = backup_before_migration(engine, db_path, backup_dir, current) if current else None
    _upgrade(engine, spec)
    log.info("schema of %s upgraded from %s to %s", db_path.name, current, spec.head)
    return MigrationOutcome(from_revision=current, to_revision=spec.head, backup=backup)


def backup_before_migration(engine: Engine, db_path: Path, backup_dir: Path, revision: str) -> Path:
    """Copy the database file aside (still encrypted if it was) before touching it."""
    checkpoint(engine)
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backup_dir / f"{db_path.stem}-avant-migration-{revision}-{stamp}{db_path.suffix}"
    shutil.copy2(db_path, target)
    make_private(target)  # a copy of the personal file is as personal as the file
    return target


def checkpoint(engine: Engine) -> None:
    """Fold the WAL into the main file, outside any transaction (a copy is then whole)."""
    raw = engine.raw_connection()
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


def newest_script(script_location: Path) -> str:
    """The newest revision of a chain whose scripts are named ``<revision>_<what>.py`` in order.

    Read from the file names (c0001, c0002…) without importing Alembic, so start-up stays
    cheap and a new migration script is the only file to add; ``head_revision`` (Alembic's
    own answer) is compared with it by the tests.
    """
    return max(script.name.split("_", 1)[0] for script in (script_location / "versions").glob("*_*.py"))


def head_revision(spec: MigrationSpec) -> str:
    """The head according to the migration scripts (used by tests to check ``spec.head``)."""
    return str(_script_directory(spec).get_current_head())


def _script_directory(spec: MigrationSpec):  # type: ignore[no-untyped-def]
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(spec.script_location))


def _upgrade(engine: Engine, spec: MigrationSpec) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(spec.script_location))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, spec.head)
