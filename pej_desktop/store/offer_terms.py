"""The eligibility terms of every published offer, read straight from the catalogue file.

A check runs over the whole catalogue (tens of thousands of offers nationally); the
engine needs only validity, age bounds, territory and the renewable flag. Reading
those columns, rather than whole records with their seven JSON blocks, keeps a check
well under a second. Each distinct set of terms (a rule shape) is built once: most
offers share a few shapes.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Connection

from pej_desktop.domain.eligibility import OfferTerms
from pej_desktop.domain.records import Territory

_SQL = ("SELECT pk, valid_from, valid_to, age_min, age_max, scope, territory_json, renewable "
        "FROM offers WHERE published = 1")
_NATIONAL = Territory()


def load_offer_terms(conn: Connection) -> dict[int, OfferTerms]:
    """Terms of the published offers, by offer key (the keys the catalogue page uses).

    Offers with the same terms (one rule shape) share one ``OfferTerms`` object, which
    lets ``check_offers`` judge each shape once; territories are parsed once per value.
    The rows are read with the driver's cursor: SQLAlchemy's row objects would cost
    more than the check itself on a national catalogue.
    """
    territories: dict[str, Territory] = {}
    days: dict[str | None, dt.date | None] = {None: None}  # a few hundred distinct dates: one object each
    shapes: dict[tuple[object, ...], OfferTerms] = {}
    found: dict[int, OfferTerms] = {}
    cursor = conn.connection.driver_connection.execute(_SQL)  # type: ignore[union-attr]
    for row in cursor:  # row by row: the whole result at once cost 10 MB of memory the allocator keeps
        shape = row[1:]
        terms = shapes.get(shape)
        if terms is None:
            _pk, valid_from, valid_to, age_min, age_max, scope, territory_json, renewable = row
            territory = _NATIONAL
            if scope != "national":
                territory = territories.get(territory_json) or territories.setdefault(
                    territory_json, _parse(territory_json))
            terms = shapes[shape] = OfferTerms(
                published=True, valid_from=_day(days, valid_from), valid_to=_day(days, valid_to), age_min=age_min,
                age_max=age_max, territory=territory, renewable=bool(renewable))
        found[row[0]] = terms
    return found


def _parse(territory_json: str) -> Territory:
    data = json.loads(territory_json)
    return Territory(scope=data.get("scope", "local"), departements=tuple(data.get("departements", ())),
                     communes=tuple(data.get("communes", ())))


def _day(days: dict[str | None, dt.date | None], value: str | None) -> dt.date | None:
    if value not in days:
        days[value] = dt.date.fromisoformat(value) if value else None
    return days[value]
