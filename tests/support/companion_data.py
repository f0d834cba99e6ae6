"""Young people ready for an interview, for the companion's tests and benchmark.

A real encrypted personal file, a real adviser profile, files saved through the app's
own operation, and a real eligibility check recorded (confirmations answered), so the
activation operation accepts them.
"""

from __future__ import annotations

import datetime as dt

from pej_desktop.domain.eligibility import Confirmations
from pej_desktop.domain.people import Adviser, YoungPerson
from pej_desktop.ops import people as ops
from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.store.personal import PersonalStore

TODAY = dt.date.today()
ADVISER = Adviser(first_name="Camille", last_name="Durand", structure="MISSION_LOCALE",
                  agency_name="Mission Locale de Lyon", agency_code="69001")
CONFIRMED = Confirmations(not_student=True, not_in_training=True)


def young_person(first: str = "Inès", last: str = "Fontvieille", *, postal_code: str = "69003",
                 birth: dt.date = dt.date(2004, 3, 2), months_left: int = 6) -> YoungPerson:
    start = TODAY - dt.timedelta(days=60)
    return YoungPerson(first_name=first, last_name=last, birth_date=birth, postal_code=postal_code,
                       cej_start=start, cej_planned_end=TODAY + dt.timedelta(days=30 * months_left))


def open_store(paths) -> PersonalStore:  # type: ignore[no-untyped-def]
    opening = ops.open_personal_store(paths)
    assert opening.store is not None, opening
    saved, errors = ops.save_adviser(opening.store, ADVISER)
    assert saved is not None, errors
    return opening.store


def ready_person(store: PersonalStore, catalogue: CatalogueStore, person: YoungPerson | None = None) -> int:
    """Save the file and record a conclusive check: the file's id."""
    outcome = ops.save_young_person(store, person or young_person(), today=TODAY)
    assert outcome.saved is not None and outcome.saved.id is not None, outcome.errors
    ops.run_eligibility_check(store, catalogue, outcome.saved.id, CONFIRMED, on=TODAY)
    return outcome.saved.id
