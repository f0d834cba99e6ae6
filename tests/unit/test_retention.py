"""Retention: 2 years after the last contact, with the clock moved forward as a parameter."""

from __future__ import annotations

import datetime as dt

import pytest

from pej_desktop.cli import main
from pej_desktop.domain import retention as rules
from pej_desktop.domain.people import Adviser, YoungPerson
from pej_desktop.ops import people as ops
from pej_desktop.ops.retention import purge_expired, review_retention
from pej_desktop.store import audit, right_of_access

D = dt.date
TODAY = dt.date.today()


def person(**changes: object) -> YoungPerson:
    base = dict(first_name="Romane", last_name="Valadier", birth_date=D(2003, 5, 10), postal_code="69003")
    base.update(changes)
    return YoungPerson(**base)  # type: ignore[arg-type]


# -- the rules -------------------------------------------------------------------------------
def test_cutoff_is_two_years_back_and_29_february_falls_on_the_28th() -> None:
    assert rules.retention_cutoff(D(2026, 11, 28)) == D(2024, 11, 28)
    assert rules.retention_cutoff(D(2028, 2, 29)) == D(2026, 2, 28)


def test_last_contact_prefers_the_recorded_contact_then_checks_then_creation() -> None:
    created = D(2026, 1, 1)
    assert rules.last_contact(person(last_contact=D(2024, 3, 1)), last_check=None, created=created) == \
        rules.LastContact(D(2024, 3, 1), rules.BASIS_CONTACT)  # an imported old file is not kept 2 more years
    assert rules.last_contact(person(last_contact=D(2024, 3, 1)), last_check=D(2025, 1, 1), created=created).day == \
        D(2025, 1, 1)
    assert rules.last_contact(person(), last_check=None, created=created).basis == rules.BASIS_CREATED
    assert rules.last_contact(person(), last_check=D(2026, 3, 1), created=created).basis == rules.BASIS_CHECK
    assert rules.last_contact(person(), last_check=D(2025, 3, 1), created=created).day == created


def test_expired_strictly_after_two_years() -> None:
    contact = rules.LastContact(D(2024, 11, 28), rules.BASIS_CONTACT)
    assert not rules.is_expired(contact, D(2026, 11, 28))
    assert rules.is_expired(contact, D(2026, 11, 29))


@pytest.mark.parametrize(("changes", "on", "expected"), [
    (dict(birth_date=D(2000, 1, 1), cej_start=D(2025, 1, 6), cej_planned_end=D(2026, 1, 5)), D(2026, 11, 28), True),
    (dict(birth_date=D(2000, 12, 1), cej_start=D(2025, 1, 6), cej_planned_end=D(2026, 1, 5)), D(2026, 11, 28),
     False),  # 25 until 1 December: within the age limit
    (dict(birth_date=D(2000, 1, 1), cej_start=D(2026, 6, 1), cej_planned_end=D(2027, 5, 31)), D(2026, 11, 28),
     False),  # CEJ still running
    (dict(birth_date=D(2000, 1, 1), cej_start=D(2026, 6, 1), cej_planned_end=D(2027, 5, 31),
          cej_real_end=D(2026, 10, 1)), D(2026, 11, 28), True),  # ended early
    (dict(birth_date=D(2000, 1, 1)), D(2026, 11, 28), False),  # no CEJ dates: nothing says it ended
])
def test_to_archive_over_the_age_limit_once_the_cej_ended(changes, on, expected) -> None:  # type: ignore
    assert rules.to_archive(person(**changes), on) is expected


# -- review and purge on the real encrypted file ------------------------------------------------
@pytest.fixture
def store(paths, catalogue):  # type: ignore[no-untyped-def]
    opened = ops.open_personal_store(paths).store
    ops.save_adviser(opened, Adviser(first_name="Camille", last_name="Durand", structure="MISSION_LOCALE",
                                     agency_name="Mission Locale de Lyon", agency_code="69001"))
    yield opened
    opened.close()


def _save(store, **changes: object) -> int:  # type: ignore[no-untyped-def]
    saved = ops.save_young_person(store, person(**changes), today=TODAY).saved
    assert saved is not None and saved.id is not None
    return saved.id


def test_purge_with_the_clock_moved_forward_deletes_only_expired_files(paths, store, catalogue) -> None:
    from pej_desktop.domain.eligibility import Confirmations

    old = _save(store, first_name="Anouk", last_contact=TODAY - dt.timedelta(days=400))
    recent = _save(store, first_name="Basile", last_contact=TODAY - dt.timedelta(days=10))
    checked = _save(store, first_name="Céleste", last_contact=TODAY - dt.timedelta(days=400))
    ops.run_eligibility_check(store, catalogue, checked, Confirmations(not_student=True, not_in_training=True),
                              on=TODAY)
    assert review_retention(store, today=TODAY).expired == []

    later = TODAY + dt.timedelta(days=2 * 365 - 300)  # Anouk's contact is now over two years old
    report = review_retention(store, today=later)
    assert [i.person_id for i in report.expired] == [old]
    assert report.expired[0].basis == rules.BASIS_CONTACT and report.expired[0].display_name == "Anouk Valadier"

    much_later = TODAY + dt.timedelta(days=3 * 365)
    report = review_retention(store, today=much_later)
    assert sorted(i.person_id for i in report.expired) == sorted([old, recent, checked])
    outcome = purge_expired(store, [old, checked], today=much_later)
    assert outcome.deleted == tuple(sorted([old, checked])) and outcome.kept == ()
    assert [p.id for p in ops.load_people(store)] == [recent]
    with store.read() as conn:
        for link in right_of_access.person_links(conn):  # nothing attached to the deleted files is left
            count = conn.exec_driver_sql(
                f'SELECT count(*) FROM "{link.table}" WHERE "{link.column}" IN (?, ?)', (old, checked)).scalar()
            assert count == 0, link
        purges = [e for e in audit.list_entries(conn) if e.action == "purge"]
        deletions = {e.person_id for e in audit.list_entries(conn) if e.action == "delete"}
    assert len(purges) == 1 and "2 dossier(s)" in purges[0].detail
    assert deletions == {old, checked}  # each erasure is on record, by number


def test_a_file_contacted_after_the_review_is_kept(store) -> None:
    old = _save(store, last_contact=TODAY - dt.timedelta(days=800))
    report = review_retention(store, today=TODAY)
    assert [i.person_id for i in report.expired] == [old]
    refreshed = ops.load_people(store)[0]
    from dataclasses import replace

    ops.save_young_person(store, replace(refreshed, last_contact=TODAY), today=TODAY)
    outcome = purge_expired(store, [old], today=TODAY)
    assert outcome.deleted == () and outcome.kept == (old,)
    assert len(ops.load_people(store)) == 1


def test_files_to_archive_are_flagged_not_deleted(store) -> None:
    flagged = _save(store, birth_date=D(1999, 1, 1), cej_start=TODAY - dt.timedelta(days=300),
                    cej_planned_end=TODAY - dt.timedelta(days=5), last_contact=TODAY - dt.timedelta(days=5))
    _save(store, first_name="Jeune", birth_date=D(2006, 1, 1), cej_start=TODAY - dt.timedelta(days=300),
          cej_planned_end=TODAY - dt.timedelta(days=5))
    report = review_retention(store, today=TODAY)
    assert [i.person_id for i in report.to_archive] == [flagged] and report.expired == []


def test_old_audit_entries_go_with_the_horizon(store) -> None:
    _save(store)
    with store.read() as conn:
        before = audit.count_entries(conn)
    outcome = purge_expired(store, [], today=TODAY + dt.timedelta(days=3 * 365))
    assert outcome.audit_pruned == before
    with store.read() as conn:
        assert [e.action for e in audit.list_entries(conn)] == ["purge"]


def test_cli_purge_dry_run_lists_and_deletes_nothing(paths, store, capsys) -> None:
    _save(store, first_name="Anouk", last_contact=TODAY - dt.timedelta(days=900))
    _save(store, first_name="Basile", last_contact=TODAY - dt.timedelta(days=10))
    store.close()
    base = ["--data-dir", str(paths.data_dir), "purge"]
    assert main([*base, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Anouk Valadier" in out and "Basile" not in out and ": 1" in out
    assert main(base) == 5  # no terminal: a confirmation is needed
    assert main([*base, "--yes"]) == 0
    assert "1 dossier(s) supprimé(s)" in capsys.readouterr().out
    reopened = ops.open_personal_store(paths).store
    assert [p.first_name for p in ops.load_people(reopened)] == ["Basile"]
    reopened.close()
