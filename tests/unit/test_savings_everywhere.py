"""The summary and the dashboard print the same savings as the engine, for the same activations.

Real stores, real activations of demo offers (renewable at 1 and 4 uses a month, and a
one-time offer), the engine run by hand on the same offers, then the summary PDF and the
dashboard figures read back.
"""

from __future__ import annotations

import datetime as dt

from pej_desktop.domain.dashboard import DashboardFilter
from pej_desktop.domain.money import format_cents
from pej_desktop.domain.savings import SavingItem, estimate_savings
from pej_desktop.ops import activations as activation_ops
from pej_desktop.ops import dashboard
from pej_desktop.ops.activation_status import summary_activations
from pej_desktop.reports.inputs import summary_input_from_stores
from pej_desktop.reports.summary import build_summary
from pej_desktop.store.search import load_offer_records, offer_pk_by_id
from tests.support.companion_data import open_store, ready_person, young_person
from tests.support.pdf_reading import all_text

AGREED = {"demo-ali-001": 4, "demo-mob-005": 1, "demo-mob-007": 1}  # groceries ×4, bus pass ×1, one-time course


def _engine(catalogue, today: dt.date, cej_end: dt.date):  # type: ignore[no-untyped-def]
    with catalogue.read() as conn:
        records = load_offer_records(conn, [offer_pk_by_id(conn, offer_id) for offer_id in AGREED])
    items = [SavingItem(key=r.id, discount=r.discount, renewable=r.renewable, uses_per_month=AGREED[r.id],
                        valid_from=r.valid_from, valid_to=r.valid_to) for r in records.values()]
    return estimate_savings(items, reference=today, cej_end=cej_end, case=None)


def test_summary_and_dashboard_agree_with_the_engine(paths, catalogue) -> None:  # type: ignore[no-untyped-def]
    store = open_store(paths)
    person = ready_person(store, catalogue, young_person("Alix", "Calcul"))
    report = activation_ops.activate_offers(store, catalogue, person, list(AGREED), uses_per_month=AGREED)
    assert len(report.activated) == 3, report
    today = dt.date.today()
    engine = _engine(catalogue, today, _cej_end(store, person))
    # By hand: 20 % × 60 € × 4 = 48 € + (68 € − 25 €) × 1 = 43 € → 91 € a month; 29,90 € − 9,90 € = 20 € once.
    assert (engine.monthly_total_cents, engine.one_time_total_cents) == (9100, 2000)

    summary = all_text(build_summary(summary_input_from_stores(
        store, catalogue, person, on=today, activations=summary_activations(store, catalogue, person))))
    assert f"Chaque mois : environ {_printed(engine.monthly_total_cents)}, {engine.assumption}." in summary
    assert f"En une fois : {_printed(engine.one_time_total_cents)} avec les offres" in summary
    assert f"environ {_printed(engine.remaining_monthly_total_cents)} avec les offres de chaque mois" in summary

    figures = dashboard.load_dashboard(store, catalogue, DashboardFilter(start=today, end=today)).figures
    assert (figures.monthly_cents, figures.once_cents) == (engine.monthly_total_cents, engine.one_time_total_cents)
    store.close()


def _cej_end(store, person_id: int) -> dt.date:  # type: ignore[no-untyped-def]
    from pej_desktop.store import personal

    with store.read() as conn:
        file = personal.get_person(conn, person_id)
    return file.cej_real_end or file.cej_planned_end


def _printed(cents: int | None) -> str:
    """As the PDF text reads back: a plain space before the euro sign."""
    return format_cents(cents or 0).replace("\u202f", " ")
