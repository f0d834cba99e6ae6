"""What the retention rules need from the personal file: each file with its dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from pej_desktop.domain.people import YoungPerson
from pej_desktop.store import personal


@dataclass(frozen=True)
class FileDates:
    person: YoungPerson
    last_check: dt.date | None  # day of the latest eligibility check (UTC)
    created: dt.date


def file_dates(conn: Connection) -> list[FileDates]:
    """Every file, with the day of its latest check and of its creation: one query."""
    latest = (select(personal.CHECKS.c.person_id, func.max(personal.CHECKS.c.checked_at).label("last_check"))
              .group_by(personal.CHECKS.c.person_id).subquery())
    query = (select(personal.PEOPLE, latest.c.last_check)
             .outerjoin(latest, latest.c.person_id == personal.PEOPLE.c.id)
             .order_by(personal.PEOPLE.c.name_key, personal.PEOPLE.c.id))
    return [FileDates(person=personal._person_from_row(row), last_check=_day(row["last_check"]),
                      created=_day(row["created_at"]) or dt.date.today())
            for row in conn.execute(query).mappings()]


def _day(moment: dt.datetime | None) -> dt.date | None:
    return moment.astimezone(dt.UTC).date() if moment else None
