"""Everything the personal file holds about one young person, found through the foreign keys.

Later features add tables that point at ``young_people`` (activations, outbox…);
they are found here without being named, so the right-of-access export and the
erasure check always cover the whole file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, text

from pej_desktop.store.personal_models import YoungPersonRow

PEOPLE_TABLE = "young_people"


@dataclass(frozen=True)
class PersonLink:
    table: str
    column: str
    on_delete: str  # "CASCADE", "SET NULL", "NO ACTION"…


def person_links(conn: Connection) -> list[PersonLink]:
    """Every (table, column) with a foreign key to ``young_people``."""
    tables = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                               "ORDER BY name")).scalars().all()
    links = []
    for table in tables:
        for row in conn.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")').mappings():
            if row["table"] == PEOPLE_TABLE:
                links.append(PersonLink(table, row["from"], str(row["on_delete"]).upper()))
    return links


def rows_about(conn: Connection, person_id: int, *, skip: tuple[str, ...] = ()) -> dict[str, list[dict[str, Any]]]:
    """Rows of every linked table that point at this person, by table (``skip``: tables shown otherwise)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for link in person_links(conn):
        if link.table in skip:
            continue
        rows = conn.exec_driver_sql(f'SELECT * FROM "{link.table}" WHERE "{link.column}" = ? ORDER BY rowid',
                                    (person_id,)).mappings().all()
        found.setdefault(link.table, []).extend(dict(r) for r in rows)
    return found


def uid_of(conn: Connection, person_id: int) -> str | None:
    return conn.execute(text("SELECT uid FROM young_people WHERE id = :id"), {"id": person_id}).scalar()


def created_updated(conn: Connection, person_id: int) -> tuple[dt.datetime, dt.datetime] | None:
    row = conn.execute(select(YoungPersonRow.created_at, YoungPersonRow.updated_at)
                       .where(YoungPersonRow.id == person_id)).first()
    return (row[0], row[1]) if row else None
