"""The catalogue's record format: what the national API sends and the demo file holds.

Every record is validated here before it reaches the store. Unknown fields are
tolerated (the API may grow); a wrong type or a missing required field raises
``RecordError`` naming the record, so a bad page is refused whole and explained.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from pej_desktop.domain.territory import OUT_OF_CEJ, departement_of_commune, is_cej_departement

OFFER_KINDS = ("voucher", "voucher_pass", "code", "code_space", "gift_card")
IN_STORE_KINDS = frozenset({"voucher", "voucher_pass"})
DISCOUNT_TYPES = ("percent", "fixed", "price")
USAGE_PERIODS = ("week", "month", "quarter", "year", "once")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$")

Channel = Literal["in_store", "online"]


class RecordError(ValueError):
    """A catalogue record that cannot be accepted; the message is in French."""


def _require(payload: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in payload or payload[key] is None:
        raise RecordError(f"{where} : champ obligatoire « {key} » manquant")
    return _typed(payload[key], key, kind, where)


def _optional(payload: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str, default: Any = None) -> Any:
    value = payload.get(key)
    return default if value is None else _typed(value, key, kind, where)


def _typed(value: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if isinstance(value, bool) and kind in (int, float, (int, float)):
        raise RecordError(f"{where} : « {key} » doit être un nombre")
    if not isinstance(value, kind):
        raise RecordError(f"{where} : « {key} » a un type invalide ({type(value).__name__})")
    return value


def _identifier(payload: dict[str, Any], key: str, where: str) -> str:
    value = _require(payload, key, str, where)
    if not _ID.match(value):
        raise RecordError(f"{where} : identifiant « {key} » invalide")
    return value


def _date(payload: dict[str, Any], key: str, where: str) -> dt.date | None:
    raw = _optional(payload, key, str, where)
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise RecordError(f"{where} : date « {key} » invalide ({raw!r})") from None


def _string_list(payload: dict[str, Any], key: str, where: str) -> list[str]:
    items = _optional(payload, key, list, where, default=[])
    if not all(isinstance(i, str) for i in items):
        raise RecordError(f"{where} : « {key} » doit être une liste de textes")
    return list(items)


def _cents(value: Any, key: str, where: str) -> int:
    value = _typed(value, key, int, where)
    if value < 0:
        raise RecordError(f"{where} : « {key} » ne peut pas être négatif")
    return value


@dataclass(frozen=True)
class CategoryRecord:
    slug: str
    name: str
    position: int = 0

    @classmethod
    def from_payload(cls, payload: Any) -> "CategoryRecord":
        where = _where("catégorie", payload, "slug")
        return cls(
            slug=_identifier(payload, "slug", where),
            name=_require(payload, "name", str, where),
            position=_optional(payload, "position", int, where, default=0),
        )

    def to_payload(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PartnerRecord:
    id: str
    name: str
    color: str | None = None
    url: str | None = None
    description: str | None = None

    @classmethod
    def from_payload(cls, payload: Any) -> "PartnerRecord":
        where = _where("partenaire", payload, "id")
        return cls(
            id=_identifier(payload, "id", where),
            name=_require(payload, "name", str, where),
            color=_optional(payload, "color", str, where),
            url=_optional(payload, "url", str, where),
            description=_optional(payload, "description", str, where),
        )

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

    @classmethod
    def from_payload(cls, payload: Any, where: str) -> "Discount":
        if not isinstance(payload, dict):
            raise RecordError(f"{where} : « discount » doit être un objet")
        kind = _require(payload, "type", str, where)
        if kind == "percent":
            percent = _require(payload, "percent", (int, float), where)
            if not 0 < percent <= 100:
                raise RecordError(f"{where} : pourcentage de réduction hors limites ({percent})")
            spend = _cents(_require(payload, "reference_spend_cents", int, where), "reference_spend_cents", where)
            return cls(type=kind, percent=float(percent), reference_spend_cents=spend)
        if kind == "fixed":
            amount = _cents(_require(payload, "amount_cents", int, where), "amount_cents", where)
            return cls(type=kind, amount_cents=amount)
        if kind == "price":
            regular = _cents(_require(payload, "regular_price_cents", int, where), "regular_price_cents", where)
            paid = _cents(_require(payload, "pass_price_cents", int, where), "pass_price_cents", where)
            if paid > regular:
                raise RecordError(f"{where} : le prix Pass dépasse le prix habituel")
            return cls(type=kind, regular_price_cents=regular, pass_price_cents=paid)
        raise RecordError(f"{where} : type de réduction inconnu « {kind} »")

    def to_payload(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class Usage:
    """Typical use of an offer: ``count`` times per ``period`` (or once)."""

    count: float = 1.0
    period: str = "month"

    @classmethod
    def from_payload(cls, payload: Any, where: str) -> "Usage":
        if payload is None:
            return cls()
        if not isinstance(payload, dict):
            raise RecordError(f"{where} : « usage » doit être un objet")
        count = _require(payload, "count", (int, float), where)
        period = _require(payload, "period", str, where)
        if period not in USAGE_PERIODS or count <= 0:
            raise RecordError(f"{where} : fréquence d'usage invalide")
        return cls(count=float(count), period=period)

    def to_payload(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Territory:
    scope: str = "national"
    departements: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()

    @classmethod
    def from_payload(cls, payload: Any, where: str) -> "Territory":
        if payload is None:
            return cls()
        if not isinstance(payload, dict):
            raise RecordError(f"{where} : « territory » doit être un objet")
        scope = _require(payload, "scope", str, where)
        if scope == "national":
            return cls()
        if scope != "local":
            raise RecordError(f"{where} : portée territoriale inconnue « {scope} »")
        deps = tuple(_string_list(payload, "departements", where))
        communes = tuple(_string_list(payload, "communes", where))
        bad = ([d for d in deps if not is_cej_departement(d)]
               + [c for c in communes if departement_of_commune(c) is None])
        if bad:
            raise RecordError(f"{where} : code territorial invalide « {bad[0]} » ({OUT_OF_CEJ})")
        if not deps and not communes:
            raise RecordError(f"{where} : offre locale sans département ni commune")
        return cls(scope="local", departements=deps, communes=communes)

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

    @classmethod
    def from_payload(cls, payload: Any) -> "OfferRecord":
        where = _where("offre", payload, "id")
        kind = _require(payload, "kind", str, where)
        if kind not in OFFER_KINDS:
            raise RecordError(f"{where} : type d'offre inconnu « {kind} »")
        valid_from, valid_to = _date(payload, "valid_from", where), _date(payload, "valid_to", where)
        if valid_from and valid_to and valid_to < valid_from:
            raise RecordError(f"{where} : fin de validité avant le début")
        age_min = _optional(payload, "age_min", int, where)
        age_max = _optional(payload, "age_max", int, where)
        if age_min is not None and age_max is not None and age_max < age_min:
            raise RecordError(f"{where} : âge maximum inférieur à l'âge minimum")
        return cls(
            id=_identifier(payload, "id", where),
            kind=kind,
            title=_require(payload, "title", str, where),
            partner_id=_identifier(payload, "partner_id", where),
            discount=Discount.from_payload(_require(payload, "discount", dict, where), where),
            subtitle=_optional(payload, "subtitle", str, where, default=""),
            categories=tuple(_string_list(payload, "categories", where)),
            tags=tuple(_string_list(payload, "tags", where)),
            valid_from=valid_from,
            valid_to=valid_to,
            published=_optional(payload, "published", bool, where, default=True),
            renewable=_optional(payload, "renewable", bool, where, default=False),
            how_to_use=tuple(_string_list(payload, "how_to_use", where)),
            conditions=_conditions(payload, where),
            url=_optional(payload, "url", str, where),
            territory=Territory.from_payload(payload.get("territory"), where),
            age_min=age_min,
            age_max=age_max,
            usage=Usage.from_payload(payload.get("usage"), where),
            stores_count=_optional(payload, "stores_count", int, where),
        )

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


def _conditions(payload: dict[str, Any], where: str) -> tuple[dict[str, str], ...]:
    blocks = _optional(payload, "conditions", list, where, default=[])
    for block in blocks:
        if not isinstance(block, dict) or not isinstance(block.get("text"), str):
            raise RecordError(f"{where} : bloc de conditions invalide")
        if not isinstance(block.get("title", ""), str):
            raise RecordError(f"{where} : titre de bloc de conditions invalide")
    return tuple({"title": b.get("title", ""), "text": b["text"]} for b in blocks)


def _where(what: str, payload: Any, key: str) -> str:
    if not isinstance(payload, dict):
        raise RecordError(f"{what} : l'enregistrement n'est pas un objet JSON")
    ident = payload.get(key)
    return f"{what} « {ident} »" if isinstance(ident, str) else f"{what} sans identifiant"
