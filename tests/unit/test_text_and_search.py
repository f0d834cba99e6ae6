"""Search over the real demo catalogue in a real SQLite file."""

from __future__ import annotations

import pytest

from pej_desktop.domain.text import fold, fts_prefix_query
from pej_desktop.store.search import SearchFilters, category_counts, fetch_summaries, search_offer_pks

HOSTILE = ['"', "'", '""""', "*", "NEAR(", "NEAR(a b", "-", "--x", "a OR", "AND", "title:x", "^x",
           "(", ")", "😀", "x" * 10_000, " " * 50, "\x00", "a\"b'c*d", "%_%", "; DROP TABLE offers"]


def test_fold_handles_accents_case_and_ligatures() -> None:
    assert fold("Cœur ÉPICERIE Æther") == "coeur epicerie aether"


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_never_raise(catalogue, text: str) -> None:
    with catalogue.read() as conn:
        pks = search_offer_pks(conn, SearchFilters(query=text))
        category_counts(conn, SearchFilters(query=text))
    assert isinstance(len(pks), int)


def test_fts_query_quotes_every_token() -> None:
    assert fts_prefix_query('NEAR("a" b') == '"near"* "a"* "b"*'
    assert fts_prefix_query("***") is None


def test_ligature_and_accent_insensitive_prefix(catalogue) -> None:
    with catalogue.read() as conn:
        by_oe = list(search_offer_pks(conn, SearchFilters(query="coeur")))
        by_ligature = list(search_offer_pks(conn, SearchFilters(query="CŒUR")))
        by_prefix = list(search_offer_pks(conn, SearchFilters(query="epic")))
    assert by_oe and by_oe == by_ligature
    assert set(by_oe) <= set(by_prefix)


def test_departement_filter_keeps_national_and_local_offers(catalogue) -> None:
    with catalogue.read() as conn:
        everything = list(search_offer_pks(conn, SearchFilters()))
        in_69 = fetch_summaries(conn, search_offer_pks(conn, SearchFilters(departement="69")))
        in_2b = fetch_summaries(conn, search_offer_pks(conn, SearchFilters(departement="2B")))
    assert all(row.scope == "national" for row in in_2b)  # the demo has no local offer in Haute-Corse
    assert any(row.scope == "local" for row in in_69)
    assert len(in_2b) < len(everything)


def _all_pages(conn, filters: SearchFilters, **kwargs) -> tuple[list[int], list[bool]]:  # type: ignore[no-untyped-def]
    from pej_desktop.store.search import search_page

    keys, ranked, offset = [], [], 0
    while True:
        page = search_page(conn, filters, offset=offset, **kwargs)
        keys += list(page.pks)
        ranked.append(page.ranked)
        offset += len(page.pks)
        if page.complete:
            return keys, ranked


def test_narrow_query_comes_whole_and_ranked(catalogue) -> None:
    from pej_desktop.store.search import search_page

    with catalogue.read() as conn:
        page = search_page(conn, SearchFilters(query="velo"))
        assert page.ranked and page.complete
        assert list(page.pks) == list(search_offer_pks(conn, SearchFilters(query="velo")))


def test_broad_query_pages_cover_every_hit_once(catalogue) -> None:
    filters = SearchFilters(query="e")
    with catalogue.read() as conn:
        expected = set(search_offer_pks(conn, filters))
        keys, ranked = _all_pages(conn, filters, limit=7, ranked_max=5)
    assert len(expected) > 14 and not any(ranked)
    assert len(keys) == len(set(keys)) and set(keys) == expected


def _order_keys(conn, keys: list[int], filters: SearchFilters) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    """(tier, reach, title key) of each listed offer, computed apart from ``search_page``: tier 0
    when the title matches the query, reach 0 for a local offer of the adviser's département,
    1 national, 2 local elsewhere."""
    from pej_desktop.domain.text import fts_prefix_query, sort_key

    match = fts_prefix_query(filters.query)
    in_title = set() if match is None else set(conn.exec_driver_sql(
        "SELECT rowid FROM offer_fts WHERE offer_fts MATCH ?", (f"{{title}} : ({match})",)).scalars())
    near = set(conn.exec_driver_sql("SELECT offer_pk FROM offer_departements WHERE departement = ?",
                                    (filters.home_departement or "",)).scalars())
    rows = {row.pk: row for row in fetch_summaries(conn, keys)}
    return [(0 if match is None or pk in in_title else 1,
             1 if rows[pk].scope == "national" else 0 if pk in near else 2, sort_key(rows[pk].title)) for pk in keys]


@pytest.mark.parametrize("home", [None, "69", "75"])
@pytest.mark.parametrize("by_index_from", [0, 4000])  # tiers read in index order, or looked up and sorted
def test_broad_query_lists_title_matches_first_then_by_reach_then_by_title(catalogue, home, by_index_from) -> None:
    filters = SearchFilters(query="e", home_departement=home)
    with catalogue.read() as conn:
        expected = set(search_offer_pks(conn, filters))
        keys, ranked = _all_pages(conn, filters, limit=7, ranked_max=5, by_index_from=by_index_from)
        order = _order_keys(conn, keys, filters)
    assert not any(ranked) and len(keys) == len(set(keys)) and set(keys) == expected
    assert order == sorted(order)
    first_other = [tier for tier, _reach, _title in order].index(1)
    assert 7 < first_other < len(order) - 7  # both tiers span several pages
    reaches = {reach for _tier, reach, _title in order}
    assert reaches == ({0, 1, 2} if home else {1, 2})  # the adviser's local offers are there, and first


@pytest.mark.parametrize("home", [None, "69"])
@pytest.mark.parametrize("by_index_from", [0, 4000])
def test_browsing_without_query_pages_by_reach_then_title(catalogue, home, by_index_from) -> None:
    import datetime as dt

    filters = SearchFilters(valid_on=dt.date(2026, 11, 28), category="mobilite", home_departement=home)
    with catalogue.read() as conn:
        keys, _ = _all_pages(conn, filters, limit=4, by_index_from=by_index_from)
        order = _order_keys(conn, keys, filters)
        assert sorted(keys) == sorted(search_offer_pks(conn, filters))
    assert order == sorted(order) and len(keys) > 8
    assert {reach for _tier, reach, _title in order} == ({0, 1, 2} if home else {1, 2})


def test_the_adviser_departement_only_orders_the_list(catalogue) -> None:
    """The adviser's département changes where offers come, never which offers come."""
    with catalogue.read() as conn:
        for query in ("", "e", "velo"):
            keys = {home: _all_pages(conn, SearchFilters(query=query, home_departement=home), limit=5, ranked_max=5)[0]
                    for home in (None, "69", "2A")}
            assert len({frozenset(found) for found in keys.values()}) == 1


def test_sort_key_orders_numbers_by_value() -> None:
    from pej_desktop.domain.text import sort_key

    titles = ["20 % sur le train", "3 € offerts", "Abonnement", "10 € offerts", "Écran"]
    assert sorted(titles, key=sort_key) == ["3 € offerts", "10 € offerts", "20 % sur le train", "Abonnement", "Écran"]
