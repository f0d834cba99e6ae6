"""The activation endpoints seen from the device: POST with the same retries as the feed.

A POST of an activation is safe to repeat because it carries its ``Idempotency-Key``:
after a timeout or a cut connection the very same request is sent again, and the
server answers with the outcome it stored the first time. Whatever the server says
falls in one of three cases: accepted, refused for a business reason (final, shown
to the adviser), or a failure worth retrying later (raised as ``NetworkError`` or
``ServerError`` once this call's attempts are spent).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests

from sync import activation_protocol as wire
from sync.client import ApiClient, _json, _raise_for_status
from sync.errors import InvalidDataError, ServerError



@dataclass(frozen=True)
class Accepted:
    body: dict[str, Any]
    replayed: bool

    @property
    def code(self) -> str | None:
        return self.body.get("code")


@dataclass(frozen=True)
class Refused:
    """A final no: the offer, the code or the young person's history does not allow it."""

    slug: str
    title: str
    detail: str
    status: int
    replayed: bool = False

    @property
    def business(self) -> bool:
        return self.slug in wire.BUSINESS_REFUSALS


SubmitOutcome = Accepted | Refused


class ActivationApi:
    """Wraps an ``ApiClient`` (its session, token, timeouts, retry policy and traffic figures)."""

    def __init__(self, client: ApiClient) -> None:
        self.client = client

    def submit(self, payload: dict[str, Any]) -> SubmitOutcome:
        headers = {wire.IDEMPOTENCY_HEADER: str(payload["id"])}
        return self._post(wire.ACTIVATIONS_PATH, payload, headers, _submit_outcome)

    def leases(self, request: dict[str, Any]) -> dict[str, Any]:
        return self._post(wire.LEASES_PATH, request, {}, _document)

    def lookup(self, ids: list[str]) -> dict[str, Any]:
        return self._post(wire.LOOKUP_PATH, {"ids": ids}, {}, _document)

    def _post(self, path: str, body: dict[str, Any], headers: dict[str, str],
              parse: Callable[[requests.Response], Any]) -> Any:
        return self.client._call(path, {}, headers, parse, body=body)


def _submit_outcome(response: requests.Response) -> SubmitOutcome:
    replayed = response.headers.get(wire.REPLAYED_HEADER, "").lower() == "true"
    if response.status_code in (200, 201):
        body = _json(response)
        if not isinstance(body, dict) or body.get("status") != "accepted":
            raise InvalidDataError("Le serveur national a accusé réception d'une activation sans la confirmer.")
        return Accepted(body=body, replayed=replayed)
    if response.status_code in (401, 403, 404, 405) or response.status_code >= 500:
        _raise_for_status(response)  # 401/403: the token; 404/405: a server without activations
    problem = _json(response) if response.content else {}
    if not isinstance(problem, dict):
        problem = {}
    slug = str(problem.get("type") or "").rsplit(":", 1)[-1] or f"http-{response.status_code}"
    return Refused(slug=slug, title=str(problem.get("title") or "Activation refusée"),
                   detail=str(problem.get("detail") or f"Refus du serveur national ({response.status_code})."),
                   status=response.status_code, replayed=replayed)


def _document(response: requests.Response) -> dict[str, Any]:
    _raise_for_status(response)
    data = _json(response)
    if not isinstance(data, dict):
        raise ServerError("Le serveur national a envoyé une réponse illisible.")
    return data


def dumps(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
