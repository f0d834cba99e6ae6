"""Initial catalogue schema: categories, partners, offers, links, metadata, FTS5 index.

Revision ID: c0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "c0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "categories",
        sa.Column("slug", sa.String(80), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "partners",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("color", sa.String(16)),
        sa.Column("url", sa.Text()),
        sa.Column("description", sa.Text()),
    )
    op.create_table(
        "offers",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("id", sa.String(80), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("sort_key", sa.Text(), nullable=False),
        sa.Column("subtitle", sa.Text(), nullable=False),
        sa.Column("partner_id", sa.String(80), nullable=False),
        sa.Column("tags_json", sa.Text(), nullable=False),
        sa.Column("valid_from", sa.Date()),
        sa.Column("valid_to", sa.Date()),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("renewable", sa.Boolean(), nullable=False),
        sa.Column("how_to_use_json", sa.Text(), nullable=False),
        sa.Column("conditions_json", sa.Text(), nullable=False),
        sa.Column("url", sa.Text()),
        sa.Column("scope", sa.String(8), nullable=False),
        sa.Column("territory_json", sa.Text(), nullable=False),
        sa.Column("age_min", sa.Integer()),
        sa.Column("age_max", sa.Integer()),
        sa.Column("discount_type", sa.String(8), nullable=False),
        sa.Column("discount_json", sa.Text(), nullable=False),
        sa.Column("usage_json", sa.Text(), nullable=False),
        sa.Column("stores_count", sa.Integer()),
    )
    op.create_index("ix_offers_sort_key", "offers", ["sort_key"])
    op.create_index("ix_offers_partner_id", "offers", ["partner_id"])
    op.create_index("ix_offers_validity", "offers", ["published", "valid_from", "valid_to"])
    op.create_table(
        "offer_categories",
        sa.Column("offer_pk", sa.Integer(), sa.ForeignKey("offers.pk", ondelete="CASCADE"), primary_key=True),
        sa.Column("category_slug", sa.String(80), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_index("ix_offer_categories_category_slug", "offer_categories", ["category_slug"])
    op.create_table(
        "offer_departements",
        sa.Column("offer_pk", sa.Integer(), sa.ForeignKey("offers.pk", ondelete="CASCADE"), primary_key=True),
        sa.Column("departement", sa.String(3), primary_key=True),
    )
    op.create_index("ix_offer_departements_departement", "offer_departements", ["departement"])
    op.create_table(
        "catalogue_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.execute(
        "CREATE VIRTUAL TABLE offer_fts USING fts5(title, subtitle, partner, category, tags, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
    )


def downgrade() -> None:
    op.execute("DROP TABLE offer_fts")
    for table in ("catalogue_meta", "offer_departements", "offer_categories", "offers", "partners", "categories"):
        op.drop_table(table)
