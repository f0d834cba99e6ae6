"""The real reference national API on 127.0.0.1, one per test, with its own database.

``national_api`` starts ``sync.server.runner.NationalApiServer`` (uvicorn in a thread,
a free port, a temporary SQLite file loaded with the demo catalogue) and hands back a
``ReferenceApi`` to drive it as the national team and the test bench would: change the
catalogue, set faults through the admin endpoint, stop, restart.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.store.demo import CatalogueDocument, read_demo_catalogue
from sync.client import ApiClient, RetryPolicy, Timeouts
from sync.server.catalogue import SCOPE_ADMIN, ServerCatalogue
from sync.server.db import open_server_db
from sync.server.runner import NationalApiServer
from tests.support.postgres import PostgresCluster, start_cluster

FAST_RETRY = RetryPolicy(attempts=6, base_delay=0.01, max_delay=0.05)
TEST_TIMEOUTS = Timeouts(connect=2.0, read=2.0)


@dataclass
class ReferenceApi:
    server: NationalApiServer
    catalogue: ServerCatalogue
    db_path: str | Path  # a SQLite file, or a PostgreSQL URL
    token: str
    admin_token: str

    @property
    def url(self) -> str:
        return self.server.url

    def client(self, *, token: str | None = None, retry: RetryPolicy = FAST_RETRY,
               timeouts: Timeouts = TEST_TIMEOUTS) -> ApiClient:
        return ApiClient(self.url, token or self.token, retry=retry, timeouts=timeouts)

    # -- the national team -----------------------------------------------------------------
    def load(self, document: CatalogueDocument) -> None:
        """Replace the whole catalogue: a new generation, so every client cursor is gone (410)."""
        self.catalogue.load_document(document)

    def expected(self) -> dict[str, dict[str, dict[str, Any]]]:
        return self.catalogue.live_payloads()

    def offer_ids(self) -> list[str]:
        return sorted(self.expected()["offer"])

    # -- the test bench ----------------------------------------------------------------------
    def admin(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.admin_token}"}
        return requests.request(method, self.url + path, headers=headers, timeout=10, **kwargs)

    def set_faults(self, *rules: dict[str, Any]) -> None:
        response = self.admin("PUT", "/admin/faults", json=list(rules))
        assert response.status_code == 200, response.text

    def clear_faults(self) -> None:
        assert self.admin("DELETE", "/admin/faults").status_code == 204

    def faults_fired(self) -> int:
        return sum(rule["fired"] for rule in self.admin("GET", "/admin/faults").json())

    def restart(self, down_seconds: float = 0.0) -> None:
        self.server.restart(down_seconds)

    def stop(self) -> None:
        self.server.stop()

    def start(self) -> None:
        port = self.server.port
        self.server = NationalApiServer(self.db_path, port=port, faults=self.server.faults, log_level="critical")
        self.server.start()


def start_reference_api(folder: Path, document: CatalogueDocument | None = None,
                        db: str | None = None) -> ReferenceApi:
    """The server on ``db`` (a PostgreSQL URL), or on a new SQLite file in ``folder``."""
    db_path: str | Path = db or folder / "national.sqlite3"
    catalogue = ServerCatalogue(open_server_db(db_path))
    catalogue.load_document(document or read_demo_catalogue())
    token = catalogue.issue_token("Camille Conseillère")
    admin_token = catalogue.issue_token("Équipe nationale", scope=SCOPE_ADMIN)
    server = NationalApiServer(db_path, log_level="critical").start()
    return ReferenceApi(server=server, catalogue=catalogue, db_path=db_path, token=token, admin_token=admin_token)


@pytest.fixture
def national_api(tmp_path: Path) -> Iterator[ReferenceApi]:
    api = start_reference_api(tmp_path)
    yield api
    api.server.stop()
    api.catalogue.engine.dispose()


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """One throw-away PostgreSQL cluster per test process (a new database per test)."""
    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def server_db(request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    """The server's database, both kinds: None for a SQLite file, else a new PostgreSQL database."""
    if request.param == "sqlite":
        return None
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    return cluster.new_database()


@pytest.fixture
def national_api_any_db(tmp_path: Path, server_db: str | None) -> Iterator[ReferenceApi]:
    """``national_api`` on SQLite and on PostgreSQL: a module opts in by aliasing it."""
    api = start_reference_api(tmp_path, db=server_db)
    yield api
    api.server.stop()
    api.catalogue.engine.dispose()


def local_payloads(store: CatalogueStore) -> dict[str, dict[str, dict[str, Any]]]:
    """The local catalogue in the server's terms, record for record."""
    from pej_desktop.store.search import list_categories, load_offer_records

    with store.read() as conn:
        categories = {c.slug: c.to_payload() for c in list_categories(conn)}
        partners = {row[0]: dict(zip(("id", "name", "color", "url", "description"), row)) for row in
                    conn.exec_driver_sql("SELECT id, name, color, url, description FROM partners")}
        pks = list(conn.exec_driver_sql("SELECT pk FROM offers").scalars())
        offers = {r.id: r.to_payload() for r in load_offer_records(conn, pks).values()}
    return {"category": categories, "partner": partners, "offer": offers}


def assert_same_catalogue(store: CatalogueStore, api: ReferenceApi) -> None:
    local, expected = local_payloads(store), api.expected()
    for kind in ("category", "partner", "offer"):
        assert sorted(local[kind]) == sorted(expected[kind]), f"{kind}: ids differ"
        for ident, payload in expected[kind].items():
            assert local[kind][ident] == payload, f"{kind} {ident} differs"
    assert_search_index_exact(store)


def assert_search_index_exact(store: CatalogueStore) -> None:
    """One full-text row per offer, equal to a rebuild from the tables (places included)."""
    from pej_desktop.store.catalogue_writer import rebuild_search_rows

    with store.read() as conn:
        before = conn.exec_driver_sql("SELECT rowid, title, subtitle, partner, category, tags, places FROM offer_fts "
                                      "ORDER BY rowid").all()
        pks = sorted(conn.exec_driver_sql("SELECT pk FROM offers").scalars())
    assert [row[0] for row in before] == pks
    with store.engine.connect() as conn, conn.begin() as transaction:
        rebuild_search_rows(conn, pks)
        after = conn.exec_driver_sql("SELECT rowid, title, subtitle, partner, category, tags, places FROM offer_fts "
                                     "ORDER BY rowid").all()
        transaction.rollback()
    assert before == after


def small_catalogue(offers: int = 40, partners: int = 6, seed: int = 3) -> CatalogueDocument:
    from sync.generator import generate_catalogue

    return generate_catalogue(offers, partners, seed)


def offer_payload(api: ReferenceApi, offer_id: str) -> dict[str, Any]:
    return json.loads(json.dumps(api.catalogue.offer_payload(offer_id)))
