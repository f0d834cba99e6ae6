"""The whole test suite's log, written as the application writes it, then searched for test people.

``session_log`` attaches a file handler to the root logger configured like the
application's (same format, same ``PersonalDataFilter``), at INFO, for the whole pytest
session. At the end, the log (and every ``logs`` folder the tests' data directories
got) is searched for the names and birth dates of every young person the tests use.

The test people are read from the test sources themselves, so a new test adds its
people to the check without anyone maintaining a list: any call with ``first_name=``,
``last_name=`` and ``birth_date=`` keywords, any ("first", "last", date(…)) tuple, and
every CSV text whose rows start with "first name; last name; date of birth".
"""

from __future__ import annotations

import ast
import datetime as dt
import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pej_desktop.logging_setup import PersonalDataFilter
from tests.support.cleartext import cleartext_hits, date_spellings

LOG_NAME = "suite.log"
_CSV_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_MIN_NAME = 3  # shorter words would match inside ordinary ones


@contextmanager
def session_log(folder: Path) -> Iterator[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(PersonalDataFilter())
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(min(previous, logging.INFO) if previous else logging.INFO)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)
        handler.close()


def _date(node: ast.expr) -> dt.date | None:
    """``dt.date(2003, 5, 10)``, ``D(2003, 5, 10)``, ``date(…)`` with literal numbers."""
    if isinstance(node, ast.Call) and len(node.args) == 3 and all(isinstance(a, ast.Constant) for a in node.args):
        try:
            return dt.date(*(int(a.value) for a in node.args))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
    return None


def _from_calls(tree: ast.AST) -> Iterator[tuple[str, str, dt.date]]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        keywords = {k.arg: k.value for k in node.keywords if k.arg}
        names = [keywords.get(k) for k in ("first_name", "last_name")]
        birth = _date(keywords["birth_date"]) if "birth_date" in keywords else None
        if birth and all(isinstance(n, ast.Constant) and isinstance(n.value, str) for n in names):
            yield names[0].value, names[1].value, birth  # type: ignore[union-attr]


def _from_tuples(tree: ast.AST) -> Iterator[tuple[str, str, dt.date]]:
    """``("Maëlys", "Quintard", dt.date(2003, 1, 17))``: people listed as plain tuples."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple) and len(node.elts) == 3:
            first, last, birth = node.elts
            day = _date(birth)
            if day and all(isinstance(n, ast.Constant) and isinstance(n.value, str) for n in (first, last)):
                yield first.value, last.value, day  # type: ignore[union-attr]


def _from_csv_texts(tree: ast.AST) -> Iterator[tuple[str, str, dt.date]]:
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str) and "\n" in node.value):
            continue
        for line in node.value.splitlines():
            cells = [c.strip().strip('"') for c in re.split(r"[;,]", line)]
            match = _CSV_DATE.match(cells[2]) if len(cells) >= 3 else None
            if match:
                try:
                    birth = dt.date(int(match[3]), int(match[2]), int(match[1]))
                except ValueError:
                    continue  # a date the tests use because it does not exist
                yield cells[0], cells[1], birth


def people_in_tests(sources: Iterable[Path]) -> set[tuple[str, str, dt.date]]:
    found: set[tuple[str, str, dt.date]] = set()
    for source in sources:
        tree = ast.parse(source.read_text(encoding="utf-8"))
        found.update(_from_calls(tree))
        found.update(_from_tuples(tree))
        found.update(_from_csv_texts(tree))
    return found


def needles(people: Iterable[tuple[str, str, dt.date]]) -> list[str]:
    words: set[str] = set()
    for first, last, birth in people:
        words.update(w for w in (first, last) if len(w) >= _MIN_NAME)
        words.update(date_spellings(birth))
    return sorted(words)


def leaks(log_folders: Iterable[Path], people: Iterable[tuple[str, str, dt.date]]) -> list[tuple[str, str]]:
    """(file, needle) for every test person's name or birth date found in a log."""
    wanted = needles(people)
    hits: list[tuple[str, str]] = []
    for folder in log_folders:
        if folder.is_dir():
            hits += [(str(folder / name), needle) for name, needle in cleartext_hits(folder, wanted)]
    return hits
