"""The changes feed: pages of records in change-number order, read in one snapshot.

A page lists each record once, at its latest state, because ``records`` holds one row
per record carrying the number of its latest change. Paging by that number is safe
while the catalogue changes: a record changed after it was sent moves past the
cursor and is sent again later. Without a cursor the feed is the whole catalogue
(tombstones left out: a new client has nothing to delete).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, text

from sync.protocol import API_VERSION
from sync.server.catalogue import FeedState
from sync.server.cursors import Cursor, InvalidCursor, decode_cursor, encode_cursor


class CursorRejected(Exception):
    """The cursor cannot be served; ``gone`` tells 410 (resync) from 400 (client bug)."""

    def __init__(self, detail: str, *, gone: bool) -> None:
        super().__init__(detail)
        self.gone = gone


@dataclass(frozen=True)
class FeedPage:
    body: bytes
    has_more: bool
    count: int


def catalogue_version(state: FeedState) -> str:
    return f"{state.generation}.{state.max_seq}"


def etag_for(state: FeedState) -> str:
    """The catalogue version as a weak validator.

    For a given URL (cursor and limit fixed) the body depends only on the generation
    and the last change number, so this tag changes whenever that body would.
    """
    return f'W/"{catalogue_version(state)}"'


def etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    wanted = etag.removeprefix("W/")
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or wanted in tags


def check_cursor(text: str | None, state: FeedState) -> Cursor | None:
    """The cursor to read after, or CursorRejected with a French explanation."""
    if text is None:
        return None
    try:
        cursor = decode_cursor(text, state.cursor_key)
    except InvalidCursor:
        raise CursorRejected("Le curseur envoyé n'est pas un curseur de cette API.", gone=False) from None
    if not cursor.authentic or cursor.generation != state.generation:
        raise CursorRejected("Le catalogue national a été reconstruit depuis votre dernière "
                             "synchronisation : une synchronisation complète est nécessaire.", gone=True)
    if cursor.base < state.purged_through:
        raise CursorRejected("Votre dernière synchronisation est trop ancienne : les suppressions "
                             "de cette période ne sont plus conservées. Une synchronisation "
                             "complète est nécessaire.", gone=True)
    if cursor.base > state.max_seq:
        raise CursorRejected("Ce curseur est en avance sur le catalogue du serveur (restauré "
                             "depuis une sauvegarde ?) : une synchronisation complète est nécessaire.",
                             gone=True)
    return cursor


_ROWS_SQL = "SELECT kind, id, seq, payload, gone FROM records WHERE seq > :after {live} ORDER BY seq LIMIT :limit"


def read_page(conn: Connection, state: FeedState, since_text: str | None, cursor: Cursor | None,
              limit: int) -> FeedPage:
    after = cursor.seq if cursor else 0
    live = "" if cursor else "AND gone IS NULL"
    rows = conn.execute(text(_ROWS_SQL.format(live=live)), {"after": after, "limit": limit}).all()
    last = rows[-1][2] if rows else after
    has_more = len(rows) == limit and last < state.max_seq
    next_seq = last if has_more else state.max_seq
    remaining = 0
    if has_more:
        remaining = conn.execute(text("SELECT COUNT(*) FROM records WHERE seq > :seq"), {"seq": next_seq}).scalar_one()
    lists: dict[str, list[str]] = {"category": [], "partner": [], "offer": []}
    tombstones: list[str] = []
    for kind, ident, _seq, payload, gone in rows:
        if gone:
            tombstones.append(json.dumps({"kind": kind, "id": ident, "reason": gone},
                                         ensure_ascii=False, separators=(",", ":")))
        else:
            lists[kind].append(payload)
    base = max(next_seq, cursor.base if cursor else state.max_seq)
    next_cursor = encode_cursor(Cursor(state.generation, next_seq, base), state.cursor_key)
    head = json.dumps({
        "api_version": API_VERSION, "since": since_text, "next_cursor": next_cursor,
        "has_more": has_more, "remaining": remaining, "catalogue_version": catalogue_version(state),
    }, ensure_ascii=False, separators=(",", ":"))
    body = (head[:-1] + ',"categories":[' + ",".join(lists["category"])
            + '],"partners":[' + ",".join(lists["partner"])
            + '],"offers":[' + ",".join(lists["offer"])
            + '],"tombstones":[' + ",".join(tombstones) + "]}")
    return FeedPage(body=body.encode("utf-8"), has_more=has_more, count=len(rows))
