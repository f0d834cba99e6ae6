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


def test_broad_query_lists_title_matches_first_then_by_title(catalogue) -> None:
    from pej_desktop.domain.text import fold, query_tokens, sort_key

    filters = SearchFilters(query="e")
    with catalogue.read() as conn:
        keys, _ = _all_pages(conn, filters, limit=7, ranked_max=5)
        rows = fetch_summaries(conn, keys)
    in_title = [any(w.startswith("e") for w in query_tokens(fold(r.title))) for r in rows]
    first_other = in_title.index(False)
    assert 7 < first_other < len(rows) - 7  # both tiers span several pages
    assert all(in_title[:first_other]) and not any(in_title[first_other:])
    for tier in (rows[:first_other], rows[first_other:]):
        assert [sort_key(r.title) for r in tier] == sorted(sort_key(r.title) for r in tier)


def test_browsing_without_query_pages_by_title(catalogue) -> None:
    import datetime as dt

    filters = SearchFilters(valid_on=dt.date(2026, 11, 28), category="mobilite")
    with catalogue.read() as conn:
        keys, _ = _all_pages(conn, filters, limit=4)
        titles = [row.title for row in fetch_summaries(conn, keys)]
        assert keys == list(search_offer_pks(conn, filters))
    from pej_desktop.domain.text import sort_key

    assert [sort_key(t) for t in titles] == sorted(sort_key(t) for t in titles)


def test_sort_key_orders_numbers_by_value() -> None:
    from pej_desktop.domain.text import sort_key

    titles = ["20 % sur le train", "3 € offerts", "Abonnement", "10 € offerts", "Écran"]
    assert sorted(titles, key=sort_key) == ["3 € offerts", "10 € offerts", "20 % sur le train", "Abonnement", "Écran"]
