"""The outbox loses nothing: only the contract's own answer about an entry takes it out.

Each fault is served by the real reference API on 127.0.0.1 (fault mode) to the real
client: the activation or report stays pending, with its backoff, and reaches the
server exactly once at the next good sync.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from pej_desktop.ops import activations as activation_ops
from pej_desktop.ops import offer_feedback
from pej_desktop.store import activations as rows
from pej_desktop.store import offer_feedback as feedback_rows
from sync.device_sync import finish_exchange, push_pending
from sync.offer_feedback_push import push_offer_feedback
from sync.outbox import push_outbox
from tests.integration.conftest import ReferenceApi
from tests.support.devices import Device, new_device


@pytest.fixture
def national_api(national_api_any_db: ReferenceApi) -> ReferenceApi:
    """Every test of this file runs on SQLite and on PostgreSQL."""
    return national_api_any_db

GROCERY = "demo-ali-001"
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
TRANSIENT_FAULTS: list[dict[str, Any]] = [
    *({"kind": "status", "status": status} for status in (301, 302, 307, 308, 408, 429, 500, 503)),
    {"kind": "portal"}, {"kind": "truncate"}, {"kind": "misdirect"},
]


def _name(fault: dict[str, Any]) -> str:
    return f"{fault['kind']}-{fault.get('status', '')}".rstrip("-")


@pytest.fixture
def device(national_api: ReferenceApi, tmp_path: Path):  # type: ignore[no-untyped-def]
    made = new_device(tmp_path / "poste", national_api)
    yield made
    made.close()


def _server_rows(api: ReferenceApi, sql: str) -> list[tuple[Any, ...]]:
    with api.catalogue.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(sql).all()]


def _entries(device: Device) -> list[rows.OutboxEntry]:
    with device.people.read() as conn:
        return rows.due_entries(conn, device.api.url, NOW, force=True)


@pytest.mark.parametrize("fault", TRANSIENT_FAULTS, ids=_name)
def test_a_transient_answer_leaves_the_activation_pending_until_the_next_good_sync(
        device: Device, national_api: ReferenceApi, fault: dict[str, Any]) -> None:
    person = device.person()
    (made,) = activation_ops.activate_offers(device.people, device.catalogue, person.id, [GROCERY]).results
    national_api.set_faults({**fault, "path": "/v1/activations", "times": None})
    with device.client() as client:
        result = push_outbox(device.people, client)
    assert (result.accepted, result.refused, result.failed) == (0, 0, 1)
    assert result.error is not None  # said, not hidden
    (entry,) = _entries(device)
    assert entry.attempts == 1 and entry.next_attempt_at > NOW  # backoff stored
    national_api.clear_faults()
    with device.client() as client:
        exchange = finish_exchange(push_pending(device.people, client), device.people, device.catalogue, client)
    assert exchange.push.accepted == 1 and _entries(device) == []
    with device.people.read() as conn:
        (activation,) = rows.person_activations(conn, person.id)
    assert activation.state == "accepted" and activation.code == made.code
    # exactly once
    assert _server_rows(national_api, "SELECT id, status FROM activations") == [(activation.uid, "accepted")]


def test_a_business_refusal_is_final_and_visible(device: Device, national_api: ReferenceApi) -> None:
    person = device.person()
    activation_ops.activate_offers(device.people, device.catalogue, person.id, [GROCERY])
    national_api.catalogue.unpublish_offer(GROCERY)
    with device.client() as client:
        result = push_outbox(device.people, client)
    assert (result.accepted, result.refused, result.failed) == (0, 1, 0) and _entries(device) == []
    with device.people.read() as conn:
        (activation,) = rows.person_activations(conn, person.id)
    assert activation.state == "rejected" and activation.refusal_slug == "offre-retiree"


@pytest.mark.parametrize("fault", [TRANSIENT_FAULTS[1], TRANSIENT_FAULTS[4], {"kind": "portal"},
                                   {"kind": "misdirect"}], ids=_name)
def test_a_report_stays_in_the_outbox_until_the_server_confirms_it(device: Device, national_api: ReferenceApi,
                                                                   fault: dict[str, Any]) -> None:
    person = device.person()
    (made,) = activation_ops.activate_offers(device.people, device.catalogue, person.id, [GROCERY]).results
    with device.client() as client:
        assert push_outbox(device.people, client).accepted == 1
    with device.people.read() as conn:
        (activation,) = rows.person_activations(conn, person.id)
    assert offer_feedback.record_feedback(device.people, person.id, activation.uid, "worked", now=NOW)
    national_api.set_faults({**fault, "path": "/v1/offers/", "times": None})
    with device.client() as client:
        first = push_offer_feedback(device.people, client)
    assert (first.delivered, first.dropped, first.failed) == (0, 0, 1)
    with device.people.read() as conn:
        assert feedback_rows.feedback_pending(conn) == 1
    national_api.clear_faults()
    with device.client() as client:
        again = push_offer_feedback(device.people, client)
    assert (again.delivered, again.failed) == (1, 0)
    assert len(_server_rows(national_api, "SELECT id FROM offer_reports")) == 1
    assert made.activated
