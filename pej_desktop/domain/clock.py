"""The desktop's one clock: the present instant, in UTC, to the second.

Every record the app stamps (check, activation, outbox entry, catalogue meta) and every
wire timestamp is whole seconds in UTC, so values written by one layer compare equal when
another reads them back. Functions that need a fixed instant take ``now=`` and fall back
to this clock; tests pass their own instant rather than patch it.
"""

from __future__ import annotations

import datetime as dt


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
