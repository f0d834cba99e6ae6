"""What the dashboard reads of the personal file: the facts of the activations of a period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    Row,
)

from pej_desktop.store.db import chunks

_FACTS_OF_ACTIVATIONS = (
    "SELECT date(activated_at, 'localtime'), person_id, offer_id, adviser_id, "
    "CASE WHEN renewable THEN saving_per_use_cents * COALESCE(uses_per_month, 1) ELSE 0 END, "
    "CASE WHEN renewable THEN 0 ELSE saving_per_use_cents END, state FROM activations "
    "WHERE activated_at >= ? AND activated_at < ?"
)


def activation_facts(conn: Connection, first: dt.date | None,
                     last: dt.date | None) -> Sequence[Row[Any]]:
    """(local day, person id, offer id, adviser id, monthly saving, one-time saving, state) of a period.

    Renewable offers save per month (per use × the agreed uses, 1 when not recorded),
    one-time offers once: the two are separate columns, as the dashboard shows them.

    Instants are stored in UTC: the bounds are widened by a day on each side here, and the
    exact local days are kept by the dashboard's own filter.
    """
    low = (first - dt.timedelta(days=1)).isoformat() if first else ""
    high = (last + dt.timedelta(days=2)).isoformat() if last else "~"
    return conn.exec_driver_sql(_FACTS_OF_ACTIVATIONS, (low, high)).all()


def activation_titles(conn: Connection, offer_ids: Iterable[str]) -> dict[str, str]:
    """The titles these offers had when they were activated (for offers gone from the catalogue)."""
    found = dict[str, str]()
    for chunk in chunks(sorted(offer_ids)):
        found.update(conn.exec_driver_sql(
            f"SELECT offer_id, offer_title FROM activations WHERE offer_id IN ({','.join('?' * len(chunk))}) "
            "GROUP BY offer_id", tuple(chunk)).all())
    return found
