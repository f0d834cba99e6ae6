"""``pej-desktop dashboard``: the structure's figures exported headless, read back."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from pej_desktop.cli import main
from pej_desktop.ops import activations as activation_ops
from tests.support.companion_data import TODAY, open_store, ready_person, young_person
from tests.support.pdf_reading import all_text, reader


@pytest.fixture
def activated(paths, catalogue) -> None:  # type: ignore[no-untyped-def]
    store = open_store(paths)
    for first, offer in (("Alix", "demo-ali-001"), ("Basile", "demo-mob-005")):
        person = ready_person(store, catalogue, young_person(first, "Exportateur"))
        # Groceries used 4 times a month as agreed: 12 € × 4 = 48 €; the bus pass once a month: 43 €.
        assert activation_ops.activate_offers(store, catalogue, person, [offer],
                                              uses_per_month={"demo-ali-001": 4}).activated
    store.close()


def _run(paths, *args: str) -> int:  # type: ignore[no-untyped-def]
    return main(["--data-dir", str(paths.data_dir), "dashboard", *args])


def test_csv_and_pdf_from_the_command_line(paths, activated, tmp_path: Path, capsys) -> None:
    assert _run(paths, "-o", str(tmp_path / "tb.csv")) == 0
    assert "2 activation(s), 2 jeune(s)" in capsys.readouterr().out
    rows = list(csv.reader(io.StringIO((tmp_path / "tb.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert ["total", "activations", "2", "91,00", "0,00", "0",
            "échecs : activations refusées par l'API nationale"] in rows
    assert _run(paths, "--from", TODAY.isoformat(), "--to", TODAY.isoformat(), "--adviser", "1",
                "-o", str(tmp_path / "tb.pdf")) == 0
    pdf = (tmp_path / "tb.pdf").read_bytes()
    assert len(reader(pdf).pages) == 1
    text = all_text(pdf)
    assert f"du {TODAY:%d/%m/%Y} au {TODAY:%d/%m/%Y} · Camille Durand" in text and "91,00 € par mois" in text
    assert "Alix" not in text and "Exportateur" not in text


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "tb.txt"], ".csv ou .pdf"),
    (["--from", "2026-13-01", "-o", "tb.csv"], "--from : date invalide"),
    (["--from", "2026-11-02", "--to", "2026-11-01", "-o", "tb.csv"], "--to est avant --from"),
    (["--adviser", "99", "-o", "tb.csv"], "Aucun profil de conseiller n° 99"),
])
def test_bad_options_are_explained(paths, activated, tmp_path: Path, capsys, args: list[str], message: str) -> None:
    args = [str(tmp_path / a) if a.startswith("tb.") else a for a in args]
    assert _run(paths, *args) == 2
    assert message in capsys.readouterr().err
    assert not any(tmp_path.glob("tb.*"))


def test_an_unwritable_target_leaves_nothing(paths, activated, tmp_path: Path, capsys) -> None:
    assert _run(paths, "-o", str(tmp_path / "absent" / "tb.pdf")) == 1
    assert "Écriture impossible" in capsys.readouterr().err


def test_an_empty_period(paths, activated, tmp_path: Path) -> None:
    last_year = dt.date(TODAY.year - 1, 6, 1).isoformat()
    assert _run(paths, "--from", last_year, "--to", last_year, "-o", str(tmp_path / "tb.csv")) == 0
    assert "total;activations;0;0,00" in (tmp_path / "tb.csv").read_text(encoding="utf-8-sig")
