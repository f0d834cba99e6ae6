"""Audit log of reads and writes of personal data, filled by triggers for every write.

Writes are recorded by the database itself (triggers on ``young_people``,
``eligibility_checks`` and ``advisers``), so no code path can forget them; reads are
recorded by the operations that read (``pej_desktop.store.audit.record``). Entries name
a file by its internal id and uid only — never a name or a date of birth — and carry no
foreign key to ``young_people``: the record of an erasure outlives the erased file.

Careful in later migrations: ``batch_alter_table`` on ``young_people`` rebuilds the table
and SQLite drops its triggers with it. Re-create them (``create_audit_triggers``) after
such a step; ``tests/unit/test_audit.py`` checks they exist at the head.

Revision ID: p0002
Revises: p0001
"""

import sqlalchemy as sa
from alembic import op

revision = "p0002"
down_revision = "p0001"
branch_labels = None
depends_on = None

NOW = "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')"
ADVISER_ID = "(SELECT id FROM advisers ORDER BY id DESC LIMIT 1)"
ACTOR = "COALESCE((SELECT first_name || ' ' || last_name FROM advisers ORDER BY id DESC LIMIT 1), '')"
# Columns whose change is worth an entry (``updated_at`` alone is not a change).
PERSON_COLUMNS = ("first_name", "last_name", "birth_date", "postal_code", "programme", "external_ref_kind",
                  "external_ref", "cej_start", "cej_planned_end", "cej_real_end", "extended",
                  "extension_reason", "last_contact")
TRIGGERS = ("audit_person_insert", "audit_person_update", "audit_person_delete", "audit_check_insert",
            "audit_adviser_insert", "audit_adviser_update")


def _insert(action: str, person_id: str, person_uid: str, detail: str) -> str:
    return ("INSERT INTO audit_log (at, adviser_id, actor, action, person_id, person_uid, detail) "
            f"VALUES ({NOW}, {ADVISER_ID}, {ACTOR}, '{action}', {person_id}, {person_uid}, {detail});")


def create_audit_triggers() -> None:
    changed = " || ".join(f"CASE WHEN OLD.{c} IS NOT NEW.{c} THEN '{c},' ELSE '' END" for c in PERSON_COLUMNS)
    any_change = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in PERSON_COLUMNS)
    statements = {
        "audit_person_insert": "AFTER INSERT ON young_people BEGIN "
                               + _insert("create", "NEW.id", "NEW.uid", "''") + " END",
        "audit_person_update": f"AFTER UPDATE ON young_people WHEN {any_change} BEGIN "
                               + _insert("update", "NEW.id", "NEW.uid", f"rtrim({changed}, ',')") + " END",
        "audit_person_delete": "AFTER DELETE ON young_people BEGIN "
                               + _insert("delete", "OLD.id", "OLD.uid", "''") + " END",
        "audit_check_insert": "AFTER INSERT ON eligibility_checks BEGIN "
                              + _insert("check", "NEW.person_id",
                                        "(SELECT uid FROM young_people WHERE id = NEW.person_id)", "NEW.result")
                              + " END",
        "audit_adviser_insert": "AFTER INSERT ON advisers BEGIN " + _insert("adviser", "NULL", "NULL", "''") + " END",
        "audit_adviser_update": "AFTER UPDATE ON advisers BEGIN " + _insert("adviser", "NULL", "NULL", "''") + " END",
    }
    for name, body in statements.items():
        op.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("adviser_id", sa.Integer(), sa.ForeignKey("advisers.id", ondelete="SET NULL")),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("person_id", sa.Integer()),
        sa.Column("person_uid", sa.String(36)),
        sa.Column("detail", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_person_uid", "audit_log", ["person_uid"])
    create_audit_triggers()


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("audit_log")
