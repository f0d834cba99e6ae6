"""When an offer is valid: the one rule, for the window, the PDFs, the rules and the SQL.

An offer is valid on a day from its first day to its last day, both included; a missing
bound is open. ``VALID_ON_SQL`` says the same to SQLite (bind the day twice, ISO text).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum


class Validity(Enum):
    NOT_YET = "not_yet"
    VALID = "valid"
    EXPIRED = "expired"


def validity_on(valid_from: dt.date | None, valid_to: dt.date | None, day: dt.date) -> Validity:
    if valid_to is not None and valid_to < day:
        return Validity.EXPIRED
    if valid_from is not None and day < valid_from:
        return Validity.NOT_YET
    return Validity.VALID


def valid_on(valid_from: dt.date | None, valid_to: dt.date | None, day: dt.date) -> bool:
    return validity_on(valid_from, valid_to, day) is Validity.VALID


def valid_on_sql(table: str = "") -> str:
    """The same rule as a WHERE clause on ``table``'s columns; bind the ISO day twice."""
    prefix = f"{table}." if table else ""
    return (f"({prefix}valid_from IS NULL OR {prefix}valid_from <= ?) "
            f"AND ({prefix}valid_to IS NULL OR {prefix}valid_to >= ?)")
