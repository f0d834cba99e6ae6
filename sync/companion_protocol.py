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

from pej_desktop.domain.followup import FEEDBACK_KINDS
from sync.activation_protocol import PayloadError, parse_instant, utc_iso

REPORTS_PATH = "/v1/offers/{offer_id}/reports"
UNMET_SEARCHES_PATH = "/v1/stats/unmet-searches"
REPORT_KINDS = FEEDBACK_KINDS
MAX_QUERY_LENGTH = 80
MAX_BATCH = 500
MAX_COUNT = 100_000
OFFER_UNKNOWN = "offre-inconnue"
KEY_REUSED = "cle-reutilisee"
_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
_OFFER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$")
_FOLDED = re.compile(r"^[a-z0-9]+( [a-z0-9]+)*$")


def report_path(offer_id: str) -> str:
    return REPORTS_PATH.format(offer_id=offer_id)


def _identifier(data: dict[str, Any], name: str, *, optional: bool = False) -> str | None:
    value = data.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not _ID.match(value):
        raise PayloadError(f"champ « {name} » manquant ou invalide "
                           "(8 à 64 caractères : lettres, chiffres, . _ : -)")
    return value


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
    def from_json(cls, data: Any, *, offer_id: str) -> "ReportPayload":
        if not isinstance(data, dict):
            raise PayloadError("le corps de la requête doit être un objet JSON")
        if not _OFFER_ID.match(offer_id):
            raise PayloadError("identifiant d'offre invalide dans l'adresse")
        kind = data.get("kind")
        if kind not in REPORT_KINDS:
            raise PayloadError("champ « kind » : " + ", ".join(REPORT_KINDS) + " attendu")
        return cls(id=_identifier(data, "id") or "", offer_id=offer_id, kind=kind,
                   reported_at=parse_instant(data.get("reported_at"), "reported_at"),
                   device_id=_identifier(data, "device_id") or "",
                   activation_id=_identifier(data, "activation_id", optional=True))

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
    def from_json(cls, data: Any) -> "UnmetSearchesPayload":
        if not isinstance(data, dict):
            raise PayloadError("le corps de la requête doit être un objet JSON")
        first, last = _day(data, "first_day"), _day(data, "last_day")
        if last < first:
            raise PayloadError("« last_day » est avant « first_day »")
        items = data.get("searches")
        if not isinstance(items, list) or not 0 < len(items) <= MAX_BATCH:
            raise PayloadError(f"champ « searches » : une liste de 1 à {MAX_BATCH} éléments est attendue")
        searches = tuple(_search(item) for item in items)
        if len({q for q, _ in searches}) != len(searches):
            raise PayloadError("champ « searches » : chaque recherche ne doit apparaître qu'une fois")
        return cls(id=_identifier(data, "id") or "", first_day=first, last_day=last, searches=searches)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "first_day": self.first_day.isoformat(), "last_day": self.last_day.isoformat(),
                "searches": [{"query": q, "count": n} for q, n in self.searches]}

    def fingerprint(self) -> str:
        return _fingerprint(self.to_json())


def _day(data: dict[str, Any], name: str) -> dt.date:
    value = data.get(name)
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else _raise(name)
    except ValueError:
        raise PayloadError(f"champ « {name} » : date AAAA-MM-JJ attendue") from None


def _raise(name: str) -> dt.date:
    raise PayloadError(f"champ « {name} » manquant ou invalide")


def _search(item: Any) -> tuple[str, int]:
    if not isinstance(item, dict):
        raise PayloadError("champ « searches » : chaque élément a une « query » et un « count »")
    query, count = item.get("query"), item.get("count")
    if not isinstance(query, str) or len(query) > MAX_QUERY_LENGTH or not _FOLDED.match(query):
        raise PayloadError("champ « query » : recherche repliée attendue (minuscules sans accents, chiffres, "
                           f"espaces simples, {MAX_QUERY_LENGTH} caractères au plus)")
    if isinstance(count, bool) or not isinstance(count, int) or not 0 < count <= MAX_COUNT:
        raise PayloadError(f"champ « count » : un entier de 1 à {MAX_COUNT} est attendu")
    return query, count
