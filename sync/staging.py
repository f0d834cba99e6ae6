"""Where a full sync gathers its pages before the one swap into the catalogue.

A full sync (first sync against an API, or after ``410 Gone``) must replace the local
catalogue in one transaction, yet survive an interruption halfway through 50 000
offers. So each page is first kept here, raw, in one small transaction with the
cursor that follows it; a restarted sync resumes from that cursor, and the swap
happens only once the last page is in. This file belongs to the sync engine; the
catalogue itself is still written only through ``catalogue_writer``.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS pages (n INTEGER PRIMARY KEY AUTOINCREMENT, body BLOB NOT NULL);"
)


class StagingConflict(RuntimeError):
    """Another process moved the staging cursor under us (two syncs at once)."""


class FullSyncStaging:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = sqlite3.connect(path, isolation_level=None, timeout=10, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(_SCHEMA)

    @classmethod
    def existing(cls, path: Path) -> FullSyncStaging | None:
        """The staging area left by an interrupted full sync; an unreadable one is dropped."""
        if not path.exists():
            return None
        try:
            staging = cls(path)
            staging.page_count()
            return staging
        except sqlite3.DatabaseError:
            discard_file(path)
            return None

    @classmethod
    def begin(cls, path: Path, api: str) -> FullSyncStaging:
        """A fresh staging area for a full sync of ``api`` (any older one is dropped).

        Raises StagingConflict when the older one cannot be removed because another
        process has it open (Windows refuses to delete an open file).
        """
        try:
            discard_file(path)
        except OSError:
            raise StagingConflict("staging file in use") from None
        staging = cls(path)
        staging._set(api=api, id=uuid.uuid4().hex, cursor=json.dumps(None))
        return staging

    def _meta(self) -> dict[str, str]:
        return dict(self._conn.execute("SELECT key, value FROM meta").fetchall())

    def _set(self, **values: str) -> None:
        self._conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?) "
                               "ON CONFLICT(key) DO UPDATE SET value = excluded.value", list(values.items()))

    @property
    def api(self) -> str | None:
        return self._meta().get("api")

    @property
    def id(self) -> str | None:
        return self._meta().get("id")

    @property
    def cursor(self) -> str | None:
        """The cursor to ask for next (None: the first page)."""
        return json.loads(self._meta().get("cursor", "null"))

    def page_count(self) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM pages").fetchone()[0])

    def append(self, since: str | None, next_cursor: str, body: bytes) -> None:
        """Keep one page and move the cursor, together; refuses a page for another cursor."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            if self.cursor != since:
                raise StagingConflict("staging cursor moved")
            conn.execute("INSERT INTO pages(body) VALUES (?)", (body,))
            self._set(cursor=json.dumps(next_cursor))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def bodies(self, *, first: int = 0, before: int | None = None) -> Iterator[bytes]:
        """Page bodies in arrival order, numbered from 0."""
        rows = self._conn.execute("SELECT body FROM pages ORDER BY n LIMIT -1 OFFSET ?", (first,))
        for index, (body,) in enumerate(rows, start=first):
            if before is not None and index >= before:
                break
            yield body

    def close(self) -> None:
        self._conn.close()

    def discard(self) -> None:
        self.close()
        discard_file(self.path)


def discard_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
