"""The full sync's build file is what it resumes from: each page with its cursor, compare-and-set,
and a file that cannot be resumed is dropped rather than trusted."""

from __future__ import annotations

import sqlite3

import pytest

from pej_desktop.store.catalogue_build import BuildConflict, CatalogueBuild
from pej_desktop.store.demo import read_demo_catalogue
from sync.engine import apply_full_page
from sync.protocol import ChangesPage

API = "https://api.pej.gouv.fr"


def _page(since: str | None, next_cursor: str, offers: int) -> ChangesPage:
    demo = read_demo_catalogue()
    return ChangesPage(since=since, next_cursor=next_cursor, has_more=True, remaining=1, catalogue_version="g",
                       categories=demo.categories, partners=demo.partners, offers=demo.offers[:offers], tombstones=())


def _offer_count(build: CatalogueBuild) -> int:
    return int(build.write(lambda conn: conn.exec_driver_sql("SELECT COUNT(*) FROM offers").scalar_one()))


def _write(build: CatalogueBuild, page: ChangesPage) -> None:
    build.write_page(page.since, page.next_cursor, lambda conn: apply_full_page(conn, page))


def test_pages_are_kept_with_their_cursor_and_resumed(catalogue, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "catalogue.sqlite3.full-sync"
    build = CatalogueBuild.begin(path, like=catalogue, api=API)
    assert build.cursor is None and build.pages == 0 and build.api == API
    _write(build, _page(None, "c1", offers=2))
    _write(build, _page("c1", "c2", offers=4))
    first_id = build.id
    build.close()
    again = CatalogueBuild.existing(path)
    assert again is not None and again.api == API and again.id == first_id
    assert again.cursor == "c2" and again.pages == 2 and _offer_count(again) == 4
    again.discard()
    assert CatalogueBuild.existing(path) is None and not path.exists()


def test_a_page_for_another_cursor_is_refused_and_changes_nothing(catalogue, tmp_path) -> None:  # type: ignore[no-untyped-def]
    build = CatalogueBuild.begin(tmp_path / "b", like=catalogue, api=API)
    _write(build, _page(None, "c1", offers=1))
    with pytest.raises(BuildConflict):
        _write(build, _page(None, "c1", offers=3))  # replayed, or another process got there first
    assert build.cursor == "c1" and build.pages == 1 and _offer_count(build) == 1
    build.discard()


def test_a_page_that_fails_leaves_the_cursor_where_it_was(catalogue, tmp_path) -> None:  # type: ignore[no-untyped-def]
    build = CatalogueBuild.begin(tmp_path / "b", like=catalogue, api=API)
    page = _page(None, "c1", offers=3)

    def half_then_fail(conn) -> None:  # type: ignore[no-untyped-def]
        apply_full_page(conn, page)
        raise OSError("disque plein")

    with pytest.raises(OSError):
        build.write_page(None, "c1", half_then_fail)
    assert build.cursor is None and build.pages == 0 and _offer_count(build) == 0
    build.discard()


def test_beginning_again_drops_an_older_build(catalogue, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "b"
    first = CatalogueBuild.begin(path, like=catalogue, api="https://a.example")
    _write(first, _page(None, "c1", offers=2))
    first_id = first.id
    first.close()
    second = CatalogueBuild.begin(path, like=catalogue, api="https://b.example")
    assert second.pages == 0 and second.id != first_id and second.api == "https://b.example"
    assert _offer_count(second) == 0
    second.discard()


def test_a_damaged_or_foreign_file_is_dropped(tmp_path) -> None:
    damaged = tmp_path / "damaged"
    damaged.write_bytes(b"ceci n'est pas une base SQLite" * 100)
    assert CatalogueBuild.existing(damaged) is None and not damaged.exists()
    older = tmp_path / "older"  # the staging file of versions before: pages, no build state
    with sqlite3.connect(older) as conn:
        conn.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                           "CREATE TABLE pages (n INTEGER PRIMARY KEY AUTOINCREMENT, body BLOB NOT NULL);")
    conn.close()
    assert CatalogueBuild.existing(older) is None and not older.exists()


def test_the_swap_leaves_no_build_state_in_the_live_catalogue(catalogue, tmp_path) -> None:  # type: ignore[no-untyped-def]
    build = CatalogueBuild.begin(tmp_path / "b", like=catalogue, api=API)
    _write(build, _page(None, "c1", offers=3))
    build.swap_into(catalogue)
    with sqlite3.connect(catalogue.path) as conn:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "full_sync_state" not in tables and conn.execute("SELECT COUNT(*) FROM offers").fetchone() == (3,)
        # the build merged its full-text index once at the end; the live file merges as usual
        config = dict(conn.execute("SELECT k, v FROM offer_fts_config WHERE k != 'version'"))
        assert config in ({}, {"automerge": 4, "crisismerge": 16}), config
    conn.close()
    build.close()
    assert CatalogueBuild.existing(tmp_path / "b") is None  # swapped in: not resumed a second time


def test_the_build_merges_its_full_text_index_once(catalogue, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Each page's rows are a segment of their own while the build goes (no merging as they come);
    the swap merges them into one, and the words are found the same."""
    build = CatalogueBuild.begin(tmp_path / "b", like=catalogue, api=API)
    for n in range(4):
        _write(build, _page(f"c{n}" if n else None, f"c{n + 1}", offers=n + 1))
    with sqlite3.connect(build.path) as conn:
        assert dict(conn.execute("SELECT k, v FROM offer_fts_config WHERE k != 'version'")) == {
            "automerge": 0, "crisismerge": 2000}
        assert _segments(conn) >= 4
    conn.close()
    build.swap_into(catalogue)
    build.close()
    with sqlite3.connect(catalogue.path) as conn:
        assert _segments(conn) == 1
        title = read_demo_catalogue().offers[0].title.split()[0].lower()
        found = conn.execute("SELECT COUNT(*) FROM offer_fts WHERE offer_fts MATCH ?", (f'"{title}"',)).fetchone()[0]
        assert found >= 1
    conn.close()


def _segments(conn: sqlite3.Connection) -> int:
    """Segments of the index: one row per segment in its structure record (FTS5's ``fts5_decode`` is
    not in every build), so count the distinct segment ids its data table holds."""
    return int(conn.execute("SELECT COUNT(DISTINCT (id >> 37) & 0xFFFF) FROM offer_fts_data WHERE id >= 1 << 37")
               .fetchone()[0])


def _indexes(path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with sqlite3.connect(path) as conn:
        found = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
    conn.close()
    return found


def test_the_plain_indexes_are_built_at_the_end_even_after_a_resume(catalogue, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The build leaves the live file's plain indexes out while the pages come, then creates each once
    before the swap: a build resumed by a later run still gets them, and the live catalogue keeps
    every index of its schema, answering through them."""
    live = _indexes(catalogue.path)
    assert {"ix_offers_sort_key", "ix_offers_partner_id", "ix_offer_departements_departement"} <= live.keys()
    path = tmp_path / "b"
    build = CatalogueBuild.begin(path, like=catalogue, api=API)
    _write(build, _page(None, "c1", offers=2))
    assert _indexes(path) == {}  # the unique keys the upserts rely on are part of their tables
    build.close()
    again = CatalogueBuild.existing(path)  # a later run resumes
    assert again is not None
    _write(again, _page("c1", "c2", offers=5))
    again.swap_into(catalogue)
    again.close()
    assert _indexes(catalogue.path) == live
    with sqlite3.connect(catalogue.path) as conn:
        plan = " ".join(str(row) for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT pk FROM offers WHERE partner_id = ?", ("p",)))
        assert "ix_offers_partner_id" in plan
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_a_build_transaction_is_whole_schema_changes_included(catalogue, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The indexes left for the end are created in one transaction with the removal of their list: an
    index created, then a failure (or a kill), must leave neither. The sqlite3 module committed each
    CREATE INDEX on its own, and a build killed between two could never be finished (« index … already
    exists » on every later run)."""
    build = CatalogueBuild.begin(tmp_path / "b", like=catalogue, api=API)
    _write(build, _page(None, "c1", offers=2))

    def create_then_fail(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("CREATE INDEX ix_probe ON offers (title)")
        conn.exec_driver_sql("DELETE FROM full_sync_state WHERE key = 'indexes'")
        raise RuntimeError("killed here")

    with pytest.raises(RuntimeError):
        build.write(create_then_fail)
    assert _indexes(build.path) == {} and "indexes" in build.state()
    build.swap_into(catalogue)  # the end goes through as if nothing had happened
    build.close()
    assert "ix_offers_sort_key" in _indexes(catalogue.path) and "ix_probe" not in _indexes(catalogue.path)
