"""Catalogue sync benchmark over loopback, 50 000 offers, reference server in its own process.

    .venv/bin/python tests/benchmarks/bench_sync.py

Figures: full initial sync time and its ratio to a bare baseline measured in the same
run (the same pages downloaded with requests, parsed with json, written with
executemany into the same tables, search index included, no validation, no staging,
no per-page transaction); the CPU time of this process for each (every thread: the
network worker, the prefetch thread, the database worker; the server runs apart), since
wall time on shared cores says little; a delta of 500 changes; what a no-change sync transfers.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import CACHE, REPO, scaled, table

OFFERS, PARTNERS, SEED = scaled(50_000, 1_500), scaled(2_000, 60), 1
ROUNDS = scaled(3, 1)
DELTA = scaled(500, 50)


def server_database() -> Path:
    """The national database with the generated catalogue, built once and cached."""
    from sync.generator import generate_catalogue
    from sync.server.catalogue import ServerCatalogue
    from sync.server.db import open_server_db

    path = CACHE / f"national-{OFFERS}-{PARTNERS}-{SEED}.sqlite3"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        engine = open_server_db(partial)
        ServerCatalogue(engine).load_document(generate_catalogue(OFFERS, PARTNERS, SEED))
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        partial.rename(path)
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    import requests

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "sync.server.cli", "serve", "--db", str(db), "--port", str(port),
                                "--log-level", "warning"], cwd=REPO, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            requests.get(url + "/v1/openapi.json", timeout=1)
            return process, url
        except requests.ConnectionError:
            time.sleep(0.05)
    raise RuntimeError("server did not start")


def fresh_store(folder: Path):  # type: ignore[no-untyped-def]
    from pej_desktop.store.catalogue import CatalogueStore
    from pej_desktop.store.demo import ensure_demo_loaded

    if folder.exists():
        shutil.rmtree(folder)
    store = CatalogueStore.open(folder / "catalogue.sqlite3")
    ensure_demo_loaded(store)
    return store


def baseline(url: str, token: str, folder: Path, page_size: int) -> tuple[float, float]:
    """Same pages, json.loads, executemany into the same tables; no validation at all.

    Seconds of wall time and of this process's CPU time."""
    import requests

    from pej_desktop.store.catalogue_writer import _memo_fold

    fold = _memo_fold()  # the same folding cost as the real writer, so the ratio measures our overhead only
    store = fresh_store(folder)
    dumps = json.dumps
    started, cpu = time.perf_counter(), time.process_time()
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    pages, since = [], None
    while True:
        params = {"limit": page_size, **({"since": since} if since else {})}
        page = json.loads(session.get(url + "/v1/catalogue/changes", params=params).content)
        pages.append(page)
        if not page["has_more"]:
            break
        since = page["next_cursor"]
    categories = {c["slug"]: c for p in pages for c in p["categories"]}
    partners = {c["id"]: c for p in pages for c in p["partners"]}
    offers = [o for p in pages for o in p["offers"]]
    with store.engine.connect() as conn, conn.begin():
        raw = conn.connection.driver_connection
        for table_name in ("offer_fts", "offer_categories", "offer_departements", "offers", "partners", "categories"):
            raw.execute(f"DELETE FROM {table_name}")
        raw.executemany("INSERT INTO categories VALUES (?, ?, ?)",
                        [(c["slug"], c["name"], c.get("position", 0)) for c in categories.values()])
        raw.executemany("INSERT INTO partners VALUES (?, ?, ?, ?, ?)",
                        [(p["id"], p["name"], p.get("color"), p.get("url"), p.get("description"))
                         for p in partners.values()])
        rows, links, deps, fts = [], [], [], []
        for pk, o in enumerate(offers, start=1):
            territory = o["territory"]
            rows.append((pk, o["id"], o["kind"], "in_store" if o["kind"] in ("voucher", "voucher_pass") else "online",
                         o["title"], fold(o["title"]), o["subtitle"], o["partner_id"], dumps(o["tags"]),
                         o["valid_from"], o["valid_to"], 1, int(o["renewable"]), dumps(o["how_to_use"]),
                         dumps(o["conditions"]), o["url"], territory["scope"], dumps(territory), o["age_min"],
                         o["age_max"], o["discount"]["type"], dumps(o["discount"]), dumps(o["usage"]),
                         o["stores_count"]))
            links += [(pk, slug, i) for i, slug in enumerate(o["categories"])]
            deps += [(pk, d) for d in dict.fromkeys(territory.get("departements", []) + [
                c[:3] if c.startswith("97") else c[:2] for c in territory.get("communes", [])])]
            names = " ".join(categories[s]["name"] for s in o["categories"] if s in categories)
            fts.append((pk, fold(o["title"]), fold(o["subtitle"]), fold(partners[o["partner_id"]]["name"]),
                        fold(names), fold(" ".join(o["tags"]))))
        raw.executemany(f"INSERT INTO offers VALUES ({','.join('?' * 24)})", rows)
        raw.executemany("INSERT INTO offer_categories VALUES (?, ?, ?)", links)
        raw.executemany("INSERT INTO offer_departements VALUES (?, ?)", deps)
        raw.executemany("INSERT INTO offer_fts(rowid, title, subtitle, partner, category, tags) "
                        "VALUES (?, ?, ?, ?, ?, ?)", fts)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    store.close()
    return elapsed, cpu


def engine_sync(url: str, token: str, store, page_size: int, waits: list[float] | None = None):  # type: ignore[no-untyped-def]
    """A sync as the window runs it: on the network pool, the catalogue written by the database worker.

    ``waits``: filled with how long a small read queued on the database worker waited, one read
    every 20 ms during the sync (what a search typed meanwhile waits for). Gives the seconds, the
    sync's result and the CPU time of this process meanwhile (seconds)."""
    import threading

    from pej_desktop.ops.background import executor
    from sync.client import ApiClient
    from sync.engine import sync_catalogue

    def work():  # type: ignore[no-untyped-def]
        with ApiClient(url, token) as client:
            started = time.perf_counter()
            result = sync_catalogue(store, client, page_size=page_size)
            return time.perf_counter() - started, result

    def probe(done: threading.Event) -> None:
        while not done.wait(0.02):
            queued = time.perf_counter()
            executor("db").submit(store.meta).result()
            waits.append(time.perf_counter() - queued)  # type: ignore[union-attr]

    done = threading.Event()
    prober = threading.Thread(target=probe, args=(done,)) if waits is not None else None
    if prober is not None:
        prober.start()
    cpu = time.process_time()
    try:
        seconds, result = executor("net").submit(work).result()
        return seconds, result, time.process_time() - cpu
    finally:
        done.set()
        if prober is not None:
            prober.join()


def national_changes(db: Path, round_no: int) -> None:
    """500 changes as the national team makes them: 400 edits, 50 unpublished, 50 deleted."""
    from sync.server.catalogue import ServerCatalogue
    from sync.server.db import open_server_db

    catalogue = ServerCatalogue(open_server_db(db))
    ids = sorted(catalogue.live_payloads()["offer"])[round_no * DELTA:(round_no + 1) * DELTA]
    for offer_id in ids[:400]:
        catalogue.edit_offer(offer_id, {"subtitle": f"Mise à jour n° {round_no}"})
    for offer_id in ids[400:450]:
        catalogue.unpublish_offer(offer_id)
    for offer_id in ids[450:500]:
        catalogue.delete_offer(offer_id)
    catalogue.engine.dispose()


def main() -> int:
    from sync.protocol import DEFAULT_PAGE_SIZE
    from sync.server.catalogue import ServerCatalogue
    from sync.server.db import open_server_db

    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    db = work / "national.sqlite3"
    shutil.copy2(server_database(), db)
    engine = open_server_db(db)
    token = ServerCatalogue(engine).issue_token("Banc d'essai")
    engine.dispose()
    process, url = start_server(db)
    page = int(os.environ.get("PEJ_BENCH_PAGE_SIZE", DEFAULT_PAGE_SIZE))
    try:
        bare, full, results, held, bare_cpu, full_cpu = [], [], [], [], [], []
        for round_no in range(ROUNDS):
            bare_seconds, cpu = baseline(url, token, work / "baseline", page)
            bare.append(bare_seconds)
            bare_cpu.append(cpu)
            store = fresh_store(work / f"local-{round_no}")
            waits: list[float] = []
            seconds, result, cpu = engine_sync(url, token, store, page, waits)
            held.append(max(waits))
            full.append(seconds)
            full_cpu.append(cpu)
            results.append(result)
            store.close()
        store = fresh_store(work / "local-delta")
        engine_sync(url, token, store, page)
        deltas = []
        for round_no in range(ROUNDS):
            national_changes(db, round_no)
            seconds, delta, _cpu = engine_sync(url, token, store, page)
            assert delta.applied + delta.deleted == DELTA, (delta.applied, delta.deleted)
            deltas.append(seconds)
        _seconds, idle, _cpu = engine_sync(url, token, store, page)
        store.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    full_s, bare_s, delta_s = statistics.median(full), statistics.median(bare), statistics.median(deltas)
    first = results[0]
    print(table([
        (f"Synchronisation complète initiale, {OFFERS} offres (médiane de {ROUNDS})", f"{full_s:.2f} s", "≤ 5 s"),
        ("Référence nue (mêmes pages, json, executemany, sans validation)", f"{bare_s:.2f} s", "—"),
        ("Rapport synchronisation / référence", f"{full_s / bare_s:.2f} ×", "≤ 1,3 ×"),
        ("Temps CPU du processus, synchronisation / référence (médianes)",
         f"{statistics.median(full_cpu):.2f} s / {statistics.median(bare_cpu):.2f} s "
         f"({statistics.median(full_cpu) / statistics.median(bare_cpu):.2f} ×)", "—"),
        ("Attente maximale d'une lecture sur le fil de la base pendant la synchronisation complète (médiane)",
         f"{statistics.median(held) * 1000:.0f} ms", "—"),
        ("Pages et octets reçus (gzip)", f"{first.pages} pages, {first.traffic.bytes_received / 1e6:.1f} Mo", "—"),
        (f"Delta de {DELTA} changements (médiane de {ROUNDS})", f"{delta_s * 1000:.0f} ms", "≤ 0,5 s"),
        ("Synchronisation sans changement",
         f"{idle.traffic.requests} requête, statut {idle.traffic.statuses[0]}, {idle.traffic.bytes_received} octets",
         "un seul 304"),
    ]))
    print(f"\nPage size {page}; full-sync rounds {', '.join(f'{s:.2f}' for s in full)} s; baseline rounds "
          f"{', '.join(f'{s:.2f}' for s in bare)} s; CPU full sync {', '.join(f'{s:.2f}' for s in full_cpu)} s, "
          f"baseline {', '.join(f'{s:.2f}' for s in bare_cpu)} s; "
          f"deltas {', '.join(f'{s * 1000:.0f}' for s in deltas)} ms; "
          f"longest wait of the database worker {', '.join(f'{s * 1000:.0f}' for s in held)} ms.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
