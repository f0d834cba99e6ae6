"""The application session (pej_desktop.session): one typed owner of the personal store."""

from __future__ import annotations

import threading
import time

from pej_desktop.app import app_settings, make_application
from pej_desktop.ops import people as people_ops
from pej_desktop.ops.background import QueryOp, shutdown_executors
from pej_desktop.session import Session
from pej_desktop.store.personal_key import key_from_keyring


def _session(paths, catalogue) -> Session:  # type: ignore[no-untyped-def]
    make_application([])
    return Session(paths=paths, catalogue=catalogue, settings=app_settings(paths))


def test_opening_publishes_the_store_and_closing_withdraws_it(qtbot, paths, catalogue) -> None:
    session = _session(paths, catalogue)
    openings: list[people_ops.Opening] = []
    failures: list[BaseException] = []
    assert session.personal is None
    with qtbot.waitSignal(session.personal_opened, timeout=10_000) as opened:
        session.open_personal(key_from_keyring(paths.personal_db), parent=session, done=openings.append,
                              failed=failures.append)
    qtbot.waitUntil(lambda: bool(openings), timeout=10_000)
    store = session.personal
    assert failures == [] and store is not None and opened.args == [store] and openings[0].store is store
    assert people_ops.load_people(store) == []  # a real, readable encrypted file
    with qtbot.waitSignal(session.personal_closed, timeout=5_000):
        session.close_personal()
    assert session.personal is None
    session.close_personal()  # closing twice is harmless
    shutdown_executors()


def test_closing_waits_for_the_work_already_queued_on_the_database_worker(qtbot, paths, catalogue) -> None:
    session = _session(paths, catalogue)
    with qtbot.waitSignal(session.personal_opened, timeout=10_000):
        session.open_personal(key_from_keyring(paths.personal_db), parent=session, done=lambda _o: None,
                              failed=lambda _e: None)
    store = session.personal
    assert store is not None
    seen: list[str] = []
    started = threading.Event()

    def slow_read() -> None:
        started.set()
        time.sleep(0.3)
        people_ops.load_people(store)  # still open: the close waits behind this
        seen.append("read")

    QueryOp(parent=session, op=slow_read).run()
    started.wait(5)
    session.close_personal()
    seen.append("closed")
    assert seen == ["read", "closed"]
    shutdown_executors()


def test_a_store_opened_beforehand_is_the_sessions(paths, catalogue) -> None:
    key = key_from_keyring(paths.personal_db)
    opening = people_ops.open_personal_store(paths, key)
    assert opening.store is not None
    make_application([])
    session = Session(paths=paths, catalogue=catalogue, settings=app_settings(paths), personal=opening.store)
    assert session.personal is opening.store
    session.close_personal()  # no worker running: closed here
    assert session.personal is None
