"""Tables of the interview companion in the personal file (migration p0004), and their queries.

- ``person_needs``: the needs checklist of a young person (one row, replaced when saved).
- ``offer_feedback``: the young person's feedback on an offer, also queued in the outbox
  as a report for the national API.
- ``unmet_searches``: catalogue searches that found nothing, counted per folded query
  until the next sync sends them (anonymous: no person, no adviser, no time of day).
- ``offers_first_seen``: the day this computer first saw each offer of the catalogue,
  so "new offers since the last interview" can be told.

The first two point at a young person with ``ON DELETE CASCADE``: erasing a file erases
its needs and feedback (a report already queued stays in the outbox: it names no one).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Date,
    ForeignKey,
    Index,
    Integer,
    Row,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
)

from pej_desktop.domain.needs import NeedEntry, NeedsChecklist
from pej_desktop.domain.records import Discount, Usage
from pej_desktop.store.activation_tables import OUTBOX
from pej_desktop.store.activations import OutboxEntry
from pej_desktop.store.personal_models import PersonalBase

OUTBOX_REPORT, OUTBOX_UNMET = "report", "unmet_searches"  # outbox kinds, beside "activation"
UNMET_BATCH = 500
KNOWN_BEFORE = dt.date(2000, 1, 1)  # first_seen of the offers present when the table was first filled

PERSON_NEEDS = Table(
    "person_needs", PersonalBase.metadata,
    Column("person_id", Integer, ForeignKey("young_people.id", ondelete="CASCADE"), primary_key=True),
    Column("needs_json", Text, nullable=False),  # [{"key": "transport", "monthly_cents": 6000}, …]
    Column("saved_at", String(32), nullable=False),  # ISO 8601, UTC
    Column("adviser_id", Integer, ForeignKey("advisers.id", ondelete="SET NULL")),
)

OFFER_FEEDBACK = Table(
    "offer_feedback", PersonalBase.metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(36), nullable=False, unique=True),  # the report's Idempotency-Key upstream
    Column("person_id", Integer, ForeignKey("young_people.id", ondelete="CASCADE"), nullable=False),
    Column("activation_uid", String(36)),
    Column("offer_id", String(80), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("recorded_at", String(32), nullable=False),
    Column("adviser_id", Integer, ForeignKey("advisers.id", ondelete="SET NULL")),
    Index("ix_offer_feedback_person_id", "person_id"),
)

UNMET_SEARCHES = Table(
    "unmet_searches", PersonalBase.metadata,
    Column("query", String(80), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("first_day", Date, nullable=False),
    Column("last_day", Date, nullable=False),
)

OFFERS_FIRST_SEEN = Table(
    "offers_first_seen", PersonalBase.metadata,
    Column("offer_id", String(80), primary_key=True),
    Column("first_seen", Date, nullable=False),
)


# -- needs ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SavedNeeds:
    checklist: NeedsChecklist
    saved_at: dt.datetime | None  # None: never saved


def load_needs(conn: Connection, person_id: int) -> SavedNeeds:
    row = conn.execute(select(PERSON_NEEDS.c.needs_json, PERSON_NEEDS.c.saved_at)
                       .where(PERSON_NEEDS.c.person_id == person_id)).first()
    if row is None:
        return SavedNeeds(NeedsChecklist(), None)
    entries = [NeedEntry(str(e["key"]), e.get("monthly_cents")) for e in json.loads(row.needs_json)]
    return SavedNeeds(NeedsChecklist.of(entries), dt.datetime.fromisoformat(row.saved_at))


def save_needs(conn: Connection, person_id: int, checklist: NeedsChecklist, *, adviser_id: int | None,
               now: dt.datetime) -> None:
    document = json.dumps([{"key": e.key, "monthly_cents": e.monthly_cents} for e in checklist.entries])
    conn.execute(delete(PERSON_NEEDS).where(PERSON_NEEDS.c.person_id == person_id))
    conn.execute(insert(PERSON_NEEDS).values(person_id=person_id, needs_json=document, adviser_id=adviser_id,
                                             saved_at=_iso(now)))


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
    conn.execute(insert(OFFER_FEEDBACK).values(**{**row.__dict__, "recorded_at": _iso(row.recorded_at)}))


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


_FACTS_OF_ACTIVATIONS = (
    "SELECT date(activated_at, 'localtime'), person_id, offer_id, adviser_id, "
    "CASE WHEN renewable THEN saving_per_use_cents * COALESCE(uses_per_month, 1) ELSE 0 END, "
    "CASE WHEN renewable THEN 0 ELSE saving_per_use_cents END, state FROM activations "
    "WHERE activated_at >= ? AND activated_at < ?"
)


def activation_facts(conn: Connection, first: dt.date | None,
                     last: dt.date | None) -> Sequence[Row[Any]]:
    """(local day, person id, offer id, adviser id, monthly saving, one-time saving, state) of a period.

    Renewable offers save per month (per use × the agreed uses, 1 when not recorded),
    one-time offers once: the two are separate columns, as the dashboard shows them.

    Instants are stored in UTC: the bounds are widened by a day on each side here, and the
    exact local days are kept by the dashboard's own filter.
    """
    low = (first - dt.timedelta(days=1)).isoformat() if first else ""
    high = (last + dt.timedelta(days=2)).isoformat() if last else "~"
    return conn.exec_driver_sql(_FACTS_OF_ACTIVATIONS, (low, high)).all()


def activation_titles(conn: Connection, offer_ids: Iterable[str]) -> dict[str, str]:
    """The titles these offers had when they were activated (for offers gone from the catalogue)."""
    wanted, found = sorted(offer_ids), dict[str, str]()
    for offset in range(0, len(wanted), 500):
        chunk = wanted[offset:offset + 500]
        found.update(conn.exec_driver_sql(
            f"SELECT offer_id, offer_title FROM activations WHERE offer_id IN ({','.join('?' * len(chunk))}) "
            "GROUP BY offer_id", tuple(chunk)).all())
    return found


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
        title=title, created_at=_iso(now), attempts=0, next_attempt_at=_iso(now), origin="local"))


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


def companion_entries(conn: Connection, api: str, now: dt.datetime, *, force: bool) -> list[OutboxEntry]:
    """Reports and batches owed to ``api`` whose backoff has run out (all when ``force``), oldest first."""
    query = select(OUTBOX).where(OUTBOX.c.api == api, OUTBOX.c.kind.in_((OUTBOX_REPORT, OUTBOX_UNMET))) \
        .order_by(OUTBOX.c.created_at, OUTBOX.c.id)
    if not force:
        query = query.where(OUTBOX.c.next_attempt_at <= _iso(now))
    rows = conn.execute(query).mappings()
    return [OutboxEntry(**{**dict(row), "payload": json.loads(row["payload"])}) for row in rows]


def remove_outbox_entry(conn: Connection, uid: str) -> None:
    conn.execute(delete(OUTBOX).where(OUTBOX.c.activation_uid == uid))


def companion_pending(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(OUTBOX)
                            .where(OUTBOX.c.kind.in_((OUTBOX_REPORT, OUTBOX_UNMET)))).scalar_one())


# -- offers first seen ------------------------------------------------------------------------------------
def note_offers_seen(conn: Connection, offer_ids: Iterable[str], day: dt.date) -> int:
    """Stamp the offers not seen before with ``day`` (``KNOWN_BEFORE`` at the very first fill)."""
    known = set(conn.execute(select(OFFERS_FIRST_SEEN.c.offer_id)).scalars())
    stamp = day if known else KNOWN_BEFORE
    fresh = [{"offer_id": o, "first_seen": stamp} for o in dict.fromkeys(offer_ids) if o not in known]
    for offset in range(0, len(fresh), 5000):
        conn.execute(insert(OFFERS_FIRST_SEEN), fresh[offset:offset + 5000])
    return len(fresh)


def first_seen(conn: Connection) -> dict[str, dt.date]:
    return dict(conn.execute(select(OFFERS_FIRST_SEEN.c.offer_id, OFFERS_FIRST_SEEN.c.first_seen)).all())


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


# -- the catalogue side (another file: read with the catalogue's connection) -------------------------------
@dataclass(frozen=True)
class OfferFacts:
    """What ranking and follow-up read of a published offer."""

    pk: int
    id: str
    title: str
    partner: str
    kind: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    discount: Discount
    usage: Usage
    valid_from: dt.date | None
    valid_to: dt.date | None
    renewable: bool = False


_FACTS_SQL = (
    "SELECT o.pk, o.id, o.title, COALESCE(p.name, ''), o.kind, o.tags_json, o.discount_json, o.usage_json, "
    "o.valid_from, o.valid_to, (SELECT json_group_array(category_slug) FROM (SELECT category_slug "
    "FROM offer_categories WHERE offer_pk = o.pk ORDER BY position)), o.renewable "
    "FROM offers o LEFT JOIN partners p ON p.id = o.partner_id WHERE o.published = 1"
)
_NAMES_SQL = (  # position 0 is an offer's first category (catalogue_writer numbers them from 0)
    "SELECT o.id, o.title, COALESCE(c.name, '') FROM offers o "
    "LEFT JOIN offer_categories oc ON oc.offer_pk = o.pk AND oc.position = 0 "
    "LEFT JOIN categories c ON c.slug = oc.category_slug"
)


def load_offer_facts(catalogue_conn: Connection) -> dict[int, OfferFacts]:
    """Every published offer, by catalogue key; JSON blocks parsed once per distinct value."""
    discounts: dict[str, Discount] = {}
    usages: dict[str, Usage] = {}
    found: dict[int, OfferFacts] = {}
    for pk, ident, title, partner, kind, tags, discount, usage, start, end, categories, renewable in \
            catalogue_conn.exec_driver_sql(_FACTS_SQL):
        if discount not in discounts:
            discounts[discount] = Discount(**json.loads(discount))
        if usage not in usages:
            usages[usage] = Usage(**json.loads(usage))
        found[pk] = OfferFacts(pk, ident, title, partner, kind, tuple(json.loads(categories or "[]")),
                               tuple(json.loads(tags)), discounts[discount], usages[usage], _day(start), _day(end),
                               bool(renewable))
    return found


def offer_names(catalogue_conn: Connection) -> dict[str, tuple[str, str]]:
    """Offer id → (title, name of its first category), published or not."""
    return {ident: (title, category) for ident, title, category in catalogue_conn.exec_driver_sql(_NAMES_SQL)}


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
