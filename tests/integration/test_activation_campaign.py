"""Fault campaign: randomised runs of offline activations, server faults and client kills.

Three advisers' computers share one reference server through a cable the test can
unplug. Each run picks a computer, maybe restarts it, maybe unplugs the cable, sets
random server faults (errors with Retry-After, answers cut after the commit, answers
arriving after the client gave up, slow leases), activates a few offers for its young
people, maybe syncs, and maybe kills the client at a random point — before sending,
once the answer is in, inside the settling transaction, inside an activation, after a
lease answer. A kill raises through the client, which is abandoned; its databases are
reopened as after a restart. Renewable offers get their codes used now and then (24 h
back), so renewals and the national refusals (too early, code taken) happen too.

At the end the cable is plugged, faults cleared, every computer syncs, then gives its
codes back. Checked: every activation recorded on a computer is on the server exactly
once with the same outcome and code; no code is held by two young people; every code
lent is either handed to one young person or back in the pool. The figures go to the
test's output (``-s``) and are quoted in docs/activations.md.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pej_desktop.ops.activations import activate_offers
from pej_desktop.store import activations as rows
from pej_desktop.store import code_reserve
from sync.client import ApiClient, RetryPolicy, Timeouts
from sync.device_sync import finish_exchange, push_pending
from sync.engine import sync_catalogue
from sync.errors import SyncError
from sync.server import codes
from tests.integration.conftest import ReferenceApi
from tests.support.cable import Cable
from tests.support.devices import Device, new_device

RUNS = 200
SEED = 20261128
OFFERS = ["demo-ali-001", "demo-ali-003", "demo-ali-004", "demo-ali-008", "demo-mob-006", "demo-mob-008",
          "demo-mob-009", "demo-log-003", "demo-log-004", "demo-log-006", "demo-log-014", "demo-san-003",
          "demo-san-005", "demo-san-007", "demo-slc-005", "demo-equ-001", "demo-equ-003", "demo-equ-005",
          "demo-equ-013", "demo-mob-002"]  # renewable and one-time codes, one pass offer (last)
FIRST_NAMES = ("Léa", "Ilan", "Nora", "Sami", "Inès", "Yanis")
WITHDRAWN = "demo-san-005"
KILL_POINTS = ("activation", "send", "answered", "settle", "leased")
CLIENT_TIMEOUTS = Timeouts(connect=0.5, read=0.3)
RETRY = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.03)


class Kill(BaseException):
    """The client dies here: nothing after this point runs, uncommitted work is lost."""


@dataclass
class Figures:
    runs: int = 0
    activations: int = 0
    refused_locally: int = 0
    kills: Counter = field(default_factory=Counter)
    offline_runs: int = 0
    syncs: int = 0
    faults: Counter = field(default_factory=Counter)


def _faults(rng: random.Random) -> list[dict[str, object]]:
    menu = [
        {"kind": "status", "path": "/v1/activations", "status": 503, "retry_after": 0, "probability": 0.3,
         "times": None},
        {"kind": "drop", "path": "/v1/activations", "probability": 0.3, "times": None},
        {"kind": "late", "path": "/v1/activations", "seconds": 0.4, "probability": 0.15, "times": 2},
        {"kind": "status", "path": "/v1/codes/leases", "status": 500, "probability": 0.5, "times": None},
        {"kind": "truncate", "path": "/v1/codes/leases", "probability": 0.3, "times": None},
        {"kind": "drop", "path": "/v1/activations/lookup", "probability": 0.5, "times": None},
        *({"kind": "status", "path": "/v1/activations", "status": status, "probability": 0.3, "times": None}
          for status in (301, 302, 307, 308, 408, 429, 500)),
        {"kind": "portal", "path": "/v1/activations", "probability": 0.3, "times": None},
        {"kind": "truncate", "path": "/v1/activations", "probability": 0.3, "times": None},
        {"kind": "misdirect", "path": "/v1/activations", "probability": 0.3, "times": None},
    ]
    return rng.sample(menu, rng.randint(0, 3))


def _client(cable: Cable, token: str) -> ApiClient:
    return ApiClient(cable.url, token, retry=RETRY, timeouts=CLIENT_TIMEOUTS)


def _killer(rng: random.Random, figures: Figures):  # type: ignore[no-untyped-def]
    if rng.random() >= 0.45:
        return None
    point, skip = rng.choice(KILL_POINTS), rng.randint(0, 2)

    def checkpoint(where: str) -> None:
        nonlocal skip
        if where == point:
            if skip == 0:
                figures.kills[where] += 1
                raise Kill(where)
            skip -= 1

    return checkpoint


def _one_run(run: int, rng: random.Random, devices: list[Device], people: dict[int, list[int]], cable: Cable,
             api: ReferenceApi, figures: Figures) -> None:
    index = rng.randrange(len(devices))
    device = devices[index]
    if rng.random() < 0.1:
        device.reopen()
    offline = rng.random() < 0.35
    figures.offline_runs += offline
    cable.unplug() if offline else cable.plug()
    rules = _faults(rng)
    figures.faults.update(str(r["kind"]) for r in rules)
    api.server.faults.replace(rules)
    killer = _killer(rng, figures)
    try:
        for _ in range(rng.randint(1, 3)):
            person = rng.choice(people[index])
            offers = rng.sample(OFFERS, rng.randint(1, 2))
            report = activate_offers(device.people, device.catalogue, person, offers, checkpoint=killer)
            figures.activations += len(report.activated)
            figures.refused_locally += len(report.refused)
        if rng.random() < 0.7:
            figures.syncs += 1
            with _client(cable, api.token) as client:
                exchange = push_pending(device.people, client, force=rng.random() < 0.8, checkpoint=killer)
                if rng.random() < 0.2 and not exchange.push.offline:
                    sync_catalogue(device.catalogue, client)
                finish_exchange(exchange, device.people, device.catalogue, client, checkpoint=killer)
    except Kill:
        device.reopen()  # the process died: what was committed is all there is
    except SyncError:
        pass  # a token or cancel problem would be a bug; network ones are reported, not raised
    if rng.random() < 0.3:
        _use_some_codes(api, rng)
    if run % 40 == 20:
        api.catalogue.unpublish_offer(WITHDRAWN)  # the national team withdraws an offer for a while
    elif run % 40 == 39:
        api.catalogue.publish_offer(WITHDRAWN)


def _use_some_codes(api: ReferenceApi, rng: random.Random) -> None:
    """A partner redeems codes (used 26 hours ago, so the renewal rule lets the next one through)."""
    with api.catalogue.engine.connect() as conn:
        held = conn.exec_driver_sql("SELECT offer_id, code FROM activations WHERE status = 'accepted' "
                                    "AND code IS NOT NULL AND used_at IS NULL").all()
    used = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=26)).isoformat()
    for offer_id, code in rng.sample(held, min(len(held), 3)):
        api.admin("POST", "/admin/codes/used", json={"offer_id": offer_id, "code": code, "used_at": used})


def _settle_everything(devices: list[Device], cable: Cable, api: ReferenceApi) -> None:
    cable.plug()
    api.server.faults.clear()
    with api.catalogue.engine.begin() as conn:
        codes.set_lease_seconds(conn, 600)  # nothing expires while the end state is compared
    for _round in range(2):
        for device in devices:
            device.reopen()
            with _client(cable, api.token) as client:
                finish_exchange(push_pending(device.people, client), device.people, device.catalogue, client)


@pytest.mark.slow
def test_fault_campaign_every_activation_once_every_code_accounted_for(national_api: ReferenceApi,
                                                                      tmp_path: Path) -> None:
    api, rng, figures = national_api, random.Random(SEED), Figures()
    for offer_id in OFFERS[:-1]:  # deep pools: the campaign is about faults, not empty pools
        api.catalogue.import_codes(offer_id, [f"CAMP-{offer_id[5:]}-{n:04d}" for n in range(150)])
    with api.catalogue.engine.begin() as conn:
        codes.set_lease_seconds(conn, 1)  # short leases: many expire while a computer is offline
    cable = Cable(api.server.port)
    api_for_devices = ReferenceApi(server=api.server, catalogue=api.catalogue, db_path=api.db_path,
                                   token=api.token, admin_token=api.admin_token)
    api_for_devices.server = _CableServer(api.server, cable)  # type: ignore[assignment]
    devices = [new_device(tmp_path / f"poste-{n}", api_for_devices) for n in range(3)]
    people = {n: [d.person(first, last).id for first in FIRST_NAMES] for n, (d, last) in
              enumerate(zip(devices, ("Martin", "Bordier", "Petit")))}
    started = time.monotonic()
    for run in range(RUNS):
        _one_run(run, rng, devices, people, cable, api, figures)
        figures.runs += 1
    _settle_everything(devices, cable, api)
    campaign_seconds = time.monotonic() - started

    local = _local_activations(devices)
    breakdown = _breakdown(devices)
    server = _server_activations(api)
    lost = [uid for uid in local if uid not in server]
    duplicated = [uid for uid in server if uid not in local]
    mismatched = [uid for uid, (state, code) in local.items()
                  if uid in server and (state, code) != (server[uid][0], server[uid][1] if state == "accepted"
                                                         else code)]
    print(f"\nCampaign: {figures.runs} runs, {len(local)} activations recorded ({figures.activations} handed out, "
          f"{figures.refused_locally} refused by the engine), accepted "
          f"{sum(1 for s, _c in local.values() if s == 'accepted')}, refused upstream "
          f"{sum(1 for s, _c in local.values() if s == 'rejected')}, lost {len(lost)}, duplicated "
          f"{len(duplicated)}; kills {sum(figures.kills.values())} {dict(figures.kills)}, offline runs "
          f"{figures.offline_runs}, syncs {figures.syncs}, fault rules {dict(figures.faults)}; "
          f"{campaign_seconds:.1f} s; {breakdown}")
    assert figures.runs >= 200 and len(local) >= 200
    assert all(state in ("accepted", "rejected") for state, _code in local.values()), "something still pending"
    assert lost == [] and duplicated == [] and mismatched == []
    assert sum(figures.kills.values()) >= 20 and figures.offline_runs >= 40
    _assert_codes_accounted_for(api, devices, cable, local)


class _CableServer:
    """The server as the devices see it: through the cable (same port for their whole life)."""

    def __init__(self, server, cable: Cable) -> None:  # type: ignore[no-untyped-def]
        self._server, self._cable = server, cable

    @property
    def url(self) -> str:
        return self._cable.url

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._server, name)


def _local_activations(devices: list[Device]) -> dict[str, tuple[str, str | None]]:
    found: dict[str, tuple[str, str | None]] = {}
    for device in devices:
        with device.people.read() as conn:
            assert rows.pending_count(conn) == 0
            for uid, state, code in conn.exec_driver_sql("SELECT uid, state, code FROM activations"):
                assert uid not in found, "an activation id on two computers"
                found[uid] = (state, code)
    return found


def _breakdown(devices: list[Device]) -> str:
    sources: Counter = Counter()
    refusals: Counter = Counter()
    for device in devices:
        with device.people.read() as conn:
            for source, slug in conn.exec_driver_sql("SELECT code_source, refusal_slug FROM activations"):
                sources[source or "sans code"] += 1
                if slug:
                    refusals[slug] += 1
    return f"codes by source {dict(sources)}, refusals {dict(refusals)}"


def _server_activations(api: ReferenceApi) -> dict[str, tuple[str, str | None]]:
    with api.catalogue.engine.connect() as conn:
        return {uid: (status, code) for uid, status, code in
                conn.exec_driver_sql("SELECT id, status, code FROM activations")}


def _assert_codes_accounted_for(api: ReferenceApi, devices: list[Device], cable: Cable,
                                local: dict[str, tuple[str, str | None]]) -> None:
    with api.catalogue.engine.connect() as conn:
        holders = conn.exec_driver_sql("SELECT offer_id, code, count(*) FROM activations WHERE status = 'accepted' "
                                       "AND code IS NOT NULL GROUP BY offer_id, code HAVING count(*) > 1").all()
        assigned = dict(((o, c), a) for o, c, a in conn.exec_driver_sql(
            "SELECT offer_id, code, assigned_to FROM offer_codes WHERE assigned_to IS NOT NULL"))
        leased = {(o, c): d for o, c, d in conn.exec_driver_sql("SELECT offer_id, code, device_id FROM code_leases")}
    assert holders == [], "a code held by two young people"
    for activation_id in assigned.values():
        assert activation_id in local, "a code handed to an activation no computer recorded"
    reserves: dict[tuple[str, str], str] = {}
    for device in devices:
        with device.people.write() as conn:
            device_id = rows.device_id(conn)
            for row in code_reserve.reserve_rows(conn, cable.url):
                assert row["handed_to"] is None, "a handed-out code still waiting after the final sync"
                assert (row["offer_id"], row["code"]) not in reserves, "a code in two reserves"
                reserves[(row["offer_id"], row["code"])] = device_id
    assert reserves == leased, "every code a computer holds is lent to it, and only those"
    # the computers give everything back: every code lent is then assigned or free
    with api.catalogue.engine.begin() as conn:
        codes.set_lease_seconds(conn, 1)
    for device in devices:
        with device.people.write() as conn:
            conn.exec_driver_sql("DELETE FROM code_reserve")  # this computer keeps nothing
        with ApiClient(cable.url, api.token, retry=RETRY, timeouts=CLIENT_TIMEOUTS) as client:
            from sync.activation_api import ActivationApi

            with device.people.read() as conn:
                device_id = conn.exec_driver_sql("SELECT value FROM personal_meta WHERE key = 'device_id'").scalar()
            ActivationApi(client).leases({"device_id": device_id, "want": {}, "reserve": [], "pending": []})
    with api.catalogue.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM code_leases").scalar_one() == 0
        states = conn.exec_driver_sql("SELECT count(*), count(assigned_at) FROM offer_codes").one()
    assert states[1] == len(assigned)  # the rest is free again
    for device in devices:
        device.close()
    cable.close()


# -- real processes killed with SIGKILL --------------------------------------------------------------
PASSPHRASE = "phrase de passe du banc d'essai 2026"
KILL_RUNS = 10


def _subprocess_env(device_dir: Path, api: ReferenceApi) -> dict[str, str]:
    import os

    return {**os.environ, "PEJ_DATA_DIR": str(device_dir), "PEJ_PASSPHRASE": PASSPHRASE,
            "PEJ_API_TOKEN": api.token, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "QT_QPA_PLATFORM": "offscreen"}


@pytest.mark.slow
def test_processes_killed_at_random_points_lose_and_duplicate_nothing(national_api: ReferenceApi,
                                                                      tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    import keyring

    from pej_desktop.config import resolve_paths
    from pej_desktop.ops import people as ops
    from pej_desktop.store.catalogue import CatalogueStore
    from pej_desktop.store.personal_key import passphrase_key
    from sync.engine import sync_catalogue as pull
    from tests.support.activation_setup import prepare_person, young_person
    from tests.support.memory_keyring import BrokenKeyring

    api, rng = national_api, random.Random(SEED + 1)
    folder = tmp_path / "poste-script"
    paths = resolve_paths(folder).ensure()
    keyring.set_keyring(BrokenKeyring())
    people = ops.open_personal_store(paths, passphrase_key(PASSPHRASE)).store
    catalogue = CatalogueStore.open(paths.catalogue_db, backup_dir=paths.backups_dir)
    with api.client() as client:
        pull(catalogue, client)
    references = [f"70000000{n}" for n in range(3)]
    for reference, first in zip(references, ("Léa", "Ilan", "Nora")):
        prepare_person(people, catalogue, young_person(first, "Script", reference=reference))
    people.close()
    catalogue.close()
    env = _subprocess_env(folder, api)
    api.set_faults({"kind": "delay", "path": "/v1/", "seconds": 0.05, "times": None})
    killed = 0
    for _run in range(KILL_RUNS):
        if rng.random() < 0.6:
            command = ["activate", "--young-person", rng.choice(references), "--offer", rng.choice(OFFERS[:-1])]
        else:
            command = ["sync", "--api", api.url, "--quiet"]
        process = subprocess.Popen([sys.executable, "-m", "pej_desktop", *command], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 0.9))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            killed += 1
        process.wait(timeout=30)
    api.clear_faults()
    for _final in range(2):
        done = subprocess.run([sys.executable, "-m", "pej_desktop", "sync", "--api", api.url], env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    people = ops.open_personal_store(paths, passphrase_key(PASSPHRASE)).store
    try:
        with people.read() as conn:
            local = {uid: (state, code) for uid, state, code in
                     conn.exec_driver_sql("SELECT uid, state, code FROM activations")}
            assert rows.pending_count(conn) == 0
    finally:
        people.close()
    server = _server_activations(api)
    assert set(local) == set(server), "lost or duplicated across kill -9"
    assert all(server[uid][0] == state and (state != "accepted" or server[uid][1] == code)
               for uid, (state, code) in local.items())
    print(f"\nkill -9: {KILL_RUNS} processes, {killed} killed, {len(local)} activations, lost 0, duplicated 0")
    assert killed >= 3
