"""Catalogue queries: full-text search with filters, category counts, offer loading.

The result of a search is an ``array`` of integer keys in rank order — one Python
object whatever the number of hits — and views fetch the rows they display by blocks.
Any typed text is turned into quoted prefix terms (see ``text.fts_prefix_query``), so
no input can raise an FTS5 syntax error.
"""

from __future__ import annotations

import datetime as dt
import json
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Connection

from pej_desktop.domain.records import (
    CategoryRecord,
    Discount,
    OfferRecord,
    PartnerRecord,
)
from pej_desktop.domain.text import fts_prefix_query, query_tokens
from pej_desktop.domain.validity import valid_on_sql
from pej_desktop.store.catalogue_models import FTS_WEIGHTS
from pej_desktop.store.offer_rows import SELECT_RECORDS, iso_date, offer_record


@dataclass(frozen=True)
class SearchFilters:
    query: str = ""
    category: str | None = None
    channel: str | None = None  # "in_store" | "online"
    departement: str | None = None
    valid_on: dt.date | None = None  # only offers valid on that day
    offer_pks: frozenset[int] | None = None  # restrict to these (e.g. "accessible to Léa")


@dataclass(frozen=True)
class OfferSummary:
    """What a result row shows; plain data, safe to hand to the GUI thread."""

    pk: int
    id: str
    title: str
    partner: str
    kind: str
    channel: str
    category: str
    discount: Discount
    valid_from: dt.date | None
    valid_to: dt.date | None
    scope: str


@dataclass(frozen=True)
class OfferDetail:
    record: OfferRecord
    partner: PartnerRecord | None
    category_names: tuple[str, ...]


PAGE_SIZE = 100
RANKED_MAX = 2000


@dataclass(frozen=True)
class SearchPage:
    pks: array[int]
    complete: bool  # no row beyond this page
    ranked: bool  # ordered by relevance (else title matches first, then by title)


_BM25 = "bm25(offer_fts, " + ", ".join(str(w) for w in FTS_WEIGHTS) + ")"


def _where(filters: SearchFilters) -> tuple[list[str], list[object]]:
    clauses: list[str] = ["o.published = 1"]
    params: list[object] = []
    if filters.category:
        clauses.append("o.pk IN (SELECT offer_pk FROM offer_categories WHERE category_slug = ?)")
        params.append(filters.category)
    if filters.channel:
        clauses.append("o.channel = ?")
        params.append(filters.channel)
    if filters.departement:
        clauses.append("(o.scope = 'national' OR o.pk IN "
                       "(SELECT offer_pk FROM offer_departements WHERE departement = ?))")
        params.append(filters.departement)
    if filters.valid_on:
        day = filters.valid_on.isoformat()
        clauses.append(valid_on_sql("o"))
        params += [day, day]
    if filters.offer_pks is not None:
        clauses.append("o.pk IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(filters.offer_pks)))
    return clauses, params


def _matching(filters: SearchFilters, select: str) -> tuple[str, list[object]] | None:
    """``SELECT <select> FROM`` the offers matching the filters; None if none can match."""
    clauses, params = _where(filters)
    match = fts_prefix_query(filters.query)
    if filters.query.strip() and match is None:
        return None  # only punctuation or symbols: nothing can match
    if match is None:
        return f"SELECT {select} FROM offers o WHERE {' AND '.join(clauses)}", params
    # CROSS JOIN pins the join order: the full-text index drives, offers are looked up
    # by key. Left to itself the planner may scan offers and probe FTS5 row by row.
    return (f"SELECT {select} FROM offer_fts CROSS JOIN offers o ON o.pk = offer_fts.rowid "
            f"WHERE offer_fts MATCH ? AND {' AND '.join(clauses)}", [match, *params])


def search_page(conn: Connection, filters: SearchFilters, *, offset: int = 0, limit: int = PAGE_SIZE,
                ranked_max: int = RANKED_MAX) -> SearchPage:
    """One page of results, cheap whatever the number of hits: what the browser shows.

    Without a query, offers come by title. With one that hits at most ``RANKED_MAX``
    offers, the whole list comes at once, by relevance. A broader query (a word on
    every other offer, two letters typed so far) would spend tens of milliseconds
    ranking tens of thousands of hits; those come page by page, offers whose title
    matches first, then the others, each tier by title.
    """
    match = fts_prefix_query(filters.query)
    if filters.query.strip() and match is None:
        return SearchPage(array("q"), complete=True, ranked=False)
    if match is not None and _fts_hits(conn, match) <= ranked_max:
        pks = search_offer_pks(conn, filters) if offset == 0 else array("q")
        return SearchPage(pks, complete=True, ranked=True)
    if match is not None:
        return _broad_page(conn, filters, match, offset=offset, limit=limit)
    query = _matching(filters, "o.pk")
    assert query is not None
    sql, params = query
    sql = sql.replace("FROM offers o", "FROM offers o INDEXED BY ix_offers_sort_key", 1) + " ORDER BY o.sort_key"
    rows = conn.exec_driver_sql(f"{sql} LIMIT {int(limit) + 1} OFFSET {int(offset)}", tuple(params)).all()
    pks = array("q", (row[0] for row in rows[:limit]))
    return SearchPage(pks, complete=len(rows) <= limit, ranked=False)


_BY_INDEX_FROM = 4000  # tiers with more hits are read in the title index's order; smaller ones are sorted


def _broad_page(conn: Connection, filters: SearchFilters, match: str, *, offset: int, limit: int) -> SearchPage:
    """A page of a broad query: offers whose title matches first, then the others, each by title.

    Ranking tens of thousands of hits by bm25 would cost tens of milliseconds; this
    order means something without it. A large tier is read in title order straight
    from the ``sort_key`` index (its hits are a set SQLite builds once, and a page is
    found after a few hundred rows); a small one is looked up by key and sorted, as
    walking the whole index for it would cost more.
    """
    clauses, params = _where(filters)
    in_title = f"{{title}} : ({match})"
    found: list[int] = []
    skip, want = int(offset), int(limit) + 1
    for number, tier in enumerate((in_title, f"({match}) NOT ({in_title})")):
        if _fts_hits(conn, tier) > _BY_INDEX_FROM:
            sql = ("SELECT o.pk FROM offers o INDEXED BY ix_offers_sort_key WHERE o.pk IN "
                   "(SELECT rowid FROM offer_fts WHERE offer_fts MATCH ?)")
        else:
            sql = "SELECT o.pk FROM offer_fts CROSS JOIN offers o ON o.pk = offer_fts.rowid WHERE offer_fts MATCH ?"
        sql += f" AND {' AND '.join(clauses)} ORDER BY o.sort_key"
        arguments = (tier, *params)
        rows = conn.exec_driver_sql(f"{sql} LIMIT {want - len(found)} OFFSET {skip}", arguments).all()
        found += [row[0] for row in rows]
        if len(found) >= want:
            break
        if number == 0:  # how many title hits were skipped, to skip the rest of the offset in the second tier
            skip = 0 if rows or not skip else max(0, skip - _count(conn, sql, arguments))
    return SearchPage(array("q", found[:limit]), complete=len(found) <= limit, ranked=False)


def _count(conn: Connection, sql: str, params: tuple[object, ...]) -> int:
    return int(conn.exec_driver_sql(f"SELECT COUNT(*) FROM ({sql})", params).scalar_one())


def _fts_hits(conn: Connection, match: str) -> int:
    """Offers whose text matches, before filters: counted from the index alone (~1 ms)."""
    return int(conn.exec_driver_sql("SELECT COUNT(*) FROM offer_fts WHERE offer_fts MATCH ?", (match,)).scalar_one())


def search_offer_pks(conn: Connection, filters: SearchFilters, limit: int | None = None) -> array[int]:
    """Keys of matching offers: by relevance when there is a query, else by title."""
    query = _matching(filters, "o.pk")
    if query is None:
        return array("q")
    sql, params = query
    ranked = fts_prefix_query(filters.query) is not None
    sql += f" ORDER BY {_BM25}, o.sort_key" if ranked else " ORDER BY o.sort_key"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    cursor = conn.exec_driver_sql(sql, tuple(params))
    return array("q", (row[0] for row in cursor))


def count_offers(conn: Connection, filters: SearchFilters) -> int:
    """How many offers match, without ranking or materialising them."""
    query = _matching(filters, "COUNT(*)")
    return 0 if query is None else int(conn.exec_driver_sql(query[0], tuple(query[1])).scalar_one())


def category_counts(conn: Connection, filters: SearchFilters) -> dict[str, int]:
    """How many offers each category would show with these filters (category ignored)."""
    query = _matching(replace(filters, category=None), "oc.category_slug, COUNT(*)")
    if query is None:
        return {}
    sql, params = query
    sql = sql.replace(" WHERE ", " CROSS JOIN offer_categories oc ON oc.offer_pk = o.pk WHERE ", 1)
    return dict(conn.exec_driver_sql(sql + " GROUP BY oc.category_slug", tuple(params)).all())


def list_categories(conn: Connection) -> list[CategoryRecord]:
    rows = conn.exec_driver_sql("SELECT slug, name, position FROM categories ORDER BY position, name").all()
    return [CategoryRecord(slug=s, name=n, position=p) for s, n, p in rows]


_SUMMARY_SQL = (
    "SELECT o.pk, o.id, o.title, COALESCE(p.name, ''), o.kind, o.channel, "
    "COALESCE((SELECT c.name FROM offer_categories oc JOIN categories c ON c.slug = oc.category_slug "
    "          WHERE oc.offer_pk = o.pk ORDER BY oc.position LIMIT 1), ''), "
    "o.discount_json, o.valid_from, o.valid_to, o.scope "
    "FROM offers o LEFT JOIN partners p ON p.id = o.partner_id WHERE o.pk IN ({})"
)


def fetch_summaries(conn: Connection, pks: Sequence[int]) -> list[OfferSummary]:
    """Rows for these keys, in the order given (missing keys are skipped)."""
    if not pks:
        return []
    rows = conn.exec_driver_sql(_SUMMARY_SQL.format(",".join("?" * len(pks))), tuple(pks)).all()
    by_pk = {
        r[0]: OfferSummary(
            pk=r[0], id=r[1], title=r[2], partner=r[3], kind=r[4], channel=r[5], category=r[6],
            discount=Discount(**json.loads(r[7])),
            valid_from=iso_date(r[8]), valid_to=iso_date(r[9]), scope=r[10],
        )
        for r in rows
    }
    return [by_pk[pk] for pk in pks if pk in by_pk]


def load_offer_records(conn: Connection, pks: Sequence[int]) -> dict[int, OfferRecord]:
    """Full records (as the API sent them) for these keys."""
    found: dict[int, OfferRecord] = {}
    for start in range(0, len(pks), 500):
        chunk = tuple(pks[start:start + 500])
        sql = SELECT_RECORDS.format(f"o.pk IN ({','.join('?' * len(chunk))})")
        for row in conn.exec_driver_sql(sql, chunk):
            found[row.pk] = offer_record(row._mapping)
    return found


def offer_pk_by_id(conn: Connection, offer_id: str) -> int | None:
    return conn.exec_driver_sql("SELECT pk FROM offers WHERE id = ?", (offer_id,)).scalar()


def load_offer_detail(conn: Connection, pk: int) -> OfferDetail | None:
    record = load_offer_records(conn, [pk]).get(pk)
    if record is None:
        return None
    prow = conn.exec_driver_sql(
        "SELECT id, name, color, url, description FROM partners WHERE id = ?", (record.partner_id,)
    ).first()
    names = conn.exec_driver_sql(
        "SELECT c.name FROM offer_categories oc JOIN categories c ON c.slug = oc.category_slug "
        "WHERE oc.offer_pk = ? ORDER BY oc.position", (pk,)
    ).scalars().all()
    partner = PartnerRecord(*prow) if prow else None
    return OfferDetail(record=record, partner=partner, category_names=tuple(names))


_VOCABULARY_COLUMNS = "{title subtitle category tags}"  # never partner: a shop may bear a person's name


def vocabulary_words(conn: Connection, words: Sequence[str]) -> set[str]:
    """The ``words`` (folded, letters and digits only) that the catalogue's offers use, whole.

    Each word is quoted (no FTS5 operator can reach the index) and matched as a full
    token, not a prefix, in the titles, subtitles, category names and tags.
    """
    categories = {token for (name,) in conn.exec_driver_sql("SELECT name FROM categories")
                  for token in query_tokens(name)}
    found = {word for word in words if word in categories}
    for word in words:
        if not word.isalnum() or word in found:
            continue
        match = f'{_VOCABULARY_COLUMNS} : "{word}"'
        if conn.exec_driver_sql("SELECT 1 FROM offer_fts WHERE offer_fts MATCH ? LIMIT 1", (match,)).first():
            found.add(word)
    return found
