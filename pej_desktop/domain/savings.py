"""Estimated savings of a young person's offers: per use, per month, over the rest of the CEJ.

Rules (documented for advisers in docs/reports.md):

- Saving per use: percent × reference spend, the fixed amount, or regular price − Pass
  price. Uses per month: the usage frequency (the offer's typical one, or the one the
  adviser chose in the interview) converted with an average month of 365,25 / 12 =
  30,4375 days, so a week is 30,4375 / 7 of a month, a quarter 1/3, a year 1/12.
- One-time offers (period ``once``) save their per-use amount once: they count in the
  total over the remaining CEJ, not in the monthly total.
- Months left: the days from the reference date to the CEJ end (real end if known, else
  planned end), both inclusive, divided by 30,4375. A CEJ that ends this month thus
  counts the few days it has left, not a whole month; an ended CEJ counts 0. For each
  offer the window is also cut to the offer's validity dates.
- The monthly total only adds recurring offers valid on the reference date.
- Money is computed in exact fractions of a cent and rounded once, half up, at the end:
  each figure printed is the rounding of its exact value, so printed lines may differ
  from the printed total by a cent — the total is the more accurate figure.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from pej_desktop.domain.allocation import Allocation, AllocationCase, allocation_on
from pej_desktop.domain.describe import describe_usage
from pej_desktop.domain.money import format_cents, format_percent
from pej_desktop.store.records import Discount, Usage

AVERAGE_MONTH_DAYS = Fraction(1461, 48)  # 365.25 / 12
_MONTHS_PER_PERIOD = {
    "week": AVERAGE_MONTH_DAYS / 7,
    "month": Fraction(1),
    "quarter": Fraction(1, 3),
    "year": Fraction(1, 12),
}


def exact(value: float | int) -> Fraction:
    """A float as the decimal number it was written as (0.1 → 1/10, not its binary value)."""
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def round_cents(value: Fraction) -> int:
    """Round half away from zero to a whole cent — once, at the very end."""
    sign = -1 if value < 0 else 1
    return sign * math.floor(abs(value) + Fraction(1, 2))


def saving_per_use(discount: Discount) -> Fraction:
    if discount.type == "percent":
        return exact(discount.percent or 0) / 100 * (discount.reference_spend_cents or 0)
    if discount.type == "fixed":
        return Fraction(discount.amount_cents or 0)
    return Fraction((discount.regular_price_cents or 0) - (discount.pass_price_cents or 0))


def uses_per_month(usage: Usage) -> Fraction | None:
    """Expected uses in an average month; None for a one-time offer."""
    if usage.period == "once":
        return None
    return exact(usage.count) * _MONTHS_PER_PERIOD[usage.period]


def days_left(reference: dt.date, end: dt.date | None, *, start: dt.date | None = None) -> int | None:
    """Days from ``max(reference, start)`` to ``end``, both inclusive; None when the end is unknown."""
    if end is None:
        return None
    first = max(reference, start) if start else reference
    return max(0, (end - first).days + 1)


def months_of(days: int) -> Fraction:
    return Fraction(days) / AVERAGE_MONTH_DAYS


@dataclass(frozen=True)
class SavingItem:
    """One activated (or suggested) offer as the estimate needs it."""

    key: str
    discount: Discount
    usage: Usage
    category: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass(frozen=True)
class OfferSaving:
    key: str
    category: str
    one_time: bool
    valid_on_reference: bool
    per_use: Fraction
    per_month: Fraction | None  # None for a one-time offer
    remaining: Fraction | None  # None when the CEJ end date is unknown
    basis: str  # how the figure was obtained, in French

    @property
    def per_use_cents(self) -> int:
        return round_cents(self.per_use)

    @property
    def per_month_cents(self) -> int | None:
        return None if self.per_month is None else round_cents(self.per_month)

    @property
    def remaining_cents(self) -> int | None:
        return None if self.remaining is None else round_cents(self.remaining)


@dataclass(frozen=True)
class SavingsEstimate:
    reference: dt.date
    cej_end: dt.date | None
    days_left: int | None
    offers: tuple[OfferSaving, ...]
    monthly_total: Fraction
    remaining_total: Fraction | None
    allocation: Allocation | None

    @property
    def months_left(self) -> Fraction | None:
        return None if self.days_left is None else months_of(self.days_left)

    @property
    def monthly_total_cents(self) -> int:
        return round_cents(self.monthly_total)

    @property
    def remaining_total_cents(self) -> int | None:
        return None if self.remaining_total is None else round_cents(self.remaining_total)

    @property
    def allocation_share(self) -> Fraction | None:
        """Monthly total as a percentage of the monthly allocation."""
        if self.allocation is None or self.allocation.monthly_cents <= 0:
            return None
        return self.monthly_total * 100 / self.allocation.monthly_cents

    def allocation_sentence(self) -> str | None:
        """"soit 8,5 % de ton allocation mensuelle (561,68 €)", or None without allocation."""
        share = self.allocation_share
        if share is None or self.allocation is None:
            return None
        rounded = float(round(share, 1))
        return (f"soit {format_percent(rounded)} de ton allocation mensuelle "
                f"({format_cents(self.allocation.monthly_cents)})")

    def by_category(self) -> list[tuple[str, Fraction]]:
        """Savings per category, largest first: over the remaining CEJ, or per month without an end date."""
        totals: dict[str, Fraction] = {}
        for saving in self.offers:
            value = saving.remaining if self.remaining_total is not None else _monthly_part(saving)
            totals[saving.category] = totals.get(saving.category, Fraction(0)) + (value or 0)
        return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def estimate_offer(item: SavingItem, *, reference: dt.date, cej_end: dt.date | None) -> OfferSaving:
    per_use = saving_per_use(item.discount)
    monthly_uses = uses_per_month(item.usage)
    valid_now = _valid_on(item, reference)
    end = min(cej_end, item.valid_to) if cej_end and item.valid_to else cej_end
    days = days_left(reference, end, start=item.valid_from)
    if monthly_uses is None:
        remaining = None if days is None else (per_use if days > 0 else Fraction(0))
        per_month = None
    else:
        per_month = per_use * monthly_uses
        remaining = None if days is None else per_month * months_of(days)
    return OfferSaving(key=item.key, category=item.category, one_time=monthly_uses is None,
                       valid_on_reference=valid_now, per_use=per_use, per_month=per_month,
                       remaining=remaining, basis=describe_basis(item.discount, item.usage))


def estimate_savings(items: Sequence[SavingItem], *, reference: dt.date, cej_end: dt.date | None,
                     case: AllocationCase | None) -> SavingsEstimate:
    offers = tuple(estimate_offer(i, reference=reference, cej_end=cej_end) for i in items)
    remaining = None if cej_end is None else _sum(o.remaining for o in offers)
    return SavingsEstimate(
        reference=reference, cej_end=cej_end, days_left=days_left(reference, cej_end), offers=offers,
        monthly_total=_sum(_monthly_part(o) for o in offers), remaining_total=remaining,
        allocation=allocation_on(reference, case) if case is not None else None,
    )


def describe_basis(discount: Discount, usage: Usage) -> str:
    """"20 % d'une dépense type de 60,00 € = 12,00 € par utilisation, 4 fois par mois"."""
    per_use = format_cents(round_cents(saving_per_use(discount)))
    if discount.type == "percent":
        what = (f"{format_percent(discount.percent or 0)} d'une dépense type de "
                f"{format_cents(discount.reference_spend_cents or 0)} = {per_use}")
    elif discount.type == "fixed":
        what = f"{per_use} de réduction"
    else:
        what = (f"{format_cents(discount.pass_price_cents or 0)} au lieu de "
                f"{format_cents(discount.regular_price_cents or 0)} = {per_use}")
    return f"{what} par utilisation, {describe_usage(usage)}"


def format_months(months: Fraction) -> str:
    """"3,2 mois" (one decimal, French comma)."""
    return f"{_decimal(Fraction(round(months, 1)))} mois"


def _decimal(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _monthly_part(saving: OfferSaving) -> Fraction:
    if saving.per_month is None or not saving.valid_on_reference:
        return Fraction(0)
    return saving.per_month


def _valid_on(item: SavingItem, day: dt.date) -> bool:
    return (item.valid_from is None or item.valid_from <= day) and (item.valid_to is None or day <= item.valid_to)


def _sum(values: Iterable[Fraction | None]) -> Fraction:
    return sum((v for v in values if v is not None), Fraction(0))
