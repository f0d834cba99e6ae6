"""The catalogue's records as the desktop uses them: what the national API sends and the demo file holds.

These dataclasses are built only from validated data: the wire's records are checked
by the protocol models (``sync.protocol.records``, bounds on every field, French errors
naming the record and the field) and converted to these. ``to_payload`` gives the wire
form back (the demo file, the reference server's store, the tests).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from pej_desktop.domain.errors import UserError

OFFER_KINDS = ("voucher", "voucher_pass", "code", "code_space", "gift_card")
IN_STORE_KINDS = frozenset({"voucher", "voucher_pass"})

Channel = Literal["in_store", "online"]


class RecordError(UserError, ValueError):
    """A catalogue record that cannot be accepted; the message is in French."""


@dataclass(frozen=True)
class CategoryRecord:
    slug: str
    name: str
    position: int = 0

    def to_payload(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PartnerRecord:
    id: str
    name: str
    color: str | None = None
    url: str | None = None
    description: str | None = None

    def to_payload(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Discount:
    """Machine-readable discount; amounts in integer cents."""

    type: str
    percent: float | None = None
    reference_spend_cents: int | None = None
    amount_cents: int | None = None
    regular_price_cents: int | None = None
    pass_price_cents: int | None = None

    def to_payload(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class Usage:
    """Typical use of an offer: ``count`` times per ``period`` (or once)."""

    count: float = 1.0
    period: str = "month"

    def to_payload(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Territory:
    scope: str = "national"
    departements: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()


    def all_departements(self) -> tuple[str, ...]:
        """Départements covered, including those of the listed communes."""
        from_communes = (commune_departement(c) for c in self.communes)
        return tuple(dict.fromkeys([*self.departements, *from_communes]))

    def to_payload(self) -> dict[str, Any]:
        if self.scope == "national":
            return {"scope": "national"}
        return {"scope": "local", "departements": list(self.departements), "communes": list(self.communes)}


def commune_departement(insee_code: str) -> str:
    """Département of an INSEE commune code (DOM codes have three digits)."""
    return insee_code[:3] if insee_code.startswith("97") else insee_code[:2]


@dataclass(frozen=True)
class OfferRecord:
    id: str
    kind: str
    title: str
    partner_id: str
    discount: Discount
    subtitle: str = ""
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    published: bool = True
    renewable: bool = False
    how_to_use: tuple[str, ...] = ()
    conditions: tuple[dict[str, str], ...] = ()
    url: str | None = None
    territory: Territory = field(default_factory=Territory)
    age_min: int | None = None
    age_max: int | None = None
    usage: Usage = field(default_factory=Usage)
    stores_count: int | None = None

    @property
    def channel(self) -> Channel:
        return "in_store" if self.kind in IN_STORE_KINDS else "online"

    def to_payload(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "title": self.title, "subtitle": self.subtitle,
            "partner_id": self.partner_id, "categories": list(self.categories), "tags": list(self.tags),
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "published": self.published, "renewable": self.renewable,
            "how_to_use": list(self.how_to_use), "conditions": [dict(c) for c in self.conditions],
            "url": self.url, "territory": self.territory.to_payload(),
            "age_min": self.age_min, "age_max": self.age_max,
            "discount": self.discount.to_payload(), "usage": self.usage.to_payload(),
            "stores_count": self.stores_count,
        }
