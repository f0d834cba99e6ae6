"""The log never carries personal data: the filter masks, the suite-wide scan would see a leak."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from pej_desktop.logging_setup import PersonalDataFilter, setup_logging
from tests.support.log_scan import leaks, needles, people_in_tests

PERSON = ("Yvaine", "Castagnède", dt.date(2003, 2, 11))


def _private_logger(path: Path) -> logging.Logger:
    """A logger of its own (not propagated): this test's leaks must not reach the suite's log."""
    logger = logging.getLogger(f"pej.test.privacy.{path.name}")
    logger.propagate = False
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.addFilter(PersonalDataFilter())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return logger


def test_the_scan_finds_a_name_or_a_birth_date_written_in_clear(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    folder.mkdir()
    (folder / "a.log").write_text("2026-11-28 INFO x: dossier de yvaine ouvert\n", encoding="utf-8")
    (folder / "b.log").write_text("né le 11/02/2003\n", encoding="cp1252")
    found = leaks([folder], [PERSON])
    assert {needle for _file, needle in found} == {"Yvaine", "11/02/2003"}
    assert leaks([tmp_path / "absent"], [PERSON]) == []


def test_tracebacks_are_masked_like_messages(tmp_path: Path) -> None:
    path = tmp_path / "journal.log"
    logger = _private_logger(path)
    PersonalDataFilter.register("Castagnède")
    try:
        raise ValueError("fiche de Castagnède, née le 2003-02-11")
    except ValueError:
        logger.exception("import failed for %s", "Castagnède")
    for handler in logger.handlers:
        handler.close()
    text = path.read_text(encoding="utf-8")
    assert "ValueError" in text and "[masqué]" in text and "[date]" in text
    assert "Castagnède" not in text and "2003-02-11" not in text


def test_the_test_people_are_read_from_the_test_sources() -> None:
    root = Path(__file__).resolve().parent.parent
    people = people_in_tests(sorted(root.rglob("*.py")))
    assert PERSON in people  # tests/gui/test_data_safety.py
    assert ("Maëlys", "Quintard", dt.date(2003, 1, 17)) in people  # a plain tuple, tests/unit/test_integrity.py
    assert ("Léa", "Martin", dt.date(2005, 3, 14)) in people  # a CSV text, tests/unit/test_csv_import_cli.py
    assert "Camille" not in needles(people)  # the adviser is not a young person


def test_the_application_log_file_is_in_the_log_folder(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    path = setup_logging(tmp_path / "journaux")
    try:
        assert path == tmp_path / "journaux" / "pej-desktop.log" and path.parent.is_dir()
        added = [h for h in root.handlers if h not in before]
        assert len(added) == 1 and isinstance(added[0], logging.handlers.RotatingFileHandler)
        assert any(isinstance(f, PersonalDataFilter) for f in added[0].filters)
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()
