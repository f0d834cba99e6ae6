"""Savings engine and CEJ allocation table, with cases computed by hand.

Source of the rules: ../shared/DOMAIN.md, "Printing and personal data": « A one-time offer
saves once, never per month. A renewable offer saves per use; how many uses a month is
agreed with the young person (default one), and the page says so in words next to the
figure. Monthly and one-time savings are never added into one number ».
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from pej_desktop.domain.allocation import (
    AllocationCase,
    Household,
    allocation_case,
    allocation_on,
    rates_on,
)
from pej_desktop.domain.money import NARROW_NBSP
from pej_desktop.domain.records import Discount
from pej_desktop.domain.savings import (
    SavingItem,
    days_left,
    describe_basis,
    estimate_offer,
    estimate_savings,
    format_months,
    round_cents,
    saving_per_use,
    uses_error,
)

TODAY = dt.date(2026, 11, 28)
PERCENT = Discount(type="percent", percent=20.0, reference_spend_cents=6000)  # 12,00 € per use
FIXED = Discount(type="fixed", amount_cents=500)  # 5,00 € per use
PRICE = Discount(type="price", regular_price_cents=1500, pass_price_cents=500)  # 10,00 € per use
N = NARROW_NBSP


def renewable(discount: Discount, uses: int = 1, **kw) -> SavingItem:  # type: ignore[no-untyped-def]
    return SavingItem(key=kw.pop("key", "o1"), discount=discount, renewable=True, uses_per_month=uses, **kw)


def one_time(discount: Discount, **kw) -> SavingItem:  # type: ignore[no-untyped-def]
    return SavingItem(key=kw.pop("key", "u1"), discount=discount, renewable=False, **kw)


# -- per use -------------------------------------------------------------------------------

def test_saving_per_use_of_each_discount_kind() -> None:
    assert saving_per_use(PERCENT) == 1200  # 20 % of 60,00 €
    assert saving_per_use(FIXED) == 500
    assert saving_per_use(PRICE) == 1000  # 15,00 € − 5,00 €
    assert saving_per_use(Discount(type="percent", percent=12.5, reference_spend_cents=1999)) == Fraction(19990, 80)


# -- hand-computed cases -------------------------------------------------------------------

def test_one_time_offer_saves_once_never_per_month() -> None:
    # A one-time offer at 5,00 € instead of 15,00 €: 10,00 € in one go, no monthly figure at all.
    estimate = estimate_savings([one_time(PRICE)], reference=TODAY, cej_end=dt.date(2027, 5, 31), case=None)
    (saving,) = estimate.offers
    assert saving.one_time and saving.per_month_cents is None and saving.uses_per_month is None
    assert saving.once_cents == 1000 and saving.remaining is None
    assert (estimate.monthly_total_cents, estimate.one_time_total_cents) == (0, 1000)
    assert estimate.remaining_monthly_total_cents == 0
    assert estimate.assumption is None and saving.assumption is None
    assert saving.basis == f"5,00{N}€ au lieu de 15,00{N}€ = 10,00{N}€, une seule fois"


def test_a_one_time_offer_with_a_monthly_catalogue_usage_is_still_one_time() -> None:
    # "Box internet à 15,99 € au lieu de 29,99 € par mois", not renewable: 14,00 € once, not 14,00 € a month.
    box = one_time(Discount(type="price", regular_price_cents=2999, pass_price_cents=1599))
    estimate = estimate_savings([box], reference=TODAY, cej_end=None, case=AllocationCase.ADULT_NON_TAXABLE)
    assert (estimate.monthly_total_cents, estimate.one_time_total_cents) == (0, 1400)
    assert estimate.allocation_sentence() is None  # nothing monthly to compare with the allocation


def test_renewable_offer_used_once_a_month_by_default() -> None:
    # 20 % of 60,00 € = 12,00 € per use × 1 use a month (the default) = 12,00 € a month.
    saving = estimate_offer(SavingItem(key="o1", discount=PERCENT, renewable=True), reference=TODAY, cej_end=None)
    assert (saving.per_use_cents, saving.uses_per_month, saving.per_month_cents) == (1200, 1, 1200)
    assert saving.assumption == "si tu l'utilises 1 fois par mois"
    assert saving.basis == (f"20{N}% d'une dépense type de 60,00{N}€ = 12,00{N}€ par utilisation, "
                            "si tu l'utilises 1 fois par mois")


def test_renewable_offer_used_four_times_a_month() -> None:
    # 5,00 € per use × 4 uses a month agreed with the young person = 20,00 € a month.
    estimate = estimate_savings([renewable(FIXED, 4)], reference=TODAY, cej_end=None, case=None)
    assert estimate.offers[0].per_month_cents == 2000
    assert (estimate.monthly_total_cents, estimate.one_time_total_cents) == (2000, 0)
    assert estimate.assumption == "si tu utilises chaque offre 4 fois par mois"


def test_a_mix_keeps_monthly_and_one_time_apart() -> None:
    # Renewable: 12,00 € × 1 + 5,00 € × 4 = 32,00 € a month. One-time: 10,00 € + 50,00 € = 60,00 € once.
    items = [renewable(PERCENT, 1, key="a", category="Alimentation"),
             renewable(FIXED, 4, key="b", category="Mobilité"),
             one_time(PRICE, key="c", category="Mobilité"),
             one_time(Discount(type="fixed", amount_cents=5000), key="d", category="Logement")]
    estimate = estimate_savings(items, reference=TODAY, cej_end=None, case=None)
    assert (estimate.monthly_total_cents, estimate.one_time_total_cents) == (3200, 6000)
    assert estimate.assumption == ("si tu utilises chaque offre le nombre de fois par mois convenu pour elle "
                                   "(de 1 à 4 fois)")
    assert estimate.by_category() == [("Mobilité", Fraction(2000)), ("Alimentation", Fraction(1200))]


def test_allocation_sentence_carries_the_assumption() -> None:
    # 12,00 € a month / 561,68 € = 2,136 % → "2,1 %", with the assumption beside it.
    estimate = estimate_savings([renewable(PERCENT), one_time(PRICE, key="u")], reference=dt.date(2025, 4, 1),
                                cej_end=None, case=AllocationCase.ADULT_NON_TAXABLE)
    assert estimate.allocation_share == Fraction(1200 * 100, 56168)  # the one-time offer is not in it
    assert estimate.allocation_sentence() == (f"soit 2,1{N}% de ton allocation mensuelle (561,68{N}€), "
                                              "si tu utilises chaque offre 1 fois par mois")
    four = estimate_savings([renewable(PERCENT, 4)], reference=dt.date(2025, 3, 31), cej_end=None,
                            case=AllocationCase.MINOR)
    # 48,00 € / 220,92 € = 21,73 % → "21,7 %".
    assert four.allocation_sentence() == (f"soit 21,7{N}% de ton allocation mensuelle (220,92{N}€), "
                                          "si tu utilises chaque offre 4 fois par mois")
    assert estimate_savings([], reference=TODAY, cej_end=None, case=None).allocation_sentence() is None


def test_rounding_is_half_up_and_done_once() -> None:
    assert [round_cents(Fraction(n, 2)) for n in (1, 3, 5)] == [1, 2, 3]
    # Three offers saving 1/3 cent a use each: 0 cent each once rounded, but 1 cent in total.
    third = Discount(type="percent", percent=1.0, reference_spend_cents=33)  # 0,33 cent
    items = [renewable(third, key=f"o{i}") for i in range(3)]
    estimate = estimate_savings(items, reference=TODAY, cej_end=None, case=None)
    assert [o.per_month_cents for o in estimate.offers] == [0, 0, 0]
    assert estimate.monthly_total_cents == 1


@pytest.mark.parametrize("value", [0, -1, 32, 1.5, True, "2"])
def test_uses_per_month_is_a_whole_number_from_1_to_31(value: object) -> None:
    assert "de 1 à 31" in (uses_error(value) or "")


# -- months left -----------------------------------------------------------------------

def test_months_left_counts_inclusive_days_over_an_average_month() -> None:
    # 28/11/2026 → 31/05/2027: 3 + 31 + 31 + 28 + 31 + 30 + 31 = 185 days = 185 / 30.4375 months.
    assert days_left(TODAY, dt.date(2027, 5, 31)) == 185
    estimate = estimate_savings([renewable(PERCENT, 4), one_time(PRICE, key="u")], reference=TODAY,
                                cej_end=dt.date(2027, 5, 31), case=None)
    assert estimate.months_left == Fraction(185 * 48, 1461)
    assert format_months(estimate.months_left) == "6,1 mois"
    # 48,00 € a month: 4 800 × 8 880 / 1 461 = 29 174,538… cents → 291,75 €; the one-time 10,00 € is not in it.
    assert estimate.remaining_monthly_total_cents == 29175
    assert estimate.one_time_total_cents == 1000


def test_a_cej_ending_this_month_counts_its_last_days_only() -> None:
    # 28, 29 and 30 November: 3 days = 144 / 1461 month; 48 € a month → 4 800 × 144 / 1 461 = 473,1 cents.
    estimate = estimate_savings([renewable(PERCENT, 4)], reference=TODAY, cej_end=dt.date(2026, 11, 30), case=None)
    assert estimate.days_left == 3
    assert estimate.monthly_total_cents == 4800
    assert estimate.remaining_monthly_total_cents == 473


@pytest.mark.parametrize(("end", "days"), [(dt.date(2026, 11, 28), 1), (dt.date(2026, 11, 27), 0),
                                           (dt.date(2025, 1, 1), 0)])
def test_a_cej_ending_today_or_already_ended(end: dt.date, days: int) -> None:
    estimate = estimate_savings([renewable(FIXED)], reference=TODAY, cej_end=end, case=None)
    assert estimate.days_left == days
    assert estimate.remaining_monthly_total_cents == (round_cents(Fraction(500 * 48, 1461)) if days else 0)


def test_a_one_time_offer_no_longer_usable_saves_nothing() -> None:
    expired = one_time(PRICE, valid_to=dt.date(2026, 11, 27))
    after_cej = one_time(PRICE, key="later", valid_from=dt.date(2027, 6, 1))
    estimate = estimate_savings([expired, after_cej], reference=TODAY, cej_end=dt.date(2027, 5, 31), case=None)
    assert [o.once_cents for o in estimate.offers] == [0, 0]


def test_the_offer_validity_cuts_the_window() -> None:
    # Valid until 31/12/2026: 3 + 31 = 34 days of the 185 left. 10 € a month → 1 000 × 34 × 48 / 1 461.
    saving = estimate_offer(renewable(PRICE, valid_to=dt.date(2026, 12, 31)), reference=TODAY,
                            cej_end=dt.date(2027, 5, 31))
    assert saving.remaining == Fraction(1000 * 34 * 48, 1461)
    assert saving.remaining_cents == 1117
    later = renewable(PRICE, valid_from=dt.date(2027, 5, 1), key="later")
    estimate = estimate_savings([later], reference=TODAY, cej_end=dt.date(2027, 5, 31), case=None)
    assert estimate.offers[0].remaining == Fraction(1000 * 31 * 48, 1461)
    assert estimate.monthly_total_cents == 0  # not valid today: no monthly saving yet


def test_unknown_cej_end_gives_no_remaining_total() -> None:
    estimate = estimate_savings([renewable(PERCENT, 4)], reference=TODAY, cej_end=None, case=None)
    assert estimate.remaining_monthly_total is None and estimate.months_left is None


def test_describe_basis() -> None:
    assert describe_basis(FIXED, 2) == f"5,00{N}€ de réduction par utilisation, si tu l'utilises 2 fois par mois"
    assert describe_basis(FIXED, None) == f"5,00{N}€ de réduction, une seule fois"


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


