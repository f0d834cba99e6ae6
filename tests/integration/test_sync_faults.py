"""Each fault of the reference server's fault mode, and what the sync makes of it."""

from __future__ import annotations

import time

import pytest

from pej_desktop.store.catalogue import META_SOURCE
from sync.client import RetryPolicy, Timeouts
from sync.engine import staging_path_for, sync_catalogue
from sync.errors import NetworkError, ServerError, SyncCancelled
from sync.protocol import CHANGES_PATH
from tests.integration.conftest import ReferenceApi, assert_same_catalogue, local_payloads


@pytest.fixture
def national_api(national_api_any_db: ReferenceApi) -> ReferenceApi:
    """Every test of this file runs on SQLite and on PostgreSQL."""
    return national_api_any_db

PAGE = 20  # the demo catalogue is then 7 pages
PATIENT = RetryPolicy(attempts=40, base_delay=0.05, max_delay=0.2)  # outlasts a restart


def _sync(api, store, **kwargs):  # type: ignore[no-untyped-def]
    with api.client(**kwargs) as client:
        return sync_catalogue(store, client, page_size=PAGE)


def test_delays_slow_the_sync_down_but_it_completes(national_api, catalogue) -> None:
    national_api.set_faults({"kind": "delay", "seconds": 0.3, "times": 2})
    started = time.monotonic()
    _sync(national_api, catalogue)
    assert time.monotonic() - started >= 0.6
    assert_same_catalogue(catalogue, national_api)


def test_a_timed_out_request_is_retried(national_api, catalogue) -> None:
    national_api.set_faults({"kind": "timeout", "seconds": 1.5, "after": 1, "times": 1})
    result = _sync(national_api, catalogue, timeouts=Timeouts(connect=1, read=0.5))
    assert result.traffic.retries >= 1 and national_api.faults_fired() == 1
    assert_same_catalogue(catalogue, national_api)


def test_500_is_retried_with_backoff(national_api, catalogue) -> None:
    national_api.set_faults({"kind": "status", "status": 500, "after": 2, "times": 2})
    result = _sync(national_api, catalogue)
    assert result.traffic.statuses.count(500) == 2 and result.traffic.retries == 2
    assert_same_catalogue(catalogue, national_api)


def test_503_retry_after_is_honoured(national_api, catalogue) -> None:
    national_api.set_faults({"kind": "status", "status": 503, "retry_after": 1, "after": 1, "times": 1})
    started = time.monotonic()
    result = _sync(national_api, catalogue)
    assert time.monotonic() - started >= 1.0
    assert 503 in result.traffic.statuses
    assert_same_catalogue(catalogue, national_api)


def test_a_server_that_stays_unavailable_fails_cleanly(national_api, catalogue) -> None:
    before = local_payloads(catalogue)
    national_api.set_faults({"kind": "status", "status": 503, "retry_after": 0, "times": None})
    with pytest.raises(ServerError) as caught:
        _sync(national_api, catalogue)
    assert "indisponible" in caught.value.message
    assert local_payloads(catalogue) == before


def test_truncated_bodies_are_retried(national_api, catalogue) -> None:
    national_api.set_faults({"kind": "truncate", "after": 1, "times": 2})
    result = _sync(national_api, catalogue)
    assert result.traffic.retries == 2 and national_api.faults_fired() == 2
    assert_same_catalogue(catalogue, national_api)


@pytest.mark.parametrize("kind", ["duplicate", "reorder"])
def test_replayed_or_out_of_order_pages_are_refused_then_fetched_again(national_api, catalogue, kind: str) -> None:
    national_api.set_faults({"kind": kind, "after": 2, "times": 1})
    result = _sync(national_api, catalogue)
    assert national_api.faults_fired() == 1 and result.traffic.retries == 1
    assert_same_catalogue(catalogue, national_api)


def test_duplicated_page_during_a_delta_changes_nothing(national_api, catalogue) -> None:
    _sync(national_api, catalogue)
    for offer_id in national_api.offer_ids()[:45]:
        national_api.catalogue.edit_offer(offer_id, {"subtitle": "Mis à jour"})
    national_api.set_faults({"kind": "duplicate", "after": 1, "times": 1})
    result = _sync(national_api, catalogue)
    assert result.outcome == "updated" and national_api.faults_fired() == 1
    assert_same_catalogue(catalogue, national_api)


def test_a_server_restart_in_the_middle_of_a_sync(national_api, catalogue) -> None:
    national_api.set_faults({"kind": "restart", "seconds": 0.3, "after": 3, "times": 1},
                            {"kind": "delay", "seconds": 0.1, "times": None})  # the restart lands mid-sync
    result = _sync(national_api, catalogue, retry=PATIENT)
    # The server thread counts its restart once the old server has wound down, which on a
    # loaded machine may come after the client is already served again: wait for the count.
    deadline = time.monotonic() + 10
    while national_api.server.restarts == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert national_api.server.restarts == 1 and result.traffic.retries >= 2
    assert_same_catalogue(catalogue, national_api)


def test_a_server_down_leaves_the_catalogue_as_it_was(national_api, catalogue) -> None:
    before = local_payloads(catalogue)
    national_api.stop()
    with pytest.raises(NetworkError) as caught:
        _sync(national_api, catalogue)
    assert "hors ligne" in caught.value.message
    assert local_payloads(catalogue) == before
    national_api.start()
    _sync(national_api, catalogue)
    assert_same_catalogue(catalogue, national_api)


def test_an_invalid_record_is_refused_alone_and_named(national_api, catalogue) -> None:
    national_api.set_faults({"kind": "corrupt", "record": "offers", "field": "title", "after": 3})
    result = _sync(national_api, catalogue)
    (why,) = result.refusals
    assert result.refused == 1 and why.startswith("offre « ") and "champ obligatoire « title » manquant" in why
    refused_id = why.split("« ")[1].split(" »")[0]
    local = local_payloads(catalogue)["offer"]
    assert refused_id not in local and len(local) == len(national_api.offer_ids()) - 1
    national_api.catalogue.edit_offer(refused_id, {"title": "Titre revu"})  # it comes back once fixed
    _sync(national_api, catalogue)
    assert_same_catalogue(catalogue, national_api)


def test_a_wrongly_typed_field_in_a_delta_is_refused_alone(national_api, catalogue) -> None:
    _sync(national_api, catalogue)
    offer_id, deleted = national_api.offer_ids()[0], national_api.offer_ids()[1]
    national_api.catalogue.edit_offer(offer_id, {"title": "Nouveau titre"})
    national_api.catalogue.delete_offer(deleted)
    before = local_payloads(catalogue)
    national_api.set_faults({"kind": "corrupt", "record": "offers", "field": "discount", "value": "beaucoup"})
    result = _sync(national_api, catalogue)
    assert result.refused == 1 and f"offre « {offer_id} » : champ « discount »" in result.refusals[0]
    after = local_payloads(catalogue)
    assert after["offer"][offer_id] == before["offer"][offer_id]  # the old version stays
    assert deleted not in after["offer"]  # the rest of the page applied
    national_api.catalogue.edit_offer(offer_id, {"title": "Titre corrigé"})
    _sync(national_api, catalogue)
    assert_same_catalogue(catalogue, national_api)


def test_unknown_fields_are_tolerated(national_api, catalogue) -> None:
    national_api.set_faults({"kind": "corrupt", "record": "offers", "field": "champ_du_futur",
                             "value": {"nouveau": True}, "times": None})
    _sync(national_api, catalogue)
    assert_same_catalogue(catalogue, national_api)


def test_cancelled_full_sync_keeps_the_old_catalogue_then_resumes(national_api, catalogue) -> None:
    from sync.engine import CatalogueSync

    before = local_payloads(catalogue)
    flag = _Flag()
    with national_api.client() as client:
        engine = CatalogueSync(catalogue, client, page_size=PAGE, cancel=flag,
                               on_progress=lambda p: flag.set_after(p, pages=3))
        with pytest.raises(SyncCancelled) as caught:
            engine.run()
    assert "reprendra" in caught.value.message
    assert local_payloads(catalogue) == before and catalogue.meta()[META_SOURCE] == "demo"
    assert staging_path_for(catalogue).exists()
    result = _sync(national_api, catalogue)
    assert result.outcome == "replaced" and result.traffic.requests == 4  # 3 pages were kept
    assert not staging_path_for(catalogue).exists()
    assert_same_catalogue(catalogue, national_api)


def test_cancelled_delta_keeps_the_pages_applied_and_resumes(national_api, catalogue) -> None:
    from sync.engine import CatalogueSync

    _sync(national_api, catalogue)
    for offer_id in national_api.offer_ids()[:70]:
        national_api.catalogue.edit_offer(offer_id, {"subtitle": "Nouvelle accroche"})
    flag = _Flag()
    with national_api.client() as client:
        engine = CatalogueSync(catalogue, client, page_size=PAGE, cancel=flag,
                               on_progress=lambda p: flag.set_after(p, pages=2))
        with pytest.raises(SyncCancelled):
            engine.run()
    assert len([o for o in local_payloads(catalogue)["offer"].values() if o["subtitle"] == "Nouvelle accroche"]) == 40
    result = _sync(national_api, catalogue)
    assert result.traffic.requests == 2
    assert_same_catalogue(catalogue, national_api)


class _Flag:
    """A cancel token raised after the n-th downloaded page (a user clicking « Annuler »)."""

    def __init__(self) -> None:
        self.cancelled = False
        self.pages = 0

    def set_after(self, progress, *, pages: int) -> None:  # type: ignore[no-untyped-def]
        if progress.stage == "telechargement":
            self.pages += 1
            self.cancelled = self.pages >= pages


def test_fault_rules_are_validated_by_the_admin_endpoint(national_api) -> None:
    response = national_api.admin("PUT", "/admin/faults", json=[{"kind": "tremblement"}])
    assert response.status_code == 400 and "panne inconnue" in response.json()["detail"]
    assert national_api.admin("GET", "/admin/faults").json() == []
    national_api.set_faults({"kind": "delay", "seconds": 0.01, "path": CHANGES_PATH})
    assert national_api.admin("GET", "/admin/faults").json()[0]["kind"] == "delay"
