"""The structure's dashboard: what the Pass delivered, from this computer's data only.

Rules (documented for advisers in docs/companion.md):

- Activations counted: every activation in the period (by its activation day) and of
  the chosen adviser, whatever its state except "rejected" by the national API.
- Estimated savings delivered, in two figures never added together: per month, the
  renewable offers' saving per use × the uses per month agreed with the young person
  (1 when not recorded), summed over the activations; in one go, the one-time offers'
  saving. Units and a legend go with every figure (``LEGENDS``).
- Young people reached: distinct files among those activations. The person key is only
  counted; no name, date of birth or file id leaves this module.
- Most used offers: by number of activations. Offers that fail most: by failures —
  activations rejected by the national API plus negative feedback recorded on the offer
  (the code did not work, the discount was too small, not understood) — then by rate.
- Months: every month of the period, empty ones included, so the chart has no holes.

Pure functions of plain rows: no Qt, no SQL.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from pej_desktop.domain.money import format_cents
from pej_desktop.domain.spreadsheet import csv_bytes
from pej_desktop.domain.text import fold

REJECTED = "rejected"
NEGATIVE_FEEDBACK = frozenset({"code_failed", "too_small", "not_understood"})
UNCATEGORISED = "Sans catégorie"
TOP_COUNT = 10
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "’": "'"})
MONTHS_FR = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


class ActivationFact(NamedTuple):
    """One activation, reduced to what the dashboard counts (a plain row: cheap by the 100 000)."""

    day: str  # the local day of the activation, ISO "YYYY-MM-DD"
    person: int  # opaque: only counted
    offer_id: str
    adviser_id: int | None
    monthly_cents: int  # renewable offer: saving per month as agreed; 0 for a one-time offer
    once_cents: int  # one-time offer: its saving; 0 for a renewable offer
    state: str


class FeedbackFact(NamedTuple):
    offer_id: str
    kind: str
    day: str  # ISO "YYYY-MM-DD", local
    adviser_id: int | None


class OfferInfo(NamedTuple):
    title: str
    category: str  # the category's name, "" when unknown


@dataclass(frozen=True)
class DashboardFilter:
    start: dt.date | None = None
    end: dt.date | None = None  # inclusive
    adviser_id: int | None = None

    def keeper(self) -> Callable[[str, int | None], bool]:
        """A test of (ISO day, adviser id): ISO days compare as text, no date is built per row."""
        low = self.start.isoformat() if self.start else ""
        high = self.end.isoformat() if self.end else "~"
        wanted = self.adviser_id
        if wanted is None:
            return lambda day, _adviser: low <= day <= high
        return lambda day, adviser: low <= day <= high and adviser == wanted

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
    monthly_cents: int
    once_cents: int = 0

    @property
    def saving_text(self) -> str:
        """« 43 € par mois · 14 € en une fois »: the two figures side by side, never summed."""
        return savings_text(self.monthly_cents, self.once_cents)


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
    monthly_cents: int
    once_cents: int
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
    tally, keeps = _Tally(), filters.keeper()
    for fact in facts:
        if keeps(fact.day, fact.adviser_id):
            tally.add(fact)
    for item in feedback:
        if item.kind in NEGATIVE_FEEDBACK and keeps(item.day, item.adviser_id):
            tally.failures[item.offer_id][item.kind] += 1
    return DashboardFigures(
        period=filters.label(), adviser=adviser_label, activations=sum(tally.by_offer.values()),
        people_reached=len(tally.people), monthly_cents=tally.monthly, once_cents=tally.once,
        rejected=tally.rejected,
        by_month=_by_month(tally, filters), by_category=_by_category(tally, offers),
        top_offers=_top_offers(tally.by_offer, tally.failures, offers, top),
        failing_offers=_failing(tally.by_offer, tally.failures, offers, top),
    )


class _Tally:
    """Counts and sums of the activations kept, by offer and by month (categories come from offers)."""

    def __init__(self) -> None:
        self.people: set[int] = set()
        self.monthly = self.once = self.rejected = 0
        self.by_offer: Counter[str] = Counter()
        self.monthly_by_offer: Counter[str] = Counter()
        self.once_by_offer: Counter[str] = Counter()
        self.by_month: Counter[str] = Counter()  # "YYYY-MM"
        self.monthly_by_month: Counter[str] = Counter()
        self.once_by_month: Counter[str] = Counter()
        self.failures: dict[str, Counter[str]] = defaultdict(Counter)

    def add(self, fact: ActivationFact) -> None:
        if fact.state == REJECTED:
            self.rejected += 1
            self.failures[fact.offer_id][REJECTED] += 1
            return
        month = fact.day[:7]
        self.people.add(fact.person)
        self.monthly += fact.monthly_cents
        self.once += fact.once_cents
        self.by_offer[fact.offer_id] += 1
        self.monthly_by_offer[fact.offer_id] += fact.monthly_cents
        self.once_by_offer[fact.offer_id] += fact.once_cents
        self.by_month[month] += 1
        self.monthly_by_month[month] += fact.monthly_cents
        self.once_by_month[month] += fact.once_cents


def _by_month(tally: _Tally, filters: DashboardFilter) -> tuple[Bar, ...]:
    months = [dt.date.fromisoformat(f"{m}-01") for m in tally.by_month]
    first = filters.start.replace(day=1) if filters.start else min(months, default=None)
    last = filters.end.replace(day=1) if filters.end else max(months, default=None)
    if first is None or last is None:
        return ()
    keys = [(m, f"{m:%Y-%m}") for m in _months(first, last)]
    return tuple(Bar(month_label(m), tally.by_month[key], tally.monthly_by_month[key], tally.once_by_month[key])
                 for m, key in keys)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, current = [], first
    while current <= last:
        months.append(current)
        current = (current.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def _by_category(tally: _Tally, offers: Mapping[str, OfferInfo]) -> tuple[Bar, ...]:
    counts: Counter[str] = Counter()
    monthly: Counter[str] = Counter()
    once: Counter[str] = Counter()
    for offer_id, count in tally.by_offer.items():
        info = offers.get(offer_id)
        category = (info.category if info else "") or UNCATEGORISED
        counts[category] += count
        monthly[category] += tally.monthly_by_offer[offer_id]
        once[category] += tally.once_by_offer[offer_id]
    order = sorted(counts, key=lambda c: (-counts[c], -monthly[c], -once[c], fold(c)))
    return tuple(Bar(c, counts[c], monthly[c], once[c]) for c in order)


def _figure(offer_id: str, count: int, failures: Mapping[str, Counter[str]],
            offers: Mapping[str, OfferInfo]) -> OfferFigure:
    kinds = failures.get(offer_id, Counter())
    info = offers.get(offer_id)
    return OfferFigure(offer_id=offer_id, title=info.title if info else offer_id, activations=count,
                       failures=sum(kinds.values()), by_kind=tuple(sorted(kinds.items())))


def _title_key(offer_id: str, offers: Mapping[str, OfferInfo]) -> tuple[bytes, str]:
    """Title order without accents or case, cheap enough for a national catalogue's worth of titles."""
    info = offers.get(offer_id)
    title = (info.title if info else offer_id).translate(_LIGATURES)
    return unicodedata.normalize("NFKD", title).encode("ascii", "ignore").lower(), offer_id


def _best(scores: Mapping[str, tuple[int, ...]], offers: Mapping[str, OfferInfo], top: int) -> list[str]:
    """The ``top`` offer ids of highest scores, ties by title: only the offers that can make it are sorted."""
    if len(scores) > top:
        cutoff = sorted(scores.values(), reverse=True)[top - 1]
        scores = {o: s for o, s in scores.items() if s >= cutoff}
    ordered = sorted(scores, key=lambda o: _title_key(o, offers))
    ordered.sort(key=lambda o: scores[o], reverse=True)  # stable: equal scores stay in title order
    return ordered[:top]


def _top_offers(counts: Counter[str], failures: Mapping[str, Counter[str]],
                offers: Mapping[str, OfferInfo], top: int) -> tuple[OfferFigure, ...]:
    chosen = _best({o: (n,) for o, n in counts.items()}, offers, top)
    return tuple(_figure(o, counts[o], failures, offers) for o in chosen)


def _failing(counts: Counter[str], failures: Mapping[str, Counter[str]],
             offers: Mapping[str, OfferInfo], top: int) -> tuple[OfferFigure, ...]:
    figures = {o: _figure(o, counts.get(o, 0), failures, offers) for o, kinds in failures.items() if kinds}
    scores = {o: (f.failures, round((f.failure_rate or 0) * 1_000_000)) for o, f in figures.items()}
    return tuple(figures[o] for o in _best(scores, offers, top))


# -- CSV export --------------------------------------------------------------------------------------
FAILURE_LABELS = {
    REJECTED: "refusées par l'API nationale",
    "code_failed": "code qui ne marchait pas",
    "too_small": "réduction trop faible",
    "not_understood": "pas compris comment l'utiliser",
}
CSV_HEADER = ("section", "libellé", "activations", "économies estimées par mois (€)",
              "économies estimées en une fois (€)", "échecs", "détail")
LEGENDS = {
    "activations": "Activations : offres activées sur la période, hors activations refusées par l'API nationale.",
    "people": "Jeunes accompagnés : jeunes différents ayant au moins une activation sur la période.",
    "monthly": "Économies par mois : offres renouvelables activées, réduction par utilisation × nombre "
               "d'utilisations par mois convenu avec chaque jeune (1 par défaut). Estimation non contractuelle.",
    "once": "Économies en une fois : offres à usage unique activées, comptées une seule fois. Jamais "
            "additionnées aux économies par mois.",
    "rejected": "Échecs : activations refusées par l'API nationale.",
}
MONTH_LEGEND = "Hauteur des barres : nombre d'activations du mois."
CATEGORY_LEGEND = ("Longueur des barres : nombre d'activations. À droite : activations · économies estimées par "
                   "mois (offres renouvelables) · économies estimées en une fois (offres à usage unique).")


def savings_text(monthly_cents: int, once_cents: int) -> str:
    """« 43 € par mois · 14 € en une fois »: both figures with their unit, never one sum."""
    return f"{format_saving(monthly_cents)} par mois · {format_saving(once_cents)} en une fois"


def dashboard_rows(figures: DashboardFigures) -> list[tuple[str, ...]]:
    """The figures as rows: what the CSV holds, section by section, then the legend."""
    rows: list[tuple[str, ...]] = [
        ("période", figures.period, "", "", "", "", ""),
        ("conseiller", figures.adviser, "", "", "", "", ""),
        ("total", "activations", str(figures.activations), _euros(figures.monthly_cents),
         _euros(figures.once_cents), str(figures.rejected), "échecs : activations refusées par l'API nationale"),
        ("total", "jeunes accompagnés", str(figures.people_reached), "", "", "", ""),
    ]
    rows += [("par mois d'activation", b.label, str(b.activations), _euros(b.monthly_cents), _euros(b.once_cents),
              "", "") for b in figures.by_month]
    rows += [("par catégorie", b.label, str(b.activations), _euros(b.monthly_cents), _euros(b.once_cents), "", "")
             for b in figures.by_category]
    rows += [("offres les plus utilisées", o.title, str(o.activations), "", "", str(o.failures), o.offer_id)
             for o in figures.top_offers]
    rows += [("offres en échec", o.title, str(o.activations), "", "", str(o.failures), describe_failures(o))
             for o in figures.failing_offers]
    rows += [("légende", legend, "", "", "", "", "") for legend in (*LEGENDS.values(), CATEGORY_LEGEND)]
    return rows


def describe_failures(figure: OfferFigure) -> str:
    """"code qui ne marchait pas : 2 ; refusées par l'API nationale : 1"."""
    return " ; ".join(f"{FAILURE_LABELS.get(kind, kind)} : {count}" for kind, count in figure.by_kind)


def dashboard_csv(figures: DashboardFigures) -> bytes:
    """UTF-8 with a BOM and ";" separators, formula-safe (``domain.spreadsheet``)."""
    return csv_bytes(CSV_HEADER, dashboard_rows(figures))


def _euros(cents: int) -> str:
    """"1234,50": a number a spreadsheet reads, French decimal comma, no symbol."""
    euros, rest = divmod(abs(cents), 100)
    return f"{'-' if cents < 0 else ''}{euros},{rest:02d}"


def format_saving(cents: int) -> str:
    return format_cents(cents, with_cents=False) if cents % 100 == 0 else format_cents(cents)
