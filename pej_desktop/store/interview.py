"""The interview's storage: the needs checklist, the offers first seen on this computer, and
the facts of the catalogue's offers that ranking and follow-up read (tables in ``interview_tables``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import (
    Connection,
    delete,
    insert,
    select,
)

from pej_desktop.domain.needs import NeedEntry, NeedsChecklist
from pej_desktop.domain.records import Discount, Usage
from pej_desktop.store.db import chunks
from pej_desktop.store.interview_tables import (
    KNOWN_BEFORE,
    OFFERS_FIRST_SEEN,
    PERSON_NEEDS,
)


# -- needs ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SavedNeeds:
    checklist: NeedsChecklist
    saved_at: dt.datetime | None  # None: never saved


def load_needs(conn: Connection, person_id: int) -> SavedNeeds:
    row = conn.execute(select(PERSON_NEEDS.c.needs_json, PERSON_NEEDS.c.saved_at)
                       .where(PERSON_NEEDS.c.person_id == person_id)).first()
    if row is None:
        return SavedNeeds(NeedsChecklist(), None)
    entries = [NeedEntry(str(e["key"]), e.get("monthly_cents")) for e in json.loads(row.needs_json)]
    return SavedNeeds(NeedsChecklist.of(entries), row.saved_at)


def save_needs(conn: Connection, person_id: int, checklist: NeedsChecklist, *, adviser_id: int | None,
               now: dt.datetime) -> None:
    document = json.dumps([{"key": e.key, "monthly_cents": e.monthly_cents} for e in checklist.entries])
    conn.execute(delete(PERSON_NEEDS).where(PERSON_NEEDS.c.person_id == person_id))
    conn.execute(insert(PERSON_NEEDS).values(person_id=person_id, needs_json=document, adviser_id=adviser_id,
                                             saved_at=now))


# -- offers first seen ------------------------------------------------------------------------------------
def note_offers_seen(conn: Connection, offer_ids: Iterable[str], day: dt.date) -> int:
    """Stamp the offers not seen before with ``day`` (``KNOWN_BEFORE`` at the very first fill)."""
    known = set(conn.execute(select(OFFERS_FIRST_SEEN.c.offer_id)).scalars())
    stamp = day if known else KNOWN_BEFORE
    fresh = [{"offer_id": o, "first_seen": stamp} for o in dict.fromkeys(offer_ids) if o not in known]
    for batch in chunks(fresh, 5000):
        conn.execute(insert(OFFERS_FIRST_SEEN), batch)
    return len(fresh)


def first_seen(conn: Connection, offer_ids: Iterable[str]) -> dict[str, dt.date]:
    """When each of these offers was first seen here (the others: not asked for). An interview asks for
    the offers open to the young person, a few thousand, not the 50 000 of a national catalogue."""
    found: dict[str, dt.date] = {}
    column = OFFERS_FIRST_SEEN.c.offer_id
    for chunk in chunks(list(dict.fromkeys(offer_ids))):
        found.update(conn.execute(select(column, OFFERS_FIRST_SEEN.c.first_seen).where(column.in_(chunk))).all())
    return found


# -- the catalogue side (another file: read with the catalogue's connection) -------------------------------
@dataclass(frozen=True, slots=True)
class OfferFacts:
    """What ranking and follow-up read of a published offer."""

    pk: int
    id: str
    title: str
    partner: str
    kind: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    discount: Discount
    usage: Usage
    valid_from: dt.date | None
    valid_to: dt.date | None
    renewable: bool = False


_FACTS_SQL = (
    "SELECT o.pk, o.id, o.title, COALESCE(p.name, ''), o.kind, o.tags_json, o.discount_json, o.usage_json, "
    "o.valid_from, o.valid_to, (SELECT json_group_array(category_slug) FROM (SELECT category_slug "
    "FROM offer_categories WHERE offer_pk = o.pk ORDER BY position)), o.renewable "
    "FROM offers o LEFT JOIN partners p ON p.id = o.partner_id WHERE o.published = 1"
)


_NAMES_SQL = (  # position 0 is an offer's first category (catalogue_writer numbers them from 0)
    "SELECT o.id, o.title, COALESCE(c.name, '') FROM offers o "
    "LEFT JOIN offer_categories oc ON oc.offer_pk = o.pk AND oc.position = 0 "
    "LEFT JOIN categories c ON c.slug = oc.category_slug"
)


def load_offer_facts(catalogue_conn: Connection) -> dict[int, OfferFacts]:
    """Every published offer, by catalogue key, read with the driver's cursor row by row.

    What many offers share is held once: each distinct JSON block (discount, usage, tags,
    categories) is parsed once, and partners' names and kinds are one string each. Over
    50 000 offers this holds 25 MB instead of 53 MB, and reads in half the time."""
    discounts: dict[str, Discount] = {}
    usages: dict[str, Usage] = {}
    lists: dict[str, tuple[str, ...]] = {}
    words: dict[str, str] = {}
    found: dict[int, OfferFacts] = {}

    def listed(text: str | None) -> tuple[str, ...]:
        text = text or "[]"
        if text not in lists:
            lists[text] = tuple(words.setdefault(w, w) for w in json.loads(text))
        return lists[text]

    cursor = catalogue_conn.connection.driver_connection.execute(_FACTS_SQL)  # type: ignore[union-attr]
    for pk, ident, title, partner, kind, tags, discount, usage, start, end, categories, renewable in cursor:
        if discount not in discounts:
            discounts[discount] = Discount(**json.loads(discount))
        if usage not in usages:
            usages[usage] = Usage(**json.loads(usage))
        found[pk] = OfferFacts(pk, ident, title, words.setdefault(partner, partner), words.setdefault(kind, kind),
                               listed(categories), listed(tags), discounts[discount], usages[usage], _day(start),
                               _day(end), bool(renewable))
    return found


def offer_names(catalogue_conn: Connection) -> dict[str, tuple[str, str]]:
    """Offer id → (title, name of its first category), published or not."""
    return {ident: (title, category) for ident, title, category in catalogue_conn.exec_driver_sql(_NAMES_SQL)}


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
