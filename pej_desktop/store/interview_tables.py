"""Tables of the interview in the personal file (migration p0004).

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

from sqlalchemy import (
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from pej_desktop.store.personal_models import PersonalBase
from pej_desktop.store.types import UtcDateTime

OUTBOX_REPORT, OUTBOX_UNMET = "report", "unmet_searches"  # outbox kinds, beside "activation"


UNMET_BATCH = 500


KNOWN_BEFORE = dt.date(2000, 1, 1)  # first_seen of the offers present when the table was first filled


PERSON_NEEDS = Table(
    "person_needs", PersonalBase.metadata,
    Column("person_id", Integer, ForeignKey("young_people.id", ondelete="CASCADE"), primary_key=True),
    Column("needs_json", Text, nullable=False),  # [{"key": "transport", "monthly_cents": 6000}, …]
    Column("saved_at", UtcDateTime(), nullable=False),
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
    Column("recorded_at", UtcDateTime(), nullable=False),
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
