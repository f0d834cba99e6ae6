"""The companion's tables in the encrypted personal file: needs, feedback, outbox kinds, searches, first seen."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from pej_desktop.domain.needs import NeedEntry, NeedsChecklist
from pej_desktop.ops import activations as activation_ops
from pej_desktop.ops import interview as interview_ops
from pej_desktop.ops import offer_feedback
from pej_desktop.ops import people as people_ops
from pej_desktop.store import activations as activation_store
from pej_desktop.store import audit, interview_tables
from pej_desktop.store import interview as interview_rows
from pej_desktop.store import offer_feedback as feedback_rows
from pej_desktop.store.migrate import head_revision
from pej_desktop.store.personal import PERSONAL_MIGRATIONS
from tests.support.companion_data import TODAY, open_store, ready_person, young_person

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
NEEDS = NeedsChecklist.of([NeedEntry("transport", 6000), NeedEntry("food")])


@pytest.fixture
def store(paths):  # type: ignore[no-untyped-def]
    opened = open_store(paths)
    yield opened
    opened.close()


def test_one_head_and_the_spec_follows_it() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(PERSONAL_MIGRATIONS.script_location))
    assert script.get_heads() == [PERSONAL_MIGRATIONS.head] == [head_revision(PERSONAL_MIGRATIONS)]


def test_needs_round_trip_audited_and_erased_with_the_file(store, catalogue) -> None:
    person_id = ready_person(store, catalogue)
    interview_ops.save_needs(store, person_id, NEEDS, now=NOW)
    with store.read() as conn:
        saved = interview_rows.load_needs(conn, person_id)
        actions = [e.action for e in audit.list_entries(conn)]
    assert saved.checklist == NEEDS and saved.saved_at == NOW
    assert "needs" in actions
    interview_ops.save_needs(store, person_id, NeedsChecklist(), now=NOW)  # unticking everything is a save too
    with store.read() as conn:
        assert interview_rows.load_needs(conn, person_id).checklist == NeedsChecklist()
    people_ops.delete_young_person(store, person_id)
    with store.read() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM person_needs").scalar() == 0
    with pytest.raises(interview_ops.InterviewRefused, match="n'existe plus"):
        interview_ops.save_needs(store, person_id, NEEDS, now=NOW)


def test_feedback_is_queued_as_a_report_beside_activations_without_disturbing_them(store, catalogue) -> None:
    person_id = ready_person(store, catalogue)
    report = activation_ops.activate_offers(store, catalogue, person_id, ["demo-mob-005"], now=NOW)
    [activated] = report.activated
    with store.write() as conn:  # as if it had been made against the national API
        conn.exec_driver_sql("UPDATE activations SET api = 'https://api.example' WHERE id = ?",
                             (activated.activation_id,))
        uid = conn.exec_driver_sql("SELECT uid FROM activations WHERE id = ?", (activated.activation_id,)).scalar()
    assert offer_feedback.record_feedback(store, person_id, uid, "code_failed", now=NOW) is True
    with store.read() as conn:
        [entry] = feedback_rows.feedback_entries(conn, "https://api.example", NOW, force=True)
        assert activation_store.pending_count(conn) == 0  # « en attente d'envoi » counts activations only
        assert activation_store.due_entries(conn, "https://api.example", NOW, force=True) == []
        assert activation_store.outbox_entries(conn) == []
        assert feedback_rows.feedback_by_activation(conn, person_id) == {uid: "code_failed"}
    assert entry.kind == "report" and entry.title == activated.title
    assert entry.payload == {"id": entry.activation_uid, "offer_id": "demo-mob-005", "kind": "code_failed",
                             "reported_at": NOW.isoformat(), "activation_id": uid,
                             "device_id": entry.payload["device_id"]}
    assert "Fontvieille" not in json.dumps(entry.payload) and "Inès" not in json.dumps(entry.payload)


def test_feedback_on_a_demo_activation_stays_here(store, catalogue) -> None:
    person_id = ready_person(store, catalogue)
    activation_ops.activate_offers(store, catalogue, person_id, ["demo-ali-001"], now=NOW)
    with store.read() as conn:
        [made] = activation_store.person_activations(conn, person_id)
    assert offer_feedback.record_feedback(store, person_id, made.uid, "worked", now=NOW) is False
    with store.read() as conn:
        assert feedback_rows.feedback_pending(conn) == 0
        assert feedback_rows.feedback_by_activation(conn, person_id) == {made.uid: "worked"}
    with pytest.raises(interview_ops.InterviewRefused):
        offer_feedback.record_feedback(store, person_id, "not-an-activation", "worked", now=NOW)
    with pytest.raises(interview_ops.InterviewRefused):
        offer_feedback.record_feedback(store, person_id, made.uid, "great", now=NOW)


def test_unmet_searches_are_counted_anonymously_then_batched(store, catalogue) -> None:
    ready_person(store, catalogue, young_person("Rosalind", "Quenardel"))
    assert offer_feedback.count_unmet_search(store, catalogue, "Vélo électrique", day=TODAY) == "velo electrique"
    assert offer_feedback.count_unmet_search(store, catalogue, "velo  ELECTRIQUE", day=TODAY) == "velo electrique"
    earlier = TODAY - dt.timedelta(days=3)
    assert offer_feedback.count_unmet_search(store, catalogue, "permis moto", day=earlier) == "permis"
    assert offer_feedback.count_unmet_search(store, catalogue, "quenardel", day=TODAY) is None  # a name on file
    with store.read() as conn:
        assert feedback_rows.unmet_search_total(conn) == 3
    assert offer_feedback.queue_unmet_searches(store, "demo", now=NOW) == 0  # the demo has nobody to tell
    assert offer_feedback.queue_unmet_searches(store, "https://api.example", now=NOW) == 1
    with store.read() as conn:
        [batch] = feedback_rows.feedback_entries(conn, "https://api.example", NOW, force=True)
        assert feedback_rows.unmet_search_total(conn) == 0
    assert batch.kind == "unmet_searches"
    assert batch.payload["searches"] == [{"query": "permis", "count": 1}, {"query": "velo electrique", "count": 2}]
    assert batch.payload["first_day"] == (TODAY - dt.timedelta(days=3)).isoformat()
    assert set(batch.payload) == {"id", "first_day", "last_day", "searches"}  # no device, no adviser


def test_offers_first_seen(store) -> None:
    with store.write() as conn:
        assert interview_rows.note_offers_seen(conn, ["a", "b"], TODAY) == 2
        assert interview_rows.note_offers_seen(conn, ["a", "b", "c"], TODAY + dt.timedelta(days=1)) == 1
        seen = interview_rows.first_seen(conn, ["a", "b", "c", "unknown"])
        asked = interview_rows.first_seen(conn, ["c"])
    # What was there at the first fill is "known before"; later arrivals carry their day.
    known = interview_tables.KNOWN_BEFORE
    assert seen == {"a": known, "b": known, "c": TODAY + dt.timedelta(days=1)}
    assert asked == {"c": TODAY + dt.timedelta(days=1)}  # only the offers asked for
