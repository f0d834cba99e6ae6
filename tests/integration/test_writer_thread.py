"""Who writes which database: the network pool fetches and checks, the database worker writes.

A whole device sync (outbox, full catalogue, code reserve, then a delta) runs on the window's
network pool against the reference API; every write transaction opened on either local file
is recorded with the thread that opened it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import Connection, event

from pej_desktop.ops import device_sync
from pej_desktop.ops.activations import activate_offers
from pej_desktop.ops.background import executor, shutdown_executors
from pej_desktop.store import activations as rows
from pej_desktop.store.db import SqliteStore
from pej_desktop.store.writer_thread import WrongWriterThread
from tests.integration.conftest import FAST_RETRY, TEST_TIMEOUTS, ReferenceApi, assert_same_catalogue
from tests.support.devices import Device, new_device

T = TypeVar("T")
GROCERY = "demo-ali-001"


@pytest.fixture
def device(national_api: ReferenceApi, tmp_path: Path) -> Iterator[Device]:
    made = new_device(tmp_path / "poste", national_api)
    yield made
    shutdown_executors(wait=True)
    made.close()


def writers_of(store: SqliteStore) -> list[str]:
    """The names of the threads that open write transactions on ``store``, as they happen."""
    names: list[str] = []

    def begun(conn: Connection) -> None:
        if conn.get_execution_options().get("pej_write"):
            names.append(threading.current_thread().name)

    event.listen(store.engine, "begin", begun)
    return names


def on_network_pool(work: Callable[[], T]) -> T:
    return executor("net").submit(work).result(timeout=60)


def sync_device(device: Device, *, full: bool = False) -> Any:
    with device.api.client(retry=FAST_RETRY, timeouts=TEST_TIMEOUTS) as client:
        return device_sync.sync_device(client, device.catalogue, device.people, full=full)


def test_a_sync_on_the_network_pool_writes_both_files_only_from_the_database_worker(
    device: Device, national_api: ReferenceApi
) -> None:
    person = device.person()
    activate_offers(device.people, device.catalogue, person.id, [GROCERY])
    catalogue_writers, personal_writers = writers_of(device.catalogue), writers_of(device.people)

    done = on_network_pool(lambda: sync_device(device, full=True))
    assert done.catalogue.outcome == "replaced" and done.exchange.push.accepted == 1
    changed = national_api.offer_ids()[:3]
    for offer_id in changed:
        national_api.catalogue.edit_offer(offer_id, {"subtitle": "Nouvelle condition"})
    delta = on_network_pool(lambda: sync_device(device))
    assert delta.catalogue.outcome == "updated" and delta.catalogue.applied == 3

    assert_same_catalogue(device.catalogue, national_api)
    with device.people.read() as conn:
        assert rows.pending_count(conn) == 0
    assert catalogue_writers and personal_writers  # the swap, the delta page; the answer, the reserve
    assert {name.split("_")[0] for name in catalogue_writers + personal_writers} == {"pej-db"}


def test_a_write_opened_on_the_network_pool_is_refused_and_leaves_the_file_unchanged(device: Device) -> None:
    before = device.catalogue.meta()

    def stray_write() -> None:
        with device.catalogue.write() as conn:
            conn.exec_driver_sql("DELETE FROM catalogue_meta")

    with pytest.raises(WrongWriterThread, match="only the database worker writes"):
        on_network_pool(stray_write)
    assert device.catalogue.meta() == before
