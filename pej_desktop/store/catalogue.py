"""The local catalogue store: one SQLite file (WAL), migrated on open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import Connection, Engine, text

from pej_desktop.store.db import SqliteStore, read_user_version, sqlite_engine
from pej_desktop.store.migrate import MigrationOutcome, MigrationSpec, ensure_schema, newest_script
from pej_desktop.store.types import instant_text, text_instant

_CATALOGUE_SCRIPTS = Path(__file__).resolve().parent / "migrations" / "catalogue"
CATALOGUE_MIGRATIONS = MigrationSpec(label="le catalogue", script_location=_CATALOGUE_SCRIPTS,
                                     head=newest_script(_CATALOGUE_SCRIPTS))

# Keys of catalogue_meta.
META_SOURCE = "source"  # "demo" or the national API's base URL
META_VERSION = "version"
META_LAST_SYNC = "last_sync_at"  # ISO 8601, UTC
META_LOADED_AT = "loaded_at"
SOURCE_DEMO = "demo"


class CatalogueStore(SqliteStore):
    """The catalogue file: opened (created, upgraded) by ``open``."""

    def __init__(self, path: Path, engine: Engine, migration: MigrationOutcome | None = None) -> None:
        super().__init__(path, engine)
        self.migration = migration

    @classmethod
    def open(cls, path: Path, *, backup_dir: Path | None = None) -> CatalogueStore:
        """Open (creating or upgrading) the catalogue; raises SchemaTooNewError if too new."""
        current = read_user_version(path)
        engine = sqlite_engine(path)
        try:
            outcome = ensure_schema(
                engine, path, CATALOGUE_MIGRATIONS, backup_dir or path.parent / "backups", current
            )
        except BaseException:
            engine.dispose()
            raise
        return cls(path, engine, outcome)

    def schema_revision(self) -> str:
        return read_user_version(self.path) or "--"

    def is_empty(self) -> bool:
        with self.read() as conn:
            return bool(conn.execute(text("SELECT NOT EXISTS (SELECT 1 FROM offers)")).scalar_one() == 1)

    def meta(self) -> dict[str, str]:
        with self.read() as conn:
            return get_meta(conn)


def get_meta(conn: Connection) -> dict[str, str]:
    return dict(conn.execute(text("SELECT key, value FROM catalogue_meta")).all())


def set_meta(conn: Connection, **values: str | dt.datetime | None) -> None:
    """Set (or, with None, remove) meta keys; an instant is kept as ``UtcDateTime`` keeps it."""
    for key, value in values.items():
        if isinstance(value, dt.datetime):
            value = instant_text(value)
        if value is None:
            conn.execute(text("DELETE FROM catalogue_meta WHERE key = :k"), {"k": key})
        else:
            conn.execute(
                text("INSERT INTO catalogue_meta(key, value) VALUES (:k, :v) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
                {"k": key, "v": value},
            )


def is_demo(meta: Mapping[str, str]) -> bool:
    """The catalogue is the built-in demonstration (fictitious data), not the national one:
    its source says so, or no source is recorded yet (before the demo is loaded)."""
    return meta.get(META_SOURCE, SOURCE_DEMO) == SOURCE_DEMO


def meta_instant(meta: Mapping[str, str], key: str) -> dt.datetime | None:
    """An instant of the meta (``META_LAST_SYNC``, ``META_LOADED_AT``); None when missing or unreadable."""
    try:
        return text_instant(meta[key]) if meta.get(key) else None
    except ValueError:
        return None
