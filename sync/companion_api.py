"""Reports on offers and unmet-search batches, seen from the device: POST once per key.

Same transport as activations (``ActivationApi``: retries with backoff, the same
``Idempotency-Key`` on every attempt), so a report whose answer was lost is sent again
and recorded once. The server's answer is final (``Delivered`` or ``Dropped``) or the
call raises ``NetworkError``/``ServerError`` for a retry at a later sync.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from sync import activation_protocol as wire
from sync.activation_api import ActivationApi
from sync.client import _json, _raise_for_status
from sync.companion_protocol import OFFER_UNKNOWN, UNMET_SEARCHES_PATH, report_path


@dataclass(frozen=True)
class Delivered:
    replayed: bool


@dataclass(frozen=True)
class Dropped:
    """A final no (offer unknown upstream, a body the server refuses): retrying would not help."""

    status: int
    detail: str


Outcome = Delivered | Dropped


class CompanionApi(ActivationApi):
    def report(self, offer_id: str, body: dict[str, Any]) -> Outcome:
        return self._post(report_path(offer_id), body, {wire.IDEMPOTENCY_HEADER: str(body["id"])}, _outcome)

    def unmet_searches(self, body: dict[str, Any]) -> Outcome:
        return self._post(UNMET_SEARCHES_PATH, body, {wire.IDEMPOTENCY_HEADER: str(body["id"])}, _outcome)


def _outcome(response: requests.Response) -> Outcome:
    if response.status_code in (200, 201):
        return Delivered(replayed=response.headers.get(wire.REPLAYED_HEADER, "").lower() == "true")
    if response.status_code in (400, 404, 409, 422):
        problem = _json(response) if response.content else {}
        detail = str(problem.get("detail") or "") if isinstance(problem, dict) else ""
        unknown_offer = isinstance(problem, dict) and str(problem.get("type", "")).endswith(f":{OFFER_UNKNOWN}")
        if response.status_code != 404 or unknown_offer:
            return Dropped(status=response.status_code, detail=detail or f"Refus ({response.status_code}).")
    _raise_for_status(response)  # 401/403: the token; another 404: a server without these routes
    raise AssertionError("unreachable: every status but 200 raised above")
