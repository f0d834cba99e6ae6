"""Every CSV the application writes is safe to open: no cell runs as a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from pej_desktop.domain.spreadsheet import csv_bytes, safe_cell
from pej_desktop.ops import audit as audit_ops
from pej_desktop.ops import people as ops


@pytest.mark.parametrize("cell, expected", [
    ("=HYPERLINK(\"http://x\";\"clic\")", "'=HYPERLINK(\"http://x\";\"clic\")"),
    ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("-12,50", "-12,50"),  # a number stays a number
    ("-3", "-3"),
    ("Vélo - révision", "Vélo - révision"),
    ("", ""),
    (None, ""),
    (42, "42"),
])
def test_cells_that_could_start_a_formula_are_text(cell: object, expected: str) -> None:
    assert safe_cell(cell) == expected


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_bytes_neutralises_header_and_rows_and_reads_back() -> None:
    rows = _rows(csv_bytes(["=titre", "b"], [("@x", 3), ("a;b", "-1")]))
    assert rows == [["'=titre", "b"], ["'@x", "3"], ["a;b", "-1"]]


def test_the_audit_log_export_is_formula_safe(paths, tmp_path: Path) -> None:
    store = ops.open_personal_store(paths).store
    try:
        audit_ops.export_audit_csv(store, tmp_path / "=HYPERLINK(1).csv")  # its name goes into the log
        target = tmp_path / "journal.csv"
        audit_ops.export_audit_csv(store, target)
    finally:
        store.close()
    cells = [cell for row in _rows(target.read_bytes())[1:] for cell in row]
    assert "'=HYPERLINK(1).csv" in cells
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in cells)
