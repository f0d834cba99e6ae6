"""The activation endpoints of the reference API, over real HTTP: exactly once, business rules, leases."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Any

import pytest
import requests

from sync.server import codes, idempotency
from tests.integration.conftest import ReferenceApi


@pytest.fixture
def national_api(national_api_any_db: ReferenceApi) -> ReferenceApi:
    """Every test of this file runs on SQLite and on PostgreSQL."""
    return national_api_any_db

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
DEVICE = "device-0001-test"
GROCERY = "demo-ali-001"  # voucher, renewable, 8 codes
DRIVE = "demo-mob-006"  # code, one-time, 6 codes
PASS_OFFER = "demo-mob-002"  # voucher_pass: no code


def _headers(api: ReferenceApi, key: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {api.token}"}
    if key:
        headers["Idempotency-Key"] = key
    return headers


def activation(offer_id: str = GROCERY, *, code: str | None = None, beneficiary: str | None = None,
               at: dt.datetime = NOW, device: str = DEVICE) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "offer_id": offer_id, "beneficiary": beneficiary or str(uuid.uuid4()),
            "activated_at": at.isoformat(), "device_id": device, "code": code}


def post(api: ReferenceApi, body: dict[str, Any], key: str | None = None) -> requests.Response:
    return requests.post(api.url + "/v1/activations", json=body, headers=_headers(api, key or body["id"]), timeout=10)


def lease(api: ReferenceApi, want: dict[str, int], *, reserve: list[tuple[str, str]] = (),  # type: ignore[assignment]
          pending: list[tuple[str, str]] = (), device: str = DEVICE) -> dict[str, Any]:  # type: ignore[assignment]
    body = {"device_id": device, "want": want, "reserve": [{"offer_id": o, "code": c} for o, c in reserve],
            "pending": [{"offer_id": o, "code": c} for o, c in pending]}
    response = requests.post(api.url + "/v1/codes/leases", json=body, headers=_headers(api), timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def server_rows(api: ReferenceApi, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows of the server's database; ``?`` placeholders, whatever the driver's style."""
    with api.catalogue.engine.connect() as conn:
        if conn.dialect.paramstyle != "qmark":
            sql = sql.replace("?", "%s")
        return [tuple(r) for r in conn.exec_driver_sql(sql, params).all()]


def mark_used(api: ReferenceApi, offer_id: str, code: str, at: dt.datetime) -> None:
    response = api.admin("POST", "/admin/codes/used", json={"offer_id": offer_id, "code": code,
                                                            "used_at": at.isoformat()})
    assert response.status_code == 200, response.text


def test_a_replay_returns_the_first_outcome_and_records_nothing_more(national_api: ReferenceApi) -> None:
    body = activation()
    first, again = post(national_api, body), post(national_api, body)
    assert first.status_code == 201 and first.headers.get("Idempotent-Replayed") is None
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json() and first.json()["code"] and first.json()["code_source"] == "pool"
    assert server_rows(national_api, "SELECT count(*) FROM activations") == [(1,)]
    assert server_rows(national_api, "SELECT assigned_to FROM offer_codes WHERE code = ?",
                       first.json()["code"]) == [(body["id"],)]


def test_the_key_must_be_the_activation_id_and_cannot_be_reused(national_api: ReferenceApi) -> None:
    body = activation()
    mismatch = post(national_api, body, key=str(uuid.uuid4()))
    assert mismatch.status_code == 400 and mismatch.headers["content-type"] == "application/problem+json"
    assert post(national_api, body).status_code == 201
    reused = post(national_api, {**body, "offer_id": DRIVE})
    assert reused.status_code == 422 and reused.json()["type"].endswith("cle-reutilisee")
    missing = requests.post(national_api.url + "/v1/activations", json=body, headers=_headers(national_api), timeout=10)
    assert missing.status_code == 400
    naive = post(national_api, {**activation(), "activated_at": "2026-11-28T10:00:00"})
    assert naive.status_code == 400 and "fuseau" in naive.json()["detail"]


def test_refusals_are_stored_under_the_key_and_replayed(national_api: ReferenceApi) -> None:
    national_api.catalogue.unpublish_offer(GROCERY)
    body = activation()
    refused = post(national_api, body)
    problem = refused.json()
    assert refused.status_code == 409 and problem["type"] == "urn:pej:probleme:offre-retiree"
    assert problem["title"] == "Offre retirée" and "retirée du catalogue national" in problem["detail"]
    assert problem["activation_id"] == body["id"]
    national_api.catalogue.publish_offer(GROCERY)
    replay = post(national_api, body)  # the offer is back, but the key keeps its first answer
    assert replay.status_code == 409 and replay.json() == problem and replay.headers["Idempotent-Replayed"] == "true"


def test_one_time_offer_once_per_young_person(national_api: ReferenceApi) -> None:
    person = str(uuid.uuid4())
    assert post(national_api, activation(DRIVE, beneficiary=person)).status_code == 201
    second = post(national_api, activation(DRIVE, beneficiary=person))
    assert second.status_code == 409 and second.json()["type"].endswith("deja-activee")
    assert post(national_api, activation(DRIVE)).status_code == 201  # someone else may


def test_renewable_offer_needs_the_previous_code_used_and_24_hours(national_api: ReferenceApi) -> None:
    person = str(uuid.uuid4())
    first = post(national_api, activation(beneficiary=person, at=NOW - dt.timedelta(days=3))).json()
    not_used = post(national_api, activation(beneficiary=person, at=NOW - dt.timedelta(days=2)))
    assert not_used.status_code == 409 and not_used.json()["type"].endswith("code-precedent-non-utilise")
    mark_used(national_api, GROCERY, first["code"], NOW - dt.timedelta(hours=30))
    too_early = post(national_api, activation(beneficiary=person, at=NOW - dt.timedelta(hours=10)))
    assert too_early.status_code == 409 and too_early.json()["type"].endswith("renouvellement-trop-tot")
    assert "24 h après l'utilisation" in too_early.json()["detail"]
    assert post(national_api, activation(beneficiary=person, at=NOW - dt.timedelta(hours=5))).status_code == 201


def test_validity_is_judged_on_the_activation_date(national_api: ReferenceApi) -> None:
    national_api.catalogue.edit_offer(GROCERY, {"valid_to": (NOW - dt.timedelta(days=2)).date().isoformat()})
    before_end = post(national_api, activation(at=NOW - dt.timedelta(days=3)))  # activated offline in time
    assert before_end.status_code == 201
    after_end = post(national_api, activation())
    assert after_end.status_code == 409 and after_end.json()["type"].endswith("offre-expiree")
    future = post(national_api, activation(at=NOW + dt.timedelta(days=3)))
    assert future.status_code == 422 and future.json()["type"].endswith("date-invalide")


def test_codes_leased_taken_retired_and_pool_exhausted(national_api: ReferenceApi) -> None:
    lent = lease(national_api, {DRIVE: 2})
    assert len(lent["leases"]) == 2 and lent["available"] == {DRIVE: 4}
    code = lent["leases"][0]["code"]
    assert post(national_api, activation(DRIVE, code=code)).json()["code_source"] == "lease"
    taken = post(national_api, activation(DRIVE, code=code))
    assert taken.status_code == 409 and taken.json()["type"].endswith("code-deja-utilise")
    other_device = post(national_api, activation(DRIVE, code=lent["leases"][1]["code"], device="device-9999-other"))
    assert other_device.status_code == 409 and other_device.json()["type"].endswith("code-deja-utilise")
    unknown = post(national_api, activation(DRIVE, code="PAS-UN-CODE"))
    assert unknown.status_code == 422 and unknown.json()["type"].endswith("code-inconnu")
    for _free in range(4):
        assert post(national_api, activation(DRIVE)).status_code == 201  # "code à venir": first free code
    empty = post(national_api, activation(DRIVE))
    assert empty.status_code == 409 and empty.json()["type"].endswith("quota-atteint")
    # the leased code that was refused to another device is still this device's, not given away
    assert server_rows(national_api, "SELECT device_id FROM code_leases WHERE code = ?",
                       lent["leases"][1]["code"]) == [(DEVICE,)]


def test_a_refused_activation_retires_the_code_it_carried(national_api: ReferenceApi) -> None:
    person = str(uuid.uuid4())
    assert post(national_api, activation(DRIVE, beneficiary=person)).status_code == 201
    code = lease(national_api, {DRIVE: 1})["leases"][0]["code"]
    refused = post(national_api, activation(DRIVE, code=code, beneficiary=person))
    assert refused.json()["type"].endswith("deja-activee")
    assert server_rows(national_api, "SELECT assigned_to FROM offer_codes WHERE code = ?", code) == \
        [(refused.json()["activation_id"],)]  # shown to one young person: never handed to another
    assert code not in [p["code"] for p in lease(national_api, {DRIVE: 5})["leases"]]


def test_offers_without_code(national_api: ReferenceApi) -> None:
    accepted = post(national_api, activation(PASS_OFFER))
    assert accepted.status_code == 201 and accepted.json()["code"] is None
    with_code = post(national_api, activation(PASS_OFFER, code="X-1"))
    assert with_code.status_code == 422


def test_lease_renewal_is_idempotent_and_gives_back_what_is_no_longer_wanted(national_api: ReferenceApi) -> None:
    first = lease(national_api, {GROCERY: 3, DRIVE: 2})
    mine = [(p["offer_id"], p["code"]) for p in first["leases"]]
    lost_answer = lease(national_api, {GROCERY: 3, DRIVE: 2})  # the device never saw the first answer
    assert lost_answer["leases"] == first["leases"]
    again = lease(national_api, {GROCERY: 3, DRIVE: 2}, reserve=mine)
    assert again["leases"] == first["leases"] and again["lost"] == []
    fewer = lease(national_api, {GROCERY: 1}, reserve=mine)
    assert [p["offer_id"] for p in fewer["leases"]] == [GROCERY]
    assert server_rows(national_api, "SELECT count(*) FROM code_leases") == [(1,)]
    other = lease(national_api, {GROCERY: 8}, device="device-9999-other")
    assert len(other["leases"]) == 7  # 8 codes, one lent to the first device


def test_pending_codes_are_extended_never_given_back(national_api: ReferenceApi) -> None:
    code = lease(national_api, {DRIVE: 1})["leases"][0]["code"]
    answer = lease(national_api, {}, pending=[(DRIVE, code)])
    assert answer["leases"] == [] and answer["pending"] == [{"offer_id": DRIVE, "code": code}]
    assert server_rows(national_api, "SELECT device_id FROM code_leases WHERE code = ?", code) == [(DEVICE,)]


def test_expired_leases_go_back_to_the_pool_and_are_reported_lost(national_api: ReferenceApi) -> None:
    with idempotency.write(national_api.catalogue) as conn:  # a writer: the writer lock on PostgreSQL
        codes.set_lease_seconds(conn, 1)
    lent = lease(national_api, {DRIVE: 6})
    assert len(lent["leases"]) == 6 and lent["lease_seconds"] == 1
    time.sleep(1.2)
    other = lease(national_api, {DRIVE: 2}, device="device-9999-other")
    assert len(other["leases"]) == 2  # the first device's codes went back
    taken = {p["code"] for p in other["leases"]}
    again = lease(national_api, {DRIVE: 6}, reserve=[(p["offer_id"], p["code"]) for p in lent["leases"]])
    assert {lost["code"] for lost in again["lost"]} == taken
    assert all(lost["reason"] == "autre-poste" for lost in again["lost"])
    assert len(again["leases"]) == 4  # what was still free came back to it


def test_lookup_tells_which_codes_were_used(national_api: ReferenceApi) -> None:
    body = activation()
    code = post(national_api, body).json()["code"]
    mark_used(national_api, GROCERY, code, NOW)
    response = requests.post(national_api.url + "/v1/activations/lookup", json={"ids": [body["id"], "inconnu-123"]},
                             headers=_headers(national_api), timeout=10).json()
    assert response["activations"][0]["used_at"] == NOW.isoformat()
    assert response["unknown"] == ["inconnu-123"]
    not_assigned = national_api.admin("POST", "/admin/codes/used", json={"offer_id": GROCERY, "code": "NOPE"})
    assert not_assigned.status_code == 404
    forbidden = requests.post(national_api.url + "/admin/codes/used", json={"offer_id": GROCERY, "code": code},
                              headers=_headers(national_api), timeout=10)
    assert forbidden.status_code == 403


@pytest.mark.parametrize("kind", ["drop", "late"])
def test_commit_then_no_answer_then_replay(national_api: ReferenceApi, kind: str) -> None:
    national_api.set_faults({"kind": kind, "path": "/v1/activations", "seconds": 1.5, "times": 1})
    body = activation()
    with pytest.raises((requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)):
        response = requests.post(national_api.url + "/v1/activations", json=body,
                                 headers=_headers(national_api, body["id"]), timeout=0.5)
        response.json()
    assert server_rows(national_api, "SELECT status FROM activations WHERE id = ?", body["id"]) == [("accepted",)]
    replay = post(national_api, body)
    assert replay.status_code == 201 and replay.headers["Idempotent-Replayed"] == "true"
    assert server_rows(national_api, "SELECT count(*) FROM activations") == [(1,)]


def test_the_token_is_checked(national_api: ReferenceApi) -> None:
    response = requests.post(national_api.url + "/v1/activations", json=activation(),
                             headers={"Idempotency-Key": "x" * 10}, timeout=10)
    assert response.status_code == 401
