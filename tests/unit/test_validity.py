"""The one "valid on this date" rule (domain.validity), in Python and in SQL alike."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3

from pej_desktop.domain.validity import Validity, valid_on, valid_on_sql, validity_on

D = dt.date
DAY = D(2026, 12, 6)


def test_both_bounds_are_included_and_a_missing_bound_is_open() -> None:
    assert validity_on(DAY, DAY, DAY) is Validity.VALID
    assert validity_on(None, None, DAY) is Validity.VALID
    assert validity_on(DAY + dt.timedelta(days=1), None, DAY) is Validity.NOT_YET
    assert validity_on(None, DAY - dt.timedelta(days=1), DAY) is Validity.EXPIRED


def test_sqlite_says_the_same_as_python_on_every_combination() -> None:
    days = [None, DAY - dt.timedelta(days=1), DAY, DAY + dt.timedelta(days=1)]
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE offers (id INTEGER PRIMARY KEY, valid_from TEXT, valid_to TEXT)")
    pairs = list(itertools.product(days, days))
    rows = [(i, a.isoformat() if a else None, b.isoformat() if b else None) for i, (a, b) in enumerate(pairs)]
    conn.executemany("INSERT INTO offers (id, valid_from, valid_to) VALUES (?, ?, ?)", rows)
    in_sql = {row[0] for row in conn.execute(f"SELECT id FROM offers o WHERE {valid_on_sql('o')}",
                                             (DAY.isoformat(), DAY.isoformat()))}
    assert in_sql == {i for i, (a, b) in enumerate(pairs) if valid_on(a, b, DAY)}
    assert in_sql  # the rule selects something: the comparison above cannot pass empty-handed
