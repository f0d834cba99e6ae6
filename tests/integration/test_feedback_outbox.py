"""Feedback and unmet searches leave through the outbox at sync, once, to the real reference API."""

from __future__ import annotations

import datetime as dt

import pytest

from pej_desktop.domain.needs import NeedEntry, NeedsChecklist
from pej_desktop.ops import activations as activation_ops
from pej_desktop.ops import interview as interview_ops
from pej_desktop.ops import offer_feedback
from pej_desktop.store import activations as activation_store
from pej_desktop.store import offer_feedback as feedback_rows
from sync.device_sync import push_pending
from sync.engine import sync_catalogue
from tests.support.companion_data import TODAY, open_store, ready_person

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


@pytest.fixture
def synced(paths, catalogue, national_api):  # type: ignore[no-untyped-def]
    """A personal file and a catalogue synced from the national API (activations are owed to it)."""
    with national_api.client() as client:
        sync_catalogue(catalogue, client)
    store = open_store(paths)
    yield store
    store.close()


def _activate_and_report(store, catalogue,  # type: ignore[no-untyped-def]
                         kind: str = "code_failed") -> tuple[int, str]:
    person_id = ready_person(store, catalogue)
    interview_ops.save_needs(store, person_id, NeedsChecklist.of([NeedEntry("transport", 6000)]), now=NOW)
    interview = interview_ops.load_interview(store, catalogue, person_id, today=TODAY)
    top = [r.offer_id for r in interview.recommendations if r.top]
    report = activation_ops.activate_offers(store, catalogue, person_id, top)
    assert len(report.activated) == len(top) == 1
    with store.read() as conn:
        [made] = activation_store.person_activations(conn, person_id)
    assert offer_feedback.record_feedback(store, person_id, made.uid, kind, now=NOW)
    return person_id, made.offer_id


def test_sync_sends_the_activation_then_the_report_and_the_searches(synced, catalogue, national_api) -> None:
    _person, offer_id = _activate_and_report(synced, catalogue)
    offer_feedback.count_unmet_search(synced, catalogue, "vélo cargo", day=TODAY)
    offer_feedback.count_unmet_search(synced, catalogue, "vélo cargo", day=TODAY)
    with national_api.client() as client:
        exchange = push_pending(synced, client)
    assert exchange.push.accepted == 1
    assert exchange.offer_feedback is not None
    assert (exchange.offer_feedback.due, exchange.offer_feedback.delivered, exchange.offer_feedback.failed) == (2, 2, 0)
    assert national_api.admin("GET", "/admin/reports").json() == [
        {"offer_id": offer_id, "kind": "code_failed", "count": 1}]
    assert national_api.admin("GET", "/admin/stats/unmet-searches").json()[0] == {
        "query": "velo", "count": 2, "first_day": TODAY.isoformat(), "last_day": TODAY.isoformat()}
    with synced.read() as conn:
        assert feedback_rows.feedback_pending(conn) == 0 and feedback_rows.unmet_search_total(conn) == 0
    with national_api.client() as client:  # nothing left to send, nothing sent twice
        again = push_pending(synced, client)
    assert again.offer_feedback is not None and again.offer_feedback.due == 0
    assert national_api.admin("GET", "/admin/reports").json()[0]["count"] == 1


def test_offline_the_report_waits_with_its_backoff_then_goes_once(synced, catalogue, national_api) -> None:
    _activate_and_report(synced, catalogue, "not_understood")
    national_api.stop()
    with national_api.client() as client:
        offline = push_pending(synced, client)
    assert offline.push.offline and offline.offer_feedback is None  # activations first: nothing else tried
    with synced.read() as conn:
        assert feedback_rows.feedback_pending(conn) == 1
    national_api.start()
    # The answer to the report is lost once (committed, connection dropped): sent again, counted once.
    national_api.set_faults({"kind": "drop", "path": "/v1/offers/", "times": 1})
    with national_api.client() as client:
        exchange = push_pending(synced, client)
    assert exchange.offer_feedback is not None and exchange.offer_feedback.delivered == 1
    assert national_api.faults_fired() == 1
    assert [r["count"] for r in national_api.admin("GET", "/admin/reports").json()] == [1]


def test_a_server_error_reschedules_the_report(synced, catalogue, national_api) -> None:
    _activate_and_report(synced, catalogue)
    national_api.set_faults({"kind": "status", "status": 503, "path": "/v1/offers/", "times": None})
    with national_api.client() as client:
        exchange = push_pending(synced, client, force=False)
    assert exchange.push.accepted == 1
    assert exchange.offer_feedback is not None and exchange.offer_feedback.failed == 1
    with synced.read() as conn:
        [entry] = feedback_rows.feedback_entries(conn, national_api.url, NOW, force=True)
        assert feedback_rows.feedback_entries(conn, national_api.url, NOW, force=False) == []  # backoff stored
    assert entry.attempts == 1 and "indisponible" in (entry.last_error or "")
    national_api.clear_faults()
    with national_api.client() as client:
        assert push_pending(synced, client).offer_feedback.delivered == 1  # type: ignore[union-attr]
