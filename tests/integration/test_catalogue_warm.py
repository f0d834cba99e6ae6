"""The offers' terms and their eligibility index are read, beside the database worker, before anyone waits
for them: after the first listing at start, after a sync."""

from __future__ import annotations

import pytest

from pej_desktop.ops import catalogue_facts
from pej_desktop.ops.sync_settings import TOKEN_SECRET, SyncPreferences
from pej_desktop.store import secrets
from pej_desktop.store.catalogue import META_LAST_SYNC, META_LOADED_AT, META_VERSION, CatalogueStore, get_meta
from tests.integration.conftest import small_catalogue
from tests.integration.test_sync_gui import host  # noqa: F401  (the fixture: a window hosting the sync controller)


def _state(catalogue: CatalogueStore) -> tuple[str, ...]:
    with catalogue.read() as conn:
        meta = get_meta(conn)
    return (str(catalogue.path), *(meta.get(key, "") for key in (META_VERSION, META_LOADED_AT, META_LAST_SYNC)))


def _warm_for(catalogue: CatalogueStore) -> bool:
    """The terms and their index both describe the catalogue as it is now."""
    terms_state = catalogue_facts.state_of("terms")
    index = catalogue_facts._indexes.get("terms")
    return (terms_state == _state(catalogue) and index is not None
            and index.terms is catalogue_facts.facts_cache[("terms", *terms_state)])


@pytest.fixture(autouse=True)
def _no_facts_yet():  # type: ignore[no-untyped-def]
    catalogue_facts.facts_cache.clear()
    catalogue_facts._indexes.clear()
    yield
    catalogue_facts.facts_cache.clear()
    catalogue_facts._indexes.clear()


@pytest.fixture
def warmed(host):  # type: ignore[no-untyped-def]
    """The sync tests' window hosting the sync controller, with a warmer listening beside it."""
    from pej_desktop.views.catalogue.warmer import CatalogueWarmer

    warmer = CatalogueWarmer(host.session, host.window)
    yield host, warmer
    warmer.stop_listening()


def test_warm_steps_read_what_the_first_check_needs(catalogue) -> None:
    assert not _warm_for(catalogue)
    for step in catalogue_facts.warm_steps(catalogue):
        step()
    assert _warm_for(catalogue)
    index = catalogue_facts.terms_index(catalogue)
    assert index is catalogue_facts._indexes["terms"]  # the check that follows reads nothing


def test_after_a_sync_the_facts_of_the_new_catalogue_are_read_before_any_check(qtbot, warmed, national_api,
                                                                                 memory_keyring) -> None:
    controller, warmer = warmed
    warmer.warm()  # as after the first listing
    qtbot.waitUntil(lambda: _warm_for(controller.session.catalogue), timeout=10_000)
    before = catalogue_facts._indexes["terms"]
    national_api.load(small_catalogue(offers=300, partners=8))
    secrets.set_secret(TOKEN_SECRET, national_api.token)
    with qtbot.waitSignal(controller.finished, timeout=30_000) as finished:
        controller.apply_settings(SyncPreferences(api_url=national_api.url, interval_minutes=15), None)
    assert finished.args[0].outcome == "replaced"
    catalogue = controller.session.catalogue
    qtbot.waitUntil(lambda: _warm_for(catalogue), timeout=10_000)  # nobody asked: the announcement did
    index = catalogue_facts._indexes["terms"]
    with catalogue.read() as conn:
        offers = conn.exec_driver_sql("SELECT COUNT(*) FROM offers").scalar_one()
    assert index is not before and len(index.terms) == offers > 200  # the synced catalogue's terms
    assert catalogue_facts.terms_index(catalogue) is index  # the first check reads nothing more


def test_the_warm_up_runs_beside_the_database_worker_and_a_check_meanwhile_reads_nothing_twice(
        qtbot, warmed, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A search typed while the facts are read waited behind them on the database worker (up to 0.5 s):
    they are read on the network pool now. A check needing them meanwhile waits for that one read."""
    import threading

    from pej_desktop.ops.background import executor
    from pej_desktop.store import offer_terms

    controller, warmer = warmed
    catalogue = controller.session.catalogue
    threads: list[str] = []
    real = offer_terms.load_offer_terms

    def recorded(conn):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real(conn)

    monkeypatch.setattr(offer_terms, "load_offer_terms", recorded)
    warmer.warm()
    qtbot.waitUntil(lambda: _warm_for(catalogue), timeout=10_000)
    assert [name.split("_")[0] for name in threads] == ["pej-net"]  # not on the database worker

    catalogue_facts.facts_cache.clear()
    catalogue_facts._indexes.clear()
    threads.clear()
    warmer.warm()
    index = executor("db").submit(lambda: catalogue_facts.terms_index(catalogue)).result(timeout=10)
    qtbot.waitUntil(lambda: _warm_for(catalogue), timeout=10_000)
    assert len(threads) == 1  # read once, by whichever came first; the other waited for it
    assert catalogue_facts.terms_index(catalogue) is index
    warmer.warm()  # again: nothing more to read
    qtbot.wait(200)
    assert len(threads) == 1
