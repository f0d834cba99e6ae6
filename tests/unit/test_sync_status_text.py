"""The status bar's words for the catalogue's freshness."""

from __future__ import annotations

import datetime as dt

from pej_desktop.views.sync_status import describe_freshness

NOW = dt.datetime(2026, 11, 28, 9, 30).astimezone()


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat()


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
