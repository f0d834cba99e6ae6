"""Damaged files at start: the catalogue is rebuilt, the personal file is reported with its backup.

Files are damaged the way a crash or a disk does it — truncated, or scribbled over —
and reopened through the real paths (``app.open_session``, ``ops.people.open_personal_store``).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from pej_desktop.app import open_session
from pej_desktop.domain.people import YoungPerson
from pej_desktop.ops import backup as backups
from pej_desktop.ops import people as ops
from pej_desktop.ops.integrity import check_and_repair_catalogue
from pej_desktop.store.backup import keyed_url
from pej_desktop.store.catalogue import META_SOURCE, SOURCE_DEMO, CatalogueStore
from pej_desktop.store.demo import ensure_demo_loaded, read_demo_catalogue
from pej_desktop.store.integrity import quick_check

TODAY = dt.date.today()
PEOPLE = [YoungPerson(first_name=f, last_name=n, birth_date=b, postal_code="69003") for f, n, b in (
    ("Maëlys", "Quintard", dt.date(2003, 1, 17)), ("Sacha", "Vermorel", dt.date(2005, 12, 2)))]


def scribble(path: Path, *, offset: int, length: int = 4096) -> None:
    with open(path, "r+b") as handle:
        handle.seek(offset)
        handle.write(os.urandom(length))


def truncate(path: Path, size: int) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(size)


@pytest.fixture
def demo_file(paths) -> Path:  # type: ignore[no-untyped-def]
    store = CatalogueStore.open(paths.catalogue_db, backup_dir=paths.backups_dir)
    ensure_demo_loaded(store)
    store.close()
    return paths.catalogue_db


# -- catalogue -------------------------------------------------------------------------------
@pytest.mark.parametrize("damage", ["header", "truncated"])
def test_a_catalogue_that_does_not_open_is_set_aside_and_started_afresh(paths, demo_file, damage) -> None:
    if damage == "header":
        scribble(demo_file, offset=0, length=100)
    else:
        truncate(demo_file, 3000)
    session = open_session(paths)
    try:
        recovery = session.take_catalogue_recovery()
        assert recovery is not None
        assert recovery.set_aside.exists() and "-endommage-" in recovery.set_aside.name
        assert "démonstration" in recovery.message and "prochaine synchronisation" in recovery.message
        assert ensure_demo_loaded(session.catalogue)
        assert session.catalogue.meta()[META_SOURCE] == SOURCE_DEMO  # the next sync is a full one
    finally:
        session.catalogue.close()


def root_page_offset(conn, table: str) -> int:  # type: ignore[no-untyped-def]
    """Where a table's root page starts in the file: damage there is always read."""
    root = conn.exec_driver_sql(f"SELECT rootpage FROM sqlite_master WHERE name = '{table}'").scalar()
    return (int(root) - 1) * int(conn.exec_driver_sql("PRAGMA page_size").scalar())


def test_a_catalogue_damaged_inside_fails_quick_check_and_is_rebuilt_in_place(paths, demo_file) -> None:
    store = CatalogueStore.open(demo_file)
    with store.read() as conn:
        offset = root_page_offset(conn, "offers")
    store.close()
    scribble(demo_file, offset=offset)
    assert not quick_check(demo_file).ok
    session = open_session(paths)  # the header is fine: it opens
    store = session.catalogue
    try:
        assert session.take_catalogue_recovery() is None
        recovery = check_and_repair_catalogue(store, paths.backups_dir)
        assert recovery is not None and recovery.set_aside.exists()
        assert quick_check(store.path).ok
        with store.read() as conn:  # the same store object now reads the rebuilt file
            offers = conn.exec_driver_sql("SELECT count(*) FROM offers").scalar()
        assert offers == len(read_demo_catalogue().offers)
        assert check_and_repair_catalogue(store, paths.backups_dir) is None
    finally:
        store.close()


# -- personal file -----------------------------------------------------------------------------
@pytest.fixture
def saved(paths):  # type: ignore[no-untyped-def]
    """Two files, a backup, then a third file typed after the backup; the store closed."""
    store = ops.open_personal_store(paths).store
    for person in PEOPLE:
        ops.save_young_person(store, person, today=TODAY)
    backups.backup_now(store, paths, keep=14, now=dt.datetime.now() - dt.timedelta(hours=3))
    ops.save_young_person(store, YoungPerson(first_name="Tiago", last_name="Lebrec",
                                             birth_date=dt.date(2004, 4, 4), postal_code="69003"), today=TODAY)
    with store.read() as conn:
        store.people_page_offset = root_page_offset(conn, "young_people")  # type: ignore[attr-defined]
    store.close()
    return store


@pytest.mark.parametrize("damage", ["empty", "header", "middle", "truncated"])
def test_a_damaged_personal_file_is_reported_with_the_backup_and_what_would_be_lost(paths, saved, damage) -> None:
    path = saved.path
    if damage == "empty":
        truncate(path, 0)
    elif damage == "header":
        scribble(path, offset=0, length=64)
    elif damage == "middle":
        scribble(path, offset=saved.people_page_offset)
    else:
        truncate(path, path.stat().st_size - 4096)
    opening = ops.open_personal_store(paths)
    assert opening.store is None and opening.unlock is None
    damage_report = opening.damage
    assert damage_report is not None and damage_report.backup is not None
    assert damage_report.backup_people == 2
    message = damage_report.message
    assert "sera perdu" in message and "2 dossier(s)" in message
    assert f"{damage_report.backup.taken_at:%d/%m/%Y}" in message
    # Nothing was done to the damaged file without asking.
    assert path.exists() and not list(paths.backups_dir.glob("*endommage*"))

    outcome = backups.restore_backup(paths, damage_report.backup.path, keyed_url(damage_report.key),
                                     damaged=True, now=dt.datetime.now())
    assert outcome.set_aside is not None and "-endommage-" in outcome.set_aside.name
    reopened = ops.open_personal_store(paths).store
    try:
        assert sorted(p.first_name for p in ops.load_people(reopened)) == ["Maëlys", "Sacha"]
    finally:
        reopened.close()


def test_without_a_backup_the_adviser_can_start_afresh(paths, saved) -> None:
    for backup in backups.list_backups(paths):
        backup.path.unlink()
    truncate(saved.path, saved.path.stat().st_size - 4096)
    damage = ops.open_personal_store(paths).damage
    assert damage is not None and damage.backup is None
    assert "Aucune sauvegarde utilisable" in damage.message
    aside = backups.start_afresh(paths, now=dt.datetime.now())
    assert aside is not None and aside.exists() and not saved.path.exists()
    fresh = ops.open_personal_store(paths).store  # same key from the keyring, a new empty file
    try:
        assert ops.load_people(fresh) == []
    finally:
        fresh.close()


def test_a_wrong_passphrase_is_not_mistaken_for_damage(paths) -> None:
    from pej_desktop.store.personal_key import passphrase_key

    key = passphrase_key("la bonne phrase de passe")
    store = ops.open_personal_store(paths, key).store
    backups.backup_now(store, paths, keep=14, now=dt.datetime.now())
    store.close()
    opening = ops.open_personal_store(paths, passphrase_key("une mauvaise phrase de passe"))
    assert opening.damage is None and opening.unlock is not None and opening.unlock.wrong_passphrase


def test_the_cli_explains_a_damaged_file(paths, saved, capsys) -> None:
    from pej_desktop.cli import main

    truncate(saved.path, 0)
    assert main(["--data-dir", str(paths.data_dir), "purge", "--dry-run"]) == 1
    err = capsys.readouterr().err
    assert "endommagé" in err and "pej-desktop restore" in err


def test_a_rebuilt_catalogue_is_downloaded_whole_at_the_next_sync(paths, tmp_path: Path) -> None:
    """Damage after a sync: the demo fills in at once, then the next sync is a full one."""
    from sync.engine import sync_catalogue
    from tests.integration.conftest import assert_same_catalogue, small_catalogue, start_reference_api

    api = start_reference_api(tmp_path / "api", small_catalogue(offers=40))
    try:
        session = open_session(paths)
        store = session.catalogue
        with api.client() as client:
            sync_catalogue(store, client, page_size=25)
        with store.read() as conn:
            offset = root_page_offset(conn, "offers")
        store.engine.dispose()
        scribble(store.path, offset=offset)
        assert check_and_repair_catalogue(store, paths.backups_dir) is not None
        assert store.meta()[META_SOURCE] == SOURCE_DEMO
        with api.client() as client:
            result = sync_catalogue(store, client, page_size=25)
        assert result.outcome == "replaced"
        assert_same_catalogue(store, api)
        store.close()
    finally:
        api.server.stop()
        api.catalogue.engine.dispose()


def test_a_catalogue_out_of_reach_is_not_mistaken_for_a_damaged_one(paths) -> None:
    """"Unable to open" (a folder in its place, no permission, locked) is not damage: nothing is set aside."""
    from pej_desktop.ops.integrity import open_catalogue

    paths.catalogue_db.mkdir()
    with pytest.raises(Exception, match=r"unable to open|disk I/O error"):
        open_catalogue(paths)
    assert paths.catalogue_db.is_dir() and not list(paths.backups_dir.glob("catalogue-endommage-*"))


def test_a_check_that_cannot_run_is_not_damage() -> None:
    from pej_desktop.ops.integrity import damaged
    from pej_desktop.store.integrity import IntegrityReport

    assert not damaged(IntegrityReport(True, "ok"))
    assert not damaged(IntegrityReport(False, "OperationalError: database is locked"))
    assert damaged(IntegrityReport(False, "DatabaseError: database disk image is malformed"))
    assert damaged(IntegrityReport(False, "*** in database main ***\nOn tree page 7 cell 2: invalid page number 91"))
