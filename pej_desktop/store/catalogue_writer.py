"""Writes validated catalogue records into the store, keeping the search index exact.

Every function takes a connection inside the caller's transaction: the sync engine
applies a page and its cursor together, the demo loader a whole catalogue. Writes are
batched with ``executemany``; a 50 000-offer catalogue goes in a few seconds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import Connection

from pej_desktop.domain.records import CategoryRecord, OfferRecord, PartnerRecord
from pej_desktop.domain.text import fold
from pej_desktop.store.catalogue_models import places_text
from pej_desktop.store.db import chunks
from pej_desktop.store.offer_rows import OFFER_COLUMNS, offer_row


def _memo_fold() -> Callable[[str], str]:
    """``fold`` with a memo for one batch: partner and category names, tags, titles repeat.

    ASCII text needs no accent or ligature folding, so ``casefold`` alone gives the same result.
    """
    memo: dict[str, str] = {}

    def folded(text: str) -> str:
        value = memo.get(text)
        if value is None:
            value = memo[text] = text.casefold() if text.isascii() else fold(text)
        return value

    return folded


def _placeholders(n: int) -> str:
    return ",".join("?" * n)


def upsert_categories(conn: Connection, records: Sequence[CategoryRecord]) -> None:
    if not records:
        return
    conn.exec_driver_sql(
        "INSERT INTO categories(slug, name, position) VALUES (?, ?, ?) "
        "ON CONFLICT(slug) DO UPDATE SET name = excluded.name, position = excluded.position",
        [(r.slug, r.name, r.position) for r in records],
    )
    slugs = [r.slug for r in records]
    rebuild_search_rows(conn, _offer_pks_where(conn, "pk IN (SELECT offer_pk FROM offer_categories "
                                                     "WHERE category_slug IN ({}))", slugs))


def upsert_partners(conn: Connection, records: Sequence[PartnerRecord]) -> None:
    if not records:
        return
    conn.exec_driver_sql(
        "INSERT INTO partners(id, name, color, url, description) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET name = excluded.name, color = excluded.color, "
        "url = excluded.url, description = excluded.description",
        [(r.id, r.name, r.color, r.url, r.description) for r in records],
    )
    ids = [r.id for r in records]
    rebuild_search_rows(conn, _offer_pks_where(conn, "partner_id IN ({})", ids))


def upsert_offers(conn: Connection, records: Sequence[OfferRecord]) -> list[int]:
    """Insert or update offers by their national id; returns their local keys."""
    if not records:
        return []
    latest = {r.id: r for r in records}  # a record repeated in a batch: the last one wins
    records = list(latest.values())
    existing = _existing_pks(conn, [r.id for r in records])
    next_pk = (conn.exec_driver_sql("SELECT COALESCE(MAX(pk), 0) FROM offers").scalar() or 0) + 1
    folded = _memo_fold()
    inserts, updates, pks = [], [], []
    for record in records:
        row = offer_row(record)  # "id" first
        pk = existing.get(record.id)
        if pk is None:
            pk, next_pk = next_pk, next_pk + 1
            inserts.append((pk, *row))
        else:
            updates.append((*row[1:], pk))
        pks.append(pk)
    if inserts:
        conn.exec_driver_sql(
            f"INSERT INTO offers(pk, {', '.join(OFFER_COLUMNS)}) "
            f"VALUES ({_placeholders(len(OFFER_COLUMNS) + 1)})",
            inserts,
        )
    if updates:
        assignments = ", ".join(f"{c} = ?" for c in OFFER_COLUMNS[1:])
        conn.exec_driver_sql(f"UPDATE offers SET {assignments} WHERE pk = ?", updates)
    updated = list(existing.values())
    _replace_links(conn, records, pks, updated)
    _write_search_rows(conn, records, pks, updated, folded)
    return pks


def delete_offers(conn: Connection, offer_ids: Sequence[str]) -> int:
    """Remove offers (tombstones); returns how many were present."""
    pks = list(_existing_pks(conn, list(offer_ids)).values())
    for chunk in chunks(pks):
        marks = _placeholders(len(chunk))
        conn.exec_driver_sql(f"DELETE FROM offer_fts WHERE rowid IN ({marks})", tuple(chunk))
        conn.exec_driver_sql(f"DELETE FROM offer_categories WHERE offer_pk IN ({marks})", tuple(chunk))
        conn.exec_driver_sql(f"DELETE FROM offer_departements WHERE offer_pk IN ({marks})", tuple(chunk))
        conn.exec_driver_sql(f"DELETE FROM offers WHERE pk IN ({marks})", tuple(chunk))
    return len(pks)


def delete_partners(conn: Connection, partner_ids: Sequence[str]) -> None:
    for chunk in chunks(list(partner_ids)):
        conn.exec_driver_sql(f"DELETE FROM partners WHERE id IN ({_placeholders(len(chunk))})", tuple(chunk))


def delete_categories(conn: Connection, slugs: Sequence[str]) -> None:
    for chunk in chunks(list(slugs)):
        marks = _placeholders(len(chunk))
        affected = _offer_pks_where(
            conn, "pk IN (SELECT offer_pk FROM offer_categories WHERE category_slug IN ({}))", chunk
        )
        conn.exec_driver_sql(f"DELETE FROM offer_categories WHERE category_slug IN ({marks})", tuple(chunk))
        conn.exec_driver_sql(f"DELETE FROM categories WHERE slug IN ({marks})", tuple(chunk))
        rebuild_search_rows(conn, affected)


def clear_catalogue(conn: Connection) -> None:
    """Empty every catalogue table (full resync, demo reload), inside the caller's transaction."""
    for table in ("offer_fts", "offer_categories", "offer_departements", "offers", "partners", "categories"):
        conn.exec_driver_sql(f"DELETE FROM {table}")


def _search_row(
    folded: Callable[[str], str],
    pk: int,
    title: str,
    subtitle: str,
    partner: str,
    categories: Iterable[str],
    tags: Iterable[str],
    departements: Iterable[str],
) -> tuple[object, ...]:
    """One full-text row; category names in the offer's own order, as both writers give them;
    the départements a local offer covers as place tokens (see ``catalogue_models.PLACE_MARK``)."""
    return (pk, folded(title), folded(subtitle), folded(partner), folded(" ".join(categories)), folded(" ".join(tags)),
            places_text(departements))


_FTS_INSERT = ("INSERT INTO offer_fts(rowid, title, subtitle, partner, category, tags, places) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)")


def rebuild_search_rows(conn: Connection, pks: Sequence[int]) -> None:
    """Rewrite the full-text rows of these offers from what the tables now hold."""
    folded = _memo_fold()
    for chunk in chunks(list(pks)):
        marks = _placeholders(len(chunk))
        conn.exec_driver_sql(f"DELETE FROM offer_fts WHERE rowid IN ({marks})", tuple(chunk))
        rows = conn.exec_driver_sql(
            "SELECT o.pk, o.title, o.subtitle, COALESCE(p.name, ''), o.tags_json "
            f"FROM offers o LEFT JOIN partners p ON p.id = o.partner_id WHERE o.pk IN ({marks})",
            tuple(chunk),
        ).all()
        names: dict[int, list[str]] = {}
        for pk, name in conn.exec_driver_sql(
            "SELECT oc.offer_pk, c.name FROM offer_categories oc JOIN categories c ON c.slug = oc.category_slug "
            f"WHERE oc.offer_pk IN ({marks}) ORDER BY oc.offer_pk, oc.position",
            tuple(chunk),
        ):
            names.setdefault(pk, []).append(name)
        places: dict[int, list[str]] = {}
        for pk, departement in conn.exec_driver_sql(
            f"SELECT offer_pk, departement FROM offer_departements WHERE offer_pk IN ({marks})", tuple(chunk)
        ):
            places.setdefault(pk, []).append(departement)
        conn.exec_driver_sql(
            _FTS_INSERT,
            [
                _search_row(folded, pk, title, subtitle, partner, names.get(pk, ()), json.loads(tags),
                            places.get(pk, ()))
                for pk, title, subtitle, partner, tags in rows
            ],
        )


def _write_search_rows(
    conn: Connection,
    records: Sequence[OfferRecord],
    pks: Sequence[int],
    updated: Sequence[int],
    folded: Callable[[str], str],
) -> None:
    """Full-text rows of offers just written, built from the records (same result as a rebuild)."""
    for chunk in chunks(list(updated)):
        conn.exec_driver_sql(f"DELETE FROM offer_fts WHERE rowid IN ({_placeholders(len(chunk))})", tuple(chunk))
    rows = conn.exec_driver_sql("SELECT slug, name FROM categories")
    categories: dict[str, str] = {slug: name for slug, name in rows}
    partners = _partner_names(conn, {r.partner_id for r in records})
    conn.exec_driver_sql(
        _FTS_INSERT,
        [
            _search_row(
                folded,
                pk,
                r.title,
                r.subtitle,
                partners.get(r.partner_id, ""),
                [categories[slug] for slug in dict.fromkeys(r.categories) if slug in categories],
                r.tags,
                r.territory.all_departements(),
            )
            for r, pk in zip(records, pks)
        ],
    )


def _partner_names(conn: Connection, ids: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for chunk in chunks(sorted(ids)):
        found.update(
            conn.exec_driver_sql(
                f"SELECT id, name FROM partners WHERE id IN ({_placeholders(len(chunk))})", tuple(chunk)
            ).all()
        )
    return found


def _existing_pks(conn: Connection, offer_ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in chunks(offer_ids):
        rows = conn.exec_driver_sql(
            f"SELECT id, pk FROM offers WHERE id IN ({_placeholders(len(chunk))})", tuple(chunk)
        ).all()
        found.update(dict(rows))
    return found


def _offer_pks_where(conn: Connection, condition: str, values: Sequence[str]) -> list[int]:
    pks: list[int] = []
    for chunk in chunks(list(values)):
        sql = "SELECT pk FROM offers WHERE " + condition.format(_placeholders(len(chunk)))
        pks.extend(conn.exec_driver_sql(sql, tuple(chunk)).scalars().all())
    return pks


def _replace_links(
    conn: Connection, records: Sequence[OfferRecord], pks: Sequence[int], updated: Sequence[int]
) -> None:
    for chunk in chunks(list(updated)):  # new offers have no links yet
        marks = _placeholders(len(chunk))
        conn.exec_driver_sql(f"DELETE FROM offer_categories WHERE offer_pk IN ({marks})", tuple(chunk))
        conn.exec_driver_sql(f"DELETE FROM offer_departements WHERE offer_pk IN ({marks})", tuple(chunk))
    categories = [(pk, slug, i) for r, pk in zip(records, pks) for i, slug in enumerate(dict.fromkeys(r.categories))]
    departements = [(pk, dep) for r, pk in zip(records, pks) for dep in r.territory.all_departements()]
    if categories:
        conn.exec_driver_sql(
            "INSERT INTO offer_categories(offer_pk, category_slug, position) VALUES (?, ?, ?)", categories
        )
    if departements:
        conn.exec_driver_sql("INSERT INTO offer_departements(offer_pk, departement) VALUES (?, ?)", departements)
