"""Authorisation on the reference API, over real HTTP: who asks, and what is theirs.

A stranger is turned away (401) before any body is read; an adviser sees, replays and
leases only what their own token created (another adviser's key, activation or device
answers 404); one token holds at most its quota of codes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
import requests

from sync.server import codes
from tests.integration.conftest import ReferenceApi

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
GROCERY = "demo-ali-001"  # voucher, renewable, 8 codes
POSTS = ["/v1/activations", "/v1/activations/lookup", "/v1/codes/leases", f"/v1/offers/{GROCERY}/reports",
         "/v1/stats/unmet-searches"]
BAD_BODIES: list[tuple[str, bytes]] = [("not json", b"{not json"), ("wrong types", b'{"id": 12, "ids": "x"}'),
                                       ("empty", b""), ("huge", b'{"ids": [' + b'"x",' * 20000 + b'"x"]}')]


def _call(api: ReferenceApi, path: str, body: Any, token: str, key: str | None = None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    return requests.post(api.url + path, json=body, headers=headers, timeout=10)


def _activation(device: str, *, offer_id: str = GROCERY) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "offer_id": offer_id, "beneficiary": str(uuid.uuid4()),
            "activated_at": NOW.isoformat(), "device_id": device, "code": None}


def _lease(api: ReferenceApi, token: str, device: str, want: dict[str, int]) -> requests.Response:
    return _call(api, "/v1/codes/leases", {"device_id": device, "want": want, "reserve": [], "pending": []}, token)


@pytest.fixture
def other_token(national_api: ReferenceApi) -> str:
    return national_api.catalogue.issue_token("Bastien Autre", structure="Mission Locale de Lyon")


@pytest.mark.parametrize("path", POSTS)
@pytest.mark.parametrize("header", [None, "Bearer inconnu", "Basic abc", "Bearer "])
def test_a_stranger_gets_401_whatever_the_body(national_api: ReferenceApi, path: str, header: str | None) -> None:
    for _name, body in BAD_BODIES:
        headers = {"Content-Type": "application/json", "Idempotency-Key": "x"}
        if header is not None:
            headers["Authorization"] = header
        response = requests.post(national_api.url + path, data=body, headers=headers, timeout=10)
        assert response.status_code == 401, (path, header, _name, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_stranger_gets_401_on_reads_and_admin_even_with_bad_parameters(national_api: ReferenceApi) -> None:
    assert requests.get(national_api.url + "/v1/catalogue/changes?limit=abc", timeout=10).status_code == 401
    assert requests.put(national_api.url + "/admin/faults", data=b"[", timeout=10).status_code == 401
    assert requests.get(national_api.url + "/v1/openapi.json", timeout=10).status_code == 200  # the contract is public


def test_an_adviser_cannot_replay_or_look_up_another_advisers_activation(national_api: ReferenceApi,
                                                                         other_token: str) -> None:
    mine = _activation("poste-camille-01")
    first = _call(national_api, "/v1/activations", mine, national_api.token, key=mine["id"])
    assert first.status_code == 201
    stolen = _call(national_api, "/v1/activations", mine, other_token, key=mine["id"])
    assert stolen.status_code == 404 and stolen.json()["type"].endswith("introuvable")
    assert first.json()["code"] not in stolen.text  # nothing of A's answer leaks
    looked = _call(national_api, "/v1/activations/lookup", {"ids": [mine["id"]]}, other_token).json()
    assert looked == {"activations": [], "unknown": [mine["id"]]}
    own = _call(national_api, "/v1/activations/lookup", {"ids": [mine["id"]]}, national_api.token).json()
    assert [a["id"] for a in own["activations"]] == [mine["id"]]
    replay = _call(national_api, "/v1/activations", mine, national_api.token, key=mine["id"])
    assert replay.status_code == 201 and replay.headers["Idempotent-Replayed"] == "true"


def test_an_adviser_cannot_use_another_advisers_device(national_api: ReferenceApi, other_token: str) -> None:
    assert _lease(national_api, national_api.token, "poste-camille-01", {GROCERY: 2}).status_code == 200
    leased = _lease(national_api, other_token, "poste-camille-01", {GROCERY: 2})
    assert leased.status_code == 404 and leased.json()["type"].endswith("introuvable")
    activation = _activation("poste-camille-01")
    sent = _call(national_api, "/v1/activations", activation, other_token, key=activation["id"])
    assert sent.status_code == 404
    with national_api.catalogue.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM activations").scalar() == 0
        assert conn.exec_driver_sql("SELECT count(*) FROM code_leases").scalar() == 2


def test_an_adviser_cannot_replay_another_advisers_report(national_api: ReferenceApi, other_token: str) -> None:
    report = {"id": str(uuid.uuid4()), "kind": "worked", "reported_at": NOW.isoformat(), "device_id": "poste-a-0001"}
    path = f"/v1/offers/{GROCERY}/reports"
    assert _call(national_api, path, report, national_api.token, key=report["id"]).status_code == 201
    assert _call(national_api, path, report, other_token, key=report["id"]).status_code == 404


def test_one_token_cannot_lease_more_than_its_quota(national_api: ReferenceApi) -> None:
    national_api.catalogue.import_codes(GROCERY, [f"QUOTA-{n:04d}" for n in range(200)])
    devices = [f"poste-quota-{n:02d}" for n in range(codes.MAX_DEVICES_PER_ADVISER + 1)]
    for device in devices[:-1]:
        answer = _lease(national_api, national_api.token, device, {GROCERY: 1000})
        assert answer.status_code == 200 and len(answer.json()["leases"]) == codes.MAX_LEASED_PER_OFFER
    refused = _lease(national_api, national_api.token, devices[-1], {GROCERY: 10})
    assert refused.status_code == 409 and refused.json()["type"].endswith("quota-postes")
    with national_api.catalogue.engine.connect() as conn:
        held = conn.exec_driver_sql("SELECT count(*) FROM code_leases WHERE offer_id = ?", (GROCERY,)).scalar()
    assert held == codes.MAX_DEVICES_PER_ADVISER * codes.MAX_LEASED_PER_OFFER
