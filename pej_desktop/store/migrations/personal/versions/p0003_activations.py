"""Activations, their outbox, the code reserve, national code levels and the print log.

Activations are audited by triggers, as the other writes of personal data are
(p0002): an activation recorded, an activation refused by the national side, a
document printed or saved. The entries name the offer, never the young person.

Revision ID: p0003
Revises: p0002
"""

import sqlalchemy as sa
from alembic import op

revision = "p0003"
down_revision = "p0002"
branch_labels = None
depends_on = None

NOW = "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')"
ADVISER_ID = "(SELECT id FROM advisers ORDER BY id DESC LIMIT 1)"
ACTOR = "COALESCE((SELECT first_name || ' ' || last_name FROM advisers ORDER BY id DESC LIMIT 1), '')"
TRIGGERS = ("audit_activation_insert", "audit_activation_refused", "audit_print_insert")


def _audit(action: str, person_id: str, detail: str) -> str:
    return ("INSERT INTO audit_log (at, adviser_id, actor, action, person_id, person_uid, detail) "
            f"VALUES ({NOW}, {ADVISER_ID}, {ACTOR}, '{action}', {person_id}, "
            f"(SELECT uid FROM young_people WHERE id = {person_id}), {detail});")


def _tables() -> None:
    op.create_table(
        "activations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(36), nullable=False, unique=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("young_people.id", ondelete="CASCADE"), nullable=False),
        sa.Column("offer_id", sa.String(80), nullable=False),
        sa.Column("offer_title", sa.Text(), nullable=False),
        sa.Column("offer_kind", sa.String(16), nullable=False),
        sa.Column("renewable", sa.Boolean(), nullable=False),
        sa.Column("adviser_id", sa.Integer(), sa.ForeignKey("advisers.id", ondelete="SET NULL")),
        sa.Column("adviser_label", sa.Text(), nullable=False),
        sa.Column("activated_at", sa.String(32), nullable=False),
        sa.Column("api", sa.Text(), nullable=False),
        sa.Column("code", sa.String(128)),
        sa.Column("code_source", sa.String(16)),
        sa.Column("saving_per_use_cents", sa.Integer(), nullable=False),
        sa.Column("saving_per_month_cents", sa.Integer()),
        sa.Column("saving_basis", sa.Text(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("outcome_at", sa.String(32)),
        sa.Column("refusal_slug", sa.String(64)),
        sa.Column("refusal_title", sa.Text()),
        sa.Column("refusal_detail", sa.Text()),
        sa.Column("acknowledged_at", sa.String(32)),
        sa.Column("used_at", sa.String(32)),
    )
    op.create_index("ix_activations_person_id", "activations", ["person_id"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("activation_uid", sa.String(36), nullable=False, unique=True),
        sa.Column("api", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.String(32), nullable=False),
        sa.Column("last_error", sa.Text()),
        sa.Column("origin", sa.String(16), nullable=False, server_default="local"),
        sa.Column("exported_at", sa.String(32)),
    )
    op.create_table(
        "code_reserve",
        sa.Column("api", sa.Text(), nullable=False),
        sa.Column("offer_id", sa.String(80), nullable=False),
        sa.Column("code", sa.String(128), nullable=False),
        sa.Column("expires_at", sa.String(32)),
        sa.Column("handed_to", sa.String(36)),
        sa.Column("received_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("api", "offer_id", "code"),
    )
    op.create_table(
        "code_levels",
        sa.Column("api", sa.Text(), nullable=False),
        sa.Column("offer_id", sa.String(80), nullable=False),
        sa.Column("available", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("api", "offer_id"),
    )
    op.create_table(
        "print_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("output", sa.String(8), nullable=False),
        sa.Column("document_hash", sa.String(80), nullable=False),
        sa.Column("adviser_id", sa.Integer(), sa.ForeignKey("advisers.id", ondelete="SET NULL")),
        sa.Column("adviser_label", sa.Text(), nullable=False),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("young_people.id", ondelete="CASCADE")),
    )
    op.create_index("ix_print_log_person_id", "print_log", ["person_id"])


def _triggers() -> None:
    statements = {
        "audit_activation_insert": "AFTER INSERT ON activations BEGIN "
                                   + _audit("activation", "NEW.person_id", "NEW.offer_id") + " END",
        "audit_activation_refused": "AFTER UPDATE OF state ON activations "
                                    "WHEN NEW.state = 'rejected' AND OLD.state IS NOT 'rejected' BEGIN "
                                    + _audit("activation_refused", "NEW.person_id", "NEW.offer_id") + " END",
        "audit_print_insert": "AFTER INSERT ON print_log BEGIN "
                              + _audit("print", "NEW.person_id", "NEW.output || ' ' || NEW.document_hash") + " END",
    }
    for name, body in statements.items():
        op.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def upgrade() -> None:
    _tables()
    _triggers()


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table in ("print_log", "code_levels", "code_reserve", "outbox", "activations"):
        op.drop_table(table)
