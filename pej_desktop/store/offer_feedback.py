"""The young person's feedback on offers and the searches that found nothing: stored,
counted, and queued in the outbox for the national team (tables in ``interview_tables``)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    delete,
    func,
    insert,
    select,
)

from pej_desktop.store.activation_tables import OUTBOX
from pej_desktop.store.activations import OutboxEntry
from pej_desktop.store.interview_tables import (
    OFFER_FEEDBACK,
    OUTBOX_REPORT,
    OUTBOX_UNMET,
    UNMET_BATCH,
    UNMET_SEARCHES,
)


# -- feedback ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FeedbackRow:
    uid: str
    person_id: int
    activation_uid: str | None
    offer_id: str
    kind: str
    recorded_at: dt.datetime
    adviser_id: int | None


def insert_feedback(conn: Connection, row: FeedbackRow) -> None:
    conn.execute(insert(OFFER_FEEDBACK).values(**row.__dict__))


def feedback_by_activation(conn: Connection, person_id: int) -> dict[str, str]:
    """The latest feedback kind recorded for each of the person's activations."""
    rows = conn.execute(select(OFFER_FEEDBACK.c.activation_uid, OFFER_FEEDBACK.c.kind)
                        .where(OFFER_FEEDBACK.c.person_id == person_id, OFFER_FEEDBACK.c.activation_uid.isnot(None))
                        .order_by(OFFER_FEEDBACK.c.recorded_at, OFFER_FEEDBACK.c.id))
    return {uid: kind for uid, kind in rows}


def all_feedback(conn: Connection) -> list[tuple[str, str, str, int | None]]:
    """(offer_id, kind, local day "YYYY-MM-DD", adviser_id) of every feedback: what the dashboard counts."""
    return conn.exec_driver_sql("SELECT offer_id, kind, date(recorded_at, 'localtime'), adviser_id "
                                "FROM offer_feedback").all()  # type: ignore[return-value]


# -- unmet searches --------------------------------------------------------------------------------------
def count_unmet_search(conn: Connection, key: str, day: dt.date) -> None:
    row = conn.execute(select(UNMET_SEARCHES.c.count).where(UNMET_SEARCHES.c.query == key)).first()
    if row is None:
        conn.execute(insert(UNMET_SEARCHES).values(query=key, count=1, first_day=day, last_day=day))
    else:
        conn.execute(UNMET_SEARCHES.update().where(UNMET_SEARCHES.c.query == key)
                     .values(count=row._mapping["count"] + 1, last_day=day))


def take_unmet_searches(conn: Connection, limit: int) -> list[tuple[str, int, dt.date, dt.date]]:
    """Up to ``limit`` counts, removed in the caller's transaction (which queues them to send)."""
    rows = conn.execute(select(UNMET_SEARCHES).order_by(UNMET_SEARCHES.c.query).limit(limit)).all()
    keys = [r.query for r in rows]
    if keys:
        conn.execute(delete(UNMET_SEARCHES).where(UNMET_SEARCHES.c.query.in_(keys)))
    return [(r.query, r._mapping["count"], r.first_day, r.last_day) for r in rows]


def unmet_search_total(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.sum(UNMET_SEARCHES.c.count), 0))).scalar_one())


# -- the outbox (table of migration p0003, ``kind`` of p0004) ----------------------------------------------
def queue_outbox(conn: Connection, *, uid: str, api: str, kind: str, payload: dict[str, Any], title: str,
                 now: dt.datetime) -> None:
    """An entry sent as stored at the next sync, ``uid`` being its Idempotency-Key."""
    conn.execute(insert(OUTBOX).values(
        activation_uid=uid, api=api, kind=kind, payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
        title=title, created_at=now, attempts=0, next_attempt_at=now, origin="local"))


def queue_unmet_searches(conn: Connection, api: str, *, now: dt.datetime) -> int:
    """Move the counts into outbox batches for ``api``; the number of batches queued."""
    batches = 0
    while rows := take_unmet_searches(conn, UNMET_BATCH):
        uid = str(uuid.uuid4())
        payload = {"id": uid, "first_day": min(r[2] for r in rows).isoformat(),
                   "last_day": max(r[3] for r in rows).isoformat(),
                   "searches": [{"query": q, "count": n} for q, n, _first, _last in rows]}
        queue_outbox(conn, uid=uid, api=api, kind=OUTBOX_UNMET, payload=payload, title="Recherches sans résultat",
                     now=now)
        batches += 1
    return batches


def feedback_entries(conn: Connection, api: str, now: dt.datetime, *, force: bool) -> list[OutboxEntry]:
    """Reports and batches owed to ``api`` whose backoff has run out (all when ``force``), oldest first."""
    query = select(OUTBOX).where(OUTBOX.c.api == api, OUTBOX.c.kind.in_((OUTBOX_REPORT, OUTBOX_UNMET))) \
        .order_by(OUTBOX.c.created_at, OUTBOX.c.id)
    if not force:
        query = query.where(OUTBOX.c.next_attempt_at <= now)
    rows = conn.execute(query).mappings()
    return [OutboxEntry(**{**dict(row), "payload": json.loads(row["payload"])}) for row in rows]


def remove_outbox_entry(conn: Connection, uid: str) -> None:
    conn.execute(delete(OUTBOX).where(OUTBOX.c.activation_uid == uid))


def feedback_pending(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(OUTBOX)
                            .where(OUTBOX.c.kind.in_((OUTBOX_REPORT, OUTBOX_UNMET)))).scalar_one())
