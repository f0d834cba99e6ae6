"""What the client refuses to be held by: a gzip bomb, a drip, an endless or oversized feed.

Each case is served by the real reference API (fault mode) on 127.0.0.1; the sync ends
with a French message and the local catalogue is exactly as it was before.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from typing import Any

import pytest

from sync.client import ApiClient, RetryPolicy, Timeouts, page_byte_limit
from sync.engine import sync_catalogue
from sync.errors import InvalidDataError, NetworkError
from tests.integration.conftest import ReferenceApi, assert_same_catalogue, local_payloads

PAGE = 20

PEAK_SCRIPT = """
import json, sys
from sync.client import ApiClient, RetryPolicy
from sync.errors import SyncError
client = ApiClient(sys.argv[1], sys.argv[2], retry=RetryPolicy(attempts=1))
try:
    client.fetch_changes(None, limit=1000)
    outcome = "accepted"
except SyncError as error:
    outcome = error.message
# VmHWM: the peak of this process's own memory (ru_maxrss may carry the forking parent's peak)
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"outcome": outcome, "peak_kib": peak}))
"""


def _snapshot(catalogue: Any) -> tuple[dict[str, Any], dict[str, str]]:
    return local_payloads(catalogue), catalogue.meta()


def _failing_sync(api: ReferenceApi, catalogue: Any, **client_options: Any) -> Exception:
    with api.client(**client_options) as client, pytest.raises((InvalidDataError, NetworkError)) as caught:
        sync_catalogue(catalogue, client, page_size=PAGE)
    return caught.value


def test_a_gzip_bomb_is_refused_with_bounded_memory(national_api: ReferenceApi) -> None:
    national_api.set_faults({"kind": "bomb", "times": None})
    run = subprocess.run([sys.executable, "-c", PEAK_SCRIPT, national_api.url, national_api.token],
                         capture_output=True, text=True, timeout=120, check=True)
    answer = json.loads(run.stdout.strip().splitlines()[-1])
    assert "dépasse la taille permise" in answer["outcome"]
    assert answer["peak_kib"] < 300 * 1024, answer
    assert page_byte_limit(1000) < 20 * 1024 * 1024


def test_a_bomb_during_a_sync_leaves_the_catalogue_unchanged(national_api: ReferenceApi, catalogue) -> None:
    before = _snapshot(catalogue)
    national_api.set_faults({"kind": "bomb", "times": None})
    error = _failing_sync(national_api, catalogue)
    assert "taille permise" in str(error) and _snapshot(catalogue) == before


def test_a_server_dripping_one_byte_a_second_is_abandoned_within_the_deadline(national_api: ReferenceApi,
                                                                              catalogue) -> None:
    before = _snapshot(catalogue)
    national_api.set_faults({"kind": "drip", "seconds": 1.0, "times": None})
    started = time.monotonic()
    error = _failing_sync(national_api, catalogue, timeouts=Timeouts(connect=2, read=5, overall=3))
    elapsed = time.monotonic() - started
    assert isinstance(error, NetworkError) and "trop lentement" in str(error)
    assert elapsed < 3 + 2.5, elapsed  # the deadline, plus one byte's wait and the set-up
    assert _snapshot(catalogue) == before


class _HeaderDrip:
    """A hostile peer on 127.0.0.1: answers every request with a status line, then one byte of
    header a tick, for at most ``limit`` seconds (it stops by itself)."""

    def __init__(self, tick: float = 0.5, limit: float = 20.0) -> None:
        self.tick, self.limit = tick, limit
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(limit)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            peer, _ = self.listener.accept()
        except OSError:
            return
        with peer:
            peer.recv(65536)
            stop = time.monotonic() + self.limit
            try:
                peer.sendall(b"HTTP/1.1 200 OK\r\n")
                while time.monotonic() < stop:
                    peer.sendall(b"X")
                    time.sleep(self.tick)
            except OSError:
                return  # the client cut the connection: what we want

    def close(self) -> None:
        self.listener.close()
        self.thread.join(timeout=self.limit + 1)


def test_a_server_dripping_its_headers_is_abandoned_within_the_deadline() -> None:
    """requests' read timeout is per packet: only the overall deadline stops a header drip."""
    drip = _HeaderDrip()
    try:
        client = ApiClient(drip.url, "jeton", timeouts=Timeouts(connect=2, read=5, overall=2),
                           retry=RetryPolicy(attempts=1))
        started = time.monotonic()
        with pytest.raises(NetworkError, match="trop lentement"):
            client.status()
        assert time.monotonic() - started < 2 + 1.5
        client.close()
    finally:
        drip.close()


@pytest.mark.parametrize(("fault", "words"), [
    ({"kind": "status", "status": 304}, "304"),
    ({"kind": "endless"}, "sans fin"),
    ({"kind": "oversize"}, "plus grande que demandé"),
])
def test_a_feed_out_of_contract_ends_the_sync_with_the_catalogue_unchanged(
        national_api: ReferenceApi, catalogue, fault: dict[str, Any], words: str) -> None:
    before = _snapshot(catalogue)
    national_api.set_faults({**fault, "times": None})
    error = _failing_sync(national_api, catalogue)
    assert words in str(error) and _snapshot(catalogue) == before
    national_api.clear_faults()
    with national_api.client() as client:
        sync_catalogue(catalogue, client, page_size=PAGE)
    assert_same_catalogue(catalogue, national_api)


def test_an_endless_cursor_after_a_good_sync_stops_the_delta(national_api: ReferenceApi, catalogue) -> None:
    with national_api.client() as client:
        sync_catalogue(catalogue, client, page_size=PAGE)
    national_api.catalogue.edit_offer(national_api.offer_ids()[0], {"title": "Titre changé"})
    national_api.set_faults({"kind": "endless", "times": None})
    error = _failing_sync(national_api, catalogue)
    assert "sans fin" in str(error)
    assert_same_catalogue(catalogue, national_api)
