"""Backups of the personal file: encrypted copies, rotation, restore, migrations, the CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pej_desktop.cli import main
from pej_desktop.domain.people import Adviser, YoungPerson
from pej_desktop.ops import backup as backups
from pej_desktop.ops import people as ops
from pej_desktop.store import audit
from pej_desktop.store import backup as copies
from pej_desktop.store.personal import PERSONAL_MIGRATIONS, PersonalStore
from pej_desktop.store.personal_key import passphrase_key
from tests.support.cleartext import cleartext_hits, date_spellings

TODAY = dt.date.today()
NOW = dt.datetime(2026, 11, 28, 9, 30)
ADVISER = Adviser(first_name="Camille", last_name="Durand", structure="MISSION_LOCALE",
                  agency_name="Mission Locale de Lyon", agency_code="69001")
NINON = YoungPerson(first_name="Ninon", last_name="Barbazange", birth_date=dt.date(2003, 6, 21), postal_code="69003")
ODILON = YoungPerson(first_name="Odilon", last_name="Keramour", birth_date=dt.date(2004, 9, 8), postal_code="29200")


@pytest.fixture
def store(paths):  # type: ignore[no-untyped-def]
    opened = ops.open_personal_store(paths).store
    ops.save_adviser(opened, ADVISER)
    assert ops.save_young_person(opened, NINON, today=TODAY).saved is not None
    yield opened
    opened.close()


def _names(store: PersonalStore) -> list[str]:
    return sorted(p.first_name for p in ops.load_people(store))


def test_a_backup_is_whole_encrypted_and_opens_only_with_the_key(paths, store) -> None:
    made = backups.backup_now(store, paths, keep=14, now=NOW)
    assert made.path.name == "personal-sauvegarde-20261128-093000.sqlite3" and made.kind == copies.DAILY
    assert not made.path.read_bytes().startswith(b"SQLite format 3")
    needles = ["Ninon", "Barbazange", *date_spellings(NINON.birth_date)]
    assert cleartext_hits(paths.backups_dir, needles) == []
    check = copies.check_copy(store.engine.url, made.path)
    assert (check.ok, check.people, check.revision) == (True, 1, PERSONAL_MIGRATIONS.head)
    wrong = copies.check_copy(copies.keyed_url(passphrase_key("pas la bonne clé du tout")), made.path)
    assert not wrong.ok and wrong.people == 0
    assert not list(paths.backups_dir.glob("*.partial"))
    with store.read() as conn:
        assert [e.action for e in audit.list_entries(conn, limit=1)] == ["backup"]


def test_one_daily_backup_per_day_and_the_last_n_kept(paths, store) -> None:
    taken = []
    for day in range(6):
        moment = NOW + dt.timedelta(days=day)
        taken.append(backups.ensure_daily_backup(store, paths, keep=3, now=moment))
        assert backups.ensure_daily_backup(store, paths, keep=3, now=moment + dt.timedelta(hours=2)) is None
    assert all(taken)
    kept = backups.list_backups(paths)
    assert [b.taken_at.date() for b in kept] == [(NOW + dt.timedelta(days=d)).date() for d in (5, 4, 3)]
    # Other copies of the file (a damaged one set aside) go once older than the kept window.
    old = paths.backups_dir / "personal-endommage-20261101-120000.sqlite3"
    old.write_bytes(b"x")
    recent = paths.backups_dir / "personal-endommage-20261202-120000.sqlite3"
    recent.write_bytes(b"x")
    backups.backup_now(store, paths, keep=3, now=NOW + dt.timedelta(days=6))
    assert not old.exists() and recent.exists()
    assert paths.catalogue_db.name not in {p.name for p in paths.backups_dir.iterdir()}


def test_restore_brings_the_copy_back_and_keeps_the_replaced_file(paths, store) -> None:
    made = backups.backup_now(store, paths, keep=14, now=NOW)
    ops.save_young_person(store, ODILON, today=TODAY)
    assert _names(store) == ["Ninon", "Odilon"]
    keyed = store.engine.url
    outcome = backups.restore_backup(paths, made.path, keyed, current=store, now=NOW + dt.timedelta(hours=1))
    assert outcome.people == 1 and outcome.set_aside is not None
    assert outcome.set_aside.name == "personal-avant-restauration-20261128-103000.sqlite3"
    reopened = ops.open_personal_store(paths).store
    try:
        assert _names(reopened) == ["Ninon"]
        with reopened.read() as conn:
            assert "restore" in [e.action for e in audit.list_entries(conn)]
    finally:
        reopened.close()
    assert copies.check_copy(keyed, outcome.set_aside).people == 2  # nothing was destroyed
    listed = {b.path: b for b in backups.list_backups(paths)}
    assert listed[outcome.set_aside].kind == copies.BEFORE_RESTORE and listed[outcome.set_aside].restorable


def test_a_copy_that_does_not_open_is_refused_and_nothing_changes(paths, store) -> None:
    bogus = paths.backups_dir / "personal-sauvegarde-20261127-080000.sqlite3"
    bogus.parent.mkdir(exist_ok=True)
    bogus.write_bytes(b"\x00" * 8192)
    before = paths.personal_db.stat().st_size
    with pytest.raises(backups.RestoreRefused, match="Rien n'a été modifié"):
        backups.restore_backup(paths, bogus, store.engine.url, current=store, now=NOW)
    assert paths.personal_db.stat().st_size == before
    assert _names(store) == ["Ninon"]  # the store was not even closed


def test_the_personal_file_is_backed_up_before_a_migration(paths) -> None:
    """A file at the first schema is copied aside before being upgraded; the copy is restorable."""
    from pej_desktop.store.migrate import MigrationSpec, ensure_schema
    from pej_desktop.store.personal import _engine
    from pej_desktop.store.personal_key import key_from_keyring

    key = key_from_keyring(paths.personal_db)
    engine = _engine(paths.personal_db, key)
    first = MigrationSpec(PERSONAL_MIGRATIONS.label, PERSONAL_MIGRATIONS.script_location, "p0001")
    ensure_schema(engine, paths.personal_db, first, paths.backups_dir, None)
    engine.dispose()
    store = PersonalStore.open(paths.personal_db, key, backup_dir=paths.backups_dir)
    store.close()
    assert store.migration is not None and store.migration.from_revision == "p0001"
    (copy,) = backups.list_backups(paths)
    assert copy.kind == copies.MIGRATION and copy.restorable and copy.path == store.migration.backup
    assert copies.check_copy(copies.keyed_url(key), copy.path).revision == "p0001"


def test_keep_setting_is_bounded(paths) -> None:
    from pej_desktop.app import app_settings

    settings = app_settings(paths)
    assert backups.backups_to_keep(settings) == backups.DEFAULT_KEEP == 14
    backups.set_backups_to_keep(settings, 0)
    assert backups.backups_to_keep(settings) == 1
    settings.setValue(backups.KEY_KEEP, "beaucoup")
    assert backups.backups_to_keep(settings) == 14


def test_cli_backup_list_and_restore(paths, store, capsys, tmp_path: Path) -> None:
    store.close()
    base = ["--data-dir", str(paths.data_dir)]
    assert main([*base, "backup", "--keep", "5"]) == 0
    assert "Les 5 dernières sauvegardes sont conservées." in capsys.readouterr().out
    reopened = ops.open_personal_store(paths).store
    ops.save_young_person(reopened, ODILON, today=TODAY)
    reopened.close()
    assert main([*base, "restore", "--list"]) == 0
    assert "Sauvegarde" in capsys.readouterr().out
    assert main([*base, "restore"]) == 5  # no terminal to confirm on: nothing done
    assert "--yes" in capsys.readouterr().err
    assert main([*base, "restore", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "1 dossier(s)" in out and "sera perdu" in out and "Fichier remplacé conservé" in out
    reopened = ops.open_personal_store(paths).store
    assert _names(reopened) == ["Ninon"]
    reopened.close()
    stray = tmp_path / "pas-une-sauvegarde.sqlite3"
    stray.write_bytes(b"rien")
    assert main([*base, "restore", "--yes", str(stray)]) == 2
    assert "Rien n'a été modifié" in capsys.readouterr().err
