"""Activations leaving a device for the real reference API: offline first, exactly once, refusals kept."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from pej_desktop.cli import main
from pej_desktop.domain.activation import refusal_advice
from pej_desktop.ops.activations import activate_offers
from pej_desktop.store import activations as rows
from pej_desktop.store import code_reserve
from sync.client import Timeouts
from sync.device_sync import finish_exchange, push_pending
from sync.outbox import push_outbox
from sync.server import codes
from tests.integration.conftest import FAST_RETRY, ReferenceApi
from tests.support.devices import Device, new_device

GROCERY = "demo-ali-001"  # voucher, renewable
PHONE = "demo-mob-006"  # code, one-time


class Crash(BaseException):
    """A kill at a chosen point: nothing after it runs, uncommitted work is lost."""


def server_activations(api: ReferenceApi) -> list[tuple[str, str, str | None]]:
    with api.catalogue.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql("SELECT id, status, code FROM activations ORDER BY id").all()]


def activations_of(device: Device, person_id: int) -> list[rows.Activation]:
    with device.people.read() as conn:
        return rows.person_activations(conn, person_id)


def pending(device: Device) -> int:
    with device.people.read() as conn:
        return rows.pending_count(conn)


def sync(device: Device, client=None):  # type: ignore[no-untyped-def]
    own = client is None
    client = client or device.client()
    try:
        return finish_exchange(push_pending(device.people, client), device.people, device.catalogue, client)
    finally:
        if own:
            client.close()


@pytest.fixture
def device(national_api: ReferenceApi, tmp_path: Path):  # type: ignore[no-untyped-def]
    made = new_device(tmp_path / "poste", national_api)
    yield made
    made.close()


def test_offline_activation_hands_a_leased_code_then_goes_up_once(device: Device, national_api: ReferenceApi) -> None:
    person = device.person()
    report = activate_offers(device.people, device.catalogue, person.id, [GROCERY])
    (result,) = report.results
    with device.people.read() as conn:
        reserve = code_reserve.reserve_rows(conn, national_api.url)
    assert result.activated and result.code in {r["code"] for r in reserve if r["handed_to"]}
    assert pending(device) == 1
    national_api.stop()  # offline
    with device.client() as offline:
        exchange = push_pending(device.people, offline)
    assert exchange.push.offline and pending(device) == 1
    national_api.start()
    assert sync(device).push.accepted == 1
    assert pending(device) == 0
    (made,) = activations_of(device, person.id)
    assert (made.state, made.code, made.code_source) == ("accepted", result.code, "lease")
    assert [(status, code) for _id, status, code in server_activations(national_api)] == [("accepted", result.code)]
    assert sync(device).push.due == 0  # nothing sent twice


def test_code_to_come_when_the_reserve_is_empty_completed_at_the_next_sync(national_api: ReferenceApi,
                                                                          tmp_path: Path) -> None:
    device = new_device(tmp_path / "poste", national_api, leases=False)
    person = device.person()
    (result,) = activate_offers(device.people, device.catalogue, person.id, [PHONE]).results
    assert result.activated and result.code is None and result.code_label == "code à venir"
    exchange = sync(device)
    assert exchange.push.completed == 1
    (made,) = activations_of(device, person.id)
    assert made.state == "accepted" and made.code and made.code_source == "pool"
    device.close()


@pytest.mark.parametrize("fault", ["late", "drop"])
def test_lost_acknowledgement_then_retry_with_the_same_key(device: Device, national_api: ReferenceApi,
                                                           fault: str) -> None:
    person = device.person()
    activate_offers(device.people, device.catalogue, person.id, [GROCERY])
    national_api.set_faults({"kind": fault, "path": "/v1/activations", "seconds": 2.0, "times": 1})
    with device.client(timeouts=Timeouts(connect=1.0, read=0.5), retry=FAST_RETRY) as client:
        result = push_outbox(device.people, client)
    assert result.accepted == 1 and national_api.faults_fired() == 1
    assert len(server_activations(national_api)) == 1
    time.sleep(0.2)
    assert len(server_activations(national_api)) == 1 and pending(device) == 0


def test_killed_after_the_answer_arrived_sends_again_and_counts_once(
    device: Device, national_api: ReferenceApi
) -> None:
    person = device.person()
    activate_offers(device.people, device.catalogue, person.id, [GROCERY, PHONE])

    def crash(where: str) -> None:
        if where == "settle":
            raise Crash(where)

    with device.client() as client, pytest.raises(Crash):
        push_outbox(device.people, client, checkpoint=crash)
    device.reopen()
    assert pending(device) == 2 and len(server_activations(national_api)) == 1  # committed upstream, not here
    with device.client() as client:
        result = push_outbox(device.people, client)
    assert (result.accepted, pending(device)) == (2, 0)
    assert len(server_activations(national_api)) == 2


def test_a_kill_inside_the_activation_leaves_nothing_behind(device: Device, national_api: ReferenceApi) -> None:
    person = device.person()

    def crash(where: str) -> None:
        raise Crash(where)

    with pytest.raises(Crash):
        activate_offers(device.people, device.catalogue, person.id, [GROCERY], checkpoint=crash)
    device.reopen()
    assert activations_of(device, person.id) == [] and pending(device) == 0
    with device.people.read() as conn:
        assert not any(r["handed_to"] for r in code_reserve.reserve_rows(conn))


def test_backoff_is_stored_and_survives_a_restart(device: Device, national_api: ReferenceApi) -> None:
    person = device.person()
    activate_offers(device.people, device.catalogue, person.id, [GROCERY])
    national_api.stop()
    with device.client() as offline:
        push_outbox(device.people, offline)
    national_api.start()
    with device.people.read() as conn:
        (entry,) = rows.outbox_entries(conn)
    assert entry.attempts == 1 and "hors ligne" in (entry.last_error or "")
    waits = entry.next_attempt_at - dt.datetime.now(dt.UTC)
    assert dt.timedelta(seconds=10) < waits <= dt.timedelta(seconds=31)
    device.reopen()
    with device.client() as client:
        assert push_outbox(device.people, client, force=False).due == 0  # the automatic sync waits
        assert push_outbox(device.people, client, force=True).accepted == 1  # the adviser's sync does not


SHORT_LEASE_SECONDS = 3  # long enough to activate right after the sync on a loaded machine


def test_business_refusals_are_kept_with_what_to_do_until_acknowledged(
    device: Device, national_api: ReferenceApi, tmp_path: Path
) -> None:
    withdrawn, taken, too_early = (
        device.person("Léa", "Martin"),
        device.person("Ilan", "Bordier"),
        device.person("Nora", "Petit"),
    )
    # 1. the offer is withdrawn nationally while the device is offline
    activate_offers(device.people, device.catalogue, withdrawn.id, ["demo-ali-004"])
    national_api.catalogue.unpublish_offer("demo-ali-004")
    # 2. the device's lease ran out while offline, another device took the code meanwhile
    with national_api.catalogue.engine.begin() as conn:
        codes.set_lease_seconds(conn, SHORT_LEASE_SECONDS)
    sync(device)
    (code_result,) = activate_offers(device.people, device.catalogue, taken.id, [PHONE]).results
    assert code_result.code, "a code from the reserve, lent before the lease ran out"
    time.sleep(SHORT_LEASE_SECONDS + 0.2)
    other = new_device(tmp_path / "autre", national_api)
    other_person = other.person("Zoé", "Autre")
    with other.people.write() as conn:  # take exactly that code: the other device leased it
        assert code_result.code in {r["code"] for r in code_reserve.reserve_rows(conn, national_api.url)}
        conn.exec_driver_sql("DELETE FROM code_reserve WHERE code != ?", (code_result.code,))
    assert activate_offers(other.people, other.catalogue, other_person.id, [PHONE]).results[0].code == code_result.code
    with national_api.catalogue.engine.begin() as conn:  # from now on leases last: no race with the clock
        codes.set_lease_seconds(conn, 3600)
    sync(other)
    # 3. the young person's code was used an hour ago, seen on another computer with the same file
    with device.people.read() as conn:
        uid = conn.exec_driver_sql("SELECT uid FROM young_people WHERE id = ?", (too_early.id,)).scalar()
    twin = other.person("Nora", "Petit")
    with other.people.write() as conn:  # the same file on both computers (a restored backup)
        conn.exec_driver_sql("UPDATE young_people SET uid = ? WHERE id = ?", (uid, twin.id))
    (first,) = activate_offers(other.people, other.catalogue, twin.id, [GROCERY]).results
    assert first.code, "the other computer hands out a code from its reserve"
    sync(other)
    national_api.admin("POST", "/admin/codes/used", json={"offer_id": GROCERY, "code": first.code})
    assert activate_offers(device.people, device.catalogue, too_early.id, [GROCERY]).results[0].activated

    assert sync(device).push.refused == 2 and pending(device) == 0  # the first was refused at the earlier sync
    with device.people.read() as conn:
        refused = {a.person_id: a for a in rows.refusals_to_acknowledge(conn)}
    expected = {
        withdrawn.id: ("offre-retiree", "Offre retirée", "retirée du catalogue national"),
        taken.id: ("code-deja-utilise", "Code déjà utilisé", "attribué à un autre jeune"),
        too_early.id: ("renouvellement-trop-tot", "Renouvellement trop tôt", "24 h après l'utilisation"),
    }
    for person_id, (slug, title, words) in expected.items():
        activation = refused[person_id]
        assert (activation.refusal_slug, activation.refusal_title) == (slug, title)
        assert words in (activation.refusal_detail or "") and refusal_advice(slug) != refusal_advice(None)
    assert sync(device).push.due == 0  # refused for good: never sent again
    with device.people.write() as conn:
        assert rows.acknowledge(conn, refused[taken.id].id, dt.datetime.now(dt.UTC))
    with device.people.read() as conn:
        assert {a.person_id for a in rows.refusals_to_acknowledge(conn)} == {withdrawn.id, too_early.id}
        assert activations_of(device, taken.id)[0].state == "rejected"  # still on the file, marked read
    other.close()


def test_an_expired_lease_is_not_handed_out_offline(device: Device, national_api: ReferenceApi) -> None:
    with national_api.catalogue.engine.begin() as conn:
        codes.set_lease_seconds(conn, 1)
    sync(device)
    time.sleep(1.2)
    person = device.person()
    (result,) = activate_offers(device.people, device.catalogue, person.id, [PHONE]).results
    assert result.activated and result.code is None  # « code à venir » rather than a code maybe given away


def test_renewable_rule_learns_when_the_code_was_used(device: Device, national_api: ReferenceApi) -> None:
    person = device.person()
    (first,) = activate_offers(device.people, device.catalogue, person.id, [GROCERY]).results
    sync(device)
    again = activate_offers(device.people, device.catalogue, person.id, [GROCERY]).results[0]
    assert not again.activated and "pas encore été utilisé" in again.reason
    used = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    national_api.admin(
        "POST", "/admin/codes/used", json={"offer_id": GROCERY, "code": first.code, "used_at": used.isoformat()}
    )
    assert sync(device).used == 1
    later = activate_offers(device.people, device.catalogue, person.id, [GROCERY]).results[0]
    assert not later.activated and "Nouveau code possible à partir du" in later.reason


def test_sync_command_sends_pending_activations_first(
    device: Device, national_api: ReferenceApi, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    person = device.person()
    activate_offers(device.people, device.catalogue, person.id, [GROCERY, "demo-mob-002"])
    device.close()
    monkeypatch.setenv("PEJ_API_TOKEN", national_api.token)
    code = main(["--data-dir", str(device.paths.data_dir), "sync", "--api", national_api.url])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Activations : 2 activation(s) transmise(s)" in out and "réserve de codes" in out
    assert len(server_activations(national_api)) == 2
    device.open()


def test_sync_command_says_when_the_personal_file_stays_closed(
    device: Device, national_api: ReferenceApi, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    import keyring

    from tests.support.memory_keyring import BrokenKeyring

    device.close()
    keyring.set_keyring(BrokenKeyring())
    monkeypatch.setenv("PEJ_API_TOKEN", national_api.token)
    monkeypatch.delenv("PEJ_PASSPHRASE", raising=False)
    code = main(["--data-dir", str(device.paths.data_dir), "sync", "--api", national_api.url])
    assert code == 6
    assert "activations en attente n'ont pas été envoyées" in capsys.readouterr().err
