"""Wire format of offer reports and unmet-search counts, shared by the client and the server.

A report is the young person's feedback on an offer, recorded by the adviser: it
travels once, with its client id as ``Idempotency-Key`` (also in the body), like an
activation. It names the offer, the kind of feedback, when, the device, and optionally
the activation it is about (a pseudonymous id) — never a person, never free text.

Unmet searches are counts per folded query ("velo electrique": 3), sent in batches
with a batch id as ``Idempotency-Key``. A batch names no device, no adviser and no
person: the national team sees unmet demand, not who searched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from sync.activation_protocol import PayloadError, utc_iso, validated
from sync.protocol import FEEDBACK_KINDS

REPORTS_PATH = "/v1/offers/{offer_id}/reports"
UNMET_SEARCHES_PATH = "/v1/stats/unmet-searches"
REPORT_KINDS = FEEDBACK_KINDS
OFFER_UNKNOWN = "offre-inconnue"
KEY_REUSED = "cle-reutilisee"
_OFFER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$")


def report_path(offer_id: str) -> str:
    return REPORTS_PATH.format(offer_id=offer_id)


def _fingerprint(document: dict[str, Any]) -> str:
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ReportPayload:
    """Feedback on one offer: it worked, the code failed, too small a discount, not understood."""

    id: str
    offer_id: str
    kind: str
    reported_at: dt.datetime
    device_id: str
    activation_id: str | None = None

    @classmethod
    def from_json(cls, data: Any, *, offer_id: str) -> ReportPayload:
        """Checked by the protocol's ``ReportIn`` (the one definition); PayloadError in French."""
        from sync.protocol.exchanges import ReportIn

        if not _OFFER_ID.match(offer_id):
            raise PayloadError("identifiant d'offre invalide dans l'adresse")
        model = validated(ReportIn, data)
        return cls(id=model.id, offer_id=offer_id, kind=model.kind,
                   reported_at=model.reported_at.astimezone(dt.UTC).replace(microsecond=0),
                   device_id=model.device_id, activation_id=model.activation_id)

    def to_json(self) -> dict[str, Any]:
        """The body (the offer is in the path)."""
        return {"id": self.id, "kind": self.kind, "reported_at": utc_iso(self.reported_at),
                "device_id": self.device_id, "activation_id": self.activation_id}

    def fingerprint(self) -> str:
        return _fingerprint({**self.to_json(), "offer_id": self.offer_id})


@dataclass(frozen=True)
class UnmetSearchesPayload:
    """Counts of searches that found nothing, per folded query, over a span of days."""

    id: str
    first_day: dt.date
    last_day: dt.date
    searches: tuple[tuple[str, int], ...]

    @classmethod
    def from_json(cls, data: Any) -> UnmetSearchesPayload:
        """Checked by the protocol's ``UnmetSearchesIn``, then: days in order, each query once."""
        from sync.protocol.exchanges import UnmetSearchesIn

        model = validated(UnmetSearchesIn, data)
        if model.last_day < model.first_day:
            raise PayloadError("« last_day » est avant « first_day »")
        searches = tuple((s.query, s.count) for s in model.searches)
        if len({q for q, _ in searches}) != len(searches):
            raise PayloadError("champ « searches » : chaque recherche ne doit apparaître qu'une fois")
        return cls(id=model.id, first_day=model.first_day, last_day=model.last_day, searches=searches)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "first_day": self.first_day.isoformat(), "last_day": self.last_day.isoformat(),
                "searches": [{"query": q, "count": n} for q, n in self.searches]}

    def fingerprint(self) -> str:
        return _fingerprint(self.to_json())
