"""``make load``: a morning of the national API, measured over loopback.

N simulated devices start their day at once: a full then delta catalogue sync, a lease
renewal, a few activations (each sent twice, as an unreliable network would), in a loop
for a fixed time. Run against SQLite (1 worker) and PostgreSQL with 1, 2 and 4 workers,
each a real ``pej-national-api serve`` subprocess on a fresh database. Prints requests
per second, p50/p95/p99 latency per endpoint and the errors, then checks in the database
that every accepted activation is recorded once and no code was handed out twice.

    .venv/bin/python -m tests.load.morning [--devices 40] [--seconds 8] [--offers 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from sync.generator import generate_catalogue
from sync.protocol import CHANGES_PATH
from sync.protocol.french_cli import FrenchArgumentParser
from sync.server.catalogue import ServerCatalogue
from sync.server.db import open_server_db
from tests.support.postgres import PostgresCluster, free_port, start_cluster

SETUPS = (("sqlite", 1), ("postgresql", 1), ("postgresql", 2), ("postgresql", 4))


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    accepted: set[str] = field(default_factory=set)
    handed: list[tuple[str, str]] = field(default_factory=list)  # (offer, code) in 201 answers, first sends

    async def call(self, name: str, send: Any) -> httpx.Response | None:
        start = time.perf_counter()
        try:
            response: httpx.Response = await send
        except httpx.HTTPError as error:
            self.errors[f"{name}: {type(error).__name__}"] += 1
            return None
        self.latencies[name].append(time.perf_counter() - start)
        if response.status_code >= 500 or response.status_code in (400, 401, 403, 429):
            self.errors[f"{name}: HTTP {response.status_code}"] += 1
        return response


async def _sync(client: httpx.AsyncClient, tally: Tally, cursor: str | None) -> str | None:
    name = "GET changes (delta)" if cursor else "GET changes (complet)"
    while True:
        params: dict[str, Any] = {"limit": 500, **({"since": cursor} if cursor else {})}
        response = await tally.call(name, client.get(CHANGES_PATH, params=params))
        if response is None or response.status_code != 200:
            return cursor
        page = response.json()
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return cursor


async def _device(url: str, token: str, device: str, offers: list[str], until: float, tally: Tally) -> None:
    rng = random.Random(device)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30) as client:
        cursor: str | None = None
        while time.monotonic() < until:
            cursor = await _sync(client, tally, cursor)
            wanted = rng.sample(offers, 3)
            await tally.call("POST leases", client.post("/v1/codes/leases", json={
                "device_id": device, "want": {o: 2 for o in wanted}, "reserve": [], "pending": []}))
            for _ in range(2):
                body = {"id": str(uuid.uuid4()), "offer_id": rng.choice(offers), "beneficiary": str(uuid.uuid4()),
                        "activated_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
                        "device_id": device, "code": None}
                key = {"Idempotency-Key": body["id"]}
                first = await tally.call("POST activations", client.post("/v1/activations", json=body, headers=key))
                await tally.call("POST activations (replay)", client.post("/v1/activations", json=body, headers=key))
                if first is not None and first.status_code == 201:
                    tally.accepted.add(body["id"])
                    if first.json().get("code"):
                        tally.handed.append((body["offer_id"], first.json()["code"]))


def _prepare(db: str | Path, devices: int, offers: int) -> tuple[list[str], list[str]]:
    engine = open_server_db(db)
    catalogue = ServerCatalogue(engine)
    catalogue.load_document(generate_catalogue(offers, max(1, offers // 25), 7, codes_per_offer=200))
    # One adviser per device (an adviser may register 5 devices; the morning has one each).
    tokens = [catalogue.issue_token(f"Conseiller {n:05d}", structure=f"ML {n % 40}") for n in range(devices)]
    with catalogue.read() as conn:
        ids = list(conn.exec_driver_sql(
            "SELECT id FROM records WHERE kind = 'offer' AND gone IS NULL ORDER BY id").scalars())
    engine.dispose()
    return tokens, ids


def _check(db: str | Path, tally: Tally) -> list[str]:
    """What the database says: each accepted activation once, no code handed out twice."""
    problems: list[str] = []
    engine = open_server_db(db)
    with engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT id FROM activations WHERE status = 'accepted'").scalars().all()
        twice = conn.exec_driver_sql("SELECT offer_id, code FROM activations WHERE code IS NOT NULL "
                                     "GROUP BY offer_id, code HAVING count(*) > 1").all()
    engine.dispose()
    if len(stored) != len(set(stored)) or not tally.accepted <= set(stored):
        problems.append(f"activations : {len(tally.accepted)} acceptées, {len(stored)} enregistrées")
    if twice or len(tally.handed) != len(set(tally.handed)):
        problems.append(f"codes donnés deux fois : {len(twice)}")
    return problems


def _serve(db: str | Path, workers: int, folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    log = (folder / f"serve-{workers}.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "sync.server.cli", "serve", "--db", str(db), "--port", str(port),
                                "--workers", str(workers), "--log-level", "warning"], stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/v1/openapi.json", timeout=1)
            return process, url
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("le serveur ne démarre pas : voir " + log.name)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def _report(label: str, tally: Tally, seconds: float, problems: list[str]) -> None:
    total = sum(len(v) for v in tally.latencies.values())
    print(f"\n== {label} — {total / seconds:.0f} req/s en tout sur {seconds:.1f} s")
    print(f"{'endpoint':28} {'req':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name, values in sorted(tally.latencies.items()):
        print(f"{name:28} {len(values):6d} {len(values) / seconds:7.1f} {statistics.median(values) * 1000:8.1f} "
              f"{_percentile(values, 0.95):8.1f} {_percentile(values, 0.99):8.1f}")
    print("erreurs : " + (", ".join(f"{k} ×{v}" for k, v in sorted(tally.errors.items())) or "aucune"))
    print(f"activations acceptées : {len(tally.accepted)} ; vérification : " + ("; ".join(problems) or "OK"))


def run_setup(kind: str, workers: int, args: argparse.Namespace, cluster: PostgresCluster | None,
              folder: Path) -> bool:
    db: str | Path = cluster.new_database() if cluster else folder / f"national-{workers}.sqlite3"
    tokens, offers = _prepare(db, args.devices, args.offers)
    process, url = _serve(db, workers, folder)
    tally = Tally()
    try:
        start = time.monotonic()
        until = start + args.seconds

        async def morning() -> None:
            await asyncio.gather(*(_device(url, token, f"device-{n:05d}", offers, until, tally)
                                   for n, token in enumerate(tokens)))

        asyncio.run(morning())
        elapsed = time.monotonic() - start
    finally:
        process.terminate()
        process.wait(timeout=30)
    problems = _check(db, tally)
    _report(f"{kind}, {workers} worker(s), {args.devices} postes", tally, elapsed, problems)
    return not problems and not tally.errors


def main(argv: list[str] | None = None) -> int:
    parser = FrenchArgumentParser(description="Une matinée de l'API nationale, mesurée en local.")
    parser.add_argument("--devices", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--offers", type=int, default=2000)
    args = parser.parse_args(argv)
    cluster = start_cluster()
    ok = True
    try:
        with tempfile.TemporaryDirectory(prefix="pej-load-") as name:
            for kind, workers in SETUPS:
                ok &= run_setup(kind, workers, args, cluster if kind == "postgresql" else None, Path(name))
    finally:
        cluster.stop()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
