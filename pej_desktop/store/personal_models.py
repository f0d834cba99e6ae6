"""SQLAlchemy models of the personal-data file (encrypted with SQLCipher).

Only what the rules and the printed summary need is kept (data minimisation). The
RQTH answer is never a column: it is asked at check time and forgotten. Later
features add their own tables (activations, outbox, print log, audit log) through
migrations of their own; every table that points at a young person does so with
``ON DELETE CASCADE`` so that erasing a file erases everything about them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from pej_desktop.store.types import UtcDateTime


class PersonalBase(DeclarativeBase):
    pass


class AdviserRow(PersonalBase):
    """The person using this machine; one row per profile, the latest one is current."""

    __tablename__ = "advisers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_name: Mapped[str] = mapped_column(Text)
    last_name: Mapped[str] = mapped_column(Text)
    structure: Mapped[str] = mapped_column(String(16))
    agency_name: Mapped[str] = mapped_column(Text)
    agency_code: Mapped[str] = mapped_column(String(16))
    phone: Mapped[str] = mapped_column(Text, default="")  # professional only (migration p0005)
    email: Mapped[str] = mapped_column(Text, default="")  # professional only (migration p0005)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class YoungPersonRow(PersonalBase):
    __tablename__ = "young_people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)  # client-generated, for later sync
    first_name: Mapped[str] = mapped_column(Text)
    last_name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text)  # folded "last first": search and duplicates
    birth_date: Mapped[dt.date] = mapped_column(Date)
    postal_code: Mapped[str] = mapped_column(String(5))
    programme: Mapped[str] = mapped_column(String(8))
    external_ref_kind: Mapped[str | None] = mapped_column(String(16))
    external_ref: Mapped[str | None] = mapped_column(String(16))
    cej_start: Mapped[dt.date | None] = mapped_column(Date)
    cej_planned_end: Mapped[dt.date | None] = mapped_column(Date)
    cej_real_end: Mapped[dt.date | None] = mapped_column(Date)
    extended: Mapped[bool] = mapped_column(Boolean, default=False)
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    last_contact: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())

    __table_args__ = (
        Index("ux_young_people_reference", "external_ref_kind", "external_ref", unique=True,
              sqlite_where=external_ref.isnot(None)),
        Index("ux_young_people_identity", "name_key", "birth_date", unique=True),
    )


class EligibilityCheckRow(PersonalBase):
    """One check run by the adviser: when, by whom, under which rules, with what result."""

    __tablename__ = "eligibility_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id", ondelete="CASCADE"), index=True)
    adviser_id: Mapped[int | None] = mapped_column(ForeignKey("advisers.id", ondelete="SET NULL"))
    adviser_label: Mapped[str] = mapped_column(Text)  # as it was when the check ran
    checked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    reference_date: Mapped[dt.date] = mapped_column(Date)
    rules_version: Mapped[str] = mapped_column(String(32))
    result: Mapped[str] = mapped_column(String(16))  # eligible | not_eligible | to_verify
    reasons_json: Mapped[str] = mapped_column(Text)  # stored wording: never the RQTH answer
    not_student: Mapped[bool | None] = mapped_column(Boolean)
    not_in_training: Mapped[bool | None] = mapped_column(Boolean)
    offers_eligible: Mapped[int] = mapped_column(Integer, default=0)
    offers_total: Mapped[int] = mapped_column(Integer, default=0)


class PersonalMeta(PersonalBase):
    __tablename__ = "personal_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
