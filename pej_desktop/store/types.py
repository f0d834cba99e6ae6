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
        if value is None:
            return None
        return value.astimezone(dt.UTC).replace(microsecond=0).isoformat()

    def process_result_value(self, value: Any | None, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else dt.datetime.fromisoformat(value)
