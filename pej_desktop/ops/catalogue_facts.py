"""Catalogue facts the interview and the dashboard read often: loaded once per catalogue state.

No personal data here: titles, categories, terms of the offers. The key is the
catalogue's file, version, load and sync times, so a sync or a new demo load reloads them.
``warm_steps`` lists the loads worth doing before anyone waits for them: after the first
listing at start, and after a sync or a restore changed the catalogue. They run on the network
pool, beside the database worker, so a search typed meanwhile does not queue behind them; one
lock per fact makes a check that needs it meanwhile wait for that one load, not read it twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from pej_desktop.store.catalogue import META_LAST_SYNC, META_LOADED_AT, META_VERSION, CatalogueStore, get_meta

if TYPE_CHECKING:  # the eligibility engine is imported when a check needs it, not at start
    from pej_desktop.domain.catalogue_check import CatalogueIndex

facts_cache: dict[tuple[str, ...], Any] = {}
_locks: dict[str, threading.Lock] = {}
_locks_lock = threading.Lock()


def _lock(what: str) -> threading.Lock:
    """The lock of one kind of fact: its load runs once even when two threads ask at the same time."""
    with _locks_lock:
        return _locks.setdefault(what, threading.Lock())


def cached(catalogue: CatalogueStore, what: str, load: Callable[[Connection], Any]) -> Any:
    """``load(conn)`` once per state of the catalogue (its version, load and sync times)."""
    with _lock(what), catalogue.read() as conn:
        meta = get_meta(conn)
        state = (str(catalogue.path), *(meta.get(k, "") for k in (META_VERSION, META_LOADED_AT, META_LAST_SYNC)))
        key = (what, *state)
        if key not in facts_cache:
            for stale in [k for k in list(facts_cache) if k[0] == what]:  # list(): other facts load meanwhile
                del facts_cache[stale]
            facts_cache[key] = load(conn)
        return facts_cache[key]


def state_of(what: str) -> tuple[str, ...]:
    """The catalogue state ``what`` was last loaded for (empty before the first load)."""
    return next((key[1:] for key in list(facts_cache) if key[0] == what), ())


_indexes: dict[str, CatalogueIndex] = {}


def warm_steps(catalogue: CatalogueStore) -> list[Callable[[], object]]:
    """What the first eligibility check after a sync (or at start) would otherwise pay.

    Separate steps, each one job on the network pool (reads only: the database worker stays
    free for the searches typed meanwhile): the offers' terms (about 0.35–0.5 s over 50 000
    offers), then the eligibility index built from them (about 0.02–0.2 s). Each does nothing
    when its facts are already loaded for this state of the catalogue.
    """
    from pej_desktop.store.offer_terms import load_offer_terms

    return [lambda: cached(catalogue, "terms", load_offer_terms), lambda: terms_index(catalogue)]


def terms_index(catalogue: CatalogueStore) -> CatalogueIndex:
    """The eligibility index of the cached terms, rebuilt whenever those terms are reloaded.

    Built from the very terms object ``cached`` returns, never from a second read, so
    the index and the terms the marks word always describe the same catalogue.
    """
    from pej_desktop.domain.catalogue_check import CatalogueIndex
    from pej_desktop.store.offer_terms import load_offer_terms

    terms = cached(catalogue, "terms", load_offer_terms)
    with _lock("index"):
        index = _indexes.get("terms")
        if index is None or index.terms is not terms:
            index = _indexes["terms"] = CatalogueIndex(terms)
        return index
