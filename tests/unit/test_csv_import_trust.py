"""A portfolio import never overwrites silently: twins in one file, identity changes, odd files, fuzzing."""

from __future__ import annotations

import datetime as dt
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pej_desktop.ops import people as ops
from pej_desktop.ops.people_csv import CsvFileError, parse_csv

TODAY = dt.date(2026, 11, 28)
HEADER = "prénom;nom;date de naissance;code postal;n° dossier\n"


@pytest.fixture
def store(paths):  # type: ignore[no-untyped-def]
    opened = ops.open_personal_store(paths).store
    yield opened
    opened.close()


def _names(store) -> list[tuple[str, str, dt.date]]:  # type: ignore[no-untyped-def]
    return sorted((p.first_name, p.last_name, p.birth_date) for p in ops.load_people(store))


def test_same_dossier_number_on_two_lines_refuses_both_and_writes_nothing_of_either(store) -> None:
    data = (HEADER + "Léa;Martin;14/03/2005;69003;1234567\n"
            "Noé;Bénard;30/01/2004;69001;7654321\n"
            "Lucie;Perrin;02/02/2003;69002;123 45 67\n").encode()
    report = ops.import_young_people(store, data, today=TODAY)
    assert [str(e) for e in report.errors] == [
        "ligne 2 : même numéro de dossier que la ligne 4 ; aucune des deux lignes n'est importée",
        "ligne 4 : même numéro de dossier que la ligne 2 ; aucune des deux lignes n'est importée"]
    assert report.created == 1 and _names(store) == [("Noé", "Bénard", dt.date(2004, 1, 30))]


def test_same_name_and_birth_date_on_two_lines_refuses_both(store) -> None:
    data = (HEADER + "Léa;Martin;14/03/2005;69003;\nLÉA;MARTIN;14/03/2005;69007;\n").encode()
    report = ops.import_young_people(store, data, today=TODAY)
    assert "ligne 3 : même nom, prénom et date de naissance que la ligne 2" in str(report.errors[1])
    assert report.created == 0 and _names(store) == []


def test_a_changed_name_or_birth_date_is_a_conflict_until_confirmed(store) -> None:
    ops.import_young_people(store, (HEADER + "Léa;Martin;14/03/2005;69003;1234567\n").encode(), today=TODAY)
    changed = (HEADER + "Inès;Martin;14/03/2005;69007;1234567\n").encode()
    report = ops.import_young_people(store, changed, today=TODAY)
    assert report.updated == 0 and len(report.conflicts) == 1
    assert str(report.conflicts[0]) == ("ligne 2 : le dossier existant « Léa Martin, né(e) le 14/03/2005 » deviendrait "
                                        "« Inès Martin, né(e) le 14/03/2005 » — non modifié sans votre confirmation")
    person = ops.load_people(store)[0]
    assert (person.first_name, person.postal_code) == ("Léa", "69003")  # nothing of the row applied
    confirmed = ops.import_young_people(store, changed, today=TODAY, confirm_identity_changes=True)
    assert (confirmed.updated, confirmed.conflicts) == (1, ())
    person = ops.load_people(store)[0]
    assert (person.first_name, person.postal_code) == ("Inès", "69007")
    born = (HEADER + "Inès;Martin;15/03/2005;69007;1234567\n").encode()
    assert len(ops.import_young_people(store, born, today=TODAY).conflicts) == 1


def test_case_and_accents_alone_are_not_a_conflict(store) -> None:
    ops.import_young_people(store, (HEADER + "Maelys;Quintard;17/01/2003;69003;1234567\n").encode(), today=TODAY)
    report = ops.import_young_people(store, (HEADER + "Maëlys;QUINTARD;17/01/2003;69003;1234567\n").encode(),
                                     today=TODAY)
    assert (report.updated, report.conflicts) == (1, ())


ODD_FILES = {
    "huge cell": HEADER.encode() + b"L" + b"a" * 300_000 + b";Martin;14/03/2005;69003;1\n",
    "NUL bytes": HEADER.encode() + b"Zeph\x00yrin;Martin;14/03/2005;69003;1\n",
    "unterminated quote": HEADER.encode() + b'"Zephyrin;Martin;14/03/2005;69003;1\n',
    "empty": b"",
    "binary junk": bytes(range(256)) * 20,
    "UTF-16 without BOM": (HEADER + "Léa;Martin;14/03/2005;69003;1\n").encode("utf-16-le"),
}


@pytest.mark.parametrize("name", sorted(ODD_FILES))
def test_odd_files_are_refused_whole_with_one_french_line(store, name: str) -> None:
    with pytest.raises(CsvFileError) as refused:
        ops.import_young_people(store, ODD_FILES[name], today=TODAY)
    message = str(refused.value)
    assert "\n" not in message and any(word in message for word in ("fichier", "Fichier", "Encodage"))
    assert _names(store) == []


def test_utf16_with_bom_and_tabs_is_excel_unicode_text_and_imports(store) -> None:
    text = HEADER.replace(";", "\t") + "Léa\tMartin\t14/03/2005\t69003\t1234567\n"
    report = ops.import_young_people(store, text.encode("utf-16"), today=TODAY)
    assert (report.created, report.encoding, report.delimiter) == (1, "UTF-16", "\t")


def test_a_hundred_thousand_columns_import_the_named_ones(store) -> None:
    data = (HEADER.rstrip("\n") + ";x" * 100_000 + "\n" + "Léa;Martin;14/03/2005;69003;1234567" + ";y" * 100_000
            + "\n").encode()
    assert ops.import_young_people(store, data, today=TODAY).created == 1


# -- fuzzing --------------------------------------------------------------------------------------------------
CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["Léa", "MARTIN", "14/03/2005", "2005-03-14", "31/02/2005", "01/01/0001", "31/12/9999",
                     "69003", "1000", "CEJ", "PACEA", "oui", "1234567", "=SUM(A1)", '"', "", " "]),
    st.text(alphabet=string.digits + "/-.", max_size=12),
)
COLUMN_NAMES = ["prenom", "nom", "date_naissance", "code_postal", "reference", "programme", "debut_cej",
                "fin_prevue_cej", "fin_reelle_cej", "prolongation", "motif_prolongation", "dernier_contact",
                "type_reference", "autre"]


@st.composite
def csv_shapes(draw) -> bytes:  # type: ignore[no-untyped-def]
    columns = draw(st.lists(st.sampled_from(COLUMN_NAMES), min_size=0, max_size=10))
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    rows = draw(st.lists(st.lists(CELL, max_size=len(columns) + 2), max_size=8))
    lines = [delimiter.join(columns)] + [delimiter.join(row) for row in rows]
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return text.encode(encoding, errors="replace")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=2000), csv_shapes()))
def test_any_bytes_either_import_valid_rows_or_are_refused_in_french(store, data: bytes) -> None:
    before = len(ops.load_people(store))
    try:
        report = ops.import_young_people(store, data, today=TODAY)
    except CsvFileError as refused:
        assert str(refused) and "Traceback" not in str(refused)
        assert len(ops.load_people(store)) == before  # a refused file writes nothing
        return
    parsed_lines = len(parse_csv(data).rows) + len(parse_csv(data).errors)
    accounted = report.created + report.updated + report.unchanged + len(report.errors) + len(report.conflicts)
    assert accounted == parsed_lines
    assert len(ops.load_people(store)) == before + report.created
    assert all(str(e).startswith(f"ligne {e.line} : ") for e in report.errors)
