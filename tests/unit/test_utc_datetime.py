"""UtcDateTime: Python sees aware instants, the file keeps the ISO text it always kept."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Integer, MetaData, Table, create_engine, insert, select, text

from pej_desktop.store.types import UtcDateTime

PARIS_WINTER = dt.timezone(dt.timedelta(hours=1))


def _table() -> tuple[Table, object]:
    table = Table("moments", MetaData(), Column("id", Integer, primary_key=True), Column("at", UtcDateTime()))
    engine = create_engine("sqlite://")
    table.metadata.create_all(engine)
    return table, engine


def test_an_instant_is_stored_as_utc_text_to_the_second_and_read_back_aware() -> None:
    table, engine = _table()
    moment = dt.datetime(2026, 12, 6, 10, 30, 15, 987654, tzinfo=PARIS_WINTER)
    with engine.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(insert(table).values(id=1, at=moment))
        conn.execute(insert(table).values(id=2, at=None))
        stored = conn.execute(text("SELECT at FROM moments WHERE id = 1")).scalar_one()
        back = conn.execute(select(table.c.at).where(table.c.id == 1)).scalar_one()
        empty = conn.execute(select(table.c.at).where(table.c.id == 2)).scalar_one()
    assert stored == "2026-12-06T09:30:15+00:00"  # the format store.activations.iso always wrote
    assert back == moment.replace(microsecond=0) and back.utcoffset() == dt.timedelta(0)
    assert empty is None


def test_text_written_before_the_type_reads_the_same_and_compares_as_before() -> None:
    table, engine = _table()
    with engine.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(text("INSERT INTO moments (id, at) VALUES (1, '2026-12-01T08:00:00+00:00'), "
                          "(2, '2026-12-07T08:00:00+00:00')"))
        cutoff = dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
        later = conn.execute(select(table.c.id).where(table.c.at > cutoff)).scalars().all()
        first = conn.execute(select(table.c.at).where(table.c.id == 1)).scalar_one()
    assert later == [2]
    assert first == dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
