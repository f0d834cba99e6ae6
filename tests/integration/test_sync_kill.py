"""A sync process killed (SIGKILL) at random points, then restarted, ends equal to the server.

The client runs as the real command-line program (``pej-desktop sync``) in a child
process; the server side counts the pages it has served, and each kill lands a few
random milliseconds after a randomly chosen page: while waiting for the network,
validating, or inside a write transaction (the final swap included).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pej_desktop.store.catalogue import CatalogueStore
from tests.integration.conftest import ReferenceApi, assert_same_catalogue, small_catalogue

PAGE = 40


def _command(api: ReferenceApi) -> list[str]:
    return [sys.executable, "-m", "pej_desktop", "sync", "--api", api.url, "--page-size", str(PAGE), "--quiet"]


def _pages_served(api: ReferenceApi) -> int:
    return api.server.faults.rules[0].fired  # the delay rule fires on every page


def _run_and_kill(api: ReferenceApi, env: dict[str, str], rng: random.Random, last_page: int) -> bool:
    """Start a sync, kill it after a random page; True if it was still running when killed."""
    target = _pages_served(api) + rng.randint(1, max(1, last_page))
    process = subprocess.Popen(_command(api), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while _pages_served(api) < target and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    time.sleep(rng.uniform(0, 0.03))
    running = process.poll() is None
    if running:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert not running or process.returncode == -signal.SIGKILL
    return running


def _run_to_the_end(api: ReferenceApi, env: dict[str, str]) -> None:
    finished = subprocess.run(_command(api), env=env, capture_output=True, text=True, timeout=60)
    assert finished.returncode == 0, finished.stderr


@pytest.mark.slow
def test_sync_killed_at_random_points_then_restarted_equals_the_server(national_api, data_dir: Path) -> None:
    api, rng = national_api, random.Random(20261128)
    api.load(small_catalogue(offers=1200, partners=30, seed=5))
    api.set_faults({"kind": "delay", "seconds": 0.02, "times": None})
    env = {**os.environ, "PEJ_DATA_DIR": str(data_dir), "PEJ_API_TOKEN": api.token}

    killed = sum(_run_and_kill(api, env, rng, last_page=10) for _ in range(3))  # full sync: ~31 pages
    _run_to_the_end(api, env)
    ids = api.offer_ids()
    for offer_id in ids[:250]:
        api.catalogue.edit_offer(offer_id, {"subtitle": f"Modifiée {rng.random():.6f}"})
    for offer_id in ids[250:300]:
        api.catalogue.unpublish_offer(offer_id)
    for offer_id in ids[300:340]:
        api.catalogue.delete_offer(offer_id)
    killed += sum(_run_and_kill(api, env, rng, last_page=3) for _ in range(2))  # delta: ~9 pages
    _run_to_the_end(api, env)

    assert killed >= 4
    store = CatalogueStore.open(data_dir / "catalogue.sqlite3")
    try:
        assert_same_catalogue(store, api)
    finally:
        store.close()
