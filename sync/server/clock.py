"""The reference server's one clock: the present instant, in UTC, to the second.

The server is a program of its own that imports only ``sync.protocol`` of the shared code,
so it keeps its clock here rather than borrowing the desktop's.
"""

from __future__ import annotations

import datetime as dt


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
