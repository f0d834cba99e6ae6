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
from pej_desktop.store.catalogue_models import FTS_WEIGHTS, place_token
from pej_desktop.store.db import chunks
from pej_desktop.store.offer_rows import SELECT_RECORDS, iso_date, offer_record


@dataclass(frozen=True)
class SearchFilters:
    query: str = ""
    category: str | None = None
    channel: str | None = None  # "in_store" | "online"
    departement: str | None = None
    valid_on: dt.date | None = None  # only offers valid on that day
    offer_pks: frozenset[int] | None = None  # restrict to these (e.g. "accessible to Léa")
    home_departement: str | None = None  # the adviser's: its local offers come first in unranked lists


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
BY_INDEX_FROM = 4000  # tiers with more hits are read in the title index's order; smaller ones are sorted


@dataclass(frozen=True)
class SearchPage:
    pks: array[int]
    complete: bool  # no row beyond this page
    ranked: bool  # ordered by relevance (else title matches first, then by reach, then by title)


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
                ranked_max: int = RANKED_MAX, by_index_from: int = BY_INDEX_FROM) -> SearchPage:
    """One page of results, cheap whatever the number of hits: what the browser shows.

    With a query that hits at most ``RANKED_MAX`` offers, the whole list comes at once,
    by relevance. A broader query (a word on every other offer, two letters typed so
    far) would spend tens of milliseconds ranking tens of thousands of hits; those come
    page by page, offers whose title matches first, then the others. Without a query,
    and within each of those two tiers, offers come by reach (see ``_reach_segments``:
    local offers of the adviser's département, then national ones, then local offers
    elsewhere), each segment by title.
    """
    match = fts_prefix_query(filters.query)
    if filters.query.strip() and match is None:
        return SearchPage(array("q"), complete=True, ranked=False)
    if match is None:
        return _ordered_page(conn, filters, [(None, 0)], offset=offset, limit=limit, by_index_from=by_index_from)
    hits = _fts_hits(conn, match)
    if hits <= ranked_max:
        pks = search_offer_pks(conn, filters) if offset == 0 else array("q")
        return SearchPage(pks, complete=True, ranked=True)
    in_title = f"{{title}} : ({match})"
    title_hits = _fts_hits(conn, in_title)  # the other tier's count follows: one FTS5 count less
    tiers = [(in_title, title_hits), (f"({match}) NOT ({in_title})", hits - title_hits)]
    return _ordered_page(conn, filters, tiers, offset=offset, limit=limit, by_index_from=by_index_from)


@dataclass(frozen=True)
class _Segment:
    """Part of an unranked list: the offers matching ``match`` (None: any) and ``clause``."""

    match: str | None
    clause: str
    params: tuple[object, ...] = ()
    small: bool = False  # a few thousand offers at most: looked up and sorted, not read in index order
    order: str = "o.sort_key"
    order_params: tuple[object, ...] = ()


def _reach_segments(tier: str | None, home: str | None, tier_is_small: bool) -> list[_Segment]:
    """A tier by reach: the local offers of the adviser's département, national ones, local ones elsewhere.

    The order a list of offers means without bm25: an adviser serves the young people of
    their département, for whom its local offers are the nearest, then what every young
    person can use. The catalogue declares no popularity or priority, so reach is the
    static score. The départements of local offers are tokens of the full-text index
    (``places``), so the first segment is one FTS5 query whatever the breadth of the tier.
    """
    if tier_is_small:  # one sorted query: a few thousand hits cost less to sort than three queries
        near = "o.pk IN (SELECT offer_pk FROM offer_departements WHERE departement = ?)"
        order = (f"CASE WHEN o.scope = 'national' THEN 1 WHEN {near} THEN 0 ELSE 2 END, o.sort_key" if home
                 else "o.scope <> 'national', o.sort_key")
        return [_Segment(tier, "", small=True, order=order, order_params=(home,) if home else ())]
    national = _Segment(tier, "o.scope = 'national'")
    if not home:
        return [national, _Segment(tier, "o.scope <> 'national'")]
    place = '{places} : "' + place_token(home).replace('"', '""') + '"'
    if tier is None:
        elsewhere = _Segment(None, "o.scope <> 'national' AND o.pk NOT IN "
                                   "(SELECT offer_pk FROM offer_departements WHERE departement = ?)", (home,))
        return [_Segment(place, "", small=True), national, elsewhere]
    return [_Segment(f"({tier}) AND {place}", "", small=True), national,
            _Segment(f"({tier}) NOT {place}", "o.scope <> 'national'")]


def _segment_sql(segment: _Segment, clauses: list[str]) -> str:
    """``SELECT o.pk`` of one segment in title order: FTS5 drives a small one; a large one is
    read in the order of the title index, its hits being a set SQLite builds once."""
    where = " AND ".join([*clauses, segment.clause] if segment.clause else clauses)
    if segment.match is None:
        return f"SELECT o.pk FROM offers o INDEXED BY ix_offers_sort_key WHERE {where} ORDER BY {segment.order}"
    if segment.small:
        return ("SELECT o.pk FROM offer_fts CROSS JOIN offers o ON o.pk = offer_fts.rowid "
                f"WHERE offer_fts MATCH ? AND {where} ORDER BY {segment.order}")
    return ("SELECT o.pk FROM offers o INDEXED BY ix_offers_sort_key WHERE o.pk IN "
            f"(SELECT rowid FROM offer_fts WHERE offer_fts MATCH ?) AND {where} ORDER BY {segment.order}")


def _ordered_page(conn: Connection, filters: SearchFilters, tiers: Sequence[tuple[str | None, int]], *, offset: int,
                  limit: int, by_index_from: int) -> SearchPage:
    """A page of an unranked list: tier by tier, each by reach, each segment by title.

    Ranking tens of thousands of hits by bm25 would cost tens of milliseconds; this order
    means something without it. ``tiers`` are FTS5 expressions (None: every offer) with
    their hits before filters. Segments are read in turn until the page is full; the
    rows of the offset that earlier segments held are counted only when a later page
    needs them.
    """
    clauses, params = _where(filters)
    found: list[int] = []
    skip, want = int(offset), int(limit) + 1
    for tier, hits in tiers:
        tier_is_small = tier is not None and hits <= by_index_from
        for segment in _reach_segments(tier, filters.home_departement, tier_is_small):
            sql = _segment_sql(segment, clauses)
            arguments = (*(() if segment.match is None else (segment.match,)), *params, *segment.params,
                         *segment.order_params)
            rows = conn.exec_driver_sql(f"{sql} LIMIT {want - len(found)} OFFSET {skip}", arguments).all()
            found += [row[0] for row in rows]
            if len(found) >= want:
                return SearchPage(array("q", found[:limit]), complete=False, ranked=False)
            skip = 0 if rows or not skip else max(0, skip - _count(conn, sql, arguments))
    return SearchPage(array("q", found[:limit]), complete=True, ranked=False)


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
    for part in chunks(pks):
        chunk = tuple(part)
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
