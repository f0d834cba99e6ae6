"""The one mapping between an offer record and its row of ``offers``, both ways, by column name.

``OFFERS`` is the Core table (declared with the migrations' models); ``offer_row`` turns
a record into the row's values, ``offer_record`` reads a row back through ``row._mapping``.
Neither names a field: a column is a field of the same name (dates as ISO text, flags as
0/1), a field's JSON form (``<field>_json``: lists, and the discount, territory and usage
as their wire payload), or one of the few columns derived from the record for SQL
(``DERIVED``: channel, sort key, scope, discount type). So an offer field is added with
its column (and a migration) and nothing here; a field without a column, or a column
without a field, fails at import.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import typing
from collections.abc import Callable, Mapping
from operator import attrgetter
from typing import Any, cast

from pej_desktop.domain.records import OfferRecord
from pej_desktop.domain.text import sort_key
from pej_desktop.store.catalogue_models import OFFERS
from sync.protocol.records import held_types

OFFER_COLUMNS: tuple[str, ...] = tuple(c.name for c in OFFERS.columns if c.name != "pk")  # "id" first
# Every column, and the offer's categories in their order, for ``offer_record``; format a WHERE in.
SELECT_RECORDS = (
    f"SELECT o.pk, {', '.join('o.' + c for c in OFFER_COLUMNS)}, "
    "(SELECT json_group_array(category_slug) FROM (SELECT category_slug FROM offer_categories "
    "  WHERE offer_pk = o.pk ORDER BY position)) AS categories_json "
    "FROM offers o WHERE {}"
)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # made once: six columns per offer


def dumps(value: object) -> str:
    """Compact JSON, accents kept: how every JSON column of the catalogue is written.

    pydantic-core writes it (3× faster than ``json``'s encoder, six columns per offer, 50 000
    offers in a full sync); the same text but for how some floats are spelled (``1e-7`` for
    ``1e-07``), which read back the same. ``json`` for what pydantic-core refuses (a lone
    surrogate, which the wire's validation never lets through)."""
    try:
        return _pydantic_to_json()(value).decode()
    except ValueError:  # PydanticSerializationError
        return _ENCODER.encode(value)


@functools.cache
def _pydantic_to_json() -> Callable[[object], bytes]:
    """Imported when the first row is written, not at start (reading the catalogue needs none)."""
    from pydantic_core import to_json

    return to_json


def iso_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


# Columns computed from the record for SQL's sake (filters, sorting); they are not read back.
DERIVED: dict[str, Callable[[OfferRecord], object]] = {
    "channel": attrgetter("channel"),
    "sort_key": lambda record: sort_key(record.title),
    "scope": attrgetter("territory.scope"),
    "discount_type": attrgetter("discount.type"),
}
_HINTS = held_types(OfferRecord)
_READ_COLUMNS = (*OFFER_COLUMNS, "categories_json")  # what ``SELECT_RECORDS`` gives


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _to_json(value: Any) -> str:
    """A list field, or a part of the offer (discount, territory, usage) as its wire payload."""
    return dumps(value.to_payload() if hasattr(value, "to_payload") else value)


def _scalar_codec(hint: Any) -> tuple[Callable[[Any], Any] | None, Callable[[Any], Any] | None]:
    """How a field kept in a column of its own is written and read back (``None``: as it is)."""
    if hint == (dt.date | None):
        return _iso, iso_date
    if hint is bool:
        return int, bool
    return None, None


def _from_json(hint: Any) -> Callable[[str | None], Any]:
    """How a ``<field>_json`` column is read back: a tuple, or the part's dataclass."""
    if typing.get_origin(hint) is tuple:
        return lambda text: tuple(json.loads(text or "[]"))
    if dataclasses.is_dataclass(hint):
        part = cast(Callable[..., Any], hint)
        return lambda text: part(**{key: tuple(value) if isinstance(value, list) else value
                                    for key, value in json.loads(text or "{}").items()})
    raise TypeError(f"no JSON form for {hint!r}")


def _encoded(name: str, encode: Callable[[Any], object]) -> Callable[[OfferRecord], object]:
    get = attrgetter(name)
    return lambda record: encode(get(record))


def _writers() -> tuple[tuple[str, Callable[[OfferRecord], object]], ...]:
    writers: list[tuple[str, Callable[[OfferRecord], object]]] = []
    for column in OFFER_COLUMNS:
        name = column.removesuffix("_json")
        if column in DERIVED:
            writers.append((column, DERIVED[column]))
        elif name not in _HINTS:
            raise TypeError(f"column offers.{column} holds no field of OfferRecord")
        elif column != name:
            writers.append((column, _encoded(name, _to_json)))
        elif (encode := _scalar_codec(_HINTS[name])[0]) is not None:
            writers.append((column, _encoded(name, encode)))
        else:
            writers.append((column, attrgetter(name)))
    return tuple(writers)


def _readers() -> tuple[tuple[str, str, Callable[[Any], Any] | None], ...]:
    readers: list[tuple[str, str, Callable[[Any], Any] | None]] = []
    for name, hint in _HINTS.items():
        if name in _READ_COLUMNS:
            readers.append((name, name, _scalar_codec(hint)[1]))
        elif f"{name}_json" in _READ_COLUMNS:
            readers.append((name, f"{name}_json", _from_json(hint)))
        else:
            raise TypeError(f"OfferRecord.{name} has no column in offers (add it, with a migration)")
    return tuple(readers)


_WRITERS, _READERS = _writers(), _readers()


_WRITE = tuple(write for _column, write in _WRITERS)


def offer_row(record: OfferRecord) -> tuple[object, ...]:
    """The row of ``record``, in the order of ``OFFER_COLUMNS`` ("id" first)."""
    return tuple([write(record) for write in _WRITE])


def offer_record(row: Mapping[Any, Any]) -> OfferRecord:
    """The record of a row selected with ``SELECT_RECORDS`` (read through ``row._mapping``), not validated again."""
    return OfferRecord(**{name: read(row[column]) if read else row[column] for name, column, read in _READERS})
