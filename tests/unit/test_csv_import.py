"""Importing a portfolio CSV: encodings, separators, bad rows by line, re-import."""

from __future__ import annotations

import datetime as dt

import pytest

from pej_desktop.ops import people as ops
from pej_desktop.ops.people_csv import CsvFileError, parse_csv

TODAY = dt.date(2026, 11, 28)
HEADER = ["Prénom", "Nom", "Date de naissance", "Code postal", "Programme", "N° dossier", "Début CEJ",
          "Fin prévue CEJ", "Prolongation", "Motif prolongation", "Dernier contact"]
GOOD = [
    ["Léa", "Martin", "14/03/2005", "69003", "CEJ", "1234567", "01/09/2026", "31/08/2027", "non", "", "20/11/2026"],
    ["Noé", "Bénard", "2004-01-30", "97400", "CEJ", "", "01/10/2026", "30/09/2027", "", "", ""],
    ["Ève", "Œuvray", "29/02/2004", "1000", "PACEA", "7654321", "", "", "", "", ""],  # postal code lost its 0
    ["Zoé", "Santoni", "02/12/2003", "20200", "CEJ", "2233445", "15/01/2026", "15/05/2027", "oui",
     "Projet de formation à finaliser", ""],
]
BAD = [
    ["Tom", "Petit", "31/02/2005", "75011", "CEJ", "", "", "", "", "", ""],  # no such date
    ["Jules", "Futur", "01/01/2030", "75011", "CEJ", "", "", "", "", "", ""],  # born in the future
    ["Ana", "Jeune", "01/01/2015", "75011", "CEJ", "", "", "", "", "", ""],  # 11 years old
    ["Sam", "Long", "01/01/2004", "75011", "CEJ", "", "01/01/2026", "01/06/2027", "non", "", ""],  # 17 months
    ["Lou", "Ref", "01/01/2004", "75011", "CEJ", "12A45", "", "", "", "", ""],  # letters in i-milo? → FT format
    ["Max", "Cp", "01/01/2004", "7501", "CEJ", "", "", "", "", "", ""],  # 4 digits → 07501: Ardèche, valid
    ["Kim", "Prog", "01/01/2004", "75011", "BTS", "", "", "", "", "", ""],  # unknown programme
    ["Eli", "Fin", "01/01/2004", "75011", "CEJ", "", "01/06/2026", "01/05/2026", "", "", ""],  # end before start
]


def csv_bytes(rows: list[list[str]], *, delimiter: str = ";", encoding: str = "utf-8", bom: bool = False) -> bytes:
    lines = [delimiter.join(_quote(c, delimiter) for c in row) for row in [HEADER, *rows]]
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def _quote(cell: str, delimiter: str) -> str:
    return f'"{cell}"' if delimiter in cell or '"' in cell else cell


@pytest.fixture
def store(paths):  # type: ignore[no-untyped-def]
    opened = ops.open_personal_store(paths).store
    yield opened
    opened.close()


@pytest.mark.parametrize(("delimiter", "encoding", "bom"), [
    (";", "utf-8", False), (";", "utf-8", True), (",", "utf-8", True), (";", "cp1252", False), (",", "cp1252", False),
])
def test_both_encodings_and_separators(store, delimiter: str, encoding: str, bom: bool) -> None:
    report = ops.import_young_people(store, csv_bytes(GOOD, delimiter=delimiter, encoding=encoding, bom=bom),
                                     today=TODAY)
    assert (report.created, report.errors) == (4, ())
    assert report.delimiter == delimiter
    assert report.encoding == ("UTF-8" if encoding == "utf-8" else "Windows-1252")
    people = {p.last_name: p for p in ops.load_people(store)}
    assert set(people) == {"Martin", "Bénard", "Œuvray", "Santoni"}
    assert people["Œuvray"].first_name == "Ève" and people["Œuvray"].postal_code == "01000"
    assert people["Œuvray"].birth_date == dt.date(2004, 2, 29) and people["Œuvray"].programme == "PACEA"
    assert people["Santoni"].extended and people["Santoni"].extension_reason == "Projet de formation à finaliser"
    assert people["Martin"].external_ref == "1234567" and people["Martin"].external_ref_kind == "IMILO"
    assert people["Martin"].last_contact == dt.date(2026, 11, 20)


def test_bad_rows_are_reported_by_line_and_good_ones_imported(store) -> None:
    rows = [GOOD[0], *BAD, GOOD[1]]
    report = ops.import_young_people(store, csv_bytes(rows), today=TODAY)
    by_line = {e.line: e.message for e in report.errors}
    assert report.created == 3  # Léa, Max (07501 is a real Ardèche code), Noé
    assert sorted(by_line) == [3, 4, 5, 6, 7, 9, 10]
    assert "n'existe pas dans le calendrier" in by_line[3]
    assert "futur" in by_line[4]
    assert "11 ans" in by_line[5]
    assert "12 mois" in by_line[6]
    assert "France Travail" in by_line[7]
    assert "programme « BTS » inconnu" in by_line[9]
    assert "précéder le début" in by_line[10]
    assert str(report.errors[0]).startswith("ligne 3 : ")
    assert {p.last_name for p in ops.load_people(store)} == {"Martin", "Bénard", "Cp"}


def test_reimport_creates_no_duplicates_and_updates(store) -> None:
    ops.import_young_people(store, csv_bytes(GOOD), today=TODAY)
    again = ops.import_young_people(store, csv_bytes(GOOD, delimiter=",", encoding="cp1252"), today=TODAY)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    changed = [list(GOOD[0]), list(GOOD[1])]
    changed[0][1], changed[0][3] = "MARTIN", "69007"  # same dossier number, name typed differently
    changed[1][5] = "7788990"  # no number before: matched by name and date of birth
    report = ops.import_young_people(store, csv_bytes(changed), today=TODAY)
    assert (report.created, report.updated, report.errors) == (0, 2, ())
    people = {p.first_name: p for p in ops.load_people(store)}
    assert len(people) == 4
    assert people["Léa"].postal_code == "69007" and people["Noé"].external_ref == "7788990"


def test_same_person_twice_in_one_file_refuses_both_lines(store) -> None:
    report = ops.import_young_people(store, csv_bytes([GOOD[0], GOOD[0]]), today=TODAY)
    assert (report.created, report.unchanged) == (0, 0)
    assert [str(e) for e in report.errors] == [
        "ligne 2 : même numéro de dossier que la ligne 3 ; aucune des deux lignes n'est importée",
        "ligne 3 : même numéro de dossier que la ligne 2 ; aucune des deux lignes n'est importée"]
    assert ops.load_people(store) == []


def test_quoted_cells_with_separators_and_line_breaks_keep_line_numbers(store) -> None:
    text = ('prenom,nom,date_naissance,code_postal,prolongation,motif_prolongation,debut_cej,fin_prevue_cej\n'
            'Léa,Martin,14/03/2005,69003,oui,"Motif sur\ndeux lignes, avec virgule",01/01/2026,01/05/2027\n'
            'Tom,Petit,xx,75011,,,,\n')
    report = ops.import_young_people(store, text.encode(), today=TODAY)
    assert report.created == 1 and [(e.line, "illisible" in e.message) for e in report.errors] == [(4, True)]


@pytest.mark.parametrize(("data", "words"), [
    (b"", "vide"),
    (b"nom;prenom\nMartin;L\xc3\xa9a\n", "date_naissance, code_postal"),
    (b"\x81\x8d\x8f\x90;x\n", "Encodage"),
])
def test_unusable_files_are_refused_whole(store, data: bytes, words: str) -> None:
    with pytest.raises(CsvFileError, match=words):
        ops.import_young_people(store, data, today=TODAY)
    assert ops.load_people(store) == []


def test_france_travail_adviser_reads_digit_references_as_france_travail_ids() -> None:
    data = b"prenom;nom;date_naissance;code_postal;reference\nA;B;01/01/2004;75011;12345678\n"
    assert parse_csv(data, digits_only_kind="FRANCE_TRAVAIL").rows[0].values["type_reference"] == "FRANCE_TRAVAIL"
    assert parse_csv(data).rows[0].values["type_reference"] == "IMILO"
