"""The wire forms of the catalogue's records, for pydantic: what each field looks like on the wire.

``sync.protocol.records`` declares each record once; its fields name, in
``Annotated[…, Wire(…)]``, the forms declared here (bounded text, identifiers, dates, and
the nested parts of an offer as TypedDicts, validated in pydantic-core without building an
object each). They live apart so that the window starts without importing pydantic: the
records module names them in strings, and pydantic evaluates those strings in its
namespace, which ``_declare_forms`` fills when this module is first imported (by the
pages, the exchanges, or anything else that validates a record).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, NotRequired

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, StringConstraints
from typing_extensions import TypedDict

from sync.protocol import fields
from sync.protocol import records as declared
from sync.protocol.fields import Cents, FiniteDecimal, text
from sync.protocol.records import CategoryRecord, OfferRecord, PartnerRecord, coherent

_TOLERANT = ConfigDict(extra="ignore", frozen=True)
# CEJ départements only (DOMAIN.md "Territories"): never « 20 », 96, 98, 99 or 00.
Departement = Annotated[str, StringConstraints(pattern=r"^(0[1-9]|1\d|2[1-9]|[3-8]\d|9[0-5]|2A|2B|97[1-6])$")]
Commune = Annotated[str, StringConstraints(
    pattern=r"^((0[1-9]|1\d|2[1-9]|[3-8]\d|9[0-5])\d{3}|2[AB]\d{3}|97[1-6]\d{2})$")]
Age = Annotated[int, Field(strict=True, ge=0, le=150)]


# -- the nested parts of an offer on the wire ------------------------------------------------
# TypedDicts: validated in pydantic-core without building an object each, which keeps a
# 50 000-offer sync about as fast as the hand-written checks were; ``Wire`` converts them.
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


class UsageModel(TypedDict):
    count: Annotated[FiniteDecimal, Field(gt=0, le=1000)]
    period: Literal["week", "month", "quarter", "year", "once"]


class TerritoryModel(TypedDict):
    scope: Literal["national", "local"]
    departements: NotRequired[Annotated[list[Departement], Field(max_length=120)]]
    communes: NotRequired[Annotated[list[Commune], Field(max_length=40_000)]]


class Condition(TypedDict):
    title: NotRequired[text(200)]  # type: ignore[valid-type]
    text: text(4000, one_line=False)  # type: ignore[valid-type]


class Tombstone(BaseModel):
    model_config = _TOLERANT
    kind: Literal["category", "partner", "offer"]
    id: text(80, min_length=1)  # type: ignore[valid-type]
    reason: Literal["deleted", "unpublished"] = "deleted"


# What the wire checks for each section of a page: the record itself, with its bounds.
Category = CategoryRecord
Partner = PartnerRecord
Offer = Annotated[OfferRecord, AfterValidator(coherent)]
MODELS: dict[str, Any] = {"categories": Category, "partners": Partner, "offers": Offer, "tombstones": Tombstone}


def _declare_forms() -> None:
    """Put the forms the records' annotations name into ``sync.protocol.records``' namespace."""
    names = {name: getattr(fields, name) for name in ("Count", "Day", "Flag", "Identifier", "Int64", "text")}
    names.update(Age=Age, Condition=Condition, DiscountModel=DiscountModel, Field=Field, TerritoryModel=TerritoryModel,
                 UsageModel=UsageModel)
    vars(declared).update(names)


_declare_forms()
