"""Background operations in the style of Anki's ``QueryOp``.

    QueryOp(parent=self, op=lambda: load(...)).success(self.show).failure(self.warn).run()

``op`` runs on a worker — the single database worker (``kind="db"``, the default:
one writer, no lock fights) or the network pool (``kind="net"``). Its result, or its
exception, comes back on the GUI thread through a queued Qt signal. ``op`` must not
touch widgets and must return plain data, never live ORM objects. Callbacks are
dropped if ``parent`` was destroyed in the meantime.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

from pej_desktop.domain.errors import UserError
from pej_desktop.ops.changes import Changes, Written, announce
from pej_desktop.store import writer_thread

log = logging.getLogger(__name__)
T = TypeVar("T")

_executors: dict[str, ThreadPoolExecutor] = {}
_executors_lock = threading.Lock()
_in_flight: set[_Relay] = set()


def executor(kind: str) -> ThreadPoolExecutor:
    with _executors_lock:
        if kind not in _executors:
            workers = 1 if kind == "db" else 4
            _executors[kind] = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"pej-{kind}")
        return _executors[kind]


def shutdown_executors(wait: bool = True) -> None:
    with _executors_lock:  # not held while waiting: a sync ending on the network pool hands its writes over
        pools = list(_executors.values())
        _executors.clear()
    for pool in pools:
        pool.shutdown(wait=wait, cancel_futures=True)


def _write_on_database_worker(work: Callable[[], T]) -> T:
    """The store's writes from other threads (the network pool) wait their turn on the database worker."""
    return executor("db").submit(work).result()


writer_thread.install_writer(_write_on_database_worker)


def on_database_worker(work: Callable[[], T]) -> T:
    """Run ``work`` after what is queued on the database worker, and wait for it.

    Once the workers are shut down (application exit) nothing else can touch the stores,
    so ``work`` runs here. Never call it from the database worker itself: it would wait
    for itself.
    """
    with _executors_lock:
        pool = _executors.get("db")
    return work() if pool is None else pool.submit(work).result()


class CancelToken:
    """Shared flag a long operation checks between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class _Relay(QObject):
    """Lives on the GUI thread; its own slots receive the worker's queued signals."""

    finished = Signal(object, object)  # result, exception
    progressed = Signal(object)

    def __init__(self, owner: QueryOp[Any]) -> None:
        super().__init__()
        self._owner = owner
        self.finished.connect(self._on_finished)
        self.progressed.connect(self._on_progress)

    @Slot(object, object)
    def _on_finished(self, result: Any, error: Any) -> None:
        self._owner._deliver(result, error)

    @Slot(object)
    def _on_progress(self, value: Any) -> None:
        self._owner._deliver_progress(value)


class QueryOp(Generic[T]):
    def __init__(self, *, parent: QObject | None, op: Callable[[], T], kind: str = "db") -> None:
        self._parent = parent
        self._op = op
        self._kind = kind
        self._on_success: Callable[[T], Any] | None = None
        self._on_failure: Callable[[BaseException], Any] | None = None
        self._on_progress: Callable[[Any], Any] | None = None
        self._relay: _Relay | None = None

    def success(self, callback: Callable[[T], Any]) -> QueryOp[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], Any]) -> QueryOp[T]:
        self._on_failure = callback
        return self

    def progress(self, callback: Callable[[Any], Any]) -> QueryOp[T]:
        """Receive what the op passes to ``report`` (see ``report_progress``)."""
        self._on_progress = callback
        return self

    def report_progress(self, value: Any) -> None:
        """Call from inside ``op`` (any thread) to send progress to the GUI thread."""
        if self._relay is not None:
            self._relay.progressed.emit(value)

    def run(self) -> None:
        relay = _Relay(self)
        self._relay = relay
        _in_flight.add(relay)
        executor(self._kind).submit(self._work, relay)

    def _work(self, relay: _Relay) -> None:
        try:
            result = self._op()
        except BaseException as error:
            relay.finished.emit(None, error)
        else:
            relay.finished.emit(result, None)

    def _parent_alive(self) -> bool:
        if self._parent is None:
            return True
        try:
            import shiboken6

            return shiboken6.isValid(self._parent)
        except ImportError:  # pragma: no cover
            return True

    def _deliver_progress(self, value: Any) -> None:
        if self._on_progress is not None and self._parent_alive():
            self._on_progress(value)

    def _deliver(self, result: T, error: BaseException | None) -> None:
        relay, self._relay = self._relay, None
        _in_flight.discard(relay)  # type: ignore[arg-type]
        if not self._parent_alive():
            return
        if error is None:
            if self._on_success is not None:
                self._on_success(result)
            return
        if self._on_failure is not None:
            self._on_failure(error)
        else:
            show_failure(error, parent=self._parent)


class WriteOp(QueryOp[T]):
    """A write in the style of Anki's ``CollectionOp``: ``op`` returns ``Changes`` (or a
    ``Written`` value with its changes); ``run()`` announces them to every listening screen,
    marked with ``parent`` as their source, then calls ``success`` with the value."""

    def __init__(self, *, parent: QObject | None, op: Callable[[], Changes | Written[T]]) -> None:
        super().__init__(parent=parent, op=op, kind="db")  # type: ignore[arg-type]

    def _deliver(self, result: Any, error: BaseException | None) -> None:
        if error is None:
            changes = result.changes if isinstance(result, Written) else result
            announce(replace(changes, source=changes.source or self._parent))
            result = result.value if isinstance(result, Written) else result
        super()._deliver(result, error)


FailureShower = Callable[[BaseException, "QObject | None"], None]
_failure_shower: FailureShower | None = None


def set_failure_shower(shower: FailureShower) -> None:
    """The window's way to show a failure nobody handled (views.errors installs it)."""
    global _failure_shower
    _failure_shower = shower


def show_failure(error: BaseException, *, parent: QObject | None) -> None:
    """The default failure handler: a ``UserError``'s French sentence as it is; anything else
    is a bug, logged with its traceback and shown as « Erreur inattendue »."""
    if not isinstance(error, UserError):
        log.error("background operation failed", exc_info=error)
    if _failure_shower is not None:
        _failure_shower(error, parent)
