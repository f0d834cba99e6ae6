"""Instants kept by ``UtcDateTime``: files written before the column type read the same, and new
rows are written in the text format the file always had (UTC, to the second)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from pej_desktop.ops import people as ops
from pej_desktop.store import activations as rows
from pej_desktop.store import code_reserve
from pej_desktop.store.personal import PersonalStore

API = "https://api.pej.example"
NOW = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)
PARIS = dt.timezone(dt.timedelta(hours=1))


@pytest.fixture
def people(paths) -> Iterator[PersonalStore]:  # type: ignore[no-untyped-def]
    opening = ops.open_personal_store(paths)
    assert opening.store is not None
    yield opening.store
    opening.store.close()


def raw(store: PersonalStore, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Plain SQL on the file, as an older version of the app wrote and reads it."""
    with store.write() as conn:
        result = conn.exec_driver_sql(sql, params)
        return [tuple(r) for r in result.all()] if result.returns_rows else []


def old_outbox_row(store: PersonalStore, uid: str, created_at: str, next_attempt_at: str) -> None:
    raw(store, "INSERT INTO outbox(activation_uid, api, payload, title, created_at, attempts, next_attempt_at, "
               "origin, kind) VALUES (?, ?, '{}', 'Offre', ?, 1, ?, 'imported', 'activation')",
        uid, API, created_at, next_attempt_at)


def test_outbox_rows_written_by_the_previous_format_read_as_aware_instants(people: PersonalStore) -> None:
    old_outbox_row(people, "a", "2026-12-06T08:00:00+00:00", "2026-12-06T08:30:00+00:00")
    old_outbox_row(people, "b", "2026-12-06T10:15:00+01:00", "2026-12-06T09:30:00+00:00")  # imported, Paris time
    with people.read() as conn:
        entries = {e.activation_uid: e for e in rows.outbox_entries(conn)}
        due = [e.activation_uid for e in rows.due_entries(conn, API, NOW, force=False)]
    assert entries["a"].created_at == dt.datetime(2026, 12, 6, 8, 0, tzinfo=dt.UTC)
    assert entries["b"].created_at == dt.datetime(2026, 12, 6, 10, 15, tzinfo=PARIS)
    assert entries["b"].created_at.utcoffset() == dt.timedelta(hours=1)
    assert due == ["a"]  # b's backoff runs out at 09:30 UTC


def test_new_instants_are_stored_in_the_files_text_format(people: PersonalStore) -> None:
    later = dt.datetime(2026, 12, 6, 11, 45, 30, 123456, tzinfo=PARIS)
    with people.write() as conn:
        rows.insert_imported(conn, {"activation_uid": "c", "api": API, "payload": {}, "created_at": later}, NOW)
        rows.reschedule(conn, "c", attempts=2, next_attempt_at=later, error="Serveur injoignable")
        code_reserve.apply_leases(conn, API, {"server_time": "2026-12-06T09:00:00+00:00",
                                              "expires_at": "2026-12-08T09:00:00+00:00",
                                              "leases": [{"offer_id": "demo-ali-001", "code": "X1"}],
                                              "available": {"demo-ali-001": 4}}, NOW)
    assert raw(people, "SELECT created_at, next_attempt_at FROM outbox") == [
        ("2026-12-06T10:45:30+00:00", "2026-12-06T10:45:30+00:00")]
    assert raw(people, "SELECT expires_at, received_at FROM code_reserve") == [
        ("2026-12-08T09:00:00+00:00", "2026-12-06T09:00:00+00:00")]
    assert raw(people, "SELECT available, checked_at FROM code_levels") == [(4, "2026-12-06T09:00:00+00:00")]


def test_a_code_whose_old_text_lease_has_expired_is_not_handed_out(people: PersonalStore) -> None:
    raw(people, "INSERT INTO code_reserve(api, offer_id, code, expires_at, received_at) VALUES "
                "(?, 'o', 'EXPIRED', '2026-12-06T08:59:59+00:00', '2026-12-01T09:00:00+00:00'), "
                "(?, 'o', 'GOOD', '2026-12-06T09:00:01+00:00', '2026-12-01T09:00:00+00:00')", API, API)
    with people.write() as conn:
        assert code_reserve.known_codes_left(conn, API, NOW) == {"o": 1}
        assert code_reserve.take_code(conn, API, "o", "uid-1", NOW) == "GOOD"
        assert code_reserve.take_code(conn, API, "o", "uid-2", NOW) is None


def test_the_catalogues_sync_instants_keep_their_text_and_read_back_aware(catalogue) -> None:  # type: ignore[no-untyped-def]
    from pej_desktop.store.catalogue import META_LAST_SYNC, META_LOADED_AT, get_meta, meta_instant, set_meta

    with catalogue.write() as conn:
        set_meta(conn, **{META_LAST_SYNC: dt.datetime(2026, 12, 6, 10, 0, 0, 999, tzinfo=PARIS)})
        conn.exec_driver_sql("UPDATE catalogue_meta SET value = 'hier' WHERE key = ?", (META_LOADED_AT,))
        meta = get_meta(conn)
    assert meta[META_LAST_SYNC] == "2026-12-06T09:00:00+00:00"  # the text an older version wrote and reads
    assert meta_instant(meta, META_LAST_SYNC) == NOW
    assert meta_instant(meta, META_LOADED_AT) is None and meta_instant({}, META_LAST_SYNC) is None
