"""Bounded field types of the wire: what any value, from either side, must respect.

* Text: valid Unicode (a lone surrogate is refused by pydantic itself), no control
  character but line breaks and tabs, a maximum length per field.
* Integers: strict (no ``true``, no ``"12"``, no ``1.5``) and within SQLite's signed
  64 bits, so nothing a peer sends can overflow the store.
* Decimals: finite (no NaN, no infinity — Python's ``json`` accepts both).
* Dates: ISO ``AAAA-MM-JJ`` text between 1900-01-01 and 2200-12-31.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, Strict, StringConstraints, WithJsonSchema

INT64_MAX = 2**63 - 1
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2200, 12, 31)
_NO_CONTROL = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*$"  # line breaks and tabs are text; the rest is not
_ONE_LINE = r"^[^\x00-\x1f\x7f-\x9f]*$"
IDENTIFIER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$"
CLIENT_ID_PATTERN = r"^[A-Za-z0-9._:-]{8,64}$"


def text(max_length: int, *, min_length: int = 0, one_line: bool = True) -> Any:
    """A string of at most ``max_length`` characters, without control characters."""
    return Annotated[str, Strict(), StringConstraints(min_length=min_length, max_length=max_length,
                                                     pattern=_ONE_LINE if one_line else _NO_CONTROL)]


Identifier = Annotated[str, Strict(), StringConstraints(pattern=IDENTIFIER_PATTERN)]
ClientId = Annotated[str, Strict(), StringConstraints(pattern=CLIENT_ID_PATTERN)]
Int64 = Annotated[int, Strict(), Field(ge=-INT64_MAX - 1, le=INT64_MAX)]
Count = Annotated[int, Strict(), Field(ge=0, le=INT64_MAX)]
Cents = Annotated[int, Strict(), Field(ge=0, le=INT64_MAX)]
FiniteDecimal = Annotated[float, Strict(), Field(allow_inf_nan=False)]
Flag = Annotated[bool, Strict()]


def _integral(value: Any) -> Any:
    """JSON Schema's integer: 12 or 12.0, never true, "12" or 12.5."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("nombre entier attendu")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("nombre entier attendu")
        return int(value)
    return value


def request_int(low: int, high: int) -> Any:
    """An integer of a request: a peer may write 12.0 for 12, as JSON Schema allows (records stay strict)."""
    return Annotated[int, BeforeValidator(_integral), Field(ge=low, le=high),
                     WithJsonSchema({"type": "integer", "minimum": low, "maximum": high})]


# JSON's exact integers (2^53 − 1): a peer that handles numbers as doubles (as JSON Schema
# validators often do) must never round an amount across the bound and see it refused.
JSON_SAFE_MAX = 2**53 - 1
RequestCents = request_int(0, JSON_SAFE_MAX)


def _iso_text(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("date AAAA-MM-JJ attendue")
    return value


def _instant_with_zone(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("le fuseau horaire est obligatoire")
    return value


_YEARS = r"^(19\d\d|2[01]\d\d|2200)-"  # in the OpenAPI document too: a peer sees the bound it must keep
Day = Annotated[dt.date, BeforeValidator(_iso_text), Field(ge=FIRST_DAY, le=LAST_DAY),
                WithJsonSchema({"type": "string", "format": "date", "pattern": _YEARS})]
Instant = Annotated[dt.datetime, BeforeValidator(_iso_text), AfterValidator(_instant_with_zone),
                    Field(ge=dt.datetime(1899, 12, 31, tzinfo=dt.UTC),  # a day of offsets either side
                          le=dt.datetime(2201, 1, 1, tzinfo=dt.UTC)),
                    WithJsonSchema({"type": "string", "format": "date-time", "pattern": _YEARS})]
