"""The page budget of a sync: a feed must end, and its cursor must move."""

from __future__ import annotations

import pytest

from sync.engine import PageBudget
from sync.errors import InvalidDataError


def test_a_cursor_that_does_not_move_while_more_is_announced_stops_the_sync() -> None:
    budget = PageBudget(100)
    budget.spend(None, "c1", True, 100, 150)
    with pytest.raises(InvalidDataError, match="sans fin"):
        budget.spend("c1", "c1", True, 0, 150)


def test_a_feed_longer_than_twice_what_it_announced_stops() -> None:
    budget = PageBudget(100)
    pages = 0
    with pytest.raises(InvalidDataError, match="sans fin"):
        for n in range(1000):
            budget.spend(f"c{n}", f"c{n + 1}", True, 100, 400)  # announces 5 pages, never ends
            pages += 1
    assert pages == 2 * 5 + PageBudget.MARGIN


def test_an_absurd_remaining_is_not_believed() -> None:
    budget = PageBudget(1000)
    budget.spend(None, "c1", True, 1000, 10**15)
    assert budget.left == 2 * PageBudget.MAX_RECORDS // 1000 + PageBudget.MARGIN - 1


def test_an_honest_feed_ends_within_its_budget() -> None:
    budget = PageBudget(100)
    for n in range(5):
        budget.spend(f"c{n}" if n else None, f"c{n + 1}", n < 4, 100, 400 - 100 * n)
