"""SQLAlchemy models of the local catalogue (a copy of the national one).

Lists and structured blocks (tags, steps, conditions, discount) are stored as JSON
text: they are read whole for display and never queried inside. What is queried —
categories, départements, channel, validity — has columns or link tables of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class CatalogueBase(DeclarativeBase):
    pass


class Category(CatalogueBase):
    __tablename__ = "categories"

    slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Partner(CatalogueBase):
    __tablename__ = "partners"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    color: Mapped[str | None] = mapped_column(String(16))
    url: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)


class Offer(CatalogueBase):
    __tablename__ = "offers"

    # An integer key keeps the full-text index's rowid stable across VACUUM.
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(Text)
    sort_key: Mapped[str] = mapped_column(Text, index=True)
    subtitle: Mapped[str] = mapped_column(Text, default="")
    partner_id: Mapped[str] = mapped_column(String(80), index=True)
    tags_json: Mapped[str] = mapped_column(Text, default="[]")
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    renewable: Mapped[bool] = mapped_column(Boolean, default=False)
    how_to_use_json: Mapped[str] = mapped_column(Text, default="[]")
    conditions_json: Mapped[str] = mapped_column(Text, default="[]")
    url: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(String(8), default="national")
    territory_json: Mapped[str] = mapped_column(Text, default='{"scope": "national"}')
    age_min: Mapped[int | None] = mapped_column(Integer)
    age_max: Mapped[int | None] = mapped_column(Integer)
    discount_type: Mapped[str] = mapped_column(String(8))
    discount_json: Mapped[str] = mapped_column(Text)
    usage_json: Mapped[str] = mapped_column(Text)
    stores_count: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_offers_validity", "published", "valid_from", "valid_to"),)


class OfferCategory(CatalogueBase):
    __tablename__ = "offer_categories"

    offer_pk: Mapped[int] = mapped_column(ForeignKey("offers.pk", ondelete="CASCADE"), primary_key=True)
    category_slug: Mapped[str] = mapped_column(String(80), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class OfferDepartement(CatalogueBase):
    __tablename__ = "offer_departements"

    offer_pk: Mapped[int] = mapped_column(ForeignKey("offers.pk", ondelete="CASCADE"), primary_key=True)
    departement: Mapped[str] = mapped_column(String(3), primary_key=True, index=True)


class CatalogueMeta(CatalogueBase):
    """Key/value facts about the local copy: source, version, last sync, cursor."""

    __tablename__ = "catalogue_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


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
