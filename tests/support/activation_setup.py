"""A personal file ready for activations: an adviser, a young person, a conclusive check."""

from __future__ import annotations

import datetime as dt

from pej_desktop.domain.eligibility import Confirmations
from pej_desktop.domain.people import Adviser, YoungPerson
from pej_desktop.ops import people as ops

TODAY = dt.date.today()
ADVISER = Adviser(first_name="Camille", last_name="Durand", structure="MISSION_LOCALE",
                  agency_name="Mission Locale de Lyon", agency_code="69001")


def young_person(first_name: str = "Léa", last_name: str = "Martin", *, reference: str | None = "4815162342",
                 postal_code: str = "69003") -> YoungPerson:
    return YoungPerson(first_name=first_name, last_name=last_name, birth_date=dt.date(2004, 5, 1),
                       postal_code=postal_code, external_ref_kind="IMILO" if reference else None,
                       external_ref=reference, cej_start=TODAY - dt.timedelta(days=30),
                       cej_planned_end=TODAY + dt.timedelta(days=300))


def prepare_person(store, catalogue, person: YoungPerson | None = None, *, check: bool = True):  # type: ignore[no-untyped-def]
    """Save the adviser profile (once) and the file; run a conclusive check; return the saved file."""
    with store.read() as conn:
        from pej_desktop.store.personal import current_adviser

        has_adviser = current_adviser(conn) is not None
    if not has_adviser:
        ops.save_adviser(store, ADVISER)
    saved = ops.save_young_person(store, person or young_person(), today=TODAY).saved
    assert saved is not None
    if check:
        ops.run_eligibility_check(store, catalogue, saved.id, Confirmations(not_student=True, not_in_training=True),
                                  on=TODAY)
    return saved
