"""What the command line now asks of ``ops`` rather than of the store, the documents or the wire.

The commands' own tests (unchanged) check their output and exit codes; these check the
operations they call: the same answers for every caller, the window included.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pej_desktop.cli import main
from pej_desktop.domain.errors import UserError
from pej_desktop.domain.people import Adviser, YoungPerson
from pej_desktop.ops import backup as backups
from pej_desktop.ops import people as ops
from pej_desktop.ops.personal_file import key_from_passphrase
from pej_desktop.ops.sync_failures import SyncFailed, raised_as_user_errors
from pej_desktop.ops.sync_settings import PageSizeRefused, sync_page_size
from sync import errors
from sync.protocol import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

TODAY = dt.date.today()
LINA = YoungPerson(first_name="Lina", last_name="Moreau", birth_date=dt.date(2004, 3, 2), postal_code="69008",
                   external_ref_kind="IMILO", external_ref="1234567")


@pytest.fixture
def people(paths):  # type: ignore[no-untyped-def]
    store = ops.open_personal_store(paths).store
    yield store
    store.close()


# -- people --------------------------------------------------------------------------------------
def test_a_file_is_found_by_its_dossier_number_as_typed_or_by_its_internal_id(people) -> None:  # type: ignore[no-untyped-def]
    saved = ops.save_young_person(people, LINA, today=TODAY).saved
    assert saved is not None
    assert ops.find_person_id(people, "12 34.56-7") == saved.id
    assert ops.find_person_id(people, str(saved.id)) == saved.id
    assert ops.find_person_id(people, "7654321") is None
    assert ops.find_person_id(people, "") is None


def test_the_adviser_read_back_is_the_one_the_opening_reports(paths, people) -> None:  # type: ignore[no-untyped-def]
    assert ops.current_adviser(people) is None
    adviser = Adviser(first_name="Camille", last_name="Durand", structure="MISSION_LOCALE",
                      agency_name="Mission Locale de Lyon", agency_code="69001")
    saved, problems = ops.save_adviser(people, adviser)
    assert problems == {} and saved is not None
    assert ops.current_adviser(people) == saved
    people.close()
    reopened = ops.open_personal_store(paths)
    assert reopened.store is not None
    try:
        assert reopened.adviser == ops.current_adviser(reopened.store) == saved
    finally:
        reopened.store.close()


# -- backups -------------------------------------------------------------------------------------
def test_a_backup_is_restorable_only_with_this_devices_key_and_whole(paths, people, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ops.save_young_person(people, LINA, today=TODAY)
    made = backups.backup_now(people, paths, keep=3, now=dt.datetime.now())
    assert backups.restorable_people(people.engine.url, made.path) == 1
    assert backups.restorable_people(backups.keyed_url(key_from_passphrase("une autre phrase")), made.path) is None
    junk = tmp_path / "pas-une-sauvegarde.sqlite3"
    junk.write_bytes(b"rien de chiffre ici" * 100)
    assert backups.restorable_people(people.engine.url, junk) is None


# -- the sync's failures and settings ---------------------------------------------------------------
@pytest.mark.parametrize(("kind", "exit_code"), [
    (errors.NetworkError, 1), (errors.ServerError, 1), (errors.ConfigurationError, 2),
    (errors.AuthenticationError, 4), (errors.ForbiddenError, 4), (errors.InvalidDataError, 5),
    (errors.SyncCancelled, 130),
])
def test_a_sync_error_leaves_as_a_user_error_with_its_exit_code(kind: type[errors.SyncError], exit_code: int) -> None:
    with pytest.raises(SyncFailed) as failed, raised_as_user_errors():
        raise kind("Le serveur national ne répond pas.")
    assert isinstance(failed.value, UserError)
    assert str(failed.value) == "Le serveur national ne répond pas."
    assert failed.value.exit_code == exit_code


def test_other_errors_are_not_taken_for_sync_failures() -> None:
    with pytest.raises(KeyError), raised_as_user_errors():
        raise KeyError("bug")


def test_the_page_size_is_the_protocols_default_or_within_its_bounds() -> None:
    assert sync_page_size(None) == sync_page_size(0) == DEFAULT_PAGE_SIZE
    assert sync_page_size(MAX_PAGE_SIZE) == MAX_PAGE_SIZE
    for refused in (-1, MAX_PAGE_SIZE + 1):
        with pytest.raises(PageSizeRefused) as error:
            sync_page_size(refused)
        assert error.value.maximum == MAX_PAGE_SIZE


def test_the_sync_command_refuses_a_page_size_in_french_before_any_network(data_dir, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["sync", "--api", "https://api.exemple.fr", "--page-size", str(MAX_PAGE_SIZE + 1)]) == 2
    assert capsys.readouterr().err.strip() == f"Erreur : --page-size doit être compris entre 1 et {MAX_PAGE_SIZE}"
