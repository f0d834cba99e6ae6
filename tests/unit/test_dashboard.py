"""Dashboard aggregation as a pure function over plain rows, and its CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io

from pej_desktop.domain.dashboard import (
    ActivationFact,
    DashboardFilter,
    FeedbackFact,
    OfferInfo,
    compute_dashboard,
    dashboard_csv,
    month_label,
)

OFFERS = {
    "bus": OfferInfo("Abonnement bus", "Mobilité"),
    "train": OfferInfo("Billets de train", "Mobilité"),
    "cine": OfferInfo("Cinéma", "Sport, loisirs, culture"),
    "=evil": OfferInfo("=HYPERLINK(\"x\")", "Mobilité"),
}


def fact(day: str, person: int, offer: str, monthly: int = 0, once: int = 0, state: str = "active",
         adviser: int | None = 1) -> ActivationFact:
    return ActivationFact(day, person, offer, adviser, monthly, once, state)


FACTS = [  # bus and cine are renewable (a saving per month), train and gone one-time (a saving once)
    fact("2026-09-03", 1, "bus", monthly=4300),
    fact("2026-09-20", 2, "bus", monthly=4300, state="used"),
    fact("2026-09-21", 2, "cine", monthly=650),
    fact("2026-11-02", 3, "train", once=2700, adviser=2),
    fact("2026-11-05", 1, "train", once=2700, state="rejected"),
    fact("2026-11-27", 4, "gone", once=1000),  # offer no longer in the catalogue
]
FEEDBACK = [
    FeedbackFact("bus", "code_failed", "2026-09-25", 1),
    FeedbackFact("bus", "worked", "2026-09-26", 1),
    FeedbackFact("train", "not_understood", "2026-11-10", 2),
    FeedbackFact("cine", "too_small", "2025-01-10", 1),  # outside the period below
]


def test_totals_months_categories_and_offers_over_a_period() -> None:
    period = DashboardFilter(start=dt.date(2026, 8, 1), end=dt.date(2026, 11, 30))
    figures = compute_dashboard(FACTS, FEEDBACK, OFFERS, period)
    # Per month: 43 + 43 + 6,50 = 92,50 €; in one go: 27 + 10 = 37 €; never added together.
    assert (figures.activations, figures.people_reached, figures.monthly_cents, figures.once_cents,
            figures.rejected) == (5, 4, 9250, 3700, 1)
    assert figures.period == "du 01/08/2026 au 30/11/2026"
    assert [(b.label, b.activations, b.monthly_cents, b.once_cents) for b in figures.by_month] == [
        ("août 2026", 0, 0, 0), ("sept. 2026", 3, 9250, 0), ("oct. 2026", 0, 0, 0), ("nov. 2026", 2, 0, 3700)]
    assert [(b.label, b.activations, b.monthly_cents, b.once_cents) for b in figures.by_category] == [
        ("Mobilité", 3, 8600, 2700), ("Sport, loisirs, culture", 1, 650, 0), ("Sans catégorie", 1, 0, 1000)]
    assert figures.by_category[0].saving_text == "86\u202f€ par mois · 27\u202f€ en une fois"
    assert [(o.title, o.activations) for o in figures.top_offers] == [
        ("Abonnement bus", 2), ("Billets de train", 1), ("Cinéma", 1), ("gone", 1)]
    # train: one rejection, one "not understood"; bus: one code that failed ("worked" is not a failure).
    assert [(o.offer_id, o.failures, o.activations, o.by_kind) for o in figures.failing_offers] == [
        ("train", 2, 1, (("not_understood", 1), ("rejected", 1))), ("bus", 1, 2, (("code_failed", 1),))]
    assert figures.failing_offers[0].failure_rate == 2.0


def test_adviser_filter_and_an_open_period() -> None:
    figures = compute_dashboard(FACTS, FEEDBACK, OFFERS, DashboardFilter(adviser_id=2), adviser_label="B. Martin")
    assert (figures.activations, figures.people_reached, figures.monthly_cents, figures.once_cents) == (1, 1, 0, 2700)
    assert [b.label for b in figures.by_month] == ["nov. 2026"]
    assert figures.period == "toute la période" and figures.adviser == "B. Martin"
    assert [o.offer_id for o in figures.failing_offers] == ["train"]


def test_an_empty_period_gives_zeros_and_empty_months() -> None:
    figures = compute_dashboard(FACTS, FEEDBACK, OFFERS,
                                DashboardFilter(start=dt.date(2025, 1, 1), end=dt.date(2025, 2, 15)))
    assert (figures.activations, figures.people_reached, figures.monthly_cents, figures.once_cents) == (0, 0, 0, 0)
    assert [(b.label, b.activations) for b in figures.by_month] == [("janv. 2025", 0), ("févr. 2025", 0)]
    assert figures.by_category == () and figures.top_offers == ()
    assert [o.offer_id for o in figures.failing_offers] == ["cine"]  # feedback of that period
    assert compute_dashboard([], [], {}, DashboardFilter()).by_month == ()


def test_months_run_across_years() -> None:
    assert month_label(dt.date(2026, 12, 1)) == "déc. 2026"
    figures = compute_dashboard([], [], {}, DashboardFilter(start=dt.date(2026, 11, 15), end=dt.date(2027, 2, 1)))
    assert [b.label for b in figures.by_month] == ["nov. 2026", "déc. 2026", "janv. 2027", "févr. 2027"]


def test_no_personal_key_reaches_the_figures() -> None:
    figures = compute_dashboard([fact("2026-11-01", 987654, "bus", monthly=100)], [], OFFERS, DashboardFilter())
    assert "987654" not in repr(figures)
    assert "987654" not in dashboard_csv(figures).decode("utf-8")


def test_csv_reads_back_in_a_french_spreadsheet_layout() -> None:
    facts = [*FACTS, fact("2026-11-03", 5, "=evil", monthly=100)]
    figures = compute_dashboard(facts, FEEDBACK, OFFERS, DashboardFilter(start=dt.date(2026, 9, 1),
                                                                         end=dt.date(2026, 11, 30)))
    data = dashboard_csv(figures)
    assert data.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["section", "libellé", "activations", "économies estimées par mois (€)",
                       "économies estimées en une fois (€)", "échecs", "détail"]
    assert ["total", "activations", "6", "93,50", "37,00", "1",
            "échecs : activations refusées par l'API nationale"] in rows
    assert ["total", "jeunes accompagnés", "5", "", "", "", ""] in rows
    assert ["par mois d'activation", "sept. 2026", "3", "92,50", "0,00", "", ""] in rows
    assert ["par catégorie", "Mobilité", "4", "87,00", "27,00", "", ""] in rows
    assert ["offres en échec", "Billets de train", "1", "", "", "2",
            "pas compris comment l'utiliser : 1 ; refusées par l'API nationale : 1"] in rows
    legends = [r[1] for r in rows if r[0] == "légende"]
    assert any(text.startswith("Économies par mois : offres renouvelables") for text in legends)
    assert any("Jamais additionnées" in text for text in legends)
    # A title that looks like a formula stays text.
    assert any(r[1] == "'=HYPERLINK(\"x\")" for r in rows)


def test_named_periods() -> None:
    from pej_desktop.domain.dashboard import PERIODS, period_range

    today = dt.date(2026, 1, 15)
    assert period_range("last_12_months", today) == (dt.date(2025, 2, 1), today)
    assert period_range("this_month", today) == (dt.date(2026, 1, 1), today)
    assert period_range("this_year", today) == (dt.date(2026, 1, 1), today)
    assert period_range("last_year", today) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert period_range("all", today) == (None, None)
    assert period_range("last_12_months", dt.date(2026, 12, 31)) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert set(PERIODS) == {"last_12_months", "this_month", "this_year", "last_year", "all"}
