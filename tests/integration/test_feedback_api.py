"""Reports on offers and unmet-search batches against the real reference API on 127.0.0.1."""

from __future__ import annotations

import datetime as dt

import pytest
import requests

from sync.errors import ForbiddenError
from sync.offer_feedback_api import Delivered, Dropped, OfferFeedbackApi
from sync.offer_feedback_protocol import UNMET_SEARCHES_PATH, report_path
from tests.integration.conftest import ReferenceApi


@pytest.fixture
def national_api(national_api_any_db: ReferenceApi) -> ReferenceApi:
    """Every test of this file runs on SQLite and on PostgreSQL."""
    return national_api_any_db

NOW = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC)


def report(uid: str = "report-0001", kind: str = "code_failed", **kw) -> dict:  # type: ignore[no-untyped-def]
    return {"id": uid, "kind": kind, "reported_at": NOW.isoformat(), "device_id": "device-0001",
            "activation_id": "activation-0001", **kw}


def batch(uid: str = "batch-000001", *searches: tuple[str, int]) -> dict:  # type: ignore[no-untyped-def]
    return {"id": uid, "first_day": "2026-11-01", "last_day": "2026-11-28",
            "searches": [{"query": q, "count": n} for q, n in (searches or (("velo electrique", 3),))]}


def post(api, path: str, body: dict, *, key: str | None = None,  # type: ignore[no-untyped-def]
         token: str | None = None):
    headers = {"Authorization": f"Bearer {token or api.token}", "Idempotency-Key": key or body["id"]}
    return requests.post(api.url + path, json=body, headers=headers, timeout=10)


def test_a_report_is_recorded_once_and_replayed(national_api) -> None:
    with _api(national_api) as api:
        assert api.report("demo-ali-001", report()) == Delivered(replayed=False)
        assert api.report("demo-ali-001", report()) == Delivered(replayed=True)
        assert api.report("demo-ali-001", report("report-0002", "worked")) == Delivered(replayed=False)
    counts = national_api.admin("GET", "/admin/reports").json()
    assert counts == [{"offer_id": "demo-ali-001", "kind": "code_failed", "count": 1},
                      {"offer_id": "demo-ali-001", "kind": "worked", "count": 1}]


def test_a_lost_answer_is_sent_again_and_counted_once(national_api) -> None:
    # The server commits the report, then the connection drops before the answer.
    national_api.set_faults({"kind": "drop", "path": "/v1/offers/", "times": 1})
    with _api(national_api) as api:
        assert api.report("demo-mob-003", report(kind="too_small")) == Delivered(replayed=True)
    assert national_api.admin("GET", "/admin/reports").json() == [
        {"offer_id": "demo-mob-003", "kind": "too_small", "count": 1}]


def test_reports_on_unknown_offers_and_reused_keys_are_final(national_api) -> None:
    with _api(national_api) as api:
        unknown = api.report("never-existed", report())
        assert isinstance(unknown, Dropped) and unknown.status == 404
        assert "n'a jamais existé" in unknown.detail
        assert api.report("never-existed", report()) == unknown  # stored under the key, replayed
        reused = api.report("demo-ali-001", report(kind="worked"))  # same key, another body
        assert isinstance(reused, Dropped) and reused.status == 422
    national_api.catalogue.unpublish_offer("demo-ali-002")
    with _api(national_api) as api:  # a withdrawn offer still gets its reports
        assert api.report("demo-ali-002", report("report-0003")) == Delivered(replayed=False)


@pytest.mark.parametrize(("body", "field"), [
    (report(kind="great"), "kind"), (report(reported_at="2026-11-28T09:30:00"), "fuseau"),
    (report(device_id="x"), "device_id"), (report(id="short"), "id"),
])
def test_malformed_reports_are_refused_in_french(national_api, body: dict, field: str) -> None:
    response = post(national_api, report_path("demo-ali-001"), body)
    assert response.status_code == 400 and field in response.json()["detail"]


def test_the_key_must_be_the_report_id(national_api) -> None:
    response = post(national_api, report_path("demo-ali-001"), report(), key="another-key-1")
    assert response.status_code == 400 and response.json()["title"] == "Clé d'idempotence différente"


def test_unmet_searches_add_up_once_per_batch_and_name_nobody(national_api) -> None:
    with _api(national_api) as api:
        assert api.unmet_searches(batch("batch-000001", ("velo electrique", 3), ("permis moto", 1))) \
            == Delivered(replayed=False)
        assert api.unmet_searches(batch("batch-000001", ("velo electrique", 3), ("permis moto", 1))) \
            == Delivered(replayed=True)
        assert api.unmet_searches(batch("batch-000002", ("velo electrique", 2))) == Delivered(replayed=False)
    totals = national_api.admin("GET", "/admin/stats/unmet-searches").json()
    assert totals == [{"query": "velo electrique", "count": 5, "first_day": "2026-11-01", "last_day": "2026-11-28"},
                      {"query": "permis moto", "count": 1, "first_day": "2026-11-01", "last_day": "2026-11-28"}]
    with national_api.catalogue.read() as conn:
        stored = conn.exec_driver_sql("SELECT * FROM unmet_search_batches").all()
    assert "Camille" not in repr(stored)  # the adviser behind the token is not kept


@pytest.mark.parametrize(("searches", "field"), [
    ([{"query": "Vélo", "count": 1}], "query"), ([{"query": "velo", "count": 0}], "count"),
    ([], "searches"),
    ([{"query": "a" * 81, "count": 1}], "query"),
])
def test_malformed_batches_are_refused(national_api, searches: list, field: str) -> None:
    body = {**batch("batch-000009"), "searches": searches}
    response = post(national_api, UNMET_SEARCHES_PATH, body)
    assert response.status_code == 400 and field in response.json()["detail"]


def test_a_repeated_query_is_added_up_not_refused(national_api) -> None:
    body = {**batch("batch-000010"), "searches": [{"query": "velo", "count": 1}, {"query": "velo", "count": 2}]}
    response = post(national_api, UNMET_SEARCHES_PATH, body)
    assert response.status_code == 201 and (response.json()["searches"], response.json()["total"]) == (1, 3)


def test_a_token_is_required(national_api) -> None:
    response = requests.post(national_api.url + UNMET_SEARCHES_PATH, json=batch(), timeout=10,
                             headers={"Idempotency-Key": "batch-000001"})
    assert response.status_code == 401
    national_api.catalogue.revoke_token(national_api.token)
    with _api(national_api) as api, pytest.raises(ForbiddenError, match="403"):
        api.report("demo-ali-001", report())


def _api(national_api):  # type: ignore[no-untyped-def]
    return _Closing(OfferFeedbackApi(national_api.client()))


class _Closing:
    def __init__(self, api: OfferFeedbackApi) -> None:
        self.api = api

    def __enter__(self) -> OfferFeedbackApi:
        return self.api

    def __exit__(self, *_exc: object) -> None:
        self.api.client.close()
