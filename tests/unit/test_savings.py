"""Savings engine and CEJ allocation table, with cases computed by hand."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from pej_desktop.domain.allocation import (
    AllocationCase, Household, allocation_case, allocation_on, rates_on,
)
from pej_desktop.domain.money import NARROW_NBSP
from pej_desktop.domain.savings import (
    SavingItem, days_left, describe_basis, estimate_offer, estimate_savings, format_months, round_cents,
    saving_per_use, uses_per_month,
)
from pej_desktop.store.records import Discount, Usage

TODAY = dt.date(2026, 11, 28)
PERCENT = Discount(type="percent", percent=20.0, reference_spend_cents=6000)
FIXED = Discount(type="fixed", amount_cents=500)
PRICE = Discount(type="price", regular_price_cents=1500, pass_price_cents=500)
N = NARROW_NBSP


def item(discount: Discount, usage: Usage, **kw) -> SavingItem:  # type: ignore[no-untyped-def]
    return SavingItem(key=kw.pop("key", "o1"), discount=discount, usage=usage, **kw)


# -- per use, per month ------------------------------------------------------------------

def test_percent_of_reference_spend() -> None:
    # 20 % of 60,00 € = 12,00 € per use; 4 times a month = 48,00 € a month.
    saving = estimate_offer(item(PERCENT, Usage(4, "month")), reference=TODAY, cej_end=None)
    assert (saving.per_use_cents, saving.per_month_cents, saving.remaining_cents) == (1200, 4800, None)
    assert saving.basis == f"20{N}% d'une dépense type de 60,00{N}€ = 12,00{N}€ par utilisation, 4 fois par mois"


def test_fixed_amount_with_the_advisers_frequency() -> None:
    # The adviser says "2 fois par mois": 2 × 5,00 € = 10,00 € a month.
    saving = estimate_offer(item(FIXED, Usage(2, "month")), reference=TODAY, cej_end=None)
    assert (saving.per_use_cents, saving.per_month_cents) == (500, 1000)
    assert saving.basis.endswith("5,00\u202f€ de réduction par utilisation, 2 fois par mois")


def test_price_instead_of_price() -> None:
    # 5,00 € instead of 15,00 €: 10,00 € per use; once a quarter = 10/3 € a month → 3,33 €.
    saving = estimate_offer(item(PRICE, Usage(1, "quarter")), reference=TODAY, cej_end=None)
    assert saving.per_use == 1000 and saving.per_month == Fraction(1000, 3)
    assert saving.per_month_cents == 333
    assert "5,00\u202f€ au lieu de 15,00\u202f€ = 10,00\u202f€ par utilisation" in saving.basis


def test_weekly_use_converts_with_the_average_month() -> None:
    # A month is 365.25 / 12 = 30.4375 days = 30.4375 / 7 weeks.
    # 2 × 3,50 € a week = 700 × 30.4375 / 7 = 3 043,75 cents a month → 30,44 €.
    saving = estimate_offer(item(Discount(type="fixed", amount_cents=350), Usage(2, "week")),
                            reference=TODAY, cej_end=None)
    assert saving.per_month == Fraction(12175, 4)
    assert saving.per_month_cents == 3044


def test_yearly_and_decimal_counts_are_exact() -> None:
    assert uses_per_month(Usage(6, "year")) == Fraction(1, 2)
    assert uses_per_month(Usage(0.1, "month")) == Fraction(1, 10)  # not 0.1's binary value
    assert uses_per_month(Usage(1, "once")) is None
    assert saving_per_use(Discount(type="percent", percent=12.5, reference_spend_cents=1999)) == Fraction(19990, 80)


def test_rounding_is_half_up_and_done_once() -> None:
    assert [round_cents(Fraction(n, 2)) for n in (1, 3, 5)] == [1, 2, 3]
    # Three offers saving 1/3 cent a month each: 0 cent each once rounded, but 1 cent in total.
    tiny = Discount(type="fixed", amount_cents=1)
    items = [item(tiny, Usage(1, "quarter"), key=f"o{i}") for i in range(3)]
    estimate = estimate_savings(items, reference=TODAY, cej_end=None, case=None)
    assert [o.per_month_cents for o in estimate.offers] == [0, 0, 0]
    assert estimate.monthly_total_cents == 1


# -- months left -----------------------------------------------------------------------

def test_months_left_counts_inclusive_days_over_an_average_month() -> None:
    # 28/11/2026 → 31/05/2027: 3 + 31 + 31 + 28 + 31 + 30 + 31 = 185 days = 185 / 30.4375 months.
    assert days_left(TODAY, dt.date(2027, 5, 31)) == 185
    estimate = estimate_savings([item(PERCENT, Usage(4, "month"))], reference=TODAY,
                                cej_end=dt.date(2027, 5, 31), case=None)
    assert estimate.months_left == Fraction(185 * 48, 1461)
    assert format_months(estimate.months_left) == "6,1 mois"
    # 4 800 × 8 880 / 1 461 = 29 174,538… cents → 291,75 €.
    assert estimate.remaining_total_cents == 29175


def test_a_cej_ending_this_month_counts_its_last_days_only() -> None:
    # 28, 29 and 30 November: 3 days = 144 / 1461 month; 48 € a month → 4 800 × 144 / 1 461 = 473,1 cents.
    estimate = estimate_savings([item(PERCENT, Usage(4, "month"))], reference=TODAY,
                                cej_end=dt.date(2026, 11, 30), case=None)
    assert estimate.days_left == 3
    assert estimate.monthly_total_cents == 4800
    assert estimate.remaining_total_cents == 473


@pytest.mark.parametrize(("end", "days"), [(dt.date(2026, 11, 28), 1), (dt.date(2026, 11, 27), 0),
                                           (dt.date(2025, 1, 1), 0)])
def test_a_cej_ending_today_or_already_ended(end: dt.date, days: int) -> None:
    estimate = estimate_savings([item(FIXED, Usage(1, "month"))], reference=TODAY, cej_end=end, case=None)
    assert estimate.days_left == days
    assert estimate.remaining_total_cents == (round_cents(Fraction(500 * 48, 1461)) if days else 0)


def test_one_time_offer_saves_once_and_not_per_month() -> None:
    bike = item(Discount(type="price", regular_price_cents=5000, pass_price_cents=3000), Usage(1, "once"),
                key="velo", category="Mobilité")
    estimate = estimate_savings([bike, item(FIXED, Usage(1, "month"), key="o2", category="Mobilité")],
                                reference=TODAY, cej_end=dt.date(2027, 5, 31), case=None)
    one_time = estimate.offers[0]
    assert one_time.one_time and one_time.per_month_cents is None and one_time.remaining_cents == 2000
    assert estimate.monthly_total_cents == 500
    assert one_time.basis.endswith("par utilisation, une seule fois")
    ended = estimate_savings([bike], reference=TODAY, cej_end=dt.date(2026, 1, 1), case=None)
    assert ended.remaining_total_cents == 0


def test_the_offer_validity_cuts_the_window() -> None:
    # Valid until 31/12/2026: 3 + 31 = 34 days of the 185 left. 10 € a month → 1 000 × 34 × 48 / 1 461.
    offer = item(PRICE, Usage(1, "month"), valid_to=dt.date(2026, 12, 31))
    saving = estimate_offer(offer, reference=TODAY, cej_end=dt.date(2027, 5, 31))
    assert saving.remaining == Fraction(1000 * 34 * 48, 1461)
    assert saving.remaining_cents == 1117
    later = item(PRICE, Usage(1, "month"), valid_from=dt.date(2027, 5, 1), key="later")
    estimate = estimate_savings([later], reference=TODAY, cej_end=dt.date(2027, 5, 31), case=None)
    assert estimate.offers[0].remaining == Fraction(1000 * 31 * 48, 1461)
    assert estimate.monthly_total_cents == 0  # not valid today: no monthly saving yet


def test_unknown_cej_end_gives_no_remaining_total_and_monthly_chart() -> None:
    items = [item(PERCENT, Usage(4, "month"), category="Alimentation"),
             item(FIXED, Usage(1, "month"), key="o2", category="Mobilité")]
    estimate = estimate_savings(items, reference=TODAY, cej_end=None, case=None)
    assert estimate.remaining_total is None and estimate.months_left is None
    assert estimate.by_category() == [("Alimentation", Fraction(4800)), ("Mobilité", Fraction(500))]


def test_describe_basis_for_one_time_and_weekly() -> None:
    assert describe_basis(FIXED, Usage(1, "week")) == f"5,00{N}€ de réduction par utilisation, une fois par semaine"


# -- allocation ------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "case", "cents", "effective"), [
    (dt.date(2025, 3, 31), AllocationCase.ADULT_NON_TAXABLE, 55229, dt.date(2024, 4, 1)),
    (dt.date(2025, 4, 1), AllocationCase.ADULT_NON_TAXABLE, 56168, dt.date(2025, 4, 1)),
    (dt.date(2025, 4, 1), AllocationCase.ADULT_FIRST_BRACKET, 33700, dt.date(2025, 4, 1)),
    (dt.date(2024, 4, 1), AllocationCase.MINOR, 22092, dt.date(2024, 4, 1)),
    (dt.date(2024, 3, 31), AllocationCase.MINOR, 21120, dt.date(2023, 4, 1)),
    (dt.date(2022, 6, 30), AllocationCase.ADULT_NON_TAXABLE, 50000, dt.date(2022, 3, 1)),
    (dt.date(2022, 7, 1), AllocationCase.ADULT_FIRST_BRACKET, 31200, dt.date(2022, 7, 1)),
])
def test_allocation_revalued_on_1_april(day: dt.date, case: AllocationCase, cents: int, effective: dt.date) -> None:
    allocation = allocation_on(day, case)
    assert allocation is not None
    assert (allocation.monthly_cents, allocation.effective) == (cents, effective)


def test_no_allocation_before_the_cej_and_outdated_after_a_missed_revaluation() -> None:
    assert rates_on(dt.date(2022, 2, 28)) is None
    assert allocation_on(dt.date(2022, 2, 28), AllocationCase.MINOR) is None
    assert not allocation_on(dt.date(2026, 3, 31), AllocationCase.MINOR).possibly_outdated  # type: ignore[union-attr]
    assert allocation_on(dt.date(2026, 4, 1), AllocationCase.MINOR).possibly_outdated  # type: ignore[union-attr]


def test_which_amount_applies() -> None:
    assert allocation_case(minor=True, household=Household.FIRST_BRACKET) is AllocationCase.MINOR
    assert allocation_case(minor=False) is AllocationCase.ADULT_NON_TAXABLE
    assert allocation_case(minor=False, household=Household.FIRST_BRACKET) is AllocationCase.ADULT_FIRST_BRACKET


def test_share_of_the_allocation() -> None:
    # 48,00 € / 561,68 € = 8,546 % → "8,5 %".
    estimate = estimate_savings([item(PERCENT, Usage(4, "month"))], reference=dt.date(2025, 4, 1),
                                cej_end=None, case=AllocationCase.ADULT_NON_TAXABLE)
    assert estimate.allocation_share == Fraction(4800 * 100, 56168)
    assert estimate.allocation_sentence() == f"soit 8,5{N}% de ton allocation mensuelle (561,68{N}€)"
    minor = estimate_savings([item(PERCENT, Usage(4, "month"))], reference=dt.date(2025, 3, 31),
                             cej_end=None, case=AllocationCase.MINOR)
    assert minor.allocation_sentence() == f"soit 21,7{N}% de ton allocation mensuelle (220,92{N}€)"
    assert estimate_savings([], reference=TODAY, cej_end=None, case=None).allocation_sentence() is None
