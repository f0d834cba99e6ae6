"""The encrypted personal-data file: key in the keyring, passphrase fallback, nothing in clear."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3

import keyring
import pytest

from pej_desktop.domain.eligibility import Confirmations
from pej_desktop.domain.people import Adviser, YoungPerson
from pej_desktop.ops import people as ops
from pej_desktop.ops.personal_file import PassphraseRefused, key_from_passphrase
from pej_desktop.store import personal
from pej_desktop.store.migrate import head_revision
from pej_desktop.store.personal import PERSONAL_MIGRATIONS, PersonalStore, PersonalStoreLocked
from pej_desktop.store.personal_key import (
    KEY_SECRET_NAME,
    KeyUnavailable,
    key_from_keyring,
    new_passphrase_error,
    passphrase_key,
)
from pej_desktop.store.secrets import SERVICE
from tests.support.cleartext import cleartext_hits, date_spellings
from tests.support.memory_keyring import BrokenKeyring

TODAY = dt.date(2026, 11, 28)
LEA = YoungPerson(first_name="Léandra", last_name="Quenouillère", birth_date=dt.date(2004, 7, 19),
                  postal_code="69003", external_ref_kind="IMILO", external_ref="9081726",
                  cej_start=dt.date(2026, 6, 1), cej_planned_end=dt.date(2027, 5, 31))
ADVISER = Adviser(first_name="Camille", last_name="Durand", structure="MISSION_LOCALE",
                  agency_name="Mission Locale de Lyon", agency_code="69001")


def test_migrations_head_matches_the_spec() -> None:
    assert head_revision(PERSONAL_MIGRATIONS) == PERSONAL_MIGRATIONS.head


def test_first_start_generates_a_key_in_the_keyring_and_reuses_it(paths, memory_keyring) -> None:
    opening = ops.open_personal_store(paths)
    assert opening.store is not None and opening.unlock is None
    stored = memory_keyring.secrets[(SERVICE, KEY_SECRET_NAME)]
    assert len(stored) == 64
    ops.save_young_person(opening.store, LEA, today=TODAY)
    opening.store.close()
    again = ops.open_personal_store(paths)
    assert again.store is not None
    assert [p.last_name for p in ops.load_people(again.store)] == ["Quenouillère"]
    again.store.close()


def test_file_is_unreadable_without_the_key(paths) -> None:
    opening = ops.open_personal_store(paths)
    ops.save_young_person(opening.store, LEA, today=TODAY)
    opening.store.close()
    conn = sqlite3.connect(paths.personal_db)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()


def test_the_key_never_shows_in_repr_or_errors(paths, memory_keyring) -> None:
    key = key_from_keyring(paths.personal_db)
    secret = memory_keyring.secrets[(SERVICE, KEY_SECRET_NAME)]
    assert secret not in repr(key) and secret not in str(key)
    store = PersonalStore.open(paths.personal_db, key)
    assert secret not in repr(store.engine.url) and secret not in str(store.engine)
    store.close()
    memory_keyring.secrets[(SERVICE, KEY_SECRET_NAME)] = "0" * 64
    with pytest.raises(PersonalStoreLocked) as caught:
        PersonalStore.open(paths.personal_db, key_from_keyring(paths.personal_db))
    assert "0" * 64 not in str(caught.value) and "ne peut pas être ouvert" in str(caught.value)


def test_without_keyring_a_passphrase_is_asked_and_protects_the_file(paths) -> None:
    keyring.set_keyring(BrokenKeyring())
    opening = ops.open_personal_store(paths)
    assert opening.store is None and opening.unlock is not None
    assert opening.unlock.creating and "Aucun coffre-fort" in opening.unlock.message
    assert new_passphrase_error("court", "court") is not None
    assert new_passphrase_error("une phrase assez longue", "une phrase assez longue") is None
    created = ops.open_personal_store(paths, passphrase_key("une phrase assez longue"))
    assert created.store is not None
    ops.save_young_person(created.store, LEA, today=TODAY)
    created.store.close()
    reopened = ops.open_personal_store(paths)
    assert reopened.unlock is not None and not reopened.unlock.creating
    wrong = ops.open_personal_store(paths, passphrase_key("une autre phrase"))
    assert wrong.store is None and wrong.unlock.wrong_passphrase
    assert "phrase de passe ne correspond pas" in wrong.unlock.message
    right = ops.open_personal_store(paths, passphrase_key("une phrase assez longue"))
    assert [p.first_name for p in ops.load_people(right.store)] == ["Léandra"]
    right.store.close()
    assert cleartext_hits(paths.data_dir, ["une phrase assez longue"]) == []


def test_a_typed_passphrase_is_checked_the_same_way_for_the_window_and_the_command_line(paths) -> None:
    """``key_from_passphrase``: a new one follows the rules, an existing one only must not be empty."""
    refused = (("court", "court", "au moins"), ("une phrase assez longue", "une autre", "identiques"),
               (" une phrase assez longue", " une phrase assez longue", "espace"), ("", None, "Saisissez"))
    for typed, confirmation, why in refused:
        with pytest.raises(PassphraseRefused, match=why):
            key_from_passphrase(typed, confirmation=confirmation)
    keyring.set_keyring(BrokenKeyring())
    created = ops.open_personal_store(paths, key_from_passphrase("une phrase assez longue",
                                                                 confirmation="une phrase assez longue"))
    assert created.store is not None
    created.store.close()
    reopened = ops.open_personal_store(paths, key_from_passphrase("une phrase assez longue"))
    assert reopened.store is not None
    reopened.store.close()


def test_key_missing_from_keyring_for_an_existing_file_asks_the_passphrase(paths, memory_keyring) -> None:
    ops.open_personal_store(paths).store.close()
    memory_keyring.secrets.clear()
    with pytest.raises(KeyUnavailable) as caught:
        key_from_keyring(paths.personal_db)
    assert not caught.value.creating and caught.value.keyring_works


def test_no_personal_data_in_clear_under_the_data_directory(paths, catalogue, memory_keyring) -> None:
    handler = logging.FileHandler(paths.log_dir / "raw-test.log", encoding="utf-8")
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        opening = ops.open_personal_store(paths)
        store = opening.store
        ops.save_adviser(store, ADVISER)
        saved = ops.save_young_person(store, LEA, today=TODAY).saved
        ops.save_young_person(store, LEA, today=TODAY)  # duplicate refused
        ops.run_eligibility_check(store, catalogue, saved.id, Confirmations(True, True), on=TODAY)
        csv = "prenom;nom;date_naissance;code_postal\nOrnella;Vasquez-Lindqvist;03/02/2001;13001\n"
        ops.import_young_people(store, csv.encode("cp1252"), today=TODAY)
        # Left open on purpose: the WAL still holds the latest pages.
        assert paths.personal_db.with_name(paths.personal_db.name + "-wal").exists()
        needles = ["Léandra", "Quenouillère", "Quenouill", "Ornella", "Vasquez-Lindqvist", "9081726",
                   *date_spellings(LEA.birth_date), *date_spellings(dt.date(2001, 2, 3))]
        assert cleartext_hits(paths.data_dir, needles) == []
        secret = memory_keyring.secrets[(SERVICE, KEY_SECRET_NAME)]
        assert cleartext_hits(paths.data_dir, [secret]) == []
        store.close()
        assert cleartext_hits(paths.data_dir, needles) == []
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)
        handler.close()


def test_the_scanner_finds_cleartext(tmp_path) -> None:
    (tmp_path / "x.log").write_text("jeune Quenouillère né le 19/07/2004", encoding="cp1252")
    hits = cleartext_hits(tmp_path, ["Quenouillère", *date_spellings(dt.date(2004, 7, 19))])
    assert ("x.log", "Quenouillère") in hits and ("x.log", "19/07/2004") in hits


def test_adviser_profile_is_updated_in_place(paths) -> None:
    store = ops.open_personal_store(paths).store
    first, _ = ops.save_adviser(store, ADVISER)
    second, _ = ops.save_adviser(store, Adviser(**{**ADVISER.__dict__, "agency_name": "ML Lyon Sud", "id": None}))
    _, errors = ops.save_adviser(store, Adviser(**{**ADVISER.__dict__, "agency_code": "x"}))
    assert first.id == second.id and "agency_code" in errors
    with store.read() as conn:
        assert personal.current_adviser(conn).agency_name == "ML Lyon Sud"
    store.close()


def test_save_refuses_invalid_and_duplicate_files_without_writing(paths) -> None:
    store = ops.open_personal_store(paths).store
    bad = ops.save_young_person(store, YoungPerson(**{**LEA.__dict__, "birth_date": dt.date(2030, 1, 1)}), today=TODAY)
    assert bad.saved is None and "futur" in bad.errors["birth_date"]
    assert ops.load_people(store) == []
    first = ops.save_young_person(store, LEA, today=TODAY).saved
    same_ref = ops.save_young_person(store, YoungPerson(**{**LEA.__dict__, "first_name": "Autre"}), today=TODAY)
    assert "external_ref" in same_ref.errors
    same_name = ops.save_young_person(store, YoungPerson(**{**LEA.__dict__, "external_ref": "1111111",
                                                           "last_name": "QUENOUILLERE"}), today=TODAY)
    assert "même nom" in same_name.errors["last_name"]
    edited = ops.save_young_person(store, YoungPerson(**{**first.__dict__, "postal_code": "69007"}), today=TODAY)
    assert edited.saved is not None and [p.postal_code for p in ops.load_people(store)] == ["69007"]
    ops.delete_young_person(store, first.id)
    assert ops.load_people(store) == []
    store.close()


def test_p0005_keeps_the_profile_and_activations_and_adds_the_contact(paths) -> None:  # type: ignore[no-untyped-def]
    """A file written at p0004 opens with its adviser unchanged, an empty contact, and uses per month NULL (1)."""
    from pej_desktop.store.migrate import MigrationSpec, ensure_schema
    from pej_desktop.store.personal import PERSONAL_MIGRATIONS, PersonalStore, _engine, current_adviser
    from pej_desktop.store.personal_key import key_from_keyring

    key = key_from_keyring(paths.personal_db)
    engine = _engine(paths.personal_db, key)
    before = MigrationSpec(PERSONAL_MIGRATIONS.label, PERSONAL_MIGRATIONS.script_location, "p0004")
    ensure_schema(engine, paths.personal_db, before, paths.backups_dir, None)
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO advisers (first_name, last_name, structure, agency_name, agency_code, "
                             "created_at, updated_at) VALUES ('Camille', 'Durand', 'MISSION_LOCALE', "
                             "'Mission Locale de Lyon', '69001', '2026-01-01', '2026-01-01')")
    engine.dispose()
    store = PersonalStore.open(paths.personal_db, key, backup_dir=paths.backups_dir)
    with store.read() as conn:
        adviser = current_adviser(conn)
        columns = {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(activations)")}
    store.close()
    assert store.migration is not None and store.migration.from_revision == "p0004"
    assert (adviser.first_name, adviser.agency_code, adviser.phone, adviser.email) == ("Camille", "69001", "", "")
    assert "uses_per_month" in columns
