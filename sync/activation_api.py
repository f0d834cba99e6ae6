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
from pydantic import BaseModel, ValidationError

from sync import activation_protocol as wire
from sync.client import ApiClient, _json, _raise_for_status
from sync.errors import ServerError
from sync.protocol import problem_type
from sync.protocol.exchanges import ActivationAccepted, LeasesOut, LookupOut

PROBLEM_PREFIX = problem_type("")


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


SubmitOutcome = Accepted | Refused


class ActivationApi:
    """Wraps an ``ApiClient`` (its session, token, timeouts, retry policy and traffic figures)."""

    def __init__(self, client: ApiClient) -> None:
        self.client = client

    def submit(self, payload: dict[str, Any]) -> SubmitOutcome:
        key = str(payload["id"])
        return self._post(wire.ACTIVATIONS_PATH, payload, {wire.IDEMPOTENCY_HEADER: key},
                          lambda response: _submit_outcome(response, key))

    def leases(self, request: dict[str, Any]) -> dict[str, Any]:
        return self._post(wire.LEASES_PATH, request, {}, lambda response: _document(response, LeasesOut))

    def lookup(self, ids: list[str]) -> dict[str, Any]:
        return self._post(wire.LOOKUP_PATH, {"ids": ids}, {}, lambda response: _document(response, LookupOut))

    def _post(self, path: str, body: dict[str, Any], headers: dict[str, str],
              parse: Callable[[requests.Response], Any]) -> Any:
        return self.client._call(path, {}, headers, parse, body=body)


def _submit_outcome(response: requests.Response, key: str) -> SubmitOutcome:
    """Accepted or refused only on an explicit answer of the contract about this very key.

    Anything else (a redirection, 408, a captive portal's page, a body that is not the
    contract's, an answer about another activation) raises ``ServerError``: the entry
    stays in the outbox with its backoff and is sent again, same key, at the next sync.
    """
    if response.status_code in (200, 201):
        return Accepted(body=acknowledgement(response, key, ActivationAccepted), replayed=_replayed(response))
    if response.status_code in (401, 403):
        _raise_for_status(response)
    problem = contract_problem(response)
    if problem is None or response.status_code == 404:  # 404: a server without activations, or not ours
        raise unexpected_answer(response)
    slug = str(problem["type"]).rsplit(":", 1)[-1]
    return Refused(slug=slug, title=str(problem.get("title") or "Activation refusée"),
                   detail=str(problem.get("detail") or f"Refus du serveur national ({response.status_code})."),
                   status=response.status_code, replayed=_replayed(response))


def _replayed(response: requests.Response) -> bool:
    return response.headers.get(wire.REPLAYED_HEADER, "").lower() == "true"


def acknowledgement(response: requests.Response, key: str, model: type[BaseModel]) -> dict[str, Any]:
    """The JSON body of a 200/201 saying ``accepted`` for ``key`` in the contract's ``model``,
    or ServerError: the entry is left pending."""
    if not _is_json(response):
        raise ServerError(f"Le serveur a répondu par une page web au lieu de l'API nationale (réseau Wi-Fi à "
                          f"accepter ?) : {_STILL_PENDING}")
    body = _json(response)
    if not isinstance(body, dict) or body.get("status") != "accepted" or body.get("id") != key \
            or not _conforms(body, model):
        raise ServerError(f"Le serveur national a répondu sans confirmer cet envoi précis : {_STILL_PENDING}")
    return body


def _conforms(body: dict[str, Any], model: type[BaseModel]) -> bool:
    try:
        model.model_validate(body)
    except ValidationError:
        return False
    return True


_STILL_PENDING = "l'envoi reste en attente et sera refait à la prochaine synchronisation."
_FINAL_STATUSES = frozenset({400, 404, 409, 422})


def contract_problem(response: requests.Response) -> dict[str, Any] | None:
    """A final refusal of the contract (400/404/409/422 problem+json of type urn:pej:…), else None."""
    if response.status_code not in _FINAL_STATUSES or "problem+json" not in response.headers.get("content-type", ""):
        return None
    try:
        problem = json.loads(response.content)
    except ValueError:
        return None
    if not isinstance(problem, dict) or not str(problem.get("type", "")).startswith(PROBLEM_PREFIX):
        return None
    return problem


def unexpected_answer(response: requests.Response) -> ServerError:
    status = response.status_code
    if 300 <= status < 400:
        return ServerError(f"Le serveur a répondu par une redirection ({status}) : {_STILL_PENDING}")
    return ServerError(f"Réponse inattendue du serveur national ({status}) : {_STILL_PENDING}")


def _is_json(response: requests.Response) -> bool:
    return "json" in response.headers.get("content-type", "")


def _document(response: requests.Response, model: type[BaseModel]) -> dict[str, Any]:
    """A 200 answer that follows the contract's ``model``; ServerError (retried later) otherwise."""
    _raise_for_status(response)
    data = _json(response)
    if not isinstance(data, dict) or not _conforms(data, model):
        raise ServerError("Le serveur national a envoyé une réponse illisible.")
    return data


def dumps(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
