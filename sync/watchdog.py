"""An overall deadline for one HTTP exchange, its headers included.

requests' read timeout is per packet: a server that sends one byte of its status line or
headers every second never trips it, and ``stream=True`` only helps once the headers are
in. The watchdog remembers which connection the exchange uses and, when the deadline
passes, shuts that connection's socket down: the blocked read returns at once and the
client reports the server as too slow. The connection is never reused afterwards
(urllib3 discards a connection whose exchange failed).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from typing import Any

import requests
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_current = threading.local()  # the watchdog of the exchange running on this thread


class Watchdog:
    """``with Watchdog(seconds) as dog:`` around one request and the reading of its body."""

    def __init__(self, seconds: float) -> None:
        self._lock = threading.Lock()
        self._connection: HTTPConnection | None = None
        self.fired = False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> Watchdog:
        _current.watchdog = self
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.cancel()
        _current.watchdog = None

    def watch(self, connection: HTTPConnection) -> None:
        with self._lock:
            self._connection = connection
            fired = self.fired
        if fired:
            _shut(connection)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            connection = self._connection
        if connection is not None:
            _shut(connection)


def _shut(connection: HTTPConnection) -> None:
    sock = getattr(connection, "sock", None)
    if sock is None:
        return
    with contextlib.suppress(OSError):  # already closed: nothing left to interrupt
        sock.shutdown(socket.SHUT_RDWR)


class _Watched:
    """Tells the running exchange's watchdog which connection it is about to use."""

    def request(self, *args: Any, **kwargs: Any) -> None:
        watchdog = getattr(_current, "watchdog", None)
        if watchdog is not None:
            watchdog.watch(self)
        super().request(*args, **kwargs)  # type: ignore[misc]


class _WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


def watch_session(session: requests.Session) -> None:
    """Every connection the session opens from now on can be cut by a running watchdog."""
    for adapter in session.adapters.values():
        pool_manager = getattr(adapter, "poolmanager", None)
        if pool_manager is not None:
            pool_manager.pool_classes_by_scheme = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}
