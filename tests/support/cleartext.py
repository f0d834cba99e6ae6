"""Look for personal data written in clear anywhere under a directory.

Database, WAL, journal, backups, logs, settings: every file is read as bytes and
searched for each needle in the encodings a program could have used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

ENCODINGS = ("utf-8", "utf-16-le", "cp1252")


def date_spellings(day: dt.date) -> list[str]:
    """How a date of birth could appear: ISO, French, compact."""
    return [day.isoformat(), day.strftime("%d/%m/%Y"), day.strftime("%Y%m%d"), day.strftime("%d%m%Y")]


def cleartext_hits(root: Path, needles: Iterable[str]) -> list[tuple[str, str]]:
    """(relative file path, needle) for every needle found in clear under ``root``."""
    patterns = {(needle, needle.encode(enc, errors="ignore")) for needle in needles for enc in ENCODINGS}
    patterns |= {(needle, needle.casefold().encode("utf-8")) for needle, _ in list(patterns)}
    hits = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        content = path.read_bytes()
        lowered = content.lower()
        for needle, raw in sorted(patterns):
            if raw and (raw in content or raw in lowered):
                hits.append((str(path.relative_to(root)), needle))
    return sorted(set(hits))
