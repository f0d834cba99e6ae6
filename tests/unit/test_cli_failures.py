"""The French sentence and exit code of errors no command caught (``ops.machine_failures``), from real errors."""

from __future__ import annotations

import errno
import json
import logging
import sqlite3
from pathlib import Path

import pytest

from pej_desktop.ops.machine_failures import (
    EXIT_DAMAGED,
    EXIT_DISK_FULL,
    EXIT_NOT_WRITABLE,
    EXIT_OUT_OF_RANGE,
    EXIT_UNEXPECTED,
    describe,
)


def _readonly_write_error(tmp_path: Path) -> sqlite3.Error:
    path = tmp_path / "f.sqlite3"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as raised:
        conn.execute("INSERT INTO t VALUES (1)")
    return raised.value


def _not_a_database(tmp_path: Path) -> sqlite3.Error:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"not a database at all" * 200)
    with pytest.raises(sqlite3.DatabaseError) as raised:
        sqlite3.connect(path).execute("SELECT * FROM sqlite_master")
    return raised.value


def _too_deep() -> RecursionError:
    with pytest.raises(RecursionError) as raised:
        json.loads("[" * 200_000 + "]" * 200_000)
    return raised.value


def test_each_cause_has_its_sentence_and_code(tmp_path: Path) -> None:
    full = describe(OSError(errno.ENOSPC, "No space left on device"), data_dir=str(tmp_path))
    assert full.exit_code == EXIT_DISK_FULL and full.message.startswith("Le disque est plein")
    read_only = describe(_readonly_write_error(tmp_path), data_dir=str(tmp_path))
    assert read_only.exit_code == EXIT_NOT_WRITABLE and str(tmp_path) in read_only.message
    assert describe(OSError(errno.EROFS, "Read-only file system")).exit_code == EXIT_NOT_WRITABLE
    assert describe(_not_a_database(tmp_path)).exit_code == EXIT_DAMAGED
    assert describe(_too_deep()).exit_code == EXIT_OUT_OF_RANGE
    with pytest.raises(OverflowError) as overflow:
        import datetime as dt

        dt.date(9999, 12, 31) + dt.timedelta(days=1)
    assert describe(overflow.value).exit_code == EXIT_OUT_OF_RANGE


def test_a_bug_points_at_the_log_and_logs_its_traceback(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR):
        failure = describe(KeyError("champ"))
    assert failure.exit_code == EXIT_UNEXPECTED and "journal" in failure.message
    assert any(record.exc_info for record in caplog.records)
