"""Start-up health of the local databases: ``PRAGMA quick_check`` and quarantine.

A catalogue that fails the check is moved aside (kept for a support person, never
deleted) and rebuilt: from the embedded demo at once, then by a full resync at the
next synchronisation. The catalogue can always be downloaded again; the personal
file cannot, so it is never rebuilt here (see the backups).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class IntegrityReport:
    ok: bool
    detail: str  # English, for the log; the views word it in French


def quick_check(path: Path) -> IntegrityReport:
    """Run SQLite's quick_check on a plain SQLite file (read-only)."""
    if not path.exists():
        return IntegrityReport(True, "absent")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            rows = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        return IntegrityReport(False, f"{type(error).__name__}: {error}")
    if rows == ["ok"]:
        return IntegrityReport(True, "ok")
    return IntegrityReport(False, "; ".join(rows[:5]))


def quarantine(path: Path, backup_dir: Path) -> Path:
    """Move a damaged database (and its WAL/SHM) into the backups folder."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backup_dir / f"{path.stem}-endommage-{stamp}{path.suffix}"
    number = 1
    while target.exists():  # two damaged files in one second: never move one onto the other
        number += 1
        target = backup_dir / f"{path.stem}-endommage-{stamp}-{number}{path.suffix}"
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{path}{suffix}")
        if part.exists():
            shutil.move(part, Path(f"{target}{suffix}"))
    return target
