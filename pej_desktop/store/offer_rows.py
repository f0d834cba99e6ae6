"""The one mapping between an offer record and its row of ``offers``, both ways.

``OFFERS`` is the Core table (declared with the migrations' models); ``offer_values``
turns a record into the row's values by column name, ``offer_record`` reads a row back
through ``row._mapping``. The writer, the search and the detail all go through here, so
an offer field is added once: its column (with a migration) and its two lines below.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import Table

from pej_desktop.domain.records import Discount, OfferRecord, Territory, Usage
from pej_desktop.domain.text import sort_key
from pej_desktop.store.catalogue_models import Offer

OFFERS = cast(Table, Offer.__table__)
OFFER_COLUMNS: tuple[str, ...] = tuple(c.name for c in OFFERS.columns if c.name != "pk")  # "id" first
_DISCOUNT_FIELDS = tuple(f.name for f in dataclasses.fields(Discount))
_USAGE_FIELDS = tuple(f.name for f in dataclasses.fields(Usage))

# Every column, and the offer's categories in their order, for ``offer_record``; format a WHERE in.
SELECT_RECORDS = (
    f"SELECT o.pk, {', '.join('o.' + c for c in OFFER_COLUMNS)}, "
    "(SELECT json_group_array(category_slug) FROM (SELECT category_slug FROM offer_categories "
    "  WHERE offer_pk = o.pk ORDER BY position)) AS categories_json "
    "FROM offers o WHERE {}"
)


def dumps(value: object) -> str:
    """Compact JSON, accents kept: how every JSON column of the catalogue is written."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def offer_values(record: OfferRecord) -> dict[str, object]:
    """The row of ``record``, by column name (``OFFER_COLUMNS``)."""
    return {
        "id": record.id, "kind": record.kind, "channel": record.channel, "title": record.title,
        "sort_key": sort_key(record.title), "subtitle": record.subtitle, "partner_id": record.partner_id,
        "tags_json": dumps(list(record.tags)),
        "valid_from": record.valid_from.isoformat() if record.valid_from else None,
        "valid_to": record.valid_to.isoformat() if record.valid_to else None,
        "published": int(record.published), "renewable": int(record.renewable),
        "how_to_use_json": dumps(list(record.how_to_use)),
        "conditions_json": dumps([dict(c) for c in record.conditions]),
        "url": record.url, "scope": record.territory.scope, "territory_json": dumps(record.territory.to_payload()),
        "age_min": record.age_min, "age_max": record.age_max, "discount_type": record.discount.type,
        "discount_json": _discount_json(record.discount), "usage_json": _usage_json(record.usage),
        "stores_count": record.stores_count,
    }


def offer_record(row: Mapping[Any, Any]) -> OfferRecord:
    """The record of a row selected with ``SELECT_RECORDS`` (read through ``row._mapping``)."""
    territory = json.loads(row["territory_json"])
    return OfferRecord(
        id=row["id"], kind=row["kind"], title=row["title"], subtitle=row["subtitle"], partner_id=row["partner_id"],
        tags=tuple(json.loads(row["tags_json"])), valid_from=iso_date(row["valid_from"]),
        valid_to=iso_date(row["valid_to"]), published=bool(row["published"]), renewable=bool(row["renewable"]),
        how_to_use=tuple(json.loads(row["how_to_use_json"])), conditions=tuple(json.loads(row["conditions_json"])),
        url=row["url"],
        territory=Territory(scope=territory.get("scope", "national"),
                            departements=tuple(territory.get("departements", ())),
                            communes=tuple(territory.get("communes", ()))),
        age_min=row["age_min"], age_max=row["age_max"], discount=Discount(**json.loads(row["discount_json"])),
        usage=Usage(**json.loads(row["usage_json"])), stores_count=row["stores_count"],
        categories=tuple(json.loads(row["categories_json"] or "[]")),
    )


def iso_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _discount_json(discount: Discount) -> str:
    """``dumps(discount.to_payload())`` without ``asdict``'s deep copy (fields are scalars)."""
    return dumps({name: value for name in _DISCOUNT_FIELDS if (value := getattr(discount, name)) is not None})


def _usage_json(usage: Usage) -> str:
    return dumps({name: getattr(usage, name) for name in _USAGE_FIELDS})
