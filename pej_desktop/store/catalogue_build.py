"""A whole catalogue built in a file of its own, then swapped into the live one in one step.

A full sync (50 000 offers) writes its pages here as they arrive, on the network worker,
with the same writer as the live file (``catalogue_writer``: links, full-text index), so
that the database worker, the only writer of ``catalogue.sqlite3``, is held only for the
swap: SQLite's backup API copies the built file's pages over the catalogue's in one write
transaction (all or nothing; readers keep their snapshot until it commits, and see the new
catalogue after). Before, the swap rewrote every row on the database worker (3.5 s for
50 000 offers), and a search typed meanwhile waited for it.

The file is disposable (its journal in memory, no fsync): an interrupted build is thrown
away, and a resumed full sync builds again from the pages it staged.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import NullPool

from pej_desktop.store import writer_thread
from pej_desktop.store.catalogue import CatalogueStore, set_meta

T = TypeVar("T")


class CatalogueBuild:
    """A catalogue file with the live catalogue's schema, written by one thread, then swapped in."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine

    @classmethod
    def begin(cls, path: Path, like: CatalogueStore) -> CatalogueBuild:
        """An empty catalogue at ``path`` (any older one dropped), with ``like``'s schema and page size."""
        discard_build(path)
        with like.read() as conn:
            page_size = int(conn.exec_driver_sql("PRAGMA page_size").scalar_one())
            schema = _schema(conn)
            stamps = list(conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars())
        engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
        event.listen(engine, "connect", _disposable)
        build = cls(path, engine)
        with engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            raw.execute(f"PRAGMA page_size={page_size}")  # the backup into a WAL file needs the same
            raw.executescript(";\n".join(schema) + ";")
            raw.executemany("INSERT INTO alembic_version(version_num) VALUES (?)", [(s,) for s in stamps])
            raw.commit()
        return build

    def write(self, work: Callable[[Connection], T]) -> T:
        """``work(conn)`` in one transaction of the build file (the thread that builds calls it)."""
        with self.engine.begin() as conn:
            return work(conn)

    def swap_into(self, store: CatalogueStore, **meta: str | dt.datetime | None) -> None:
        """On the database worker: the live catalogue's meta, with ``meta`` over it, then the whole
        built file copied over the live one in one transaction. Held for the copy only."""
        def swap() -> None:
            writer_thread.check_writer()
            kept = store.meta()
            with self.engine.begin() as conn:
                conn.exec_driver_sql("DELETE FROM catalogue_meta")
                set_meta(conn, **{**kept, **meta})
            self.engine.dispose()
            _copy_over(self.path, store)

        writer_thread.on_database_worker(swap)

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


def _disposable(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    """No durability for a file that is thrown away if anything goes wrong before the swap."""
    dbapi_connection.execute("PRAGMA journal_mode=MEMORY")
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
