"""SQLAlchemy tables of the local catalogue (a copy of the national one).

Lists and structured blocks (tags, steps, conditions, discount) are stored as JSON
text: they are read whole for display and never queried inside. What is queried —
categories, départements, channel, validity — has columns or link tables of its own.

Declared as Core tables, not ORM classes: nothing maps rows to objects (``offer_rows``
maps by column name), and the window lists offers without importing ``sqlalchemy.orm``
(about 35 ms of its cold start).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, Integer, MetaData, String, Table, Text

CATALOGUE_METADATA = MetaData()

CATEGORIES = Table(
    "categories", CATALOGUE_METADATA,
    Column("slug", String(80), primary_key=True),
    Column("name", Text, nullable=False),
    Column("position", Integer, nullable=False, default=0),
)

PARTNERS = Table(
    "partners", CATALOGUE_METADATA,
    Column("id", String(80), primary_key=True),
    Column("name", Text, nullable=False),
    Column("color", String(16)),
    Column("url", Text),
    Column("description", Text),
)

# An integer key keeps the full-text index's rowid stable across VACUUM.
OFFERS = Table(
    "offers", CATALOGUE_METADATA,
    Column("pk", Integer, primary_key=True),
    Column("id", String(80), unique=True, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("channel", String(8), nullable=False),
    Column("title", Text, nullable=False),
    Column("sort_key", Text, index=True, nullable=False),
    Column("subtitle", Text, nullable=False, default=""),
    Column("partner_id", String(80), index=True, nullable=False),
    Column("tags_json", Text, nullable=False, default="[]"),
    Column("valid_from", Date),
    Column("valid_to", Date),
    Column("published", Boolean, nullable=False, default=True),
    Column("renewable", Boolean, nullable=False, default=False),
    Column("how_to_use_json", Text, nullable=False, default="[]"),
    Column("conditions_json", Text, nullable=False, default="[]"),
    Column("url", Text),
    Column("scope", String(8), nullable=False, default="national"),
    Column("territory_json", Text, nullable=False, default='{"scope": "national"}'),
    Column("age_min", Integer),
    Column("age_max", Integer),
    Column("discount_type", String(8), nullable=False),
    Column("discount_json", Text, nullable=False),
    Column("usage_json", Text, nullable=False),
    Column("stores_count", Integer),
    Index("ix_offers_validity", "published", "valid_from", "valid_to"),
)

OFFER_CATEGORIES = Table(
    "offer_categories", CATALOGUE_METADATA,
    Column("offer_pk", Integer, ForeignKey("offers.pk", ondelete="CASCADE"), primary_key=True),
    Column("category_slug", String(80), primary_key=True, index=True),
    Column("position", Integer, nullable=False, default=0),
)

OFFER_DEPARTEMENTS = Table(
    "offer_departements", CATALOGUE_METADATA,
    Column("offer_pk", Integer, ForeignKey("offers.pk", ondelete="CASCADE"), primary_key=True),
    Column("departement", String(3), primary_key=True, index=True),
)

# Key/value facts about the local copy: source, version, last sync, cursor.
CATALOGUE_META = Table(
    "catalogue_meta", CATALOGUE_METADATA,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# bm25 weights, in the column order of offer_fts (title, subtitle, partner, category, tags;
# created by migration c0001; places, added by c0002): a hit in the title counts most, the
# places never count (they only filter).
FTS_WEIGHTS = (10.0, 3.0, 6.0, 2.0, 4.0, 0.0)
# A local offer's départements in its full-text row: this mark, then the code in lower case.
# The mark is a private-use character, which no typed word holds (``text.query_tokens``
# keeps letters and digits), so a query never reaches these tokens by accident.
PLACE_MARK = "\ue000"


def place_token(departement: str) -> str:
    """The full-text token of a département in the ``places`` column (« 2A » → mark + « 2a »)."""
    return PLACE_MARK + departement.lower()


def places_text(departements: Iterable[str]) -> str:
    """The ``places`` column of an offer covering these départements (empty for a national one)."""
    return " ".join(place_token(d) for d in sorted(set(departements)))
