"""The CEJ monthly allocation (article D5131-19 of the Code du travail), versioned by date.

Three amounts apply: an adult in a household that pays no income tax, an adult in a
household in the first income-tax bracket, and a minor. They are revalued every 1 April
(the first two revaluations of 2022 were on 1 March and 1 July). An amount applies from
its effective date (inclusive) until the next one.

Which amount applies to a young person (a design choice of this project, see
docs/reports.md): a minor (under 18 on the reference date, from ``people.age_on``;
decided in ``reports.inputs``) gets the minor amount
whatever the household; an adult gets the amount of the household case the adviser
chose, the non-taxable household by default — the commonest case in CEJ and the one the
young person can ask about first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum


class AllocationCase(Enum):
    ADULT_NON_TAXABLE = "adult_non_taxable"
    ADULT_FIRST_BRACKET = "adult_first_bracket"
    MINOR = "minor"

    @property
    def label(self) -> str:
        return _CASE_LABELS[self]


class Household(Enum):
    """The tax situation of an adult's household, as the adviser records it."""

    NON_TAXABLE = "non_taxable"
    FIRST_BRACKET = "first_bracket"


_CASE_LABELS = {
    AllocationCase.ADULT_NON_TAXABLE: "jeune majeur, foyer non imposable",
    AllocationCase.ADULT_FIRST_BRACKET: "jeune majeur, foyer imposable dans la première tranche",
    AllocationCase.MINOR: "jeune mineur",
}


@dataclass(frozen=True)
class AllocationRates:
    """The three monthly amounts, in cents, from ``effective`` (inclusive)."""

    effective: dt.date
    adult_non_taxable_cents: int
    adult_first_bracket_cents: int
    minor_cents: int

    def for_case(self, case: AllocationCase) -> int:
        if case is AllocationCase.MINOR:
            return self.minor_cents
        if case is AllocationCase.ADULT_FIRST_BRACKET:
            return self.adult_first_bracket_cents
        return self.adult_non_taxable_cents


# Oldest first. Source: ../shared/DOMAIN.md (D5131-19 and its yearly revaluations).
ALLOCATION_TABLE: tuple[AllocationRates, ...] = (
    AllocationRates(dt.date(2022, 3, 1), 50000, 30000, 20000),
    AllocationRates(dt.date(2022, 7, 1), 52000, 31200, 20800),
    AllocationRates(dt.date(2023, 4, 1), 52800, 31680, 21120),
    AllocationRates(dt.date(2024, 4, 1), 55229, 33137, 22092),
    AllocationRates(dt.date(2025, 4, 1), 56168, 33700, 22468),
)


@dataclass(frozen=True)
class Allocation:
    """The amount that applies on a day, and how sure we are of it."""

    case: AllocationCase
    monthly_cents: int
    effective: dt.date
    # True when a 1 April revaluation has passed since the newest amount the table
    # knows: the figure is the latest known one, not necessarily the one in force.
    possibly_outdated: bool


def allocation_case(*, minor: bool, household: Household = Household.NON_TAXABLE) -> AllocationCase:
    if minor:
        return AllocationCase.MINOR
    if household is Household.FIRST_BRACKET:
        return AllocationCase.ADULT_FIRST_BRACKET
    return AllocationCase.ADULT_NON_TAXABLE


def rates_on(day: dt.date, table: tuple[AllocationRates, ...] = ALLOCATION_TABLE) -> AllocationRates | None:
    """The row in force on ``day``; None before the CEJ existed (1 March 2022)."""
    current = None
    for row in table:
        if row.effective > day:
            break
        current = row
    return current


def allocation_on(day: dt.date, case: AllocationCase,
                  table: tuple[AllocationRates, ...] = ALLOCATION_TABLE) -> Allocation | None:
    rates = rates_on(day, table)
    if rates is None:
        return None
    return Allocation(case=case, monthly_cents=rates.for_case(case), effective=rates.effective,
                      possibly_outdated=_next_revaluation(table[-1].effective) <= day)


def _next_revaluation(after: dt.date) -> dt.date:
    """The first 1 April strictly after ``after``."""
    april = dt.date(after.year, 4, 1)
    return april if april > after else dt.date(after.year + 1, 4, 1)
