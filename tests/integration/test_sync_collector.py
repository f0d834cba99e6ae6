"""A full sync runs Python's cycle collector rarely while it builds 50 000 records, and leaves the
program's usual thresholds behind it, whether it ends well or not."""

from __future__ import annotations

import gc

import pytest

from sync.engine import sync_catalogue
from sync.errors import SyncError
from tests.integration.conftest import assert_same_catalogue, small_catalogue


def test_the_usual_collector_thresholds_come_back_after_a_full_sync(national_api, catalogue) -> None:
    national_api.load(small_catalogue(offers=40))
    usual = gc.get_threshold()
    during: list[tuple[int, int, int]] = []
    with national_api.client() as client:
        sync_catalogue(catalogue, client, page_size=10, full=True,
                       on_progress=lambda progress: during.append(gc.get_threshold()))
    assert gc.get_threshold() == usual
    downloading = during[1:-1]  # the first report comes before the build, the last is the swap's
    assert downloading and all(t[0] >= 100_000 and t[1:] == usual[1:] for t in downloading)
    assert_same_catalogue(catalogue, national_api)


def test_a_failed_full_sync_also_gives_the_thresholds_back(national_api, catalogue) -> None:
    national_api.load(small_catalogue(offers=40))
    national_api.set_faults({"kind": "status", "status": 500, "after": 2, "times": 100})
    usual = gc.get_threshold()
    with national_api.client() as client, pytest.raises(SyncError):
        sync_catalogue(catalogue, client, page_size=10, full=True)
    assert gc.get_threshold() == usual
