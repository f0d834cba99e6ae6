"""The structure's dashboard: what the Pass delivered, from this computer's data only.

Rules (documented for advisers in docs/companion.md):

- Activations counted: every activation in the period (by its activation day) and of
  the chosen adviser, whatever its state except "rejected" by the national API.
- Estimated savings delivered: the sum of the estimates recorded with those
  activations (``saving_cents``, as computed when the offer was activated).
- Young people reached: distinct files among those activations. The person key is only
  counted; no name, date of birth or file id leaves this module.
- Most used offers: by number of activations. Offers that fail most: by failures —
  activations rejected by the national API plus negative feedback recorded on the offer
  (the code did not work, the discount was too small, not understood) — then by rate.
- Months: every month of the period, empty ones included, so the chart has no holes.

Pure functions of plain rows: no Qt, no SQL.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pej_desktop.domain.money import format_cents
from pej_desktop.store.text import fold

REJECTED = "rejected"
NEGATIVE_FEEDBACK = frozenset({"code_failed", "too_small", "not_understood"})
UNCATEGORISED = "Sans catégorie"
TOP_COUNT = 10
MONTHS_FR = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


@dataclass(frozen=True)
class ActivationFact:
    """One activation, reduced to what the dashboard counts."""

    activated_on: dt.date
    person: int  # opaque: only counted
    offer_id: str
    adviser_id: int | None
    saving_cents: int
    state: str


@dataclass(frozen=True)
class FeedbackFact:
    offer_id: str
    kind: str
    recorded_on: dt.date
    adviser_id: int | None


@dataclass(frozen=True)
class OfferInfo:
    title: str
    category: str  # the category's name, "" when unknown


@dataclass(frozen=True)
class DashboardFilter:
    start: dt.date | None = None
    end: dt.date | None = None  # inclusive
    adviser_id: int | None = None

    def keeps(self, day: dt.date, adviser_id: int | None) -> bool:
        if self.start is not None and day < self.start:
            return False
        if self.end is not None and day > self.end:
            return False
        return self.adviser_id is None or adviser_id == self.adviser_id

    def label(self) -> str:
        if self.start and self.end:
            return f"du {self.start:%d/%m/%Y} au {self.end:%d/%m/%Y}"
        if self.start:
            return f"depuis le {self.start:%d/%m/%Y}"
        if self.end:
            return f"jusqu'au {self.end:%d/%m/%Y}"
        return "toute la période"


@dataclass(frozen=True)
class Bar:
    label: str
    activations: int
    saving_cents: int


@dataclass(frozen=True)
class OfferFigure:
    offer_id: str
    title: str
    activations: int
    failures: int = 0
    by_kind: tuple[tuple[str, int], ...] = ()

    @property
    def failure_rate(self) -> float | None:
        return None if self.activations == 0 else self.failures / self.activations


@dataclass(frozen=True)
class DashboardFigures:
    period: str
    activations: int
    people_reached: int
    saving_cents: int
    rejected: int
    by_month: tuple[Bar, ...]
    by_category: tuple[Bar, ...]
    top_offers: tuple[OfferFigure, ...]
    failing_offers: tuple[OfferFigure, ...]
    adviser: str = "tous les conseillers"


PERIODS = {
    "last_12_months": "12 derniers mois",
    "this_month": "Mois en cours",
    "this_year": "Année en cours",
    "last_year": "Année précédente",
    "all": "Toute la période",
}


def period_range(choice: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """First and last day (inclusive) of a named period; (None, None) for all time."""
    if choice == "this_month":
        return today.replace(day=1), today
    if choice == "this_year":
        return dt.date(today.year, 1, 1), today
    if choice == "last_year":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    if choice == "last_12_months":
        year, month = divmod(today.year * 12 + today.month - 1 - 11, 12)
        return dt.date(year, month + 1, 1), today
    if choice == "all":
        return None, None
    raise ValueError(f"unknown period {choice!r}")


def month_label(month: dt.date) -> str:
    return f"{MONTHS_FR[month.month - 1]} {month.year}"


def compute_dashboard(facts: Iterable[ActivationFact], feedback: Iterable[FeedbackFact],
                      offers: Mapping[str, OfferInfo], filters: DashboardFilter, *,
                      adviser_label: str = "tous les conseillers", top: int = TOP_COUNT) -> DashboardFigures:
    """Aggregate the activations and feedback kept by ``filters`` (one pass over the rows)."""
    kept = [f for f in facts if filters.keeps(f.activated_on, f.adviser_id)]
    delivered = [f for f in kept if f.state != REJECTED]
    failures = _failures(kept, feedback, filters)
    return DashboardFigures(
        period=filters.label(), adviser=adviser_label, activations=len(delivered),
        people_reached=len({f.person for f in delivered}), saving_cents=sum(f.saving_cents for f in delivered),
        rejected=len(kept) - len(delivered), by_month=_by_month(delivered, filters),
        by_category=_by_category(delivered, offers), top_offers=_top_offers(delivered, failures, offers, top),
        failing_offers=_failing(delivered, failures, offers, top),
    )


def _by_month(facts: list[ActivationFact], filters: DashboardFilter) -> tuple[Bar, ...]:
    counts: Counter[dt.date] = Counter()
    savings: Counter[dt.date] = Counter()
    for fact in facts:
        month = fact.activated_on.replace(day=1)
        counts[month] += 1
        savings[month] += fact.saving_cents
    first = filters.start.replace(day=1) if filters.start else min(counts, default=None)
    last = filters.end.replace(day=1) if filters.end else max(counts, default=None)
    if first is None or last is None:
        return ()
    return tuple(Bar(month_label(m), counts[m], savings[m]) for m in _months(first, last))


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, current = [], first
    while current <= last:
        months.append(current)
        current = (current.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def _by_category(facts: list[ActivationFact], offers: Mapping[str, OfferInfo]) -> tuple[Bar, ...]:
    counts: Counter[str] = Counter()
    savings: Counter[str] = Counter()
    for fact in facts:
        info = offers.get(fact.offer_id)
        category = (info.category if info else "") or UNCATEGORISED
        counts[category] += 1
        savings[category] += fact.saving_cents
    order = sorted(counts, key=lambda c: (-counts[c], -savings[c], fold(c)))
    return tuple(Bar(c, counts[c], savings[c]) for c in order)


def _failures(kept: list[ActivationFact], feedback: Iterable[FeedbackFact],
              filters: DashboardFilter) -> dict[str, Counter[str]]:
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for fact in kept:
        if fact.state == REJECTED:
            found[fact.offer_id][REJECTED] += 1
    for item in feedback:
        if item.kind in NEGATIVE_FEEDBACK and filters.keeps(item.recorded_on, item.adviser_id):
            found[item.offer_id][item.kind] += 1
    return found


def _figure(offer_id: str, count: int, failures: Mapping[str, Counter[str]],
            offers: Mapping[str, OfferInfo]) -> OfferFigure:
    kinds = failures.get(offer_id, Counter())
    info = offers.get(offer_id)
    return OfferFigure(offer_id=offer_id, title=info.title if info else offer_id, activations=count,
                       failures=sum(kinds.values()), by_kind=tuple(sorted(kinds.items())))


def _top_offers(facts: list[ActivationFact], failures: Mapping[str, Counter[str]],
                offers: Mapping[str, OfferInfo], top: int) -> tuple[OfferFigure, ...]:
    counts = Counter(f.offer_id for f in facts)
    figures = [_figure(o, n, failures, offers) for o, n in counts.items()]
    figures.sort(key=lambda f: (-f.activations, fold(f.title), f.offer_id))
    return tuple(figures[:top])


def _failing(facts: list[ActivationFact], failures: Mapping[str, Counter[str]],
             offers: Mapping[str, OfferInfo], top: int) -> tuple[OfferFigure, ...]:
    counts = Counter(f.offer_id for f in facts)
    figures = [_figure(o, counts.get(o, 0), failures, offers) for o, kinds in failures.items() if kinds]
    figures.sort(key=lambda f: (-f.failures, -(f.failure_rate or 0), fold(f.title), f.offer_id))
    return tuple(figures[:top])


# -- CSV export --------------------------------------------------------------------------------------
FAILURE_LABELS = {
    REJECTED: "refusées par l'API nationale",
    "code_failed": "code qui ne marchait pas",
    "too_small": "réduction trop faible",
    "not_understood": "pas compris comment l'utiliser",
}
CSV_HEADER = ("section", "libellé", "activations", "économies estimées (€)", "échecs", "détail")


def dashboard_rows(figures: DashboardFigures) -> list[tuple[str, ...]]:
    """The figures as rows: what the CSV holds, section by section."""
    rows: list[tuple[str, ...]] = [
        ("période", figures.period, "", "", "", ""),
        ("conseiller", figures.adviser, "", "", "", ""),
        ("total", "activations", str(figures.activations), _euros(figures.saving_cents), str(figures.rejected),
         "échecs : activations refusées par l'API nationale"),
        ("total", "jeunes accompagnés", str(figures.people_reached), "", "", ""),
    ]
    rows += [("par mois", b.label, str(b.activations), _euros(b.saving_cents), "", "") for b in figures.by_month]
    rows += [("par catégorie", b.label, str(b.activations), _euros(b.saving_cents), "", "")
             for b in figures.by_category]
    rows += [("offres les plus utilisées", o.title, str(o.activations), "", str(o.failures), o.offer_id)
             for o in figures.top_offers]
    rows += [("offres en échec", o.title, str(o.activations), "", str(o.failures), describe_failures(o))
             for o in figures.failing_offers]
    return rows


def describe_failures(figure: OfferFigure) -> str:
    """"code qui ne marchait pas : 2 ; refusées par l'API nationale : 1"."""
    return " ; ".join(f"{FAILURE_LABELS.get(kind, kind)} : {count}" for kind, count in figure.by_kind)


def dashboard_csv(figures: DashboardFigures) -> bytes:
    """UTF-8 with a BOM and ";" separators: opens as columns in a French spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(_safe(row) for row in dashboard_rows(figures))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _safe(row: tuple[str, ...]) -> tuple[str, ...]:
    """A cell starting with = + - @ is text, not a formula, in a spreadsheet (CSV injection)."""
    return tuple("'" + cell if cell[:1] in ("=", "+", "-", "@") else cell for cell in row)


def _euros(cents: int) -> str:
    """"1234,50": a number a spreadsheet reads, French decimal comma, no symbol."""
    euros, rest = divmod(abs(cents), 100)
    return f"{'-' if cents < 0 else ''}{euros},{rest:02d}"


def format_saving(cents: int) -> str:
    return format_cents(cents, with_cents=False) if cents % 100 == 0 else format_cents(cents)
