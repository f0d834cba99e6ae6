"""HTTP client of the national API: timeouts, retries with backoff, TLS always verified.

Transient failures (refused or dropped connections, timeouts, truncated bodies,
5xx and 429) are retried with exponential backoff and full jitter, or after the
server's ``Retry-After``. Plain ``http://`` is refused except to this machine
(loopback), and TLS certificates are always verified: there is no switch to turn
that off. The token travels in the Authorization header only and is never logged.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import ipaddress
import json
import logging
import random
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests
import urllib3

from pej_desktop import __version__
from sync.errors import (
    AuthenticationError,
    ConfigurationError,
    CursorGoneError,
    ForbiddenError,
    InvalidDataError,
    NetworkError,
    ServerError,
    SyncCancelled,
    SyncError,
)
from sync.protocol import CHANGES_PATH, DEFAULT_PAGE_SIZE, STATUS_PATH, ChangesPage, PageFormatError
from sync.watchdog import Watchdog, watch_session

log = logging.getLogger(__name__)
USER_AGENT = f"PEJ-Desktop/{__version__}"
_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
_TRANSIENT = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError,
              requests.exceptions.ContentDecodingError)


class Cancellable(Protocol):
    @property
    def cancelled(self) -> bool: ...


class _Transient(Exception):
    """A failure worth retrying; ``wait`` is the server's Retry-After when it gave one."""

    def __init__(self, error: SyncError, wait: float | None = None) -> None:
        super().__init__(error.message)
        self.error, self.wait = error, wait


def check_api_url(url: str) -> str:
    """The API base URL without trailing slash, or ConfigurationError (in French)."""
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigurationError(f"Adresse de l'API invalide : « {text} » (exemple : https://api.pej.gouv.fr).")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ConfigurationError("L'adresse de l'API ne doit contenir ni identifiant, ni paramètres.")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ConfigurationError("L'adresse de l'API doit commencer par https:// : une connexion non chiffrée "
                                 "n'est permise que vers ce poste (localhost).")
    return text.rstrip("/")


def is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_retry_after: float = 300.0  # a longer Retry-After fails now and says when to retry

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """Full jitter: uniform in [0, min(max, base * 2^attempt)]."""
        return rng.uniform(0, min(self.max_delay, self.base_delay * (2 ** attempt)))


@dataclass(frozen=True)
class Timeouts:
    connect: float = 5.0
    read: float = 30.0  # between two packets
    overall: float = 120.0  # the whole answer: a server dripping bytes cannot hold a sync longer


BYTES_PER_RECORD = 16 * 1024  # a page may inflate to at most its limit × this (offers are about 1 KiB)
ENVELOPE_BYTES = 256 * 1024
MAX_ANSWER_BYTES = 16 * 1024 * 1024  # any other answer (leases, lookups, activations)
_CHUNK = 64 * 1024


def page_byte_limit(limit: int) -> int:
    """The most a page of ``limit`` records may weigh once inflated: beyond, it is refused."""
    return ENVELOPE_BYTES + limit * BYTES_PER_RECORD


@dataclass
class Traffic:
    """What went over the wire: for the result of a sync and the benchmark."""

    requests: int = 0
    retries: int = 0
    bytes_received: int = 0
    not_modified: int = 0
    statuses: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class RawPage:
    """A page whose envelope is checked. ``checked``: the whole page passed, validated straight from
    its bytes (``ChangesPage.from_bytes``); else ``data``, decoded from JSON, records not validated yet."""

    data: dict[str, Any]
    etag: str | None
    body: bytes
    checked: ChangesPage | None = None

    @property
    def has_more(self) -> bool:
        return self.checked.has_more if self.checked is not None else bool(self.data["has_more"])

    @property
    def next_cursor(self) -> str:
        return self.checked.next_cursor if self.checked is not None else str(self.data["next_cursor"])

    @property
    def since(self) -> Any:
        return self.checked.since if self.checked is not None else self.data.get("since")

    @property
    def remaining(self) -> int:
        remaining = self.checked.remaining if self.checked is not None else self.data.get("remaining")
        return remaining if isinstance(remaining, int) else 0

    @property
    def size(self) -> int:
        """Records in the page as sent (refused ones included)."""
        return self.checked.size if self.checked is not None else record_count(self.data)


@dataclass(frozen=True)
class PageResponse:
    page: ChangesPage | None  # None: 304, nothing changed
    etag: str | None


class ApiClient:
    def __init__(self, base_url: str, token: str, *, timeouts: Timeouts = Timeouts(),
                 retry: RetryPolicy = RetryPolicy(), cancel: Cancellable | None = None,
                 rng: random.Random | None = None) -> None:
        self.base_url = check_api_url(base_url)
        if not token.strip():
            raise ConfigurationError("Aucun jeton d'accès à l'API nationale n'est enregistré.")
        self.timeouts, self.retry, self.cancel = timeouts, retry, cancel
        self.rng = rng or random.Random()
        self.traffic = Traffic()
        self.session = requests.Session()
        self.session.verify = True
        watch_session(self.session)
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json",
                                     "Accept-Encoding": "gzip", "Authorization": f"Bearer {token.strip()}"})

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- endpoints -------------------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        """Who we are for the server and what catalogue it has (the connection test)."""
        return self._call(STATUS_PATH, {}, {}, self._status_body)

    def changes(self, since: str | None, *, limit: int = DEFAULT_PAGE_SIZE, etag: str | None = None) -> PageResponse:
        raw = self.fetch_changes(since, limit=limit, etag=etag)
        if raw is None:
            return PageResponse(page=None, etag=etag)
        return self.validate(raw)

    def fetch_changes(self, since: str | None, *, limit: int = DEFAULT_PAGE_SIZE,
                      etag: str | None = None) -> RawPage | None:
        """One page, decoded but not validated yet (None: 304), so the next request can start early."""
        params: dict[str, Any] = {"limit": limit}
        if since is not None:
            params["since"] = since
        headers = {"If-None-Match": etag} if etag else {}
        return self._call(CHANGES_PATH, params, headers, lambda r: self._raw_page(r, since, limit, etag),
                          max_bytes=page_byte_limit(limit))

    @staticmethod
    def validate(raw: RawPage) -> PageResponse:
        """The envelope checked whole (InvalidDataError otherwise), each record alone: a bad one is
        left out and listed in ``page.refused``, the rest applies."""
        if raw.checked is not None:
            return PageResponse(page=raw.checked, etag=raw.etag)
        try:
            page = ChangesPage.from_json(raw.data)
        except PageFormatError as error:
            raise InvalidDataError(f"Le serveur national a envoyé des données invalides : {error}. "
                                   "Rien de cette page n'a été appliqué au catalogue local.") from None
        return PageResponse(page=page, etag=raw.etag)

    # -- plumbing ----------------------------------------------------------------------------
    def _call(self, path: str, params: dict[str, Any], headers: dict[str, str],
              parse: Callable[[requests.Response], Any], *, body: dict[str, Any] | None = None,
              max_bytes: int = MAX_ANSWER_BYTES) -> Any:
        """GET (or POST ``body``) with retries: transient failures wait and try again, the
        last one is raised; anything else goes to ``parse`` or raises at once."""
        last: _Transient | None = None
        for attempt in range(self.retry.attempts):
            if attempt:
                self._pause(last, attempt - 1)  # type: ignore[arg-type]
            try:
                return parse(self._send(path, params, headers, body, max_bytes))
            except _Transient as transient:
                log.info("transient failure on %s (attempt %d): %s", path, attempt + 1, transient)
                if attempt + 1 < self.retry.attempts:
                    self.traffic.retries += 1
                last = transient
        raise last.error  # type: ignore[union-attr]

    def _send(self, path: str, params: dict[str, Any], headers: dict[str, str],
              body: dict[str, Any] | None = None, max_bytes: int = MAX_ANSWER_BYTES) -> requests.Response:
        """One request, never redirected, its answer read whole within the overall deadline and size.

        The deadline covers the whole exchange, headers included: the watchdog cuts the
        connection of a server that drips its status line or headers.
        """
        self._check_cancel()
        self.traffic.requests += 1
        deadline = time.monotonic() + self.timeouts.overall
        with Watchdog(self.timeouts.overall) as watchdog:
            try:
                response = self._request(path, params, headers, body)
                try:
                    response._content = self._receive(response, max_bytes, deadline)  # type: ignore[attr-defined]
                finally:
                    response.close()
            except (NetworkError, _Transient):
                if watchdog.fired:
                    raise self._too_slow() from None
                raise
            if watchdog.fired:  # the cut may look like the end of the body
                raise self._too_slow()
        self._count(response)
        if response.status_code in _RETRY_STATUSES:
            raise _Transient(_server_error(response), _retry_after(response, self.retry))
        return response

    def _request(self, path: str, params: dict[str, Any], headers: dict[str, str],
                 body: dict[str, Any] | None) -> requests.Response:
        try:
            return self.session.request(
                "GET" if body is None else "POST", self.base_url + path, params=params, json=body,
                headers=headers, allow_redirects=False, stream=True,
                timeout=(self.timeouts.connect, self.timeouts.read))
        except requests.exceptions.SSLError:
            raise NetworkError("Le certificat du serveur national n'a pas pu être vérifié : "
                               "connexion refusée pour protéger vos données.") from None
        except _TRANSIENT as error:
            raise _Transient(_network_error(error)) from None
        except requests.RequestException as error:
            raise NetworkError(f"Connexion impossible à l'API nationale ({type(error).__name__}).") from None

    def _receive(self, response: requests.Response, max_bytes: int, deadline: float) -> bytes:
        """The decoded body, at most ``max_bytes`` (a gzip bomb stops there), before ``deadline``.

        Raw bytes are read as they arrive and inflated here with a bound, so neither a
        server that drips nor a body that inflates a thousandfold can hold the sync.
        """
        inflater = _inflater(response.headers.get("Content-Encoding", ""))
        body = bytearray()
        try:
            while chunk := response.raw.read1(_CHUNK, decode_content=False):
                self._check_deadline(deadline)
                body += _inflate(inflater, chunk, max_bytes - len(body) + 1) if inflater else chunk
                if len(body) > max_bytes:
                    raise InvalidDataError(
                        f"La réponse du serveur national dépasse la taille permise ({max_bytes / (1024 * 1024):.0f} Mo "
                        "une fois décompressée) : elle a été refusée, rien n'a été appliqué.")
                self._check_cancel()
            if inflater is not None:
                body += inflater.flush()
        except (urllib3.exceptions.HTTPError, OSError, zlib.error) as error:
            raise _Transient(_network_error(requests.exceptions.ChunkedEncodingError(error))) from None
        return bytes(body)

    def _check_deadline(self, deadline: float) -> None:
        if time.monotonic() > deadline:
            raise self._too_slow()

    def _too_slow(self) -> NetworkError:
        return NetworkError(f"Le serveur national répond trop lentement (plus de {self.timeouts.overall:.0f} s "
                            "pour une réponse) : échange abandonné. Réessayez plus tard.")

    def _count(self, response: requests.Response) -> None:
        status_line = len(f"HTTP/1.1 {response.status_code} {response.reason}\r\n")
        head = status_line + sum(len(k) + len(v) + 4 for k, v in response.raw.headers.items()) + 2
        self.traffic.bytes_received += head + int(response.raw.tell())  # headers and body as on the wire
        self.traffic.statuses.append(response.status_code)

    def _pause(self, last: _Transient, attempt: int) -> None:
        wait = last.wait if last.wait is not None else self.retry.backoff(attempt, self.rng)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            self._check_cancel()
            time.sleep(min(0.05, max(0.0, deadline - time.monotonic())))

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.cancelled:
            raise SyncCancelled("Synchronisation annulée. Ce qui était déjà reçu est conservé ; "
                                "la prochaine synchronisation reprendra là où elle s'est arrêtée.")

    def _status_body(self, response: requests.Response) -> dict[str, Any]:
        _raise_for_status(response)
        return _json(response)

    def _raw_page(self, response: requests.Response, since: str | None, limit: int,
                  etag: str | None) -> RawPage | None:
        if response.status_code == 304 and etag:
            self.traffic.not_modified += 1
            return None
        if response.status_code == 304:
            raise InvalidDataError("Le serveur national a répondu « rien de nouveau » (304) sans qu'on le lui "
                                   "demande : synchronisation arrêtée, le catalogue local n'a pas été modifié.")
        _raise_for_status(response)
        checked = ChangesPage.from_bytes(response.content)  # None: decoded and looked at closer below
        raw = RawPage(data={}, etag=response.headers.get("ETag"), body=response.content, checked=checked)
        if checked is None:
            data = _json(response)
            if not isinstance(data, dict) or not isinstance(data.get("next_cursor"), str) \
                    or not isinstance(data.get("has_more"), bool):
                raise InvalidDataError("Le serveur national a envoyé une page illisible (curseur ou indicateur "
                                       "de suite manquant). Rien de cette page n'a été appliqué.")
            raw = RawPage(data=data, etag=raw.etag, body=raw.body)
        if raw.size > limit:
            raise InvalidDataError(f"Le serveur national a envoyé une page plus grande que demandé "
                                   f"({raw.size} enregistrements pour {limit} au plus) : synchronisation "
                                   "arrêtée, rien de cette page n'a été appliqué.")
        if raw.since != since:
            raise _Transient(ServerError("Le serveur national a renvoyé une page qui ne correspond pas "
                                         "à la demande (page rejouée ou dans le désordre)."))
        return raw


def _inflater(encoding: str) -> Any:
    """A decompressor for a gzip or deflate body (None: sent as is)."""
    kind = encoding.strip().lower()
    if kind in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if kind == "deflate":
        return zlib.decompressobj()
    return None


def _inflate(inflater: Any, chunk: bytes, room: int) -> bytes:
    """At most ``room`` bytes out of ``chunk``: the rest of a bomb is never inflated."""
    out = inflater.decompress(chunk, room)
    while inflater.unconsumed_tail and len(out) < room:
        out += inflater.decompress(inflater.unconsumed_tail, room - len(out))
    if inflater.unconsumed_tail:
        out += b"\0"  # more than the room: the caller refuses the answer
    return out


def record_count(data: dict[str, Any]) -> int:
    lists = (data.get(key) for key in ("categories", "partners", "offers", "tombstones"))
    return sum(len(items) for items in lists if isinstance(items, list))


def _json(response: requests.Response) -> Any:
    try:
        return json.loads(response.content)
    except ValueError:
        raise _Transient(NetworkError("La réponse du serveur national est arrivée incomplète.")) from None


def _problem_detail(response: requests.Response) -> str:
    try:
        document = json.loads(response.content)
        return str(document.get("detail") or document.get("title") or "")
    except (ValueError, AttributeError):
        return ""


def _raise_for_status(response: requests.Response) -> None:
    status = response.status_code
    if status == 200:
        return
    detail = _problem_detail(response)
    if status == 401:
        raise AuthenticationError("Jeton refusé par l'API nationale (401) : " + (detail or "jeton inconnu.")
                                  + " Vérifiez le jeton dans les paramètres de synchronisation.")
    if status == 403:
        raise ForbiddenError("Accès refusé par l'API nationale (403) : " + (detail or "jeton sans droit.")
                             + " Demandez un nouveau jeton à l'équipe nationale.")
    if status == 410:
        raise CursorGoneError(detail or "Curseur expiré : une synchronisation complète est nécessaire.")
    if 300 <= status < 400:
        raise ServerError(f"L'API nationale a répondu par une redirection ({status}) : vérifiez son adresse.")
    raise ServerError(f"L'API nationale a répondu par une erreur ({status})" + (f" : {detail}" if detail else "."))


def _network_error(error: Exception) -> NetworkError:
    if isinstance(error, requests.Timeout):
        return NetworkError("Le serveur national ne répond pas (délai dépassé). Vous êtes peut-être hors ligne.")
    if isinstance(error, (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError)):
        return NetworkError("La connexion au serveur national a été coupée pendant la réception.")
    return NetworkError("Impossible de joindre le serveur national. Vous êtes peut-être hors ligne.")


def _server_error(response: requests.Response) -> ServerError:
    detail = _problem_detail(response)
    return ServerError(f"Le serveur national est momentanément indisponible ({response.status_code})"
                       + (f" : {detail}" if detail else "."))


def _retry_after(response: requests.Response, policy: RetryPolicy) -> float | None:
    raw = response.headers.get("Retry-After")
    if raw is None:
        return None
    try:
        wait = float(int(raw.strip()))
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            return None
        wait = (when - dt.datetime.now(dt.UTC)).total_seconds()
    wait = max(0.0, wait)
    if wait > policy.max_retry_after:
        later = dt.datetime.now() + dt.timedelta(seconds=wait)
        raise ServerError(f"Le serveur national demande de réessayer plus tard (après {later:%H:%M}).")
    return wait
