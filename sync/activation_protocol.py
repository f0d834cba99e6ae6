"""The wire format of activations and code leases, shared by the client and the server.

An activation travels as one JSON object whose ``id`` is the activation's client id,
also sent as the ``Idempotency-Key`` header. The server keeps that id forever: sending
the same activation again (after a timeout, a crash, from another machine after an
outbox import) returns the outcome of the first time, never a second activation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from pej_desktop.domain.activation import needs_code as _pool_kind

ACTIVATIONS_PATH = "/v1/activations"
LOOKUP_PATH = "/v1/activations/lookup"
LEASES_PATH = "/v1/codes/leases"
CODES_USED_PATH = "/admin/codes/used"
IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_LOOKUP = 500
CLOCK_TOLERANCE = dt.timedelta(days=1)  # an activation dated further in the future is refused

# Business refusals: stored under the key, replayed as they were, shown to the adviser.
OFFER_WITHDRAWN = "offre-retiree"
OFFER_UNKNOWN = "offre-inconnue"
OFFER_EXPIRED = "offre-expiree"
OFFER_NOT_YET = "offre-pas-encore-valable"
ALREADY_ACTIVATED = "deja-activee"
PREVIOUS_NOT_USED = "code-precedent-non-utilise"
RENEWAL_TOO_EARLY = "renouvellement-trop-tot"
CODE_TAKEN = "code-deja-utilise"
CODE_UNKNOWN = "code-inconnu"
QUOTA_REACHED = "quota-atteint"
CLOCK_WRONG = "date-invalide"
BUSINESS_REFUSALS = frozenset({OFFER_WITHDRAWN, OFFER_UNKNOWN, OFFER_EXPIRED, OFFER_NOT_YET, ALREADY_ACTIVATED,
                               PREVIOUS_NOT_USED, RENEWAL_TOO_EARLY, CODE_TAKEN, CODE_UNKNOWN, QUOTA_REACHED,
                               CLOCK_WRONG})
KEY_REUSED = "cle-reutilisee"  # same key, another body: a client bug, not stored

_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


class PayloadError(ValueError):
    """The body does not follow the contract; French message naming the field."""


def utc_iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat()


def parse_instant(value: Any, name: str) -> dt.datetime:
    """An ISO 8601 instant with its offset (naive times are ambiguous across devices)."""
    if not isinstance(value, str):
        raise PayloadError(f"champ « {name} » manquant ou invalide")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise PayloadError(f"champ « {name} » : date et heure ISO 8601 attendues") from None
    if moment.tzinfo is None:
        raise PayloadError(f"champ « {name} » : le fuseau horaire est obligatoire")
    return moment.astimezone(dt.timezone.utc).replace(microsecond=0)


def _identifier(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not _ID.match(value):
        raise PayloadError(f"champ « {name} » manquant ou invalide (8 à 64 caractères : lettres, chiffres, . _ : -)")
    return value


def _text(data: dict[str, Any], name: str, *, limit: int, optional: bool = False) -> str | None:
    value = data.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise PayloadError(f"champ « {name} » manquant ou invalide")
    return value.strip()


@dataclass(frozen=True)
class ActivationPayload:
    """What a device tells the national side about one activation."""

    id: str  # the activation's client id = the Idempotency-Key
    offer_id: str
    beneficiary: str  # the young person's pseudonymous id on the device (never a name)
    activated_at: dt.datetime  # UTC, when the adviser activated it (maybe offline)
    device_id: str  # the device that recorded it, and that was lent its code
    code: str | None = None  # the leased code handed out; None: "code à venir" or no code
    saving_cents_per_month: int | None = None  # the estimate recorded with the activation

    @classmethod
    def from_json(cls, data: Any) -> "ActivationPayload":
        if not isinstance(data, dict):
            raise PayloadError("le corps de la requête doit être un objet JSON")
        saving = data.get("saving_cents_per_month")
        if saving is not None and (isinstance(saving, bool) or not isinstance(saving, int) or saving < 0):
            raise PayloadError("champ « saving_cents_per_month » invalide")
        return cls(id=_identifier(data, "id"), offer_id=_text(data, "offer_id", limit=80) or "",
                   beneficiary=_identifier(data, "beneficiary"),
                   activated_at=parse_instant(data.get("activated_at"), "activated_at"),
                   device_id=_identifier(data, "device_id"), code=_text(data, "code", limit=128, optional=True),
                   saving_cents_per_month=saving)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "offer_id": self.offer_id, "beneficiary": self.beneficiary,
                "activated_at": utc_iso(self.activated_at), "device_id": self.device_id, "code": self.code,
                "saving_cents_per_month": self.saving_cents_per_month}

    def fingerprint(self) -> str:
        """The same activation sent twice has the same fingerprint, whatever the JSON spacing."""
        text = json.dumps(self.to_json(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def needs_code(kind: str) -> bool:
    """Offers that hand a personal, single-use code from the offer's pool to the young person."""
    return _pool_kind(kind)


def code_pairs(data: Any, name: str) -> list[tuple[str, str]]:
    """``[{"offer_id": …, "code": …}, …]`` as pairs; PayloadError otherwise."""
    if data is None:
        return []
    if not isinstance(data, list):
        raise PayloadError(f"champ « {name} » : une liste est attendue")
    pairs = []
    for item in data:
        if not isinstance(item, dict) or not isinstance(item.get("offer_id"), str) \
                or not isinstance(item.get("code"), str):
            raise PayloadError(f"champ « {name} » : chaque élément a un « offer_id » et un « code »")
        pairs.append((item["offer_id"], item["code"]))
    return pairs
