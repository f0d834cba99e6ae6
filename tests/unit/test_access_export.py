"""Right of access and erasure: everything held on one young person, as JSON and as a PDF read back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pej_desktop.cli import main
from pej_desktop.domain.eligibility import Confirmations
from pej_desktop.domain.people import Adviser, YoungPerson
from pej_desktop.ops import access
from pej_desktop.ops import people as ops
from pej_desktop.store import access as links
from tests.support.pdf_reading import all_text, reader

TODAY = dt.date.today()
ADVISER = Adviser(first_name="Camille", last_name="Durand", structure="MISSION_LOCALE",
                  agency_name="Mission Locale de Lyon", agency_code="69001")
HELOISE = YoungPerson(first_name="Héloïse", last_name="Dumoulin-Sarrazin", birth_date=dt.date(2003, 8, 14),
                      postal_code="69007", external_ref_kind="IMILO", external_ref="7654321",
                      cej_start=TODAY - dt.timedelta(days=60), cej_planned_end=TODAY + dt.timedelta(days=300),
                      last_contact=TODAY - dt.timedelta(days=3))
OTHER = YoungPerson(first_name="Ilan", last_name="Bordier", birth_date=dt.date(2005, 1, 9), postal_code="69003")


@pytest.fixture
def filed(paths, catalogue):  # type: ignore[no-untyped-def]
    store = ops.open_personal_store(paths).store
    ops.save_adviser(store, ADVISER)
    person = ops.save_young_person(store, HELOISE, today=TODAY).saved
    other = ops.save_young_person(store, OTHER, today=TODAY).saved
    ops.run_eligibility_check(store, catalogue, person.id, Confirmations(not_student=True, not_in_training=True),
                              on=TODAY)
    ops.run_eligibility_check(store, catalogue, other.id, Confirmations(not_student=True, not_in_training=True),
                              on=TODAY)
    yield store, person, other
    store.close()


def test_json_export_holds_the_whole_file_and_only_this_person(filed, tmp_path: Path) -> None:
    store, person, other = filed
    target = access.write_access_export(store, person.id, tmp_path / "acces.json", fmt=access.JSON,
                                        now=dt.datetime(2026, 11, 28, 10, 0))
    document = json.loads(target.read_text(encoding="utf-8"))
    file = document["dossier"]
    assert (file["prenom"], file["nom"], file["date_naissance"]) == ("Héloïse", "Dumoulin-Sarrazin", "2003-08-14")
    assert (file["reference"], file["type_reference"], file["code_postal"]) == \
        ("7654321", "N° de dossier i-milo", "69007")
    assert file["numero_interne"] == person.id and len(file["identifiant"]) == 36
    assert document["responsable_du_traitement"] == "Mission Locale Mission Locale de Lyon"
    (check,) = document["verifications_eligibilite"]
    assert check["resultat"] == "éligible" and check["conseiller"].startswith("Camille Durand")
    actions = [e["action"] for e in document["journal_des_acces"]]
    assert actions[0] == "Export des données d'un jeune (droit d'accès)" and "Création du dossier" in actions
    assert "Ilan" not in target.read_text(encoding="utf-8") and "Bordier" not in target.read_text(encoding="utf-8")
    assert all(rows == [] for rows in document["autres_donnees"].values())  # tables of later features, empty


def test_pdf_export_reads_back(filed, tmp_path: Path) -> None:
    store, person, _other = filed
    target = access.write_access_export(store, person.id, tmp_path / "acces.pdf", fmt=access.PDF,
                                        now=dt.datetime(2026, 11, 28, 10, 0))
    pdf = target.read_bytes()
    text = all_text(pdf)
    for expected in ("Données personnelles détenues — droit d'accès", "Héloïse Dumoulin-Sarrazin", "14/08/2003",
                     "7654321", "Vérification 1", "éligible", "Journal des accès à ce dossier",
                     "Création du dossier", "Responsable du traitement : Mission Locale Mission Locale de Lyon",
                     "2 ans après le dernier contact", f"Dossier n° {person.id}", "page 1/"):
        assert expected in text, expected
    assert "Ilan" not in text
    metadata = reader(pdf).metadata
    assert metadata.title == "Données personnelles détenues — droit d'accès"
    assert "Héloïse" not in (metadata.subject or "")


def test_rows_of_later_tables_are_found_through_their_foreign_key(filed) -> None:
    """A table another feature adds (activations…) is exported and erased without being named here."""
    store, person, other = filed
    with store.write() as conn:
        conn.exec_driver_sql("CREATE TABLE future_activations (id INTEGER PRIMARY KEY, person_id INTEGER "
                             "REFERENCES young_people(id) ON DELETE CASCADE, code TEXT)")
        conn.exec_driver_sql("INSERT INTO future_activations (person_id, code) VALUES (?, 'CODE-A'), (?, 'CODE-B')",
                             (person.id, other.id))
    export = access.gather_access_export(store, person.id, now=dt.datetime.now())
    assert [row["code"] for row in export.other["future_activations"]] == ["CODE-A"]
    ops.delete_young_person(store, person.id)
    with store.read() as conn:
        remaining = conn.exec_driver_sql("SELECT code FROM future_activations").scalars().all()
    assert remaining == ["CODE-B"]


def test_every_table_linked_to_a_file_is_erased_with_it(filed) -> None:
    """The schema's promise for erasure: every foreign key to a file cascades."""
    store, person, _other = filed
    with store.read() as conn:
        found = links.person_links(conn)
    assert found and all(link.on_delete == "CASCADE" for link in found), found
    ops.delete_young_person(store, person.id)
    with store.read() as conn:
        for link in found:
            left = conn.exec_driver_sql(f'SELECT count(*) FROM "{link.table}" WHERE "{link.column}" = ?',
                                        (person.id,)).scalar()
            assert left == 0, link.table
        dump = "\n".join(str(row) for table in ("young_people", "eligibility_checks", "audit_log")
                         for row in conn.exec_driver_sql(f"SELECT * FROM {table}").all())
    assert "Héloïse" not in dump and "2003-08-14" not in dump and "7654321" not in dump
    assert "Ilan" in dump  # the other file is untouched


def test_unknown_file_is_a_clear_error(filed) -> None:
    store, _person, _other = filed
    with pytest.raises(access.PersonNotFound, match="Aucun dossier n° 999"):
        access.gather_access_export(store, 999, now=dt.datetime.now())


def test_cli_export_person_by_dossier_number(paths, filed, tmp_path: Path, capsys) -> None:
    store, person, _other = filed
    store.close()
    target = tmp_path / "sortie.pdf"
    base = ["--data-dir", str(paths.data_dir), "export-person"]
    assert main([*base, "7654321", "--format", "pdf", "-o", str(target)]) == 0
    assert "Héloïse" in all_text(target.read_bytes())
    assert f"dossier n° {person.id}" in capsys.readouterr().out
    assert main([*base, "123", "-o", str(tmp_path / "x.json")]) == 2
    assert "aucun dossier « 123 »" in capsys.readouterr().err
