"""The catalogue's records, declared once: categories, partners, offers (and tombstones).

Each record is a frozen stdlib dataclass whose fields carry their wire bounds in
``Annotated[…, Wire(…)]``: the type a field holds in the desktop (``str``, ``tuple``,
``Discount``…) and, for pydantic, the form it has on the wire with its bounds
(``sync.protocol.fields``) and, when the two differ, the conversion from one to the
other. So the same class is

* validated at the wire by a pydantic ``TypeAdapter`` (``sync.protocol.pages``; the wire
  forms the annotations name are in ``record_forms``, nested parts as TypedDicts checked
  without Python code; pydantic-core builds the dataclass itself), and
* built without validation by the store from its rows (``pej_desktop.store.offer_rows``),
  by the generator and by the tests: it is a plain dataclass.

Unknown fields are ignored (the API may grow); everything else that does not fit is
refused with a French sentence naming the record and the field. ``to_payload`` gives the
wire form back (the demo file, the reference server's store, the tests). Both sides import
this module; it imports neither (contract « The wire's models stand alone »), nor pydantic:
the window imports the records at start and pydantic only at its first sync.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

from sync.protocol.errors import UserError

if TYPE_CHECKING:  # the wire forms the annotations name, resolved by pydantic in ``record_forms``
    from pydantic import Field, GetCoreSchemaHandler
    from pydantic_core import CoreSchema

    from sync.protocol.fields import Count, Day, Flag, Identifier, Int64, text
    from sync.protocol.record_forms import Age, Condition, DiscountModel, TerritoryModel, UsageModel

OfferKind = Literal["voucher", "voucher_pass", "code", "code_space", "gift_card"]
OFFER_KINDS: tuple[str, ...] = get_args(OfferKind)
IN_STORE_KINDS = frozenset({"voucher", "voucher_pass"})
# The kinds whose offers hand a personal code from the offer's pool: the national catalogue imports
# codes for these only (a gift card is bought through the link, a pass shown at the till).
POOL_KINDS = frozenset({"voucher", "code"})

Channel = Literal["in_store", "online"]


class RecordError(UserError, ValueError):
    """A catalogue record that cannot be accepted; the message is in French."""


@dataclass(frozen=True)
class Wire:
    """A field's form on the wire, with its bounds, and how a valid value becomes the field's.

    ``Annotated[str, Wire(text(300))]``: the field holds a ``str``, pydantic checks it as
    ``text(300)``. ``convert`` runs after the check (``None`` → ``()``, a TypedDict → a
    dataclass); without it the checked value is the field's value.
    """

    form: Any
    convert: Callable[[Any], Any] | None = None

    def __get_pydantic_core_schema__(self, _source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        schema = handler.generate_schema(self.form)
        if self.convert is None:
            return schema
        return core_schema.no_info_after_validator_function(self.convert, schema)


# -- the records ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CategoryRecord:
    slug: Annotated[str, Wire(Identifier)]
    name: Annotated[str, Wire(text(200, min_length=1))]
    position: Annotated[int, Wire(Int64)] = 0

    def to_payload(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PartnerRecord:
    id: Annotated[str, Wire(Identifier)]
    name: Annotated[str, Wire(text(200, min_length=1))]
    color: Annotated[str | None, Wire(text(32) | None)] = None
    url: Annotated[str | None, Wire(text(2000) | None)] = None
    description: Annotated[str | None, Wire(text(4000, one_line=False) | None)] = None

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
        """The fields that are set (``asdict`` would deep-copy: this runs for every offer the store writes)."""
        return {name: value for name in _DISCOUNT_FIELDS if (value := getattr(self, name)) is not None}


_DISCOUNT_FIELDS = ("type", "percent", "reference_spend_cents", "amount_cents", "regular_price_cents",
                    "pass_price_cents")


@dataclass(frozen=True)
class Usage:
    """Typical use of an offer: ``count`` times per ``period`` (or once)."""

    count: float = 1.0
    period: str = "month"

    def to_payload(self) -> dict[str, Any]:
        return {"count": self.count, "period": self.period}


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


def _discount(data: Any) -> Discount:
    if data["type"] == "percent":
        return Discount("percent", percent=float(data["percent"]), reference_spend_cents=data["reference_spend_cents"])
    return Discount(**data)


def _territory(data: Any) -> Territory:
    if not data or data["scope"] == "national":
        return _NATIONAL
    return Territory("local", tuple(data.get("departements", ())), tuple(data.get("communes", ())))


def _usage(data: Any) -> Usage:
    return Usage(float(data["count"]), data["period"]) if data else _MONTHLY


def _conditions(data: Any) -> tuple[dict[str, str], ...]:
    """Each condition with its title (« » when the wire left it out); the validated dicts, fresh and
    holding only the two keys in this order, are kept as they are (built anew, 0.2 s per 50 000 offers)."""
    if not data:
        return ()
    return tuple([c if "title" in c else {"title": "", "text": c["text"]} for c in data])


def _items(data: Any) -> tuple[Any, ...]:
    return tuple(data) if data else ()


def _or_empty(value: Any) -> str:
    return value or ""


def _unless_false(value: Any) -> bool:
    return value is not False


_NATIONAL, _MONTHLY = Territory(), Usage()


@dataclass(frozen=True)
class OfferRecord:
    id: Annotated[str, Wire(Identifier)]
    kind: Annotated[str, Wire(OfferKind)]
    title: Annotated[str, Wire(text(300, min_length=1))]
    partner_id: Annotated[str, Wire(Identifier)]
    discount: Annotated[Discount, Wire(DiscountModel, _discount)]
    subtitle: Annotated[str, Wire(text(500) | None, _or_empty)] = ""
    categories: Annotated[tuple[str, ...], Wire(Annotated[list[Identifier], Field(max_length=50)] | None,
                                                _items)] = ()
    tags: Annotated[tuple[str, ...], Wire(Annotated[list[text(100)], Field(max_length=100)] | None,
                                          _items)] = ()
    valid_from: Annotated[dt.date | None, Wire(Day | None)] = None
    valid_to: Annotated[dt.date | None, Wire(Day | None)] = None
    published: Annotated[bool, Wire(Flag | None, _unless_false)] = True
    renewable: Annotated[bool, Wire(Flag | None, bool)] = False
    how_to_use: Annotated[tuple[str, ...], Wire(
        Annotated[list[text(2000, one_line=False)], Field(max_length=50)] | None, _items)] = ()
    conditions: Annotated[tuple[dict[str, str], ...], Wire(Annotated[list[Condition], Field(max_length=50)] | None,
                                                           _conditions)] = ()
    url: Annotated[str | None, Wire(text(2000) | None)] = None
    territory: Annotated[Territory, Wire(TerritoryModel | None, _territory)] = field(default_factory=Territory)
    age_min: Annotated[int | None, Wire(Age | None)] = None
    age_max: Annotated[int | None, Wire(Age | None)] = None
    usage: Annotated[Usage, Wire(UsageModel | None, _usage)] = field(default_factory=Usage)
    stores_count: Annotated[int | None, Wire(Count | None)] = None

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


def coherent(offer: OfferRecord) -> OfferRecord:
    """The rules between fields of a valid offer (the wire's bounds are per field)."""
    if offer.valid_from and offer.valid_to and offer.valid_to < offer.valid_from:
        raise ValueError("fin de validité avant le début")
    if offer.age_min is not None and offer.age_max is not None and offer.age_max < offer.age_min:
        raise ValueError("âge maximum inférieur à l'âge minimum")
    discount = offer.discount
    if discount.type == "price" and (discount.pass_price_cents or 0) > (discount.regular_price_cents or 0):
        raise ValueError("le prix Pass dépasse le prix habituel")
    territory = offer.territory
    if territory.scope == "local" and not (territory.departements or territory.communes):
        raise ValueError("offre locale sans département ni commune")
    return offer


KEYS = {"categories": "slug", "partners": "id", "offers": "id", "tombstones": "id"}
WORDS = {"categories": "catégorie", "partners": "partenaire", "offers": "offre", "tombstones": "suppression"}


def held_types(record: type) -> dict[str, Any]:
    """The type each field of ``record`` holds (``Annotated``'s first argument), by name.

    ``typing.get_type_hints`` would evaluate the wire forms too, which only exist once
    pydantic is imported (``record_forms``); the store maps rows by these types at start.
    """
    found: dict[str, Any] = {}
    for item in dataclasses.fields(record):
        annotation = str(item.type)
        if annotation.startswith("Annotated["):
            depth, end = 0, len(annotation)
            for index, char in enumerate(annotation[len("Annotated["):], start=len("Annotated[")):
                depth += char in "[("
                depth -= char in "])"
                if char == "," and depth == 0:
                    end = index
                    break
            annotation = annotation[len("Annotated["):end]
        found[item.name] = eval(annotation, globals())  # this module's own annotation text
    return found


def where(section: str, payload: Any) -> str:
    """« offre « gen-000042 » », or « offre sans identifiant »: how an error names its record."""
    ident = payload.get(KEYS[section]) if isinstance(payload, dict) else None
    name = WORDS[section]
    if isinstance(ident, str) and len(ident) <= 80 and ident.isprintable():
        return f"{name} « {ident} »"
    return f"{name} sans identifiant lisible"
