"""The catalogue's questions, for the browser and for ``pej-desktop search``: one way to ask each.

Each function opens its own read (one snapshot) on the caller's thread: the window runs
them through ``QueryOp`` on the database worker, the command line directly. Search rules
(folding, prefix terms, ranking, the "valid on this date" filter) stay in
``store/search.py``; this module only decides what one screen or command needs at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from pej_desktop.domain.records import CategoryRecord
from pej_desktop.ops.sync_settings import STALE_AFTER_DAYS
from pej_desktop.store import search
from pej_desktop.store.catalogue import (
    META_LAST_SYNC,
    META_VERSION,
    CatalogueStore,
    get_meta,
    is_demo,
    meta_instant,
)
from pej_desktop.store.search import OfferDetail, OfferSummary, SearchFilters, SearchPage

__all__ = [
    "CatalogueFacts",
    "CatalogueFreshness",
    "CategoryCounts",
    "FirstPage",
    "FoundOffers",
    "OfferDetail",
    "OfferSummary",
    "SearchFilters",
    "SearchPage",
    "catalogue_facts",
    "catalogue_version",
    "category_counts",
    "describe_freshness",
    "find_offers",
    "is_demo",
    "known_category",
    "last_sync",
    "load_demo_if_empty",
    "next_page",
    "offer_detail",
    "search_first",
    "summaries",
]


# -- the catalogue's own facts -------------------------------------------------------------------
@dataclass(frozen=True)
class CatalogueFacts:
    categories: list[CategoryRecord]
    meta: dict[str, str]
    offer_count: int


def catalogue_facts(store: CatalogueStore) -> CatalogueFacts:
    """The categories, the metadata and the number of offers, read in one snapshot."""
    with store.read() as conn:
        return CatalogueFacts(categories=search.list_categories(conn), meta=get_meta(conn),
                              offer_count=search.count_offers(conn, SearchFilters()))


def load_demo_if_empty(store: CatalogueStore) -> None:
    """A first start has an empty catalogue: the demo one fills it (the window and every command)."""
    from pej_desktop.store.demo import ensure_demo_loaded

    ensure_demo_loaded(store)


def last_sync(meta: Mapping[str, str]) -> dt.datetime | None:
    """When the catalogue was last synced, None before the first sync (or if unreadable)."""
    return meta_instant(meta, META_LAST_SYNC)


@dataclass(frozen=True)
class CatalogueFreshness:
    text: str
    stale: bool
    tooltip: str


def describe_freshness(*, last_sync: dt.datetime | None, demo: bool,
                       now: dt.datetime | None = None) -> CatalogueFreshness:
    """« Catalogue du 27/11 à 14:02 », with a warning once it is older than 7 days
    (``STALE_AFTER_DAYS``): the status bar's words, in local time."""
    if demo:
        return CatalogueFreshness("Catalogue de démonstration", False,
                                  "Aucune API nationale n'est configurée : les offres sont fictives.")
    if last_sync is None:
        return CatalogueFreshness("Catalogue jamais synchronisé", True,
                                  "Le catalogue n'a encore jamais été synchronisé avec l'API nationale.")
    when = last_sync.astimezone()
    now = now or dt.datetime.now().astimezone()
    text = f"Catalogue du {when:%d/%m} à {when:%H:%M}"
    if now - when > dt.timedelta(days=STALE_AFTER_DAYS):
        days = (now - when).days
        return CatalogueFreshness(f"⚠ {text} (il y a {days} jours)", True,
                                  f"Le catalogue n'a pas été synchronisé depuis plus de {STALE_AFTER_DAYS} jours : "
                                  "des offres ont pu changer ou disparaître. Synchronisez dès que vous avez du réseau.")
    return CatalogueFreshness(text, False, f"Dernière synchronisation réussie le {when:%d/%m/%Y à %H:%M}.")


def catalogue_version(meta: Mapping[str, str]) -> str:
    return meta.get(META_VERSION, "--")


def known_category(store: CatalogueStore, slug: str) -> bool:
    """The category exists in this catalogue (the command line refuses an unknown one)."""
    with store.read() as conn:
        return slug in {category.slug for category in search.list_categories(conn)}


# -- searching --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FirstPage:
    filters: SearchFilters
    page: SearchPage
    first_rows: list[OfferSummary]


def search_first(store: CatalogueStore, filters: SearchFilters, *, rows: int) -> FirstPage:
    """The first page of keys and the first ``rows`` summaries: what the list shows at once."""
    with store.read() as conn:
        page = search.search_page(conn, filters)
        return FirstPage(filters, page, search.fetch_summaries(conn, page.pks[:rows]))


def next_page(store: CatalogueStore, filters: SearchFilters, *, offset: int) -> tuple[SearchPage, list[OfferSummary]]:
    """The page of keys from ``offset`` on, with their summaries (the list scrolled past the first)."""
    with store.read() as conn:
        page = search.search_page(conn, filters, offset=offset)
        return page, search.fetch_summaries(conn, page.pks)


def summaries(store: CatalogueStore, pks: Sequence[int]) -> list[OfferSummary]:
    """The rows of these offers, in the order given (a block of the list, painted)."""
    with store.read() as conn:
        return search.fetch_summaries(conn, pks)


def offer_detail(store: CatalogueStore, pk: int) -> OfferDetail | None:
    with store.read() as conn:
        return search.load_offer_detail(conn, pk)


@dataclass(frozen=True)
class CategoryCounts:
    total: int
    category_counts: dict[str, int]
    total_without_category: int  # the « Toutes les catégories » line


def category_counts(store: CatalogueStore, filters: SearchFilters) -> CategoryCounts:
    """How many offers match, per category and in all, for the same filters."""
    with store.read() as conn:
        return CategoryCounts(total=search.count_offers(conn, filters),
                              category_counts=search.category_counts(conn, filters),
                              total_without_category=search.count_offers(conn, replace(filters, category=None)))


@dataclass(frozen=True)
class FoundOffers:
    rows: list[OfferSummary]
    total: int  # all the offers that match; ``rows`` holds at most the limit


def find_offers(store: CatalogueStore, filters: SearchFilters, *, limit: int) -> FoundOffers:
    """Every match in rank order, the first ``limit`` with their rows (``pej-desktop search``)."""
    with store.read() as conn:
        pks = search.search_offer_pks(conn, filters)
        return FoundOffers(search.fetch_summaries(conn, pks[:limit]), len(pks))
