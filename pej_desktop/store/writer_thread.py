"""Which thread writes the local databases, and the way every other thread gets its writes there.

When the app runs, the database worker (the one thread named ``pej-db…``) is the only writer of
``catalogue.sqlite3`` and ``personal.sqlite3``. The network pool fetches and checks, then hands
its writes over with ``SqliteStore.transact`` (the sync's pages, the outbox's answers, the code
reserve). The app's other workers are named ``pej-<kind>`` too (``pej-net``, ``pej-integrity``,
``pej-keyring``, ``pej-sync-prefetch``): ``check_writer`` refuses a write transaction opened on
any of them, so a write that strays from the rule fails in the tests instead of fighting for
the file's lock in an adviser's hands.

Without an installed writer (the command line, the store's own tests) the calling thread writes
itself: there is only one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

WORKER_PREFIX = "pej-"
DATABASE_WORKER_PREFIX = "pej-db"

Runner = Callable[[Callable[[], Any]], Any]
_runner: Runner | None = None


class WrongWriterThread(RuntimeError):
    """A bug: a write transaction opened on a thread that must not write (see the module)."""


def install_writer(runner: Runner | None) -> None:
    """Say how to run work on the database worker (``ops.background`` does, at import); None: inline."""
    global _runner
    _runner = runner


def on_database_worker(work: Callable[[], T]) -> T:
    """Run ``work`` where writes belong, and wait for its result (or its exception)."""
    if _runner is None or is_database_worker():
        return work()
    result: T = _runner(work)
    return result


def is_database_worker() -> bool:
    return threading.current_thread().name.startswith(DATABASE_WORKER_PREFIX)


def check_writer() -> None:
    """Refuse a write transaction on one of the app's workers other than the database worker."""
    name = threading.current_thread().name
    if name.startswith(WORKER_PREFIX) and not name.startswith(DATABASE_WORKER_PREFIX):
        raise WrongWriterThread(f"write transaction opened on thread {name!r}: only the database worker writes "
                                "(use SqliteStore.transact)")
