"""The status bar's words for the catalogue's freshness (``ops.catalogue.describe_freshness``)."""

from __future__ import annotations

import datetime as dt

from pej_desktop.ops.catalogue import describe_freshness, last_sync
from pej_desktop.store.catalogue import META_LAST_SYNC

NOW = dt.datetime(2026, 11, 28, 9, 30).astimezone()


def _iso(moment: dt.datetime) -> dt.datetime | None:
    """As the catalogue's meta stores it, read back as the status bar reads it."""
    return last_sync({META_LAST_SYNC: moment.astimezone(dt.UTC).isoformat()})


def test_demo_and_never_synced() -> None:
    assert describe_freshness(last_sync=None, demo=True, now=NOW).text == "Catalogue de démonstration"
    never = describe_freshness(last_sync=None, demo=False, now=NOW)
    assert never.stale and "jamais" in never.text


def test_recent_catalogue_shows_day_and_time_in_local_time() -> None:
    fresh = describe_freshness(last_sync=_iso(dt.datetime(2026, 11, 27, 14, 2).astimezone()), demo=False, now=NOW)
    assert fresh.text == "Catalogue du 27/11 à 14:02" and not fresh.stale


def test_older_than_seven_days_is_a_warning() -> None:
    old = describe_freshness(last_sync=_iso(dt.datetime(2026, 11, 12, 8, 0).astimezone()), demo=False, now=NOW)
    assert old.stale and old.text.startswith("⚠ Catalogue du 12/11 à 08:00") and "16 jours" in old.text
    assert "plus de 7 jours" in old.tooltip
    edge = describe_freshness(last_sync=_iso(NOW - dt.timedelta(days=7)), demo=False, now=NOW)
    assert not edge.stale


def test_an_unreadable_last_sync_is_said_never_synced_not_a_crash() -> None:
    assert last_sync({META_LAST_SYNC: "hier soir"}) is None
    assert describe_freshness(last_sync=last_sync({META_LAST_SYNC: "hier soir"}), demo=False, now=NOW).stale

