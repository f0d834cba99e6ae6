"""The audit trail: every write by trigger, reads by the operations, never a name or a birth date."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace
from pathlib import Path

import pytest

from pej_desktop.domain.eligibility import Confirmations
from pej_desktop.domain.people import Adviser, YoungPerson
from pej_desktop.ops import audit as audit_ops
from pej_desktop.ops import people as ops
from pej_desktop.store import audit
from pej_desktop.store.right_of_access import uid_of
from tests.support.cleartext import date_spellings

TODAY = dt.date.today()
ADVISER = Adviser(first_name="Camille", last_name="Durand", structure="MISSION_LOCALE",
                  agency_name="Mission Locale de Lyon", agency_code="69001")
GASPARD = YoungPerson(first_name="Gaspard", last_name="Hennequin", birth_date=dt.date(2002, 10, 30),
                      postal_code="69003", cej_start=TODAY - dt.timedelta(days=30),
                      cej_planned_end=TODAY + dt.timedelta(days=300))
NEEDLES = ["Gaspard", "Hennequin", *date_spellings(GASPARD.birth_date)]


@pytest.fixture
def store(paths):  # type: ignore[no-untyped-def]
    opened = ops.open_personal_store(paths).store
    ops.save_adviser(opened, ADVISER)
    yield opened
    opened.close()


def _entries(store) -> list[audit.AuditEntry]:  # type: ignore[no-untyped-def]
    with store.read() as conn:
        return list(reversed(audit.list_entries(conn)))  # oldest first


def _no_personal_data(entries: list[audit.AuditEntry]) -> None:
    for entry in entries:
        text = " ".join(str(v) for v in entry.__dict__.values())
        assert not any(needle.casefold() in text.casefold() for needle in NEEDLES), entry


def test_triggers_exist_at_the_head(store) -> None:
    from pej_desktop.store.migrations.personal.versions import p0002_audit_log as migration  # type: ignore

    with store.read() as conn:
        names = set(conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars())
    assert set(migration.TRIGGERS) <= names


def test_writes_and_reads_are_recorded_who_when_what_which_file(store, catalogue) -> None:
    saved = ops.save_young_person(store, GASPARD, today=TODAY).saved
    assert saved is not None
    ops.save_young_person(store, replace(saved, postal_code="69007", last_contact=TODAY), today=TODAY)
    ops.save_young_person(store, replace(saved, postal_code="69007", last_contact=TODAY), today=TODAY)  # no change
    ops.load_people(store)
    ops.run_eligibility_check(store, catalogue, saved.id, Confirmations(not_student=True, not_in_training=True),
                              on=TODAY)
    with store.read() as conn:
        uid = uid_of(conn, saved.id)
    ops.delete_young_person(store, saved.id)
    entries = _entries(store)
    assert [e.action for e in entries] == ["adviser", "create", "update", "list", "check", "delete"]
    create, update, listing, check, delete = entries[1:]
    assert all(e.actor == "Camille Durand" for e in entries)
    assert {e.person_id for e in (create, update, check, delete)} == {saved.id}
    assert {e.person_uid for e in (create, update, check, delete)} == {uid}
    assert update.detail_label == "champs : code postal, dernier contact"
    assert check.detail_label == "éligible" and listing.detail == "1 dossier(s)"
    assert all(abs(e.local_time - dt.datetime.now().astimezone()) < dt.timedelta(minutes=5) for e in entries)
    _no_personal_data(entries)


def test_an_import_records_each_file_it_creates(store) -> None:
    data = ("prénom;nom;date de naissance;code postal\n"
            "Gaspard;Hennequin;30/10/2002;69003\nIrène;Jouvenel;01/02/2004;69003\n").encode()
    ops.import_young_people(store, data, today=TODAY)
    created = [e for e in _entries(store) if e.action == "create"]
    assert len(created) == 2 and len({e.person_uid for e in created}) == 2
    _no_personal_data(_entries(store))


def test_the_trail_survives_the_erasure_of_the_file_by_number_only(store) -> None:
    saved = ops.save_young_person(store, GASPARD, today=TODAY).saved
    ops.delete_young_person(store, saved.id)
    with store.read() as conn:
        kept = audit.list_entries(conn, person_uid=None)
        dump = "\n".join(" ".join(str(v) for v in row) for row in conn.exec_driver_sql(
            "SELECT * FROM audit_log").all())
    assert [e.action for e in kept if e.person_id == saved.id] == ["delete", "create"]
    assert "Gaspard" not in dump and "2002-10-30" not in dump


def test_csv_export_for_the_adviser(store, tmp_path: Path) -> None:
    saved = ops.save_young_person(store, GASPARD, today=TODAY).saved
    target = tmp_path / "journal.csv"
    count = audit_ops.export_audit_csv(store, target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the accents
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(audit_ops.CSV_HEADER) and len(rows) == count + 1
    actions = [r[2] for r in rows[1:]]
    assert "Création du dossier" in actions and "Export du journal des accès" in actions
    assert [r[3] for r in rows[1:] if r[2] == "Création du dossier"] == [str(saved.id)]
    assert not any(needle in raw.decode("utf-8-sig") for needle in NEEDLES)
    entries, total = audit_ops.load_audit(store, limit=2)
    assert len(entries) == 2 and total == count and entries[0].action == "audit_export"


def test_printing_a_summary_is_a_recorded_read(paths, store, catalogue) -> None:
    from pej_desktop.reports.inputs import summary_input_from_stores

    saved = ops.save_young_person(store, GASPARD, today=TODAY).saved
    summary_input_from_stores(store, catalogue, saved.id, on=TODAY)
    last = _entries(store)[-1]
    assert (last.action, last.person_id, last.action_label) == ("summary", saved.id, "Récapitulatif imprimé")
