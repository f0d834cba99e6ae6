"""Fault mode: the failures a real network and a real server produce, on demand.

Rules come from ``serve --faults`` or the admin endpoint. Transport faults (delay,
timeout, error status with Retry-After, truncated body, restart; ``drop``: the request
is processed and committed, then the connection closes without an answer; ``late``:
processed and committed, answered after ``seconds``, past the client's timeout; ``portal``: a
captive portal's HTML page with status 200; ``misdirect``: processed, answered with another id;
``drip``: the answer sent one byte every ``seconds``; ``bomb``: a gzip body that inflates to
1 GiB) act on the wire, outside gzip; ``status`` also answers redirections (301/302/307/308,
with a ``Location``) and 408; page faults (duplicated page, page out of order, corrupt record) act on
the JSON inside it. Each rule fires ``times`` times (None: always) after skipping the
first ``after`` matching requests, with a ``probability`` drawn from a seeded RNG.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import random
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sync.protocol import CHANGES_PATH
from sync.server.problems import problem_body

TRANSPORT_KINDS = ("delay", "timeout", "status", "truncate", "restart", "drop", "late", "portal", "misdirect",
                   "drip", "bomb")
FAULT_STATUSES = frozenset({301, 302, 304, 307, 308, 408, 429, 500, 502, 503, 504})
PORTAL_PAGE = ("<!DOCTYPE html><html lang=\"fr\"><head><title>Connexion au Wi-Fi</title></head><body>"
               "<h1>Bienvenue sur le Wi-Fi de la gare</h1><p>Acceptez les conditions pour continuer.</p>"
               "<form method=\"post\" action=\"/login\"><button>Se connecter</button></form></body></html>")
BOMB_INFLATED = 1 << 30  # a gzip bomb: 1 GiB of zeros once inflated, about 1 MB on the wire
PAGE_KINDS = ("duplicate", "reorder", "corrupt", "endless", "oversize")
FAULT_KINDS = TRANSPORT_KINDS + PAGE_KINDS
_ABSENT = "__absent__"  # corrupt: remove the field instead of setting it

PRESETS: dict[str, list[dict[str, Any]]] = {
    "demo": [
        {"kind": "delay", "seconds": 0.4, "probability": 0.3, "times": None},
        {"kind": "status", "status": 503, "retry_after": 1, "probability": 0.1, "times": None},
        {"kind": "truncate", "probability": 0.05, "times": None},
        {"kind": "duplicate", "probability": 0.05, "times": None},
        {"kind": "reorder", "probability": 0.05, "times": None},
    ],
}


@dataclass
class FaultRule:
    kind: str
    path: str = CHANGES_PATH
    after: int = 0
    times: int | None = 1
    probability: float = 1.0
    seconds: float = 0.0
    status: int = 503
    retry_after: int | None = None
    record: str = "offers"  # corrupt: which list
    field: str = "title"
    value: Any = _ABSENT
    seen: int = dataclasses.field(default=0, compare=False)
    fired: int = dataclasses.field(default=0, compare=False)

    @classmethod
    def from_dict(cls, data: Any) -> FaultRule:
        if not isinstance(data, dict) or data.get("kind") not in FAULT_KINDS:
            raise ValueError(f"panne inconnue : {data!r} (attendu : {', '.join(FAULT_KINDS)})")
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k not in ("seen", "fired")}
        try:
            rule = cls(**known)
        except TypeError as error:
            raise ValueError(f"panne mal décrite : {error}") from None
        if rule.status not in FAULT_STATUSES or not _number(rule.probability, 0, 1):
            raise ValueError("panne mal décrite : statut ou probabilité hors limites")
        counts_ok = isinstance(rule.after, int) and rule.after >= 0 and (
            rule.times is None or (isinstance(rule.times, int) and rule.times >= 1))
        waits_ok = _number(rule.seconds, 0, 600) and (rule.retry_after is None or (
            isinstance(rule.retry_after, int) and rule.retry_after >= 0))
        if not counts_ok or not waits_ok:
            raise ValueError("panne mal décrite : « after », « times », « seconds » ou « retry_after » invalide")
        return rule

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class FaultBook:
    """The rules in force, shared by the middlewares; thread-safe."""

    rules: list[FaultRule] = dataclasses.field(default_factory=list)
    seed: int | None = None
    restart_hook: Callable[[float], None] | None = None
    last_page: tuple[bytes, str] | None = None  # (body, query) of the last page served

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._random = random.Random(self.seed)

    def replace(self, rules: list[dict[str, Any]]) -> None:
        parsed = [FaultRule.from_dict(r) for r in rules]
        with self._lock:
            self.rules = parsed

    def clear(self) -> None:
        self.replace([])

    def snapshot(self) -> list[dict[str, Any]]:
        with self._lock:
            return [r.to_dict() for r in self.rules]

    def take(self, path: str, kinds: tuple[str, ...]) -> FaultRule | None:
        """The first rule of these kinds that fires for this request, counting it."""
        with self._lock:
            for rule in self.rules:
                if rule.kind not in kinds or not path.startswith(rule.path):
                    continue
                rule.seen += 1
                spent = rule.times is not None and rule.fired >= rule.times
                if rule.seen > rule.after and not spent and self._random.random() < rule.probability:
                    rule.fired += 1
                    return rule
        return None


def _number(value: Any, low: float, high: float) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high


def parse_fault_spec(spec: str) -> list[dict[str, Any]]:
    """``--faults``: a preset name, a JSON list, or ``@file.json``."""
    if spec in PRESETS:
        return PRESETS[spec]
    text = Path(spec[1:]).read_text(encoding="utf-8") if spec.startswith("@") else spec
    rules = json.loads(text)
    if isinstance(rules, dict):
        rules = [rules]
    for rule in rules:
        FaultRule.from_dict(rule)
    return rules


class _Captured:
    """A whole ASGI response, caught so it can be altered before it reaches the wire."""

    def __init__(self) -> None:
        self.start: dict[str, Any] = {}
        self.body = b""

    async def send(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.start = message
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")

    @property
    def status(self) -> int:
        return int(self.start.get("status", 500))

    def headers(self, length: int | None = None) -> list[tuple[bytes, bytes]]:
        size = len(self.body) if length is None else length
        kept = [(k, v) for k, v in self.start.get("headers", []) if k.lower() != b"content-length"]
        return kept + [(b"content-length", str(size).encode())]


async def _send_whole(send: Any, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def _send_cut(send: Any, captured: _Captured, keep: int) -> None:
    """Announce the full length, send only ``keep`` bytes, and end: the server closes."""
    await send({"type": "http.response.start", "status": captured.status, "headers": captured.headers()})
    await send({"type": "http.response.body", "body": captured.body[:keep], "more_body": True})


class TransportFaults:
    def __init__(self, app: Any, book: FaultBook) -> None:
        self.app, self.book = app, book

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        rule = self.book.take(scope["path"], TRANSPORT_KINDS) if scope["type"] == "http" else None
        if rule is None:
            await self.app(scope, receive, send)
        elif rule.kind in ("delay", "timeout"):
            await asyncio.sleep(rule.seconds if rule.kind == "delay" else (rule.seconds or 30.0))
            await self.app(scope, receive, send)
        elif rule.kind == "status":
            await self._status(rule, send)
        elif rule.kind == "portal":
            await _send_whole(send, 200, _plain_headers(b"text/html; charset=utf-8", PORTAL_PAGE.encode()),
                              PORTAL_PAGE.encode())
        elif rule.kind == "bomb":
            bomb = gzip_bomb()
            await _send_whole(send, 200, [*_plain_headers(b"application/json", bomb), (b"content-encoding", b"gzip")],
                              bomb)
        elif rule.kind == "misdirect":  # processed (committed), but the answer names another id
            captured = _Captured()
            await self.app(scope, receive, captured.send)
            body = _misdirected(captured.body)
            await _send_whole(send, captured.status, captured.headers(len(body)), body)
        elif rule.kind == "drip":
            captured = _Captured()
            await self.app(scope, receive, captured.send)
            await _drip(send, receive, captured, rule.seconds or 1.0)
        elif rule.kind == "late":  # the request is processed (committed), the answer comes too late
            captured = _Captured()
            await self.app(scope, receive, captured.send)
            await asyncio.sleep(rule.seconds or 30.0)
            await _send_whole(send, captured.status, captured.headers(), captured.body)
        else:  # truncate, restart, drop: processed (committed), then the answer is cut
            captured = _Captured()
            await self.app(scope, receive, captured.send)
            await _send_cut(send, captured, len(captured.body) // 2 if rule.kind == "truncate" else 0)
            if rule.kind == "restart" and self.book.restart_hook is not None:
                self.book.restart_hook(rule.seconds)

    async def _status(self, rule: FaultRule, send: Any) -> None:
        body = problem_body(rule.status, "indisponible", "Service momentanément indisponible",
                            "Le serveur est surchargé ou en maintenance ; réessayez dans un instant.")
        if rule.status == 304:  # "not modified", whatever the request said
            body = b""
        headers = [(b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode())]
        if rule.status in (301, 302, 307, 308):
            headers.append((b"location", b"http://portail.example/connexion"))
        if rule.retry_after is not None:
            headers.append((b"retry-after", str(rule.retry_after).encode()))
        await _send_whole(send, rule.status, headers, body)


def _plain_headers(media_type: bytes, body: bytes) -> list[tuple[bytes, bytes]]:
    return [(b"content-type", media_type), (b"content-length", str(len(body)).encode())]


def _misdirected(body: bytes) -> bytes:
    """The same answer, about another activation (or report): a proxy that mixed answers up."""
    try:
        document = json.loads(body)
    except ValueError:
        return body
    if isinstance(document, dict) and "id" in document:
        document["id"] = f"autre-{document['id']}"
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


async def _drip(send: Any, receive: Any, captured: _Captured, seconds: float) -> None:
    """The whole length announced, then one byte every ``seconds``, until the client hangs up."""
    await send({"type": "http.response.start", "status": captured.status, "headers": captured.headers()})
    for index in range(len(captured.body)):
        await send({"type": "http.response.body", "body": captured.body[index:index + 1], "more_body": True})
        try:
            message = await asyncio.wait_for(receive(), timeout=seconds)
        except TimeoutError:
            continue
        if message.get("type") == "http.disconnect":
            return
    await send({"type": "http.response.body", "body": b"", "more_body": False})


_BOMB: bytes | None = None


def gzip_bomb() -> bytes:
    """1 GiB of zeros, gzip-compressed once (about 1 MB) and kept for later requests."""
    global _BOMB
    if _BOMB is None:
        import zlib

        packer = zlib.compressobj(9, zlib.DEFLATED, 31)
        block = bytes(1 << 20)
        parts = [packer.compress(block) for _ in range(BOMB_INFLATED >> 20)]
        _BOMB = b"".join(parts) + packer.flush()
    return _BOMB


class PageFaults:
    def __init__(self, app: Any, book: FaultBook) -> None:
        self.app, self.book = app, book

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(CHANGES_PATH):
            await self.app(scope, receive, send)
            return
        rule = self.book.take(scope["path"], PAGE_KINDS)
        if rule is not None and rule.kind == "oversize":  # the server ignores the limit asked for
            scope = {**scope, "query_string": _without_limit(scope.get("query_string", b""))}
        captured = _Captured()
        await self.app(scope, receive, captured.send)
        body = captured.body
        if captured.status == 200:
            previous, self.book.last_page = self.book.last_page, (body, scope.get("query_string", b"").decode())
            if rule is not None:
                body = await self._alter(rule, scope, receive, body, previous)
        await _send_whole(send, captured.status, captured.headers(len(body)), body)

    async def _alter(self, rule: FaultRule, scope: dict[str, Any], receive: Any, body: bytes,
                     previous: tuple[bytes, str] | None) -> bytes:
        if rule.kind == "oversize":
            return body
        if rule.kind == "duplicate":
            same_request = previous is None or previous[1] == scope.get("query_string", b"").decode()
            return body if same_request else previous[0]  # type: ignore[index]
        page = json.loads(body)
        if rule.kind == "reorder":
            page = await self._later_page(scope, receive, page)
            for key in ("categories", "partners", "offers", "tombstones"):
                self.book._random.shuffle(page[key])
        elif rule.kind == "endless":  # a cursor that never ends: always "more to come"
            page["has_more"], page["remaining"] = True, max(1, int(page.get("remaining") or 0))
        else:
            _corrupt(page, rule)
        return json.dumps(page).encode("ascii")  # escaped: a lone surrogate travels as \ud800

    async def _later_page(self, scope: dict[str, Any], receive: Any, page: dict[str, Any]) -> dict[str, Any]:
        """The page after the one asked for, as a server mixing up its pages would send."""
        if not page.get("has_more"):
            return page
        from urllib.parse import parse_qsl, urlencode

        query = dict(parse_qsl(scope.get("query_string", b"").decode()))
        query["since"] = page["next_cursor"]
        later = _Captured()
        await self.app({**scope, "query_string": urlencode(query).encode()}, receive, later.send)
        return json.loads(later.body) if later.status == 200 else page


def _without_limit(query: bytes) -> bytes:
    from urllib.parse import parse_qsl, urlencode

    pairs = [(k, v) for k, v in parse_qsl(query.decode()) if k != "limit"] + [("limit", "5000")]
    return urlencode(pairs).encode()


def _corrupt(page: dict[str, Any], rule: FaultRule) -> None:
    items = page.get(rule.record) or []
    if not items:
        return
    if rule.value == _ABSENT:
        items[0].pop(rule.field, None)
    else:
        items[0][rule.field] = rule.value
