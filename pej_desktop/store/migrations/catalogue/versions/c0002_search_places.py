"""The full-text index knows where local offers apply: a ``places`` column.

Each local offer's row lists its départements (those it names and those of its
communes) as tokens no typed word can reach: a private-use mark (U+E000) then the
code, « \ue00069 ». The browser lists the local offers of the adviser's département
first by matching ``{places}`` beside the typed words, in one FTS5 query (a join on
``offer_departements`` cost as much as the search itself on broad queries). bm25
gives the column no weight: relevance is unchanged.

Revision ID: c0002
Revises: c0001
"""

from alembic import op

revision = "c0002"
down_revision = "c0001"
branch_labels = None
depends_on = None

_OPTIONS = "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'"
_TEXT = "title, subtitle, partner, category, tags"


def upgrade() -> None:
    op.execute(f"CREATE VIRTUAL TABLE offer_fts_places USING fts5({_TEXT}, places, {_OPTIONS})")
    op.execute(
        f"INSERT INTO offer_fts_places(rowid, {_TEXT}, places) SELECT f.rowid, {_TEXT}, "
        "COALESCE((SELECT group_concat(char(57344) || lower(d.departement), ' ') FROM "
        "  (SELECT departement FROM offer_departements WHERE offer_pk = f.rowid ORDER BY departement) d), '') "
        "FROM offer_fts f"
    )
    op.execute("DROP TABLE offer_fts")
    op.execute("ALTER TABLE offer_fts_places RENAME TO offer_fts")


def downgrade() -> None:
    op.execute(f"CREATE VIRTUAL TABLE offer_fts_text USING fts5({_TEXT}, {_OPTIONS})")
    op.execute(f"INSERT INTO offer_fts_text(rowid, {_TEXT}) SELECT rowid, {_TEXT} FROM offer_fts")
    op.execute("DROP TABLE offer_fts")
    op.execute("ALTER TABLE offer_fts_text RENAME TO offer_fts")
