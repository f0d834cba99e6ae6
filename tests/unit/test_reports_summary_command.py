"""``pej-desktop summary`` on a real encrypted personal store and the demo catalogue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pej_desktop.cli import main
from pej_desktop.domain import eligibility as rules
from pej_desktop.domain.people import Adviser, YoungPerson
from pej_desktop.ops import people as ops
from tests.support.pdf_reading import all_text, reader

CHECK_DAY = dt.date(2026, 11, 20)


@pytest.fixture
def portfolio(paths, catalogue):  # type: ignore[no-untyped-def]
    """An adviser, Léa (adult, with a dossier number and an eligibility check) and Noé (minor)."""
    store = ops.open_personal_store(paths).store
    assert store is not None
    ops.save_adviser(store, Adviser("Karim", "Benali", "MISSION_LOCALE", "Mission Locale de Lyon", "69003"))
    lea = ops.save_young_person(store, YoungPerson(
        "Léa", "Martin", dt.date(2005, 3, 12), "69003", external_ref_kind="IMILO", external_ref="4815162342",
        cej_start=dt.date(2026, 6, 1), cej_planned_end=dt.date(2027, 5, 31)), today=CHECK_DAY).saved
    noe = ops.save_young_person(store, YoungPerson(
        "Noé", "Petit", dt.date(2009, 1, 15), "20000",
        cej_start=dt.date(2026, 9, 1), cej_planned_end=dt.date(2027, 8, 31)), today=CHECK_DAY).saved
    assert lea is not None and noe is not None
    ops.run_eligibility_check(store, catalogue, lea.id, rules.Confirmations(True, True), on=CHECK_DAY)
    store.close()
    return {"lea": lea, "noe": noe}


def test_summary_by_dossier_number_without_birth_date_or_reference(portfolio, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "lea.pdf"
    assert main(["summary", "--young-person", "48151 62342", "--date", "2026-11-28", "-o", str(out)]) == 0
    pdf = out.read_bytes()
    text = all_text(pdf)
    assert "Léa MARTIN" in text and "Karim BENALI" in text
    assert "Ton droit au Pass a été vérifié le 20 novembre 2026." in text
    assert "Ton CEJ : du 1er juin 2026 au 31 mai 2027 (fin prévue)." in text
    assert "Aucune offre n'est encore activée pour toi" in text and "Des offres pour toi" in text
    assert "Catalogue de démonstration" in text
    for leak in ("12/03/2005", "2005", "4815162342", "69003 "):
        assert leak not in text.replace("Mission Locale de Lyon (69003)", "")
    assert reader(pdf).metadata.author == "Mission Locale de Lyon"
    assert "Récapitulatif de Léa MARTIN écrit" in capsys.readouterr().out


def test_summary_by_internal_id_and_suggestions_open_to_the_person(portfolio, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "noe.pdf"
    assert main(["summary", "--young-person", str(portfolio["noe"].id), "--date", "2026-11-28",
                 "-o", str(out)]) == 0
    text = all_text(out.read_bytes())
    assert "Noé PETIT" in text and "Ton droit au Pass a été vérifié le --." in text
    assert "Offre" in text and "Réduction" in text  # the suggestions table


def test_unknown_file_and_bad_date_are_refused(portfolio, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.pdf"
    assert main(["summary", "--young-person", "999999", "-o", str(out)]) == 2
    assert "aucun dossier ne correspond à « 999999 »" in capsys.readouterr().err
    assert main(["summary", "--young-person", "4815162342", "--date", "28/11/2026", "-o", str(out)]) == 2
    assert "utilisez AAAA-MM-JJ" in capsys.readouterr().err
    assert not out.exists()
