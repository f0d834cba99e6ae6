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
from dataclasses import dataclass
from typing import Any

from sync.protocol.records import POOL_KINDS

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



class PayloadError(ValueError):
    """The body does not follow the contract; French message naming the field."""


def validated(model: Any, data: Any) -> Any:
    """``data`` checked by a protocol model, or PayloadError naming the fields in French."""
    from pydantic import ValidationError

    from sync.protocol.wording import describe

    if not isinstance(data, dict):
        raise PayloadError("le corps de la requête doit être un objet JSON")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise PayloadError(" ; ".join(describe(e) for e in error.errors()[:3])) from None


def utc_iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


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
    return moment.astimezone(dt.UTC).replace(microsecond=0)


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
    def from_json(cls, data: Any) -> ActivationPayload:
        """Checked by the protocol's ``ActivationIn`` (the one definition); PayloadError in French."""
        from sync.protocol.exchanges import ActivationIn

        model = validated(ActivationIn, data)
        return cls(id=model.id, offer_id=model.offer_id, beneficiary=model.beneficiary,
                   activated_at=model.activated_at.astimezone(dt.UTC).replace(microsecond=0),
                   device_id=model.device_id, code=model.code, saving_cents_per_month=model.saving_cents_per_month)

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
    return kind in POOL_KINDS
