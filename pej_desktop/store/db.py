"""Engines for the local SQLite files: WAL, foreign keys, a generous busy timeout."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, CursorResult, Engine, create_engine, event

from pej_desktop.store import writer_thread

T = TypeVar("T")
IN_CHUNK = 500  # keys per « IN (…) » query: well under SQLite's limit on parameters


def chunks(items: Sequence[T], size: int = IN_CHUNK) -> Iterable[Sequence[T]]:
    """``items`` in slices of ``size``: how every query over many keys is split."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def tune_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin, so that
    # reads see one snapshot and DDL is transactional (migrations, full resync).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def sqlite_engine(path: Path, **kwargs: Any) -> Engine:
    """An engine on a plain SQLite file, safe to share between threads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": 10},
        **kwargs,
    )
    event.listen(engine, "connect", tune_sqlite_connection)
    event.listen(engine, "begin", begin_transaction)
    return engine


def begin_transaction(conn: Connection) -> None:
    """BEGIN, or BEGIN IMMEDIATE for writers (``execution_options(pej_write=True)``).

    Taking the write lock up front makes concurrent writers wait (busy_timeout)
    instead of failing when a read transaction tries to upgrade.
    """
    immediate = conn.get_execution_options().get("pej_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def read_user_version(path: Path, table: str = "alembic_version") -> str | None:
    """The schema revision stamped in a SQLite file, read without SQLAlchemy or Alembic.

    Cheap enough for every start-up; Alembic is imported only when a migration runs.
    """
    if not path.exists():
        return None
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name=?", (table,)
        ).fetchone()
        if row is None:
            return None
        found = conn.execute(f"SELECT version_num FROM {table}").fetchone()
        return found[0] if found else None
    finally:
        conn.close()


class SqliteStore:
    """An engine on one database file; hands out connections and transactions."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction (BEGIN IMMEDIATE): everything inside commits together or not at all.

        Only on the thread that writes (``writer_thread``); other threads use ``transact``.
        """
        writer_thread.check_writer()
        with self.engine.connect().execution_options(pej_write=True) as conn, conn.begin():
            yield conn

    def transact(self, work: Callable[[Connection], T]) -> T:
        """``work(conn)`` in one write transaction on the database worker; its result, or its exception.

        The network pool calls this with what it fetched and checked: the write waits for the
        work queued before it, and nothing of it is applied if ``work`` raises.
        """
        def run() -> T:
            with self.write() as conn:
                return work(conn)

        return writer_thread.on_database_worker(run)


def inserted_id(result: CursorResult[Any]) -> int:
    """The key SQLite gave the one row an INSERT just wrote."""
    key = result.inserted_primary_key
    if key is None:  # only an INSERT … SELECT or executemany has none; no caller does that
        raise RuntimeError("INSERT without a primary key")
    return int(key[0])
