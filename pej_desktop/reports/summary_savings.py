"""The savings figures the summary prints, following the honest rules (DOMAIN.md).

- A one-time offer saves once (« en une fois »), never per month.
- A renewable offer saves per use; how many uses a month is agreed with the young
  person, one by default, and the page says so in words next to the figure.
- Monthly and one-time savings are printed side by side, never added into one number.
- The comparison with the CEJ allocation is printed only with that assumption beside it.

``summary_savings`` is the one place that derives, from the engine's estimate, what the
engine does not give yet (the one-time total, the monthly offers' total until the end
of the CEJ, the assumption in words): when the engine gains ``one_time_total``,
``remaining_monthly_total`` and ``assumption``, only this function changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from pej_desktop.domain.describe import describe_usage
from pej_desktop.domain.savings import SavingsEstimate, round_cents
from pej_desktop.reports.model import ActivatedOffer
from pej_desktop.store.records import Usage

DEFAULT_USES = Usage(1, "month")


def agreed_usage(activation: ActivatedOffer) -> Usage:
    """The uses agreed in the interview; one a month by default for a renewable offer."""
    if activation.usage is not None:
        return activation.usage
    offer_usage = activation.entry.offer.usage
    return offer_usage if offer_usage.period == "once" else DEFAULT_USES


@dataclass(frozen=True)
class SummarySavings:
    monthly_cents: int  # renewable offers valid today, per month
    one_time_cents: int  # one-time offers, each counted once
    remaining_monthly_cents: int | None  # renewable offers until the CEJ ends; None without an end date
    has_monthly: bool
    has_one_time: bool
    assumption: str  # the uses a month the monthly figure assumes, in words


def summary_savings(activations: tuple[ActivatedOffer, ...], estimate: SavingsEstimate) -> SummarySavings:
    """Figures for page 1, from ``estimate.offers`` (same order as ``activations``) and its monthly total."""
    recurring = [(a, s) for a, s in zip(activations, estimate.offers) if not s.one_time]
    one_time = [s for s in estimate.offers if s.one_time]
    remaining = None if estimate.remaining_total is None else \
        sum((s.remaining or Fraction(0) for _, s in recurring), Fraction(0))
    return SummarySavings(
        monthly_cents=estimate.monthly_total_cents,
        one_time_cents=round_cents(sum((s.per_use for s in one_time), Fraction(0))),
        remaining_monthly_cents=None if remaining is None else round_cents(remaining),
        has_monthly=bool(recurring), has_one_time=bool(one_time),
        assumption=_assumption([agreed_usage(a) for a, _ in recurring]),
    )


def _assumption(usages: list[Usage]) -> str:
    """« si tu utilises chaque offre une fois par mois, comme prévu avec ton conseiller »."""
    if not usages:
        return ""
    if len(set(usages)) == 1:
        return f"si tu utilises chaque offre {describe_usage(usages[0])}, comme prévu avec ton conseiller"
    return "si tu utilises chaque offre autant de fois que prévu avec ton conseiller (voir chaque offre)"
