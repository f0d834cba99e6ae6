"""The sync of this device: one flow, for the window and for ``pej-desktop sync``.

1. Pending activations and reports leave first: they are the one thing that cannot be
   downloaded again (``sync.device_sync.push_pending``).
2. The catalogue (``sync.engine``): pages fetched and each applied with its cursor.
3. The code reserve and the use of codes (``sync.device_sync.finish_exchange``).

Everything here runs on a worker (the window's network pool, or the command itself):
no widget, no terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pej_desktop.ops.sync_settings import stored_token
from pej_desktop.store import secrets
from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.store.personal import PersonalStore

if TYPE_CHECKING:  # the sync client (requests, the pydantic protocol) is imported at the first sync, not at start
    from sync.client import ApiClient, Cancellable
    from sync.device_sync import ActivationExchange
    from sync.engine import SyncProgress, SyncResult


@dataclass(frozen=True)
class DeviceSync:
    catalogue: SyncResult
    exchange: ActivationExchange


def sync_device(client: ApiClient, catalogue: CatalogueStore, people: PersonalStore | None, *, full: bool = False,
                force_push: bool = True, page_size: int | None = None,
                on_progress: Callable[[SyncProgress], None] | None = None,
                cancel: Cancellable | None = None) -> DeviceSync:
    """Push, catalogue, reserve; without the personal file (locked, never made) only the catalogue.

    ``page_size`` defaults to the protocol's page size.
    """
    from sync.device_sync import finish_exchange, push_pending
    from sync.engine import sync_catalogue
    from sync.protocol import DEFAULT_PAGE_SIZE

    exchange = push_pending(people, client, force=force_push)
    if exchange.push.offline:
        raise exchange.push.error  # type: ignore[misc]  # offline always carries its SyncError
    result = sync_catalogue(catalogue, client, full=full, page_size=page_size or DEFAULT_PAGE_SIZE,
                            on_progress=on_progress, cancel=cancel)
    return DeviceSync(result, finish_exchange(exchange, people, catalogue, client))


def client_for(url: str, token: str, *, attempts: int | None = None, cancel: Cancellable | None = None) -> ApiClient:
    """The national API's client as every sync uses it (bounded answers, deadlines, retries)."""
    from sync.protocol import load_validation

    load_validation()  # the first sync imports pydantic: one thread at a time (see there)
    from sync.client import ApiClient, RetryPolicy

    retry = RetryPolicy() if attempts is None else RetryPolicy(attempts=attempts)
    return ApiClient(url, token, retry=retry, cancel=cancel)


def push_now(people: PersonalStore, url: str, token: str) -> ActivationExchange:
    """Right after an activation: one quick try to send what waits, without a catalogue sync."""
    from sync.device_sync import push_pending

    with client_for(url, token, attempts=1) as client:
        return push_pending(people, client, force=True)


def exchange_now(people: PersonalStore, catalogue: CatalogueStore, url: str, token: str) -> ActivationExchange:
    """What a sync run while the personal file was shut could not do, done once it opens:
    pending activations sent, then the code reserve renewed — without the catalogue again.
    Offline, the exchange says so (``push.offline``) and nothing else is tried."""
    from sync.device_sync import finish_exchange, push_pending

    with client_for(url, token, attempts=1) as client:
        exchange = push_pending(people, client, force=True)
        if exchange.push.offline:
            return exchange
        return finish_exchange(exchange, people, catalogue, client)


def probe_connection(url: str, token: str | None) -> str:
    """A French sentence saying what the server answered; ``ValueError`` (French) when it did not."""
    from sync.protocol import load_validation

    load_validation()
    from sync.client import ApiClient, RetryPolicy, Timeouts
    from sync.errors import SyncError

    try:
        token = token or stored_token()
    except secrets.SecretStoreUnavailable:
        token = None
    if not token:
        raise ValueError("Saisissez le jeton fourni par l'équipe nationale pour tester la connexion.")
    try:
        with ApiClient(url, token, retry=RetryPolicy(attempts=2, base_delay=0.2),
                       timeouts=Timeouts(connect=5, read=10)) as client:
            status = client.status()
    except SyncError as error:
        raise ValueError(error.message) from None
    counts = status.get("counts", {})
    return (f"Connexion réussie : catalogue « {status.get('catalogue_label', '?')} », "
            f"{counts.get('offer', '?')} offres. Jeton de {status.get('adviser', '?')}.")
