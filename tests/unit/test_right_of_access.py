"""Right of access and erasure: everything held on one young person, as JSON and as a PDF read back."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from pej_desktop.cli import main
from pej_desktop.domain.eligibility import Confirmations
from pej_desktop.domain.people import Adviser, YoungPerson
from pej_desktop.ops import people as ops
from pej_desktop.ops import right_of_access as access
from pej_desktop.ops.activations import activate_offers
from pej_desktop.store import right_of_access as links
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


SNAKE_CASE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")


def section(document: dict, title: str) -> dict:  # type: ignore[type-arg]
    return next(s for s in document["Contenu"] if s["Rubrique"] == title)


def test_json_export_holds_the_whole_file_in_plain_french_and_only_this_person(filed, catalogue,  # type: ignore[no-untyped-def]
                                                                              tmp_path: Path) -> None:
    store, person, _other = filed
    report = activate_offers(store, catalogue, person.id, ["demo-ali-001"])
    assert report.activated
    target = access.write_access_export(store, person.id, tmp_path / "acces.json", fmt=access.JSON,
                                        now=dt.datetime(2026, 11, 28, 10, 5))
    raw = target.read_text(encoding="utf-8")
    document = json.loads(raw)
    assert not SNAKE_CASE.findall(raw), SNAKE_CASE.findall(raw)[:10]
    assert document["Édité le"] == "28 novembre 2026 à 10 h 05"
    assert document["Responsable du traitement"] == "Mission Locale de Lyon"
    (file,) = section(document, "Votre dossier")["Entrées"]
    assert (file["Prénom"], file["Nom"], file["Date de naissance"]) == ("Héloïse", "Dumoulin-Sarrazin", "14 août 2003")
    assert (file["Référence du dossier"], file["Type de référence"], file["Code postal"]) == \
        ("7654321", "N° de dossier i-milo", "69007")
    assert (
        file["Numéro du dossier sur ce poste"] == str(person.id) and len(file["Identifiant technique du dossier"]) == 36
    )
    checks = section(document, "Vérifications de votre droit au Pass")
    assert "selon quelles règles" in checks["Ce que c'est"]
    (check,) = checks["Entrées"]
    assert check["Résultat"] == "éligible" and check["Par"].startswith("Camille Durand")
    assert check["Pas étudiant (confirmé par le conseiller)"] == "oui"
    (activation,) = section(document, "Offres activées")["Entrées"]
    assert activation["Offre"] == "20 % sur vos courses du quotidien"  # the title, not the offer's id
    assert "demo-ali-001" not in raw
    actions = [e["Action"] for e in section(document, "Journal des accès à votre dossier")["Entrées"]]
    assert actions[0] == "Export des données d'un jeune (droit d'accès)" and "Création du dossier" in actions
    assert "Ilan" not in raw and "Bordier" not in raw
    assert section(document, "Vos avis sur les offres")["Entrées"] == "Aucune donnée de ce type n'est enregistrée."


def test_pdf_export_reads_back_in_plain_french(filed, catalogue, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store, person, _other = filed
    activate_offers(store, catalogue, person.id, ["demo-ali-001"])
    target = access.write_access_export(
        store, person.id, tmp_path / "acces.pdf", fmt=access.PDF, now=dt.datetime(2026, 11, 28, 10, 0)
    )
    pdf = target.read_bytes()
    text = all_text(pdf)
    for expected in (
        "Données personnelles détenues — droit d'accès",
        "Héloïse Dumoulin-Sarrazin",
        "14 août 2003",
        "7654321",
        "Vérifications de votre droit au Pass",
        "éligible",
        "Journal des accès à votre dossier",
        "Création du dossier",
        "Responsable du traitement : Mission Locale de Lyon",
        "2 ans après le dernier contact",
        f"Dossier n° {person.id}",
        "page 1/",
        "Offres activées",
        "20 % sur vos courses du quotidien",
        "Ce que",
    ):
        assert expected in text or expected.replace("Ce que", "selon quelles règles") in text, expected
    assert not SNAKE_CASE.findall(text), SNAKE_CASE.findall(text)[:10]
    assert "demo-ali-001" not in text and "Ilan" not in text
    metadata = reader(pdf).metadata
    assert metadata.title == "Données personnelles détenues — droit d'accès"
    assert "Héloïse" not in (metadata.subject or "")


def test_a_table_the_export_does_not_know_yet_is_shown_in_words(filed) -> None:  # type: ignore[no-untyped-def]
    store, person, _other = filed
    with store.write() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE future_visits (id INTEGER PRIMARY KEY, person_id INTEGER "
            "REFERENCES young_people(id) ON DELETE CASCADE, visited_on TEXT)"
        )
        conn.exec_driver_sql("INSERT INTO future_visits (person_id, visited_on) VALUES (?, '2026-12-06')", (person.id,))
    raw = access.to_json(access.gather_access_export(store, person.id, now=dt.datetime.now()))
    assert not SNAKE_CASE.findall(raw), SNAKE_CASE.findall(raw)
    other = section(json.loads(raw), "Autres données : future visits")
    assert other["Entrées"] == [{"Id": "1", "Visited on": "6 décembre 2026"}]


def test_rows_of_later_tables_are_found_through_their_foreign_key(filed) -> None:
    """A table another feature adds (activations…) is exported and erased without being named here."""
    store, person, other = filed
    with store.write() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE future_activations (id INTEGER PRIMARY KEY, person_id INTEGER "
            "REFERENCES young_people(id) ON DELETE CASCADE, code TEXT)"
        )
        conn.exec_driver_sql(
            "INSERT INTO future_activations (person_id, code) VALUES (?, 'CODE-A'), (?, 'CODE-B')",
            (person.id, other.id),
        )
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
            left = conn.exec_driver_sql(
                f'SELECT count(*) FROM "{link.table}" WHERE "{link.column}" = ?', (person.id,)
            ).scalar()
            assert left == 0, link.table
        dump = "\n".join(
            str(row)
            for table in ("young_people", "eligibility_checks", "audit_log")
            for row in conn.exec_driver_sql(f"SELECT * FROM {table}").all()
        )
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
