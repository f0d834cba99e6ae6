"""A whole catalogue built in a file of its own, then swapped into the live one in one step.

A full sync (50 000 offers) writes its pages here as they arrive, on the network worker,
with the same writer as the live file (``catalogue_writer``: links, full-text index), so
that the database worker, the only writer of ``catalogue.sqlite3``, is held only for the
swap: SQLite's backup API copies the built file's pages over the catalogue's in one write
transaction (all or nothing; readers keep their snapshot until it commits, and see the new
catalogue after). Before, the swap rewrote every row on the database worker (3.5 s for
50 000 offers), and a search typed meanwhile waited for it.

The file is also what a full sync resumes from: each page is written in one transaction
together with the cursor that follows it (compare-and-set, in ``full_sync_state``, a table
of this file only, dropped before the swap), so a run killed at any point leaves the
catalogue as its last committed page left it, and the next run asks for the page after.
Nothing else is kept (before issue #17 the page bodies were kept once more, 50 MB, in a
staging file). A rollback journal on disk makes the file safe against a killed process;
without fsync (``synchronous=OFF``) a power cut may corrupt it, which the quick check on
resuming finds: the full sync then starts over, the live catalogue untouched either way.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.pool import NullPool

from pej_desktop.store import writer_thread
from pej_desktop.store.catalogue import CatalogueStore, set_meta
from pej_desktop.store.db import begin_transaction

T = TypeVar("T")

_STATE = "full_sync_state"  # in the build file only: api, id, cursor (JSON), pages, indexes left for the end
_LATER = "indexes"  # the live file's plain indexes (JSON list of their SQL), created once the pages are in
# FTS5's own defaults, which the live file keeps: the build merges its index once, at the end.
_FTS_MERGES = {"automerge": 4, "crisismerge": 16}


class BuildConflict(RuntimeError):
    """Another process moved the build's cursor, or holds its file (two full syncs at once)."""


class CatalogueBuild:
    """A catalogue file with the live catalogue's schema, written by one thread, then swapped in."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine

    @classmethod
    def begin(cls, path: Path, like: CatalogueStore, *, api: str) -> CatalogueBuild:
        """An empty catalogue at ``path`` (any older one dropped), with ``like``'s schema and page size,
        for a full sync of ``api`` from its first page.

        Raises BuildConflict when the older file cannot be removed because another process has it
        open (Windows refuses to delete an open file)."""
        try:
            discard_build(path)
        except OSError:
            raise BuildConflict("build file in use") from None
        with like.read() as conn:
            page_size = int(conn.exec_driver_sql("PRAGMA page_size").scalar_one())
            schema = _schema(conn)
            stamps = list(conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars())
        later = [sql for sql in schema if _is_plain_index(sql)]  # built once, at the end
        build = cls(path, _build_engine(path))
        with build.engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            raw.execute(f"PRAGMA page_size={page_size}")  # the backup into a WAL file needs the same
            state = f"CREATE TABLE {_STATE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            raw.executescript(";\n".join([*(sql for sql in schema if sql not in later), state]) + ";")
            raw.executemany("INSERT INTO alembic_version(version_num) VALUES (?)", [(s,) for s in stamps])
            raw.executemany(f"INSERT INTO {_STATE}(key, value) VALUES (?, ?)", [
                ("api", api), ("id", uuid.uuid4().hex), ("cursor", json.dumps(None)), ("pages", "0"),
                (_LATER, json.dumps(later))])
            for table in _full_text_tables(raw):  # each page's rows as a segment of their own
                raw.execute(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', 0)")
                raw.execute(f"INSERT INTO {table}({table}, rank) VALUES ('crisismerge', 2000)")
            raw.commit()
        return build

    @classmethod
    def existing(cls, path: Path) -> CatalogueBuild | None:
        """The build an interrupted full sync left, as its last committed page left it.

        None when there is none, or when it cannot be resumed (no state: swapped in already, or
        left by an earlier version; damaged: a power cut while it was written): that one is
        dropped, and the full sync starts over."""
        if not path.exists():
            return None
        build = cls(path, _build_engine(path))
        try:
            with build.engine.connect() as conn:  # opening rolls back a commit a kill interrupted
                state: dict[str, str] = dict(conn.exec_driver_sql(f"SELECT key, value FROM {_STATE}").all())
                check = conn.exec_driver_sql("PRAGMA quick_check").scalars().all()
            if check == ["ok"] and {"api", "id", "cursor", "pages"} <= state.keys():
                return build
        except exc.DBAPIError:
            pass
        build.engine.dispose()
        try:
            discard_build(path)
        except OSError:
            raise BuildConflict("build file in use") from None
        return None

    def state(self) -> dict[str, str]:
        """The build's own bookkeeping, as committed with its last page."""
        with self.engine.connect() as conn:
            return dict(conn.exec_driver_sql(f"SELECT key, value FROM {_STATE}").all())

    @property
    def api(self) -> str:
        return self.state()["api"]

    @property
    def id(self) -> str:
        return self.state()["id"]

    @property
    def cursor(self) -> str | None:
        """The cursor to ask for next (None: the first page)."""
        cursor: str | None = json.loads(self.state()["cursor"])
        return cursor

    @property
    def pages(self) -> int:
        """How many pages are in (the resumed runs' included)."""
        return int(self.state()["pages"])

    def write(self, work: Callable[[Connection], T]) -> T:
        """``work(conn)`` in one transaction of the build file (the thread that builds calls it)."""
        with self.engine.begin() as conn:
            return work(conn)

    def write_page(self, since: str | None, next_cursor: str, work: Callable[[Connection], None]) -> None:
        """``work(conn)`` and the cursor that follows it, in one transaction, only if the build's
        cursor is ``since`` (compare-and-set: raises BuildConflict otherwise, nothing written)."""
        with self.engine.begin() as conn:
            moved = conn.exec_driver_sql(  # first, so that the write lock is held from here to the commit
                f"UPDATE {_STATE} SET value = ? WHERE key = 'cursor' AND value = ?",
                (json.dumps(next_cursor), json.dumps(since)))
            if moved.rowcount != 1:
                raise BuildConflict("build cursor moved")
            conn.exec_driver_sql(f"UPDATE {_STATE} SET value = CAST(value AS INTEGER) + 1 WHERE key = 'pages'")
            work(conn)

    def _finish_indexes(self) -> None:
        """The indexes left for the end, built once each (sorting 50 000 keys once costs a fraction of
        keeping the five indexes up to date page after page: 0.5 s of a 4.4 s full sync); the
        full-text index's segments merged into one, once, and FTS5's usual merging set back for
        the live file: cheaper than merging as the pages come (the writer sends each page's rows
        in its own transaction), and the searches read one segment. On the building thread."""
        with self.engine.begin() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            later = conn.exec_driver_sql(f"SELECT value FROM {_STATE} WHERE key = ?", (_LATER,)).scalar()
            for sql in json.loads(later or "[]"):  # none in a build begun before issue #17's last step
                conn.exec_driver_sql(sql)
            conn.exec_driver_sql(f"DELETE FROM {_STATE} WHERE key = ?", (_LATER,))
            for table in _full_text_tables(raw):
                conn.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('optimize')")
                for option, value in _FTS_MERGES.items():
                    conn.exec_driver_sql(f"INSERT INTO {table}({table}, rank) VALUES (?, ?)", (option, value))

    def swap_into(self, store: CatalogueStore, **meta: str | dt.datetime | None) -> None:
        """On the database worker: the live catalogue's meta, with ``meta`` over it, then the whole
        built file copied over the live one in one transaction. Held for the copy only (the
        indexes are built and the full-text index merged before, on the calling thread)."""
        self._finish_indexes()

        def swap() -> None:
            writer_thread.check_writer()
            kept = store.meta()
            with self.engine.begin() as conn:
                conn.exec_driver_sql("DELETE FROM catalogue_meta")
                set_meta(conn, **{**kept, **meta})
                conn.exec_driver_sql(f"DROP TABLE {_STATE}")  # from here, the build cannot be resumed
            self.engine.dispose()
            _copy_over(self.path, store)

        writer_thread.on_database_worker(swap)

    def close(self) -> None:
        """Let go of the file, kept for the next run to resume from."""
        self.engine.dispose()

    def discard(self) -> None:
        self.engine.dispose()
        discard_build(self.path)


def _schema(conn: Connection) -> list[str]:
    """The live file's tables, indexes and virtual tables, in creation order (not the shadow
    tables of the full-text index, which its virtual table creates, nor SQLite's own)."""
    rows = conn.exec_driver_sql("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
                                "AND name NOT LIKE 'sqlite_%' ORDER BY rowid").all()
    virtual = [name for _type, name, sql in rows if sql.upper().startswith("CREATE VIRTUAL TABLE")]
    return [sql for kind, name, sql in rows
            if not (kind == "table" and any(name.startswith(v + "_") for v in virtual))]


def _is_plain_index(sql: str) -> bool:
    """An index that enforces nothing (not UNIQUE): the writer's upserts do not need it meanwhile."""
    return sql.lstrip().upper().startswith("CREATE INDEX")


def _full_text_tables(raw: sqlite3.Connection) -> list[str]:
    """The file's FTS5 tables (names quoted for SQL)."""
    rows = raw.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' "
                       "AND sql LIKE '%USING fts5%'").fetchall()
    return ['"' + name.replace('"', '""') + '"' for (name,) in rows]


def _build_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    event.listen(engine, "connect", _unsynced)
    event.listen(engine, "begin", begin_transaction)
    return engine


def _unsynced(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    """Safe against a killed process (the journal is on disk), but no fsync: the build is checked
    before it is resumed, and the live catalogue is never at stake.

    SQLAlchemy's BEGIN, not the sqlite3 module's, opens each transaction (as in the live files,
    ``store.db``): the module opens one only before a row is written, so the indexes created at
    the end each committed alone, and a build killed between them could not be finished."""
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA journal_mode=TRUNCATE")
    dbapi_connection.execute("PRAGMA synchronous=OFF")
    dbapi_connection.execute("PRAGMA foreign_keys=ON")


def _copy_over(built: Path, store: CatalogueStore) -> None:
    """The backup API: every page of ``built`` into the live file, in one write transaction.

    The live connections of the store are dropped after it, so that none keeps state of the
    old pages (the full-text index caches its structure per connection). The write-ahead
    log is checkpointed later, by whoever commits next or by ``checkpoint_after_swap``.
    """
    source = sqlite3.connect(f"file:{built}?mode=ro", uri=True)
    target = sqlite3.connect(store.path, timeout=10)
    try:
        target.execute("PRAGMA wal_autocheckpoint=0")  # not on the database worker: see checkpoint_after_swap
        source.backup(target)
    finally:
        source.close()
        target.close()
    store.engine.dispose()


def checkpoint_after_swap(store: CatalogueStore) -> None:
    """Copy the swapped pages from the write-ahead log into the file, beside the database worker.

    A passive checkpoint takes no write lock: readers and the writer go on meanwhile."""
    conn = sqlite3.connect(store.path, timeout=10)
    try:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    finally:
        conn.close()


def discard_build(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
