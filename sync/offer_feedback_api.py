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
from pydantic import BaseModel

from sync import activation_protocol as wire
from sync.activation_api import ActivationApi, acknowledgement, contract_problem, unexpected_answer
from sync.client import _raise_for_status
from sync.offer_feedback_protocol import OFFER_UNKNOWN, UNMET_SEARCHES_PATH, report_path
from sync.protocol.exchanges import ReportAccepted, UnmetSearchesAccepted


@dataclass(frozen=True)
class Delivered:
    replayed: bool


@dataclass(frozen=True)
class Dropped:
    """A final no (offer unknown upstream, a body the server refuses): retrying would not help."""

    status: int
    detail: str


Outcome = Delivered | Dropped


class OfferFeedbackApi(ActivationApi):
    def report(self, offer_id: str, body: dict[str, Any]) -> Outcome:
        return self._idempotent(report_path(offer_id), body, ReportAccepted)

    def unmet_searches(self, body: dict[str, Any]) -> Outcome:
        return self._idempotent(UNMET_SEARCHES_PATH, body, UnmetSearchesAccepted)

    def _idempotent(self, path: str, body: dict[str, Any], model: type[BaseModel]) -> Outcome:
        key = str(body["id"])
        return self._post(path, body, {wire.IDEMPOTENCY_HEADER: key}, lambda response: _outcome(response, key, model))


def _outcome(response: requests.Response, key: str, model: type[BaseModel]) -> Outcome:
    """Final only on the contract's own answers about this key; anything else stays pending."""
    if response.status_code in (200, 201):
        acknowledgement(response, key, model)
        return Delivered(replayed=response.headers.get(wire.REPLAYED_HEADER, "").lower() == "true")
    if response.status_code in (401, 403):
        _raise_for_status(response)
    problem = contract_problem(response)
    unknown_offer = problem is not None and str(problem["type"]).endswith(f":{OFFER_UNKNOWN}")
    if problem is None or (response.status_code == 404 and not unknown_offer):
        raise unexpected_answer(response)  # another 404: a server without these routes, or a proxy
    return Dropped(status=response.status_code,
                   detail=str(problem.get("detail") or "") or f"Refus ({response.status_code}).")
