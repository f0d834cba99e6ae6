"""Runs the reference API with uvicorn, and restarts it when fault mode asks.

A restart closes the listening socket and every connection, rebuilds the application
from the database file (nothing kept in memory but the fault rules), and listens
again on the same port: clients see refused connections meanwhile, as with a real
server restarting. Used by ``pej-national-api serve`` and by the integration tests.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import threading
import time
from pathlib import Path

import uvicorn

from sync.server.faults import FaultBook
from sync.server.main import create_app

log = logging.getLogger(__name__)


def bind_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted connections only when
    # the listening socket says so, and without it every response waits ~40 ms (Nagle).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    for attempt in range(50):
        try:
            sock.bind((host, port))
            break
        except OSError:
            if attempt == 49:
                sock.close()
                raise
            time.sleep(0.1)
    return sock


def serve_workers(db: str | Path, *, host: str, port: int, workers: int, log_level: str = "warning") -> None:
    """``workers`` processes accepting on one listening socket, each with its own engine.

    The workers share nothing but the database: every guarantee of the contract is kept
    by the database's writer lock (see ``sync.server.db.server_engine``). The parent
    forks them once the socket listens, and stops them all on Ctrl+C or SIGTERM.
    """
    sock = bind_socket(host, port)
    sock.listen(2048)
    context = multiprocessing.get_context("fork")
    children = [context.Process(target=_worker, args=(sock, db, log_level), name=f"national-api-{n}", daemon=True)
                for n in range(workers)]
    for child in children:
        child.start()
    stopping = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        while not stopping.is_set() and all(child.is_alive() for child in children):
            stopping.wait(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for child in children:
            child.terminate()
        for child in children:
            child.join(timeout=10)
        sock.close()


def _worker(sock: socket.socket, db: str | Path, log_level: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    app, engine = create_app(db, FaultBook())
    config = uvicorn.Config(app, lifespan="off", log_level=log_level, access_log=False,
                            timeout_graceful_shutdown=1, server_header=False)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        engine.dispose()


class NationalApiServer:
    def __init__(self, db_path: str | Path, *, host: str = "127.0.0.1", port: int = 0,
                 faults: FaultBook | None = None, log_level: str = "warning") -> None:
        self.db_path = db_path
        self.host = host
        self.port = port
        self.faults = faults if faults is not None else FaultBook()
        self.faults.restart_hook = self.request_restart
        self.log_level = log_level
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._restart_down: float | None = None
        self._up = threading.Event()
        self.restarts = 0

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _bind(self) -> socket.socket:
        sock = bind_socket(self.host, self.port)
        self.port = sock.getsockname()[1]
        return sock

    def serve_forever(self) -> None:
        """Serve until ``stop()`` (or Ctrl+C in the foreground), restarting on request."""
        while not self._stopping:
            sock = self._bind()
            app, engine = create_app(self.db_path, self.faults)
            config = uvicorn.Config(app, lifespan="off", log_level=self.log_level, access_log=False,
                                    timeout_graceful_shutdown=1, server_header=False)
            self._server = uvicorn.Server(config)
            self._restart_down = None
            watcher = threading.Thread(target=self._announce_when_started, args=(self._server,), daemon=True)
            watcher.start()
            try:
                self._server.run(sockets=[sock])
            finally:
                self._up.clear()
                sock.close()
                engine.dispose()
            if self._restart_down is None:
                break
            self.restarts += 1
            log.info("restarting after %.1f s down", self._restart_down)
            time.sleep(self._restart_down)

    def _announce_when_started(self, server: uvicorn.Server) -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.005)
        if server.started:
            self._up.set()

    def start(self, timeout: float = 15.0) -> NationalApiServer:
        """Serve in a background thread; returns once the port accepts connections."""
        self._thread = threading.Thread(target=self.serve_forever, name="national-api", daemon=True)
        self._thread.start()
        if not self._up.wait(timeout):
            raise RuntimeError("le serveur de référence n'a pas démarré")
        return self

    def request_restart(self, down_seconds: float = 0.0) -> None:
        self._restart_down = max(0.0, down_seconds)
        self._up.clear()
        if self._server is not None:
            self._server.should_exit = True

    def restart(self, down_seconds: float = 0.0, timeout: float = 15.0) -> None:
        """Restart now and wait until the server is back."""
        before = self.restarts
        self.request_restart(down_seconds)
        deadline = time.monotonic() + timeout
        while (self.restarts == before or not self._up.is_set()) and time.monotonic() < deadline:
            time.sleep(0.01)
        if not self._up.is_set():
            raise RuntimeError("le serveur de référence n'a pas redémarré")

    def stop(self) -> None:
        self._stopping = True
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=15)
