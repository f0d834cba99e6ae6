"""The engine's page application on a real local store: replays change nothing."""

from __future__ import annotations

import sqlite3

from pej_desktop.store.catalogue import META_SOURCE, set_meta
from pej_desktop.store.catalogue_build import CatalogueBuild
from pej_desktop.store.demo import read_demo_catalogue
from sync.client import ApiClient
from sync.engine import META_CURSOR, CatalogueSync, apply_full_page
from sync.protocol import ChangesPage, Tombstone

API = "https://api.pej.gouv.fr"


def _page(since: str, next_cursor: str, *, title: str, deleted: str | None = None) -> ChangesPage:
    demo = read_demo_catalogue()
    offer = demo.offers[0]
    offers = (type(offer)(**{**offer.__dict__, "title": title}),)
    tombstones = (Tombstone("offer", deleted, "deleted"),) if deleted else ()
    return ChangesPage(since=since, next_cursor=next_cursor, has_more=True, remaining=1, catalogue_version="g.9",
                       categories=(), partners=(), offers=offers, tombstones=tombstones)


def _titles(store) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return dict(conn.exec_driver_sql("SELECT id, title FROM offers").all())


def test_a_replayed_page_changes_nothing(catalogue) -> None:
    with catalogue.write() as conn:
        set_meta(conn, **{META_SOURCE: API, META_CURSOR: "c1"})
    victim = read_demo_catalogue().offers[1].id
    engine = CatalogueSync(catalogue, ApiClient(API, "jeton"))
    first = _page("c1", "c2", title="Première version", deleted=victim)
    second = _page("c2", "c3", title="Deuxième version")
    assert engine.apply_delta_page(first, None) and engine.apply_delta_page(second, None)
    after = _titles(catalogue)
    assert engine.apply_delta_page(first, None) is False  # replayed: its cursor is behind ours
    assert _titles(catalogue) == after and catalogue.meta()[META_CURSOR] == "c3"
    assert after[first.offers[0].id] == "Deuxième version" and victim not in after


def test_a_page_for_another_api_is_not_applied(catalogue) -> None:
    engine = CatalogueSync(catalogue, ApiClient(API, "jeton"))
    before = _titles(catalogue)
    assert engine.apply_delta_page(_page("c1", "c2", title="x"), None) is False
    assert _titles(catalogue) == before


def test_full_sync_pages_merge_latest_state_and_tombstones(catalogue, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Pages go into the catalogue being built as they come: later pages win, tombstones remove;
    the swap then replaces the live catalogue with it whole, meta included."""
    build = CatalogueBuild.begin(tmp_path / "build.sqlite3", like=catalogue, api=API)
    offer_id = read_demo_catalogue().offers[0].id
    demo_ids = set(_titles(catalogue))
    build.write(lambda conn: apply_full_page(conn, ChangesPage(
        since=None, next_cursor="a", has_more=True, remaining=3, catalogue_version="g", categories=(),
        partners=read_demo_catalogue().partners, offers=(), tombstones=())))
    build.write(lambda conn: apply_full_page(conn, _page("a", "b", title="v1")))
    build.write(lambda conn: apply_full_page(conn, _page("b", "c", title="v2")))
    assert _titles(build) == {offer_id: "v2"}
    tombstone_only = ChangesPage(
        since="d",
        next_cursor="e",
        has_more=False,
        remaining=0,
        catalogue_version="g",
        categories=(),
        partners=(),
        offers=(),
        tombstones=(Tombstone("offer", offer_id, "deleted"),),
    )
    build.write(lambda conn: apply_full_page(conn, tombstone_only))
    assert _titles(build) == {}
    assert len(demo_ids) > 1 and set(_titles(catalogue)) == demo_ids  # the live file is untouched until the swap
    build.write(lambda conn: apply_full_page(conn, _page("e", "f", title="v3")))
    build.swap_into(catalogue, **{META_CURSOR: "f", META_SOURCE: API})
    build.discard()
    assert _titles(catalogue) == {offer_id: "v3"}
    assert catalogue.meta()[META_CURSOR] == "f" and catalogue.meta()[META_SOURCE] == API
    assert not (tmp_path / "build.sqlite3").exists()
    with sqlite3.connect(catalogue.path) as conn:  # still the live file's write-ahead log and checks
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
