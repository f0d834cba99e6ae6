"""How long a young person's file is kept: 2 years after the last contact (CNIL framework).

Pure rules of a file's dates and of a reference day ("today" is always a parameter,
so a purge can be tested with the clock moved forward).

The last contact is the date the adviser recorded, or a later eligibility check (a
check is made with the young person). A file with no recorded contact counts from
its last check or its creation, whichever is later — but never from an import date
when a contact date is known, so an imported old portfolio is not kept two more years.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pej_desktop.domain.eligibility import CEJ_MAX_AGE
from pej_desktop.domain.people import YoungPerson, age_on

RETENTION_YEARS = 2
BASIS_CONTACT = "dernier contact"
BASIS_CHECK = "dernière vérification d'éligibilité"
BASIS_CREATED = "création du dossier"


def years_before(day: dt.date, years: int) -> dt.date:
    """Same day ``years`` earlier; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def retention_cutoff(today: dt.date) -> dt.date:
    """Files whose last contact is strictly before this day are over 2 years old."""
    return years_before(today, RETENTION_YEARS)


@dataclass(frozen=True)
class LastContact:
    day: dt.date
    basis: str  # French: what the day comes from


def last_contact(person: YoungPerson, *, last_check: dt.date | None, created: dt.date) -> LastContact:
    if person.last_contact is not None:
        if last_check is not None and last_check > person.last_contact:
            return LastContact(last_check, BASIS_CHECK)
        return LastContact(person.last_contact, BASIS_CONTACT)
    if last_check is not None and last_check > created:
        return LastContact(last_check, BASIS_CHECK)
    return LastContact(created, BASIS_CREATED)


def is_expired(contact: LastContact, today: dt.date) -> bool:
    return contact.day < retention_cutoff(today)


def cej_ended(person: YoungPerson, today: dt.date) -> bool:
    """The CEJ is over: its real end is past, or, with none recorded, its planned end."""
    end = person.cej_real_end or person.cej_planned_end
    return end is not None and end < today


def to_archive(person: YoungPerson, today: dt.date) -> bool:
    """Over the programme's age limit (25 "révolus"; RQTH is never stored) and CEJ ended.

    Such a file will not be followed again in the CEJ: the adviser is invited to close
    it (export it if needed, then delete it) rather than wait for the 2-year horizon.
    """
    if person.birth_date is None:
        return False
    return age_on(person.birth_date, today) > CEJ_MAX_AGE and cej_ended(person, today)
