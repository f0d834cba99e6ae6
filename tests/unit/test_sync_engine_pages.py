"""The engine's page application on a real local store: replays change nothing."""

from __future__ import annotations

from pej_desktop.store.catalogue import META_SOURCE, set_meta
from pej_desktop.store.demo import read_demo_catalogue
from sync.client import ApiClient
from sync.engine import META_CURSOR, CatalogueImage, CatalogueSync
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
    with store.read() as conn:
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


def test_full_sync_pages_merge_latest_state_and_tombstones() -> None:
    image = CatalogueImage()
    offer_id = read_demo_catalogue().offers[0].id
    image.add(_page("a", "b", title="v1"))
    image.add(_page("b", "c", title="v2"))
    assert image.offers[offer_id].title == "v2"
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
    image.add(tombstone_only)
    assert offer_id not in image.offers
