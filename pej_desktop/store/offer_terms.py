"""The eligibility terms of every published offer, read straight from the catalogue file.

A check runs over the whole catalogue (tens of thousands of offers nationally); the
engine needs only validity, age bounds, territory and the renewable flag. Reading
those columns, rather than whole records with their seven JSON blocks, keeps a check
well under a second. Territories are parsed once per distinct value: most local
offers share a handful of them.
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
    """Terms of the published offers, by offer key (the keys the catalogue page uses)."""
    territories: dict[str, Territory] = {}
    found: dict[int, OfferTerms] = {}
    for pk, valid_from, valid_to, age_min, age_max, scope, territory_json, renewable in conn.exec_driver_sql(_SQL):
        territory = _NATIONAL
        if scope != "national":
            if territory_json not in territories:
                territories[territory_json] = _parse(territory_json)
            territory = territories[territory_json]
        found[pk] = OfferTerms(published=True, valid_from=_date(valid_from), valid_to=_date(valid_to),
                               age_min=age_min, age_max=age_max, territory=territory, renewable=bool(renewable))
    return found


def _parse(territory_json: str) -> Territory:
    data = json.loads(territory_json)
    return Territory(scope=data.get("scope", "local"), departements=tuple(data.get("departements", ())),
                     communes=tuple(data.get("communes", ())))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
