"""Tables of activations, their outbox, the code reserve and the print log (migration p0003).

They live in the encrypted personal file, not in the catalogue: the catalogue can be
downloaded again at any time, these rows cannot. ``activations`` and ``print_log``
point at a young person with ``ON DELETE CASCADE`` (erasing a file erases them);
``outbox`` does not: an activation already handed to a young person is still owed to
the national side after the file is erased, and its payload names the person only by
a pseudonymous id. ``code_reserve`` holds the codes lent to this device per API
("demo" for the demonstration catalogue's own codes).
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, PrimaryKeyConstraint, String, Table, Text

from pej_desktop.store.personal_models import PersonalBase
from pej_desktop.store.types import UtcDateTime

DEMO_API = "demo"

ACTIVATIONS = Table(
    "activations", PersonalBase.metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(36), nullable=False, unique=True),  # the Idempotency-Key upstream
    Column("person_id", Integer, ForeignKey("young_people.id", ondelete="CASCADE"), nullable=False),
    Column("offer_id", String(80), nullable=False),
    Column("offer_title", Text, nullable=False),  # as it was: the offer may leave the catalogue
    Column("offer_kind", String(16), nullable=False),
    Column("renewable", Boolean, nullable=False),
    Column("adviser_id", Integer, ForeignKey("advisers.id", ondelete="SET NULL")),
    Column("adviser_label", Text, nullable=False),
    Column("activated_at", UtcDateTime(), nullable=False),
    Column("api", Text, nullable=False),  # the API it is owed to, or "demo"
    Column("code", String(128)),
    Column("code_source", String(16)),  # "lease" | "demo" | "pool" (completed upstream) | NULL
    Column("saving_per_use_cents", Integer, nullable=False),
    Column("saving_per_month_cents", Integer),
    Column("saving_basis", Text, nullable=False),
    Column("state", String(16), nullable=False),  # pending | accepted | rejected | demo
    Column("outcome_at", UtcDateTime()),
    Column("refusal_slug", String(64)),
    Column("refusal_title", Text),
    Column("refusal_detail", Text),
    Column("acknowledged_at", UtcDateTime()),
    Column("used_at", UtcDateTime()),
    Column("uses_per_month", Integer),  # agreed with the young person, renewable offers (p0005); NULL: 1
    Index("ix_activations_person_id", "person_id"),
)

OUTBOX = Table(
    "outbox", PersonalBase.metadata,
    Column("id", Integer, primary_key=True),
    Column("activation_uid", String(36), nullable=False, unique=True),
    Column("api", Text, nullable=False),
    Column("payload", Text, nullable=False),  # the JSON body, sent as is (same key, same body)
    Column("title", Text, nullable=False, server_default=""),  # the offer's title, for the adviser
    Column("created_at", UtcDateTime(), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", UtcDateTime(), nullable=False),  # persisted backoff
    Column("last_error", Text),
    Column("origin", String(16), nullable=False, server_default="local"),  # local | imported
    Column("exported_at", UtcDateTime()),
    # "activation", or a report / unmet-search batch of the interview companion (migration p0004)
    Column("kind", String(16), nullable=False, server_default="activation"),
)

CODE_RESERVE = Table(
    "code_reserve", PersonalBase.metadata,
    Column("api", Text, nullable=False),
    Column("offer_id", String(80), nullable=False),
    Column("code", String(128), nullable=False),
    Column("expires_at", UtcDateTime()),  # this device's clock, UTC; NULL: never (demo)
    Column("handed_to", String(36)),  # the activation uid once handed to a young person
    Column("received_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("api", "offer_id", "code"),
)

CODE_LEVELS = Table(
    "code_levels", PersonalBase.metadata,
    Column("api", Text, nullable=False),
    Column("offer_id", String(80), nullable=False),
    Column("available", Integer, nullable=False),  # free codes nationally at the last sync
    Column("checked_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("api", "offer_id"),
)

PRINT_LOG = Table(
    "print_log", PersonalBase.metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("kind", String(16), nullable=False),  # "summary" | "offer_sheets"
    Column("output", String(8), nullable=False),  # "print" | "pdf"
    Column("document_hash", String(80), nullable=False),  # sha256 of the bytes; never the PDF
    Column("adviser_id", Integer, ForeignKey("advisers.id", ondelete="SET NULL")),
    Column("adviser_label", Text, nullable=False),
    Column("person_id", Integer, ForeignKey("young_people.id", ondelete="CASCADE")),
    Index("ix_print_log_person_id", "person_id"),
)
