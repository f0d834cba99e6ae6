"""Eligibility over a whole national catalogue: the verdict at once, the words when shown.

A national catalogue holds about 50 000 offers and 35 000 distinct rule shapes: some
10 000 local territories each carry their own French sentence (« Offre réservée au
département … »). Wording every refusal would cost hundreds of milliseconds while the
young person waits, for sentences nobody reads but on the rows a view shows.

So a check is split in two. ``check_catalogue`` decides at once which offers are open
to the person: the programme once, then the national offers by their (validity, age
bounds) groups and the local offers listed for the person's département only, through
a ``CatalogueIndex`` built once per state of the catalogue. The other offers are not
open, whatever their sentence says. The returned ``CatalogueMarks`` words an offer's
(status, reason) only when it is read (the visible page, the detail), with the same
engine as ``check_offers``; a property test holds the two to the same answers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet

from pej_desktop.domain.eligibility import (
    EligibilityResult,
    OfferContext,
    OfferState,
    OfferTerms,
    Status,
    _OfferChecker,
)
from pej_desktop.domain.people import YoungPerson, age_on
from pej_desktop.domain.records import commune_departement
from pej_desktop.domain.territory import PostalCodeError, departement_of_postal_code

_NO_AGE_MIN, _NO_AGE_MAX = -1, 10_000  # open age bounds, so that every age compares
Group = tuple[dt.date, dt.date, int, int, tuple[int, ...]]  # first day, last day, age bounds, offer keys


# An offer judged one by one when counting states (local, or unpublished): its key, validity and
# age bounds, published or not, national or not, its départements and its communes' départements.
Other = tuple[int, tuple[dt.date, dt.date, int, int], bool, bool, frozenset[str], frozenset[str]]


class CatalogueIndex:
    """The catalogue's terms arranged for checks; person-free, built once per catalogue state.

    National offers are grouped by their validity period and age bounds (a few
    thousand groups for 30 000 offers); local offers are listed under each département
    their territory names (not the départements of its communes: those ask the adviser
    to verify the commune, so they are never open outright).
    """

    def __init__(self, terms: Mapping[int, OfferTerms]) -> None:
        self.terms = terms
        national: dict[tuple[dt.date, dt.date, int, int], list[int]] = {}
        local: dict[str, list[int]] = {}
        for pk, offer in terms.items():
            if not offer.published:
                continue  # never open: it stays out of both lists
            if offer.territory.scope == "national":
                national.setdefault(_bounds(offer), []).append(pk)
            else:
                for departement in dict.fromkeys(offer.territory.departements):
                    local.setdefault(departement, []).append(pk)
        self.national: tuple[Group, ...] = tuple((*key, tuple(pks)) for key, pks in national.items())
        self.local: dict[str, tuple[int, ...]] = {dep: tuple(pks) for dep, pks in local.items()}
        # For counting states without wording them: each national offer's group, and the rest
        # (local or unpublished offers), judged one by one.
        self.group_of: dict[int, int] = {pk: n for n, group in enumerate(self.national) for pk in group[-1]}
        self.others: tuple[Other, ...] = tuple(
            (pk, _bounds(offer), offer.published, offer.territory.scope == "national",
             frozenset(offer.territory.departements),
             frozenset(commune_departement(c) for c in offer.territory.communes))
            for pk, offer in terms.items() if pk not in self.group_of)
        # The others a person's département can make anything but refused, so that counting reads
        # those only: the published local offers, and under each département those whose communes
        # lie there without the territory naming it (to verify at best).
        self.other_keys = frozenset(other[0] for other in self.others)
        self.published_local = tuple(other[0] for other in self.others if other[2] and not other[3])
        communes: dict[str, list[int]] = {}
        for pk, _limits, published, nationwide, departements, commune_departements in self.others:
            if published and not nationwide:
                for departement in commune_departements - departements:
                    communes.setdefault(departement, []).append(pk)
        self.commune_local: dict[str, tuple[int, ...]] = {dep: tuple(pks) for dep, pks in communes.items()}


def _bounds(offer: OfferTerms) -> tuple[dt.date, dt.date, int, int]:
    """Validity and age bounds with the open ones replaced by values every day or age passes."""
    return (offer.valid_from or dt.date.min, offer.valid_to or dt.date.max,
            _NO_AGE_MIN if offer.age_min is None else offer.age_min,
            _NO_AGE_MAX if offer.age_max is None else offer.age_max)


class CatalogueMarks(Mapping[int, OfferState]):
    """Where each offer stands (``OfferState``) by offer key, for every offer of the catalogue;
    worded on reading.

    ``eligible_keys`` and ``eligible_count`` are known from the start. Reading an offer
    runs the engine on its terms (memoised per shape) and keeps the line; offers with a
    context (earlier activations, codes counted) were judged in full by the check.
    Read from one thread at a time (the GUI thread once the check has returned).
    """

    def __init__(self, index: CatalogueIndex, checker: _OfferChecker,
                 judged: Mapping[int, EligibilityResult], eligible: frozenset[int]) -> None:
        self._index, self._terms, self._checker, self._judged = index, index.terms, checker, judged
        self.eligible_keys = eligible
        self._states: dict[int, OfferState] = {}

    @property
    def eligible_count(self) -> int:
        return len(self.eligible_keys)

    def result(self, pk: int) -> EligibilityResult:
        """The engine's full answer for one offer (KeyError if the catalogue has no such offer)."""
        judged = self._judged.get(pk)
        return judged if judged is not None else self._checker.check(self._terms[pk], None)

    def kinds(self) -> Counter[str]:
        """How many offers stand in each state (``OfferState.kind``), without wording a refusal.

        Open offers are known; offers with a context were judged; the others combine, as
        statuses only, the programme's, their own terms' (published, valid on the day, within
        their age bounds — a national group's offers share theirs) and their territory's, from
        the person's département alone: the rules of ``check_offer``, held to it by a property test.
        """
        judged, open_keys, index = self._judged, self.eligible_keys, self._index
        person, on = self._checker.person, self._checker.on
        age = None if person.birth_date is None else age_on(person.birth_date, on)
        programme = _worst(Status.ELIGIBLE, *(r.status for r in self._checker.programme))

        def terms_status(first: dt.date, last: dt.date, low: int, high: int) -> Status:
            within = first <= on <= last and (age is None or low <= age <= high)
            return programme if within else Status.NOT_ELIGIBLE

        counts: Counter[str] = Counter(OfferState.of(result).kind for result in judged.values())
        counts[Status.ELIGIBLE.value] += len(open_keys - judged.keys())
        judged_in = Counter(index.group_of[pk] for pk in judged if pk in index.group_of)
        for number, (first, last, low, high, pks) in enumerate(index.national):
            if (status := terms_status(first, last, low, high)) is not Status.ELIGIBLE:
                counts[status.value] += len(pks) - judged_in[number]
        self._count_others(counts, terms_status, skip=judged.keys() | open_keys)
        return +counts

    def _count_others(self, counts: Counter[str], terms_status: Callable[[dt.date, dt.date, int, int], Status],
                      *, skip: AbstractSet[int]) -> None:
        """The local and unpublished offers not in ``skip``: only those the person's département can
        open or leave to verify are judged; every other one is refused (unpublished, or elsewhere)."""
        index, home = self._index, _home(self._checker.person)
        if home is None:  # no département: every published local offer asks to verify the place
            places = [(pk, Status.TO_VERIFY) for pk in index.published_local]
        else:
            places = [(pk, Status.ELIGIBLE) for pk in index.local.get(home, ())]
            places += [(pk, Status.TO_VERIFY) for pk in index.commune_local.get(home, ())]
        judged_here = 0
        for pk, place in places:
            if pk not in skip:
                counts[_worst(terms_status(*_bounds(index.terms[pk])), place).value] += 1
                judged_here += 1
        skipped = sum(1 for pk in skip if pk in index.other_keys)
        counts[Status.NOT_ELIGIBLE.value] += len(index.others) - skipped - judged_here

    def __getitem__(self, pk: int) -> OfferState:
        state = self._states.get(pk)
        if state is None:
            state = self._states[pk] = OfferState.of(self.result(pk))
        return state

    def __contains__(self, pk: object) -> bool:
        return pk in self._terms

    def __iter__(self) -> Iterator[int]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)


def check_catalogue(
    person: YoungPerson, index: CatalogueIndex, on: dt.date, *, programme: EligibilityResult,
    contexts: Mapping[int, OfferContext] | None = None, now: dt.datetime | None = None,
) -> CatalogueMarks:
    """``check_offers`` over the whole catalogue, with the refusals worded only when read.

    The answer for every offer is the one ``check_offers`` gives; only the work differs.
    """
    checker = _OfferChecker(person, on, programme, now)
    eligible = _open_offers(person, index, on) if not checker.programme else set()
    judged = {pk: checker.check(index.terms[pk], context)
              for pk, context in (contexts or {}).items() if pk in index.terms}
    for pk, result in judged.items():
        if result.status is Status.ELIGIBLE:
            eligible.add(pk)
        else:
            eligible.discard(pk)
    return CatalogueMarks(index, checker, judged, frozenset(eligible))


def _open_offers(person: YoungPerson, index: CatalogueIndex, on: dt.date) -> set[int]:
    """Offers with nothing against them for this person (programme aside): valid on ``on``,
    within their age bounds on ``on``, national or naming the person's département."""
    found: set[int] = set()
    age = None if person.birth_date is None else age_on(person.birth_date, on)
    if age is None:  # no offer-level age rule can be judged: none applies
        for first, last, _low, _high, pks in index.national:
            if first <= on <= last:
                found.update(pks)
    else:
        for first, last, low, high, pks in index.national:
            if first <= on <= last and low <= age <= high:
                found.update(pks)
    try:
        home = departement_of_postal_code(person.postal_code)
    except PostalCodeError:
        return found  # every local offer asks for the postal code
    for pk in index.local.get(home, ()):
        first, last, low, high = _bounds(index.terms[pk])
        if first <= on <= last and (age is None or low <= age <= high):
            found.add(pk)
    return found


def _home(person: YoungPerson) -> str | None:
    try:
        return departement_of_postal_code(person.postal_code)
    except PostalCodeError:
        return None


_RANK = {Status.ELIGIBLE: 0, Status.TO_VERIFY: 1, Status.NOT_ELIGIBLE: 2}


def _worst(*statuses: Status) -> Status:
    return max(statuses, key=_RANK.__getitem__)


def eligible_keys(marks: Mapping[int, OfferState]) -> frozenset[int]:
    """The offers marked eligible: known at once from ``CatalogueMarks`` (reading every state
    would word every refusal), gathered state by state from a plain mapping."""
    if isinstance(marks, CatalogueMarks):
        return marks.eligible_keys
    return frozenset(pk for pk, state in marks.items() if state.status is Status.ELIGIBLE)
