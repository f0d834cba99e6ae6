"""Column types of the personal file that carry a meaning SQLite does not have."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Dialect, String
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[dt.datetime]):
    """An instant, kept as ISO 8601 text in UTC to the second (« 2026-12-06T09:00:00+00:00 »).

    Python reads and writes aware datetimes; SQLite keeps the text it always kept, so
    it still sorts and compares it, and files written before this type read the same.
    A naive datetime is taken as local time, as ``datetime.astimezone`` does.
    """

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> str | None:
        return None if value is None else instant_text(value)

    def process_result_value(self, value: Any | None, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else text_instant(value)


def instant_text(value: dt.datetime) -> str:
    """The stored text of an instant (also for the catalogue's key-value meta, which has no column per key)."""
    return value.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def text_instant(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)
