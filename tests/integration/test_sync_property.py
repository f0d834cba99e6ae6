"""Property: any sequence of national changes, interleaved with syncs and faults, converges.

Hypothesis draws a script of server-side changes (add, edit, unpublish, republish,
delete offers, rename partners, rebuild the catalogue, purge old deletions) mixed
with syncs that meet a fault (truncated body, replayed or out-of-order page, 5xx,
invalid record, cancellation after a few pages). Whatever happened, one clean sync
at the end makes the local catalogue equal to the server's, record for record.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.store.demo import ensure_demo_loaded
from sync.engine import CatalogueSync
from sync.errors import SyncError
from sync.protocol.pages import parse_record
from sync.server.catalogue import CatalogueError
from tests.integration.conftest import ReferenceApi, assert_same_catalogue, local_payloads, small_catalogue

PAGE = 4
FAULTS: dict[str, dict[str, Any] | None] = {
    "none": None,
    "truncate": {"kind": "truncate"},
    "duplicate": {"kind": "duplicate"},
    "reorder": {"kind": "reorder"},
    "error": {"kind": "status", "status": 503, "retry_after": 0},
    "corrupt": {"kind": "corrupt", "record": "offers", "field": "kind", "value": "inconnu"},
    "cancel": None,
}
BASE = small_catalogue(offers=10, partners=3, seed=11)
REBUILT = small_catalogue(offers=8, partners=2, seed=12)

index = st.integers(min_value=0, max_value=40)
step = st.one_of(
    st.tuples(st.sampled_from(["add", "edit", "unpublish", "publish", "delete", "partner"]), index),
    st.tuples(st.just("sync"), st.sampled_from(sorted(FAULTS)), st.integers(min_value=0, max_value=3)),
    st.tuples(st.sampled_from(["rebuild", "purge"])),
)


class _CancelAfter:
    def __init__(self, pages: int) -> None:
        self.left, self.cancelled = pages, False

    def __call__(self, progress) -> None:  # type: ignore[no-untyped-def]
        if progress.stage == "telechargement":
            self.left -= 1
            self.cancelled = self.left <= 0


def _change(api: ReferenceApi, action: str, n: int, counter: list[int]) -> None:
    ids = api.catalogue.live_payloads()["offer"]
    every = sorted(api.catalogue.all_offer_ids())
    if not every:
        return
    target = every[n % len(every)]
    try:
        if action == "add":
            counter[0] += 1
            source = api.catalogue.offer_payload(target)
            api.catalogue.add_offer({**source, "id": f"prop-{counter[0]}", "title": f"Offre ajoutée {counter[0]}",
                                     "published": True})
        elif action == "edit":
            api.catalogue.edit_offer(target, {"title": f"Titre {n}", "subtitle": f"Sous-titre {len(ids)}"})
        elif action == "partner":
            partners = api.catalogue.live_payloads()["partner"]
            payload = partners[sorted(partners)[n % len(partners)]]
            api.catalogue.put_partner(parse_record("partners", {**payload, "name": f"Partenaire {n}"}))
        else:
            getattr(api.catalogue, f"{action}_offer")(target)
    except CatalogueError:
        pass  # e.g. republishing a deleted offer: the national tool refuses, nothing changes


def _assert_same_but_refused(store: CatalogueStore, api: ReferenceApi, refused: set[str]) -> None:
    """Every record as on the server, but the offers refused (still absent, or at an older state)."""
    local, expected = local_payloads(store), api.expected()
    assert local["partner"] == expected["partner"] and local["category"] == expected["category"]
    assert set(local["offer"]) - refused == set(expected["offer"]) - refused
    assert all(local["offer"][i] == expected["offer"][i] for i in set(local["offer"]) - refused)


def _sync(api: ReferenceApi, store: CatalogueStore, fault: str, after: int, *, refused: set[str]) -> None:
    rule = FAULTS[fault]
    if rule is not None:
        api.set_faults({**rule, "after": after, "times": 1})
    cancel = _CancelAfter(after + 1) if fault == "cancel" else None
    try:
        with api.client() as client:
            result = CatalogueSync(store, client, page_size=PAGE, cancel=cancel, on_progress=cancel).run()
        refused.update(r.id for r in result.refused_records if r.id)
    except SyncError:
        pass
    finally:
        if rule is not None:
            api.clear_faults()


# A longer campaign: PEJ_SYNC_PROPERTY_EXAMPLES=500 pytest tests/integration/test_sync_property.py
EXAMPLES = int(os.environ.get("PEJ_SYNC_PROPERTY_EXAMPLES", "40"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(script=st.lists(step, min_size=1, max_size=10))
def test_any_changes_with_syncs_and_faults_converge(national_api, script: list[tuple]) -> None:
    api = national_api
    api.clear_faults()
    api.load(BASE)
    counter = [0]
    refused: set[str] = set()  # offers the corrupt fault made the client refuse (left out until they change)
    with tempfile.TemporaryDirectory() as folder:
        store = CatalogueStore.open(Path(folder) / "catalogue.sqlite3")
        try:
            ensure_demo_loaded(store)
            for action, *args in script:
                if action == "sync":
                    _sync(api, store, *args, refused=refused)
                elif action == "rebuild":
                    api.load(REBUILT)
                elif action == "purge":
                    api.catalogue.purge_tombstones(now=dt.datetime.now(dt.UTC) + dt.timedelta(days=91))
                else:
                    _change(api, action, args[0], counter)
            with api.client() as client:
                CatalogueSync(store, client, page_size=PAGE).run()
            _assert_same_but_refused(store, api, refused)
            with api.client() as client:  # a full sync fetches the refused records again
                CatalogueSync(store, client, page_size=PAGE).run(full=True)
            assert_same_catalogue(store, api)
        finally:
            store.close()
