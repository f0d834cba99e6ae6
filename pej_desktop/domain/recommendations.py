"""Recommendations: the eligible offers ranked by what they would save for *these* needs.

Rules (documented for advisers in docs/companion.md):

- Only offers the eligibility engine says are open to the young person ("Éligible"),
  and that answer at least one ticked need (``pej_desktop.domain.needs``), are listed.
- Saving per month of a renewable offer: the savings engine's estimate, saving per use
  × the uses per month agreed with the young person (one by default), shown with that
  assumption in words (« si tu l'utilises 1 fois par mois »). When the young person
  gave a monthly amount for every need the offer answers, the estimate is capped by
  what that amount allows (a percentage of it, or the amount itself): nobody saves
  more than they spend.
- One-time offers (not renewable) save their amount once, never per month; the amount
  given per month does not apply.
- Ranking value: the saving over the coming months — the rest of the CEJ when its end
  is known, otherwise ``DEFAULT_HORIZON_MONTHS`` — each offer cut to its own validity
  dates. Recurring and one-time offers are thus compared on the same footing.
  Ties: title, then key, so the order never depends on the catalogue's order.
- "Top" offers, those one click activates: going down the ranking, an offer is a top
  one when it answers a ticked need no better offer answered yet (one per need, at
  most ``MAX_TOP``), and saves something.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from pej_desktop.domain.eligibility import Status
from pej_desktop.domain.money import format_cents
from pej_desktop.domain.needs import MATCHER, NEEDS_BY_KEY, NeedMatcher, NeedsChecklist
from pej_desktop.domain.records import Discount
from pej_desktop.domain.savings import (
    AVERAGE_MONTH_DAYS,
    DEFAULT_USES_PER_MONTH,
    days_left,
    exact,
    months_of,
    round_cents,
    saving_per_use,
    uses_assumption,
)
from pej_desktop.domain.text import fold

DEFAULT_HORIZON_MONTHS = 6
MAX_TOP = 5


@dataclass(frozen=True)
class Candidate:
    """An offer as the ranking needs it, with the engine's verdict for this young person."""

    key: int  # the catalogue's offer key
    offer_id: str
    title: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    discount: Discount
    renewable: bool
    status: Status
    partner: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass(frozen=True)
class Recommendation:
    key: int
    offer_id: str
    title: str
    partner: str
    needs: tuple[str, ...]  # the ticked needs it answers, checklist order
    monthly: Fraction | None  # None for a one-time offer
    once: Fraction | None  # the one-time saving, None for a renewable offer
    value: Fraction  # saving over the horizon: the ranking value
    capped: bool  # the young person's amount was used
    top: bool = False
    valid_to: dt.date | None = None
    uses_per_month: int | None = None  # agreed with the young person; None for a one-time offer
    per_use: Fraction = Fraction(0)
    cap: Fraction | None = None  # what the young person's monthly amount allows, when given
    months: Fraction = Fraction(0)  # months of the horizon this offer is valid

    def with_uses(self, uses_per_month: int) -> Recommendation:
        """The same offer under another agreed number of uses a month (one-time offers unchanged)."""
        if self.uses_per_month is None:
            return self
        monthly, capped = _capped(self.per_use * uses_per_month, self.cap)
        return replace(self, uses_per_month=uses_per_month, monthly=monthly, capped=capped,
                       value=monthly * self.months)

    @property
    def monthly_cents(self) -> int | None:
        return None if self.monthly is None else round_cents(self.monthly)


    @property
    def reason(self) -> str:
        """"couvre ton besoin transport, environ 18 € par mois"."""
        return f"{covers(self.needs)}, {self.saving_text}"

    @property
    def saving_text(self) -> str:
        """« environ 18 € par mois si tu l'utilises 1 fois par mois » or « environ 30 € en une fois »."""
        if self.monthly is not None and self.uses_per_month is not None:
            return f"{self.figure_text} {uses_assumption(self.uses_per_month)}"
        return self.figure_text

    @property
    def figure_text(self) -> str:
        """The figure alone, for a column whose header states the uses assumed: « environ 18 € par mois »,
        « environ 30 € en une fois »."""
        if self.monthly is not None and self.uses_per_month is not None:
            return f"environ {about(round_cents(self.monthly))} par mois"
        return f"environ {about(round_cents(self.once or Fraction(0)))} en une fois"


def covers(needs: Sequence[str]) -> str:
    """"couvre ton besoin transport" / "couvre tes besoins alimentation et hygiène"."""
    return f"couvre {'ton besoin' if len(needs) == 1 else 'tes besoins'} {needs_words(needs)}"


def needs_words(needs: Sequence[str]) -> str:
    """"transport" / "alimentation et hygiène": the needs' short names, in a list of words."""
    words = [NEEDS_BY_KEY[k].short for k in needs]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} et {words[-1]}"


def about(cents: int) -> str:
    """A rough amount: whole euros from 10 €, cents below ("18 €", "3,35 €")."""
    if cents >= 1000:
        return format_cents(round_cents(Fraction(cents, 100)) * 100, with_cents=False)
    return format_cents(cents)


def horizon_end(reference: dt.date, cej_end: dt.date | None) -> dt.date:
    """Last day counted: the CEJ's end when known and still ahead, else the default horizon."""
    if cej_end is not None and cej_end >= reference:
        return cej_end
    days = round(AVERAGE_MONTH_DAYS * DEFAULT_HORIZON_MONTHS)
    return reference + dt.timedelta(days=days - 1)


def rank_offers(candidates: Iterable[Candidate], needs: NeedsChecklist, *, reference: dt.date,
                cej_end: dt.date | None, matcher: NeedMatcher = MATCHER, max_top: int = MAX_TOP,
                uses_per_month: int = DEFAULT_USES_PER_MONTH) -> list[Recommendation]:
    """The eligible offers answering the ticked needs, best saving first, top ones flagged."""
    if not needs:
        return []
    end = horizon_end(reference, cej_end)
    found = []
    for candidate in candidates:
        if candidate.status is not Status.ELIGIBLE:
            continue
        matched = tuple(k for k in matcher.needs_of(candidate.categories, candidate.tags) if k in needs.keys)
        if matched:
            found.append(_recommend(candidate, matched, needs, reference, end, uses_per_month))
    found.sort(key=lambda r: (-r.value, fold(r.title), r.key))
    return _flag_top(found, max_top)


def _recommend(candidate: Candidate, matched: tuple[str, ...], needs: NeedsChecklist, reference: dt.date,
               end: dt.date, uses_per_month: int) -> Recommendation:
    last = min(end, candidate.valid_to) if candidate.valid_to else end
    days = days_left(reference, last, start=candidate.valid_from) or 0
    per_use = saving_per_use(candidate.discount)
    common: dict[str, Any] = dict(key=candidate.key, offer_id=candidate.offer_id, title=candidate.title,
                  partner=candidate.partner, needs=matched, valid_to=candidate.valid_to, per_use=per_use,
                  months=months_of(days))
    if not candidate.renewable:
        once = per_use if days > 0 else Fraction(0)
        return Recommendation(monthly=None, once=per_use, value=once, capped=False, **common)
    cap = _cap_for_needs(candidate.discount, matched, needs)
    draft = Recommendation(monthly=None, once=None, value=Fraction(0), capped=False, uses_per_month=0, cap=cap,
                           **common)
    return draft.with_uses(uses_per_month)


def _cap_for_needs(discount: Discount, matched: tuple[str, ...], needs: NeedsChecklist) -> Fraction | None:
    """What the young person's own monthly amount allows, when known for every need the offer answers."""
    amounts = [needs.amount(k) for k in matched]
    if not amounts or any(a is None for a in amounts):
        return None
    budget = Fraction(sum(a for a in amounts if a is not None))
    if discount.type == "percent":
        return exact(discount.percent or 0) / 100 * budget
    return budget


def _capped(estimate: Fraction, cap: Fraction | None) -> tuple[Fraction, bool]:
    if cap is None or estimate <= cap:
        return estimate, False
    return cap, True


def _flag_top(ranked: list[Recommendation], max_top: int) -> list[Recommendation]:
    covered: set[str] = set()
    result, tops = [], 0
    for recommendation in ranked:
        fresh = [k for k in recommendation.needs if k not in covered]
        if fresh and recommendation.value > 0 and tops < max_top:
            covered.update(recommendation.needs)
            tops += 1
            recommendation = replace(recommendation, top=True)
        result.append(recommendation)
    return result


def top_keys(recommendations: Iterable[Recommendation]) -> list[int]:
    """The offer keys one click activates, in ranking order."""
    return [r.key for r in recommendations if r.top]
