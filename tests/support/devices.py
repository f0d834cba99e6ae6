"""An adviser's computer for activation tests: its own data folder, catalogue and personal file.

``Device.reopen`` closes both databases and opens them again, as a restart (or a crash)
does; ``client`` talks to the reference API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pej_desktop.config import Paths, resolve_paths
from pej_desktop.ops import people as ops
from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.store.personal import PersonalStore
from sync.client import ApiClient, RetryPolicy, Timeouts
from tests.integration.conftest import FAST_RETRY, TEST_TIMEOUTS, ReferenceApi
from tests.support.activation_setup import ADVISER, prepare_person, young_person


@dataclass
class Device:
    paths: Paths
    api: ReferenceApi
    catalogue: CatalogueStore = field(init=False)
    people: PersonalStore = field(init=False)

    def __post_init__(self) -> None:
        self.open()

    def open(self) -> None:
        self.catalogue = CatalogueStore.open(self.paths.catalogue_db, backup_dir=self.paths.backups_dir)
        opening = ops.open_personal_store(self.paths)
        assert opening.store is not None, opening
        self.people = opening.store

    def close(self) -> None:
        self.people.close()
        self.catalogue.close()

    def reopen(self) -> None:
        self.close()
        self.open()

    def client(self, *, retry: RetryPolicy = FAST_RETRY, timeouts: Timeouts = TEST_TIMEOUTS) -> ApiClient:
        return self.api.client(retry=retry, timeouts=timeouts)

    def person(self, first_name: str = "Léa", last_name: str = "Martin", reference: str | None = None):  # type: ignore[no-untyped-def]
        return prepare_person(self.people, self.catalogue, young_person(first_name, last_name, reference=reference))


def new_device(folder: Path, api: ReferenceApi, *, synced: bool = True, leases: bool = True) -> Device:
    """A device whose catalogue comes from ``api`` (and whose reserve was renewed once)."""
    from sync.device_sync import finish_exchange, push_pending
    from sync.engine import sync_catalogue

    folder.mkdir(parents=True, exist_ok=True)
    device = Device(resolve_paths(folder).ensure(), api)
    if synced:
        with device.client() as client:
            sync_catalogue(device.catalogue, client)
    if synced and leases:
        ops.save_adviser(device.people, ADVISER)  # leases follow the agency's département
        with device.client() as client:
            finish_exchange(push_pending(device.people, client), device.people, device.catalogue, client)
    return device
