"""Estimated savings of a young person's offers, honest about what they assume.

Rules (documented for advisers in docs/reports.md; source: ../shared/DOMAIN.md,
"Printing and personal data"):

- Saving per use: percent × reference spend, the fixed amount, or regular price − Pass
  price.
- A one-time offer (not renewable: a single activation per young person) saves its
  per-use amount once. It is never turned into a monthly figure.
- A renewable offer saves per use. How many uses a month is agreed with the young
  person (``uses_per_month``, one by default, whatever the catalogue's typical use);
  the figure always travels with that assumption in words (``assumption``).
- Monthly and one-time savings are two totals, ``monthly_total`` and ``one_time_total``:
  they are shown side by side, never added into one number.
- Over the rest of the CEJ (``remaining_monthly_total``): renewable offers only, their
  monthly saving × the months left. Months left: the days from the reference date to
  the CEJ end (real end if known, else planned end), both inclusive, divided by an
  average month of 365,25 / 12 = 30,4375 days; each offer's window is cut to its
  validity dates.
- The monthly total adds the renewable offers valid on the reference date; the
  one-time total the one-time offers still usable (not expired, and valid before the
  CEJ ends when its end is known).
- The comparison with the allocation is of the monthly total only, and its sentence
  carries the assumption.
- Money is computed in exact fractions of a cent and rounded once, half up, at the end.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from pej_desktop.domain.allocation import Allocation, AllocationCase, allocation_on
from pej_desktop.domain.money import format_cents, format_percent
from pej_desktop.domain.records import Discount
from pej_desktop.domain.validity import valid_on

AVERAGE_MONTH_DAYS = Fraction(1461, 48)  # 365.25 / 12
DEFAULT_USES_PER_MONTH = 1
MAX_USES_PER_MONTH = 31


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


def days_left(reference: dt.date, end: dt.date | None, *, start: dt.date | None = None) -> int | None:
    """Days from ``max(reference, start)`` to ``end``, both inclusive; None when the end is unknown."""
    if end is None:
        return None
    first = max(reference, start) if start else reference
    return max(0, (end - first).days + 1)


def months_of(days: int) -> Fraction:
    return Fraction(days) / AVERAGE_MONTH_DAYS


def times(count: int) -> str:
    """« 1 fois », « 4 fois »: digits, easier to read than words for every reader."""
    return f"{count} fois"


def uses_assumption(count: int) -> str:
    """« si tu l'utilises 4 fois par mois »: the assumption behind one offer's monthly figure."""
    return f"si tu l'utilises {times(count)} par mois"


def uses_error(value: object) -> str | None:
    """Why a number of uses per month is refused (French), None when it is acceptable."""
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_USES_PER_MONTH:
        return (f"Le nombre d'utilisations par mois est un nombre entier de 1 à {MAX_USES_PER_MONTH}, "
                "convenu avec le jeune.")
    return None


@dataclass(frozen=True)
class SavingItem:
    """One activated (or suggested) offer as the estimate needs it."""

    key: str
    discount: Discount
    renewable: bool = False
    uses_per_month: int = DEFAULT_USES_PER_MONTH  # agreed with the young person; unused when one-time
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
    uses_per_month: int | None  # None for a one-time offer
    per_month: Fraction | None  # None for a one-time offer
    once: Fraction | None  # the one-time saving (0 when no longer usable); None for a renewable offer
    remaining: Fraction | None  # renewable over the rest of the CEJ; None if one-time or end unknown
    basis: str  # how the figure was obtained, in French, assumption included

    @property
    def per_use_cents(self) -> int:
        return round_cents(self.per_use)

    @property
    def per_month_cents(self) -> int | None:
        return None if self.per_month is None else round_cents(self.per_month)

    @property
    def once_cents(self) -> int | None:
        return None if self.once is None else round_cents(self.once)

    @property
    def remaining_cents(self) -> int | None:
        return None if self.remaining is None else round_cents(self.remaining)

    @property
    def assumption(self) -> str | None:
        """« si tu l'utilises 1 fois par mois »; None for a one-time offer."""
        return None if self.uses_per_month is None else uses_assumption(self.uses_per_month)


@dataclass(frozen=True)
class SavingsEstimate:
    reference: dt.date
    cej_end: dt.date | None
    days_left: int | None
    offers: tuple[OfferSaving, ...]
    monthly_total: Fraction  # renewable offers only
    one_time_total: Fraction  # one-time offers only
    remaining_monthly_total: Fraction | None  # renewable offers over the rest of the CEJ
    allocation: Allocation | None

    @property
    def months_left(self) -> Fraction | None:
        return None if self.days_left is None else months_of(self.days_left)

    @property
    def monthly_total_cents(self) -> int:
        return round_cents(self.monthly_total)

    @property
    def one_time_total_cents(self) -> int:
        return round_cents(self.one_time_total)

    @property
    def remaining_monthly_total_cents(self) -> int | None:
        return None if self.remaining_monthly_total is None else round_cents(self.remaining_monthly_total)

    @property
    def has_renewable(self) -> bool:
        return any(not o.one_time for o in self.offers)

    @property
    def has_one_time(self) -> bool:
        return any(o.one_time for o in self.offers)

    @property
    def assumption(self) -> str | None:
        """« si tu utilises chaque offre 1 fois par mois »; None without a renewable offer."""
        counts = sorted({o.uses_per_month for o in self.offers if o.uses_per_month is not None})
        if not counts:
            return None
        if len(counts) == 1:
            return f"si tu utilises chaque offre {times(counts[0])} par mois"
        return (f"si tu utilises chaque offre le nombre de fois par mois convenu pour elle "
                f"(de {counts[0]} à {times(counts[-1])})")

    @property
    def allocation_share(self) -> Fraction | None:
        """Monthly total as a percentage of the monthly allocation; None with nothing monthly."""
        if self.allocation is None or self.allocation.monthly_cents <= 0 or not self.has_renewable:
            return None
        return self.monthly_total * 100 / self.allocation.monthly_cents

    def allocation_sentence(self) -> str | None:
        """« soit 8,5 % de ton allocation mensuelle (561,68 €), si tu utilises chaque offre 1 fois par mois ».

        The comparison never comes without its assumption; None without an allocation
        or without a renewable offer (a one-time saving is not compared with a monthly amount).
        """
        share, assumption = self.allocation_share, self.assumption
        if share is None or self.allocation is None or assumption is None:
            return None
        rounded = float(round(share, 1))
        return (f"soit {format_percent(rounded)} de ton allocation mensuelle "
                f"({format_cents(self.allocation.monthly_cents)}), {assumption}")

    def by_category(self) -> list[tuple[str, Fraction]]:
        """Monthly savings of the renewable offers per category, largest first."""
        totals: dict[str, Fraction] = {}
        for saving in self.offers:
            if not saving.one_time:
                totals[saving.category] = totals.get(saving.category, Fraction(0)) + _monthly_part(saving)
        return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def estimate_offer(item: SavingItem, *, reference: dt.date, cej_end: dt.date | None) -> OfferSaving:
    per_use = saving_per_use(item.discount)
    valid_now = _valid_on(item, reference)
    end = min(cej_end, item.valid_to) if cej_end and item.valid_to else (cej_end or item.valid_to)
    common = dict(key=item.key, category=item.category, valid_on_reference=valid_now, per_use=per_use,
                  basis=describe_basis(item.discount, None if not item.renewable else item.uses_per_month))
    if not item.renewable:
        usable = end is None or (days_left(reference, end, start=item.valid_from) or 0) > 0
        return OfferSaving(one_time=True, uses_per_month=None, per_month=None, once=per_use if usable else Fraction(0),
                           remaining=None, **common)  # type: ignore[arg-type]
    per_month = per_use * item.uses_per_month
    window_end = min(cej_end, item.valid_to) if cej_end and item.valid_to else cej_end
    days = days_left(reference, window_end, start=item.valid_from)
    remaining = None if days is None else per_month * months_of(days)
    return OfferSaving(one_time=False, uses_per_month=item.uses_per_month, per_month=per_month, once=None,
                       remaining=remaining, **common)  # type: ignore[arg-type]


def estimate_savings(items: Sequence[SavingItem], *, reference: dt.date, cej_end: dt.date | None,
                     case: AllocationCase | None) -> SavingsEstimate:
    offers = tuple(estimate_offer(i, reference=reference, cej_end=cej_end) for i in items)
    remaining = None if cej_end is None else _sum(o.remaining for o in offers if not o.one_time)
    return SavingsEstimate(
        reference=reference, cej_end=cej_end, days_left=days_left(reference, cej_end), offers=offers,
        monthly_total=_sum(_monthly_part(o) for o in offers), one_time_total=_sum(o.once for o in offers),
        remaining_monthly_total=remaining,
        allocation=allocation_on(reference, case) if case is not None else None,
    )


def describe_basis(discount: Discount, uses_per_month: int | None) -> str:
    """« 20 % d'une dépense type de 60,00 € = 12,00 € par utilisation, si tu l'utilises 4 fois par mois ».

    ``uses_per_month`` None: a one-time offer, « … = 10,00 €, une seule fois ».
    """
    per_use = format_cents(round_cents(saving_per_use(discount)))
    if discount.type == "percent":
        what = (f"{format_percent(discount.percent or 0)} d'une dépense type de "
                f"{format_cents(discount.reference_spend_cents or 0)} = {per_use}")
    elif discount.type == "fixed":
        what = f"{per_use} de réduction"
    else:
        what = (f"{format_cents(discount.pass_price_cents or 0)} au lieu de "
                f"{format_cents(discount.regular_price_cents or 0)} = {per_use}")
    if uses_per_month is None:
        return f"{what}, une seule fois"
    return f"{what} par utilisation, {uses_assumption(uses_per_month)}"


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
    return valid_on(item.valid_from, item.valid_to, day)


def _sum(values: Iterable[Fraction | None]) -> Fraction:
    return sum((v for v in values if v is not None), Fraction(0))
