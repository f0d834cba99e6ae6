"""The catalogue's records on the wire: categories, partners, offers, tombstones.

One model per record, bounded field by field (``sync.protocol.fields``). Unknown fields
are ignored (the API may grow); everything else that does not fit is refused with a
French sentence naming the record and the field. A valid model converts to the
dataclass the rest of the desktop uses (``pej_desktop.domain.records``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, NotRequired

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, model_validator
from typing_extensions import TypedDict

from pej_desktop.domain import records as rec
from sync.protocol.fields import Cents, Count, Day, FiniteDecimal, Flag, Identifier, Int64, text

_TOLERANT = ConfigDict(extra="ignore", frozen=True)
# CEJ départements only (DOMAIN.md "Territories"): never « 20 », 96, 98, 99 or 00.
Departement = Annotated[str, StringConstraints(pattern=r"^(0[1-9]|1\d|2[1-9]|[3-8]\d|9[0-5]|2A|2B|97[1-6])$")]
Commune = Annotated[str, StringConstraints(
    pattern=r"^((0[1-9]|1\d|2[1-9]|[3-8]\d|9[0-5])\d{3}|2[AB]\d{3}|97[1-6]\d{2})$")]
Age = Annotated[int, Field(strict=True, ge=0, le=150)]


class Category(BaseModel):
    model_config = _TOLERANT
    slug: Identifier
    name: text(200, min_length=1)  # type: ignore[valid-type]
    position: Int64 = 0

    def to_record(self) -> rec.CategoryRecord:
        return rec.CategoryRecord(slug=self.slug, name=self.name, position=self.position)


class Partner(BaseModel):
    model_config = _TOLERANT
    id: Identifier
    name: text(200, min_length=1)  # type: ignore[valid-type]
    color: text(32) | None = None  # type: ignore[valid-type]
    url: text(2000) | None = None  # type: ignore[valid-type]
    description: text(4000, one_line=False) | None = None  # type: ignore[valid-type]

    def to_record(self) -> rec.PartnerRecord:
        return rec.PartnerRecord(id=self.id, name=self.name, color=self.color, url=self.url,
                                 description=self.description)


# Nested parts are TypedDicts: validated in pydantic-core without building a model each,
# which keeps a 50 000-offer sync about as fast as the hand-written checks were.
class PercentDiscount(TypedDict):
    type: Literal["percent"]
    percent: Annotated[FiniteDecimal, Field(gt=0, le=100)]
    reference_spend_cents: Cents


class FixedDiscount(TypedDict):
    type: Literal["fixed"]
    amount_cents: Cents


class PriceDiscount(TypedDict):
    type: Literal["price"]
    regular_price_cents: Cents
    pass_price_cents: Cents


DiscountModel = Annotated[PercentDiscount | FixedDiscount | PriceDiscount, Discriminator("type")]


class Usage(TypedDict):
    count: Annotated[FiniteDecimal, Field(gt=0, le=1000)]
    period: Literal["week", "month", "quarter", "year", "once"]


class Territory(TypedDict):
    scope: Literal["national", "local"]
    departements: NotRequired[Annotated[list[Departement], Field(max_length=120)]]
    communes: NotRequired[Annotated[list[Commune], Field(max_length=40_000)]]


class Condition(TypedDict):
    title: NotRequired[text(200)]  # type: ignore[valid-type]
    text: text(4000, one_line=False)  # type: ignore[valid-type]


class Offer(BaseModel):
    model_config = _TOLERANT
    id: Identifier
    kind: Literal["voucher", "voucher_pass", "code", "code_space", "gift_card"]
    title: text(300, min_length=1)  # type: ignore[valid-type]
    partner_id: Identifier
    discount: DiscountModel
    subtitle: text(500) | None = ""  # type: ignore[valid-type]
    categories: Annotated[list[Identifier], Field(max_length=50)] | None = None
    tags: Annotated[list[text(100)], Field(max_length=100)] | None = None  # type: ignore[valid-type]
    valid_from: Day | None = None
    valid_to: Day | None = None
    published: Flag | None = True
    renewable: Flag | None = False
    how_to_use: Annotated[list[text(2000, one_line=False)], Field(max_length=50)] | None = None  # type: ignore[valid-type]
    conditions: Annotated[list[Condition], Field(max_length=50)] | None = None
    url: text(2000) | None = None  # type: ignore[valid-type]
    territory: Territory | None = None
    age_min: Age | None = None
    age_max: Age | None = None
    usage: Usage | None = None
    stores_count: Count | None = None

    @model_validator(mode="after")
    def _coherent(self) -> Offer:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("fin de validité avant le début")
        if self.age_min is not None and self.age_max is not None and self.age_max < self.age_min:
            raise ValueError("âge maximum inférieur à l'âge minimum")
        discount = self.discount
        if discount["type"] == "price" and discount["pass_price_cents"] > discount["regular_price_cents"]:
            raise ValueError("le prix Pass dépasse le prix habituel")
        territory = self.territory
        if territory and territory["scope"] == "local" and not (territory.get("departements")
                                                                or territory.get("communes")):
            raise ValueError("offre locale sans département ni commune")
        return self

    def to_record(self) -> rec.OfferRecord:
        return rec.OfferRecord(
            self.id, self.kind, self.title, self.partner_id, _discount(self.discount), self.subtitle or "",
            tuple(self.categories or ()), tuple(self.tags or ()), self.valid_from, self.valid_to,
            self.published is not False, bool(self.renewable), tuple(self.how_to_use or ()),
            tuple({"title": c.get("title", ""), "text": c["text"]} for c in self.conditions or ()),
            self.url, _territory(self.territory), self.age_min, self.age_max, _usage(self.usage), self.stores_count)


def _discount(data: Any) -> rec.Discount:
    if data["type"] == "percent":
        return rec.Discount("percent", percent=float(data["percent"]),
                            reference_spend_cents=data["reference_spend_cents"])
    return rec.Discount(**data)


def _territory(data: Any) -> rec.Territory:
    if not data or data["scope"] == "national":
        return _NATIONAL
    return rec.Territory("local", tuple(data.get("departements", ())), tuple(data.get("communes", ())))


def _usage(data: Any) -> rec.Usage:
    return rec.Usage(float(data["count"]), data["period"]) if data else _MONTHLY


_NATIONAL, _MONTHLY = rec.Territory(), rec.Usage()


class Tombstone(BaseModel):
    model_config = _TOLERANT
    kind: Literal["category", "partner", "offer"]
    id: text(80, min_length=1)  # type: ignore[valid-type]
    reason: Literal["deleted", "unpublished"] = "deleted"


MODELS: dict[str, type[BaseModel]] = {"categories": Category, "partners": Partner, "offers": Offer,
                                      "tombstones": Tombstone}
KEYS = {"categories": "slug", "partners": "id", "offers": "id", "tombstones": "id"}
WORDS = {"categories": "catégorie", "partners": "partenaire", "offers": "offre", "tombstones": "suppression"}


def where(section: str, payload: Any) -> str:
    """« offre « gen-000042 » », or « offre sans identifiant »: how an error names its record."""
    ident = payload.get(KEYS[section]) if isinstance(payload, dict) else None
    name = WORDS[section]
    if isinstance(ident, str) and len(ident) <= 80 and ident.isprintable():
        return f"{name} « {ident} »"
    return f"{name} sans identifiant lisible"
