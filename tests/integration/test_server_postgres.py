"""The national API on PostgreSQL with several workers: the contract's guarantees across processes.

``pej-national-api serve --workers 2`` runs as a real subprocess on a throw-away cluster
(tests/support/postgres.py). Concurrent writers number changes while readers follow the
feed through both workers: no reader may ever skip a change. Concurrent retries of one
activation are recorded once; concurrent leases never lend one code to two devices.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from pej_desktop.domain.records import PartnerRecord
from pej_desktop.store.demo import read_demo_catalogue
from sync.protocol import CHANGES_PATH
from sync.server.catalogue import SCOPE_ADMIN, ServerCatalogue
from sync.server.cli import main as national_api_cli
from sync.server.db import metadata, open_server_db
from tests.support.postgres import PostgresCluster, free_port

GROCERY = "demo-ali-001"  # 8 codes in the demo pool
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def test_the_migrations_build_exactly_the_declared_tables(server_db: str | None, tmp_path: Path) -> None:
    engine = open_server_db(server_db or tmp_path / "national.sqlite3")
    try:
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    finally:
        engine.dispose()


def test_every_server_command_works_on_postgresql(postgres_cluster: PostgresCluster,
                                                  capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url = postgres_cluster.new_database()
    assert national_api_cli(["status", "--db", url]) == 0
    assert national_api_cli(["reset", "--db", url]) == 0
    assert national_api_cli(["token", "--db", url, "--adviser", "Camille Martin"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert national_api_cli(["revoke", "--db", url, "--token", token]) == 0
    assert national_api_cli(["offer", "edit", "--db", url, GROCERY, "--set", "title=Courses solidaires"]) == 0
    assert national_api_cli(["offer", "unpublish", "--db", url, GROCERY]) == 0
    assert national_api_cli(["offer", "publish", "--db", url, GROCERY]) == 0
    codes = tmp_path / "codes.txt"
    codes.write_text("PG-CODE-0001\nPG-CODE-0002\n", encoding="utf-8")
    assert national_api_cli(["codes", "import", "--db", url, GROCERY, str(codes)]) == 0
    assert "2 code(s) importé(s)" in capsys.readouterr().out
    assert national_api_cli(["codes", "lease-time", "--db", url, "3600"]) == 0
    assert national_api_cli(["purge", "--db", url]) == 0
    assert national_api_cli(["status", "--db", url]) == 0
    engine = open_server_db(url)
    try:
        payload = ServerCatalogue(engine).offer_payload(GROCERY)
        assert payload["title"] == "Courses solidaires"
    finally:
        engine.dispose()


def test_an_unreachable_database_is_a_clear_message(capsys: pytest.CaptureFixture[str]) -> None:
    code = national_api_cli(["status", "--db", "postgresql+psycopg://pej:secret@127.0.0.1:1/pej"])
    err = capsys.readouterr().err
    assert code == 1 and "ne répond pas" in err and "secret" not in err and "Traceback" not in err


@dataclass
class Workers:
    url: str
    db: str
    token: str
    tokens: list[str]


@pytest.fixture
def two_workers(postgres_cluster: PostgresCluster, tmp_path: Path) -> Iterator[Workers]:
    db = postgres_cluster.new_database()
    engine = open_server_db(db)
    catalogue = ServerCatalogue(engine)
    catalogue.load_document(read_demo_catalogue())
    tokens = [catalogue.issue_token(f"Conseiller {n}", structure="ML Test") for n in range(4)]
    catalogue.issue_token("Équipe nationale", scope=SCOPE_ADMIN)
    engine.dispose()
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "sync.server.cli", "serve", "--db", db, "--port", str(port),
                                "--workers", "2", "--log-level", "warning"], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(url + "/v1/openapi.json", timeout=1)
            break
        except requests.ConnectionError:
            assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "server.log").read_text()
            time.sleep(0.1)
    yield Workers(url=url, db=db, token=tokens[0], tokens=tokens)
    process.terminate()
    process.wait(timeout=20)
    log.close()


def _feed(workers: Workers, session: requests.Session, cursor: str | None) -> tuple[set[str], str]:
    """Follow the feed from ``cursor`` to its end: the partner ids seen and the last cursor."""
    seen: set[str] = set()
    while True:
        params = {"limit": 50, **({"since": cursor} if cursor else {})}
        response = session.get(workers.url + CHANGES_PATH, params=params, timeout=10,
                               headers={"Authorization": f"Bearer {workers.token}"})
        assert response.status_code == 200, response.text
        page = response.json()
        seen |= {p["id"] for p in page["partners"]}
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return seen, cursor


def test_two_workers_readers_never_skip_a_change(two_workers: Workers) -> None:
    """Every change adds a new partner: a reader that skipped one would never see that partner."""
    writers, per_writer = 4, 25
    added: list[str] = []
    done = threading.Event()

    def write(n: int) -> None:
        engine = open_server_db(two_workers.db)
        catalogue = ServerCatalogue(engine)
        for i in range(per_writer):
            ident = f"p-w{n}-{i:03d}"
            catalogue.put_partner(PartnerRecord(id=ident, name=f"Partenaire {n}-{i}"))
            added.append(ident)
        engine.dispose()

    def read() -> set[str]:
        session, cursor, seen = requests.Session(), None, set()
        while not done.is_set():
            found, cursor = _feed(two_workers, session, cursor)
            seen |= found
        found, _ = _feed(two_workers, session, cursor)  # one last pass once every writer has committed
        return seen | found

    with ThreadPoolExecutor(writers + 3) as pool:
        readers = [pool.submit(read) for _ in range(3)]
        for future in [pool.submit(write, n) for n in range(writers)]:
            future.result()
        done.set()
        seen_by_reader = [reader.result() for reader in readers]
    assert len(added) == writers * per_writer
    for seen in seen_by_reader:
        assert set(added) <= seen, f"a reader skipped {sorted(set(added) - seen)[:5]}"


def _activation(device: str) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "offer_id": GROCERY, "beneficiary": str(uuid.uuid4()),
            "activated_at": NOW.isoformat(), "device_id": device, "code": None}


def test_two_workers_record_concurrent_retries_of_one_activation_once(two_workers: Workers) -> None:
    body = _activation("device-retry-0001")
    headers = {"Authorization": f"Bearer {two_workers.token}", "Idempotency-Key": body["id"]}

    def send(_: int) -> requests.Response:
        return requests.post(two_workers.url + "/v1/activations", json=body, headers=headers, timeout=20)

    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(send, range(12)))
    assert {a.status_code for a in answers} == {201}
    assert sum(a.headers.get("Idempotent-Replayed") != "true" for a in answers) == 1
    assert len({a.json()["code"] for a in answers}) == 1
    engine = open_server_db(two_workers.db)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM activations").scalar() == 1
            assigned = conn.exec_driver_sql("SELECT count(*) FROM offer_codes WHERE assigned_to IS NOT NULL").scalar()
            assert assigned == 1
    finally:
        engine.dispose()


def test_two_workers_never_lend_one_code_to_two_devices(two_workers: Workers) -> None:
    def lend(n: int) -> list[str]:
        token = two_workers.tokens[n % len(two_workers.tokens)]
        body = {"device_id": f"device-lease-{n:04d}", "want": {GROCERY: 3}, "reserve": [], "pending": []}
        response = requests.post(two_workers.url + "/v1/codes/leases", json=body, timeout=20,
                                 headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.text
        return [lent["code"] for lent in response.json()["leases"]]

    with ThreadPoolExecutor(8) as pool:
        lent = [code for codes in pool.map(lend, range(8)) for code in codes]
    assert len(lent) == 8  # the whole pool, and not one code more
    assert len(set(lent)) == len(lent)
