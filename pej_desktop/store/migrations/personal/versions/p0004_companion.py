"""Interview companion: needs checklist, feedback on offers, unmet searches, offers first seen.

Also gives the outbox a ``kind``: besides activations (the default, so existing
entries keep their meaning), it now carries reports on offers (``report``) and
batches of unmet-search counts (``unmet_searches``). The outbox's ``activation_uid``
column is the entry's Idempotency-Key whatever its kind.

Saving needs and recording feedback are audited by the operations that write them
(``pej_desktop.ops.interview``, ``pej_desktop.ops.offer_feedback``), with the file's id only.

Revision ID: p0004
Revises: p0003
"""

import sqlalchemy as sa
from alembic import op

revision = "p0004"
down_revision = "p0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_needs",
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("young_people.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("needs_json", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.String(32), nullable=False),
        sa.Column("adviser_id", sa.Integer(), sa.ForeignKey("advisers.id", ondelete="SET NULL")),
    )
    op.create_table(
        "offer_feedback",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(36), nullable=False, unique=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("young_people.id", ondelete="CASCADE"), nullable=False),
        sa.Column("activation_uid", sa.String(36)),
        sa.Column("offer_id", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False),
        sa.Column("adviser_id", sa.Integer(), sa.ForeignKey("advisers.id", ondelete="SET NULL")),
    )
    op.create_index("ix_offer_feedback_person_id", "offer_feedback", ["person_id"])
    op.create_table(
        "unmet_searches",
        sa.Column("query", sa.String(80), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
    )
    op.create_table(
        "offers_first_seen",
        sa.Column("offer_id", sa.String(80), primary_key=True),
        sa.Column("first_seen", sa.Date(), nullable=False),
    )
    # Plain ALTER TABLE (no batch rebuild): the outbox keeps its rows and constraints.
    op.execute("ALTER TABLE outbox ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'activation'")


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("kind")
    for table in ("offers_first_seen", "unmet_searches", "offer_feedback", "person_needs"):
        op.drop_table(table)
