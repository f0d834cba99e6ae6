"""Initial personal-data schema: adviser, young people, eligibility checks, metadata.

Revision ID: p0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "p0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "advisers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("first_name", sa.Text(), nullable=False),
        sa.Column("last_name", sa.Text(), nullable=False),
        sa.Column("structure", sa.String(16), nullable=False),
        sa.Column("agency_name", sa.Text(), nullable=False),
        sa.Column("agency_code", sa.String(16), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "young_people",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(36), nullable=False, unique=True),
        sa.Column("first_name", sa.Text(), nullable=False),
        sa.Column("last_name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("postal_code", sa.String(5), nullable=False),
        sa.Column("programme", sa.String(8), nullable=False),
        sa.Column("external_ref_kind", sa.String(16)),
        sa.Column("external_ref", sa.String(16)),
        sa.Column("cej_start", sa.Date()),
        sa.Column("cej_planned_end", sa.Date()),
        sa.Column("cej_real_end", sa.Date()),
        sa.Column("extended", sa.Boolean(), nullable=False),
        sa.Column("extension_reason", sa.Text(), nullable=False),
        sa.Column("last_contact", sa.Date()),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_index("ux_young_people_reference", "young_people", ["external_ref_kind", "external_ref"],
                    unique=True, sqlite_where=sa.text("external_ref IS NOT NULL"))
    op.create_index("ux_young_people_identity", "young_people", ["name_key", "birth_date"], unique=True)
    op.create_table(
        "eligibility_checks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("young_people.id", ondelete="CASCADE"), nullable=False),
        sa.Column("adviser_id", sa.Integer(), sa.ForeignKey("advisers.id", ondelete="SET NULL")),
        sa.Column("adviser_label", sa.Text(), nullable=False),
        sa.Column("checked_at", sa.String(32), nullable=False),
        sa.Column("reference_date", sa.Date(), nullable=False),
        sa.Column("rules_version", sa.String(32), nullable=False),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("reasons_json", sa.Text(), nullable=False),
        sa.Column("not_student", sa.Boolean()),
        sa.Column("not_in_training", sa.Boolean()),
        sa.Column("offers_eligible", sa.Integer(), nullable=False),
        sa.Column("offers_total", sa.Integer(), nullable=False),
    )
    op.create_index("ix_eligibility_checks_person_id", "eligibility_checks", ["person_id"])
    op.create_table(
        "personal_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    for table in ("personal_meta", "eligibility_checks", "young_people", "advisers"):
        op.drop_table(table)
