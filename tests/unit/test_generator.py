"""The catalogue generator: deterministic, valid records, realistic variety, loadable and searchable."""

from __future__ import annotations

import collections
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pej_desktop.domain.records import OFFER_KINDS
from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.store.demo import CatalogueDocument, load_document, read_demo_catalogue
from pej_desktop.store.search import SearchFilters, category_counts, fetch_summaries, search_offer_pks
from sync.generator import document_payload, generate_catalogue, main, write_catalogue_json
from sync.protocol.pages import parse_record

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def big() -> CatalogueDocument:
    return generate_catalogue(offers=2000, partners=120, seed=3, codes_per_offer=5)


def test_same_seed_same_catalogue() -> None:
    first, second = generate_catalogue(300, 30, seed=11), generate_catalogue(300, 30, seed=11)
    assert first == second
    assert json.dumps(document_payload(first)) == json.dumps(document_payload(second))


def test_other_seed_other_content_same_ids() -> None:
    first, other = generate_catalogue(300, 30, seed=1), generate_catalogue(300, 30, seed=2)
    assert [o.id for o in first.offers] == [o.id for o in other.offers]
    assert sum(a != b for a, b in zip(first.offers, other.offers)) > 290
    assert first.version != other.version


@pytest.mark.parametrize(("offers", "partners"), [(0, 0), (1, 1), (50, 2), (700, 9), (1500, 400)])
def test_sizes_and_references(offers: int, partners: int) -> None:
    document = generate_catalogue(offers, partners, seed=5)
    assert (len(document.offers), len(document.partners)) == (offers, partners)
    assert len({o.id for o in document.offers}) == offers
    assert len({p.id for p in document.partners}) == partners
    assert len({p.name for p in document.partners}) == partners, "partner names are unique"
    assert {o.partner_id for o in document.offers} <= {p.id for p in document.partners}
    slugs = [c.slug for c in document.categories]
    assert slugs == [c.slug for c in read_demo_catalogue().categories], "same categories as the demo"
    assert all(set(o.categories) <= set(slugs) for o in document.offers)


def test_every_record_valid_through_the_validating_path(big: CatalogueDocument) -> None:
    for offer in big.offers:
        assert parse_record("offers", offer.to_payload()) == offer
    for partner in big.partners:
        assert parse_record("partners", partner.to_payload()) == partner
    for category in big.categories:
        assert parse_record("categories", category.to_payload()) == category


def test_json_file_reads_back_identical(big: CatalogueDocument, tmp_path: Path) -> None:
    path = tmp_path / "generated.json"
    write_catalogue_json(big, path)
    assert read_demo_catalogue(path) == big
    assert not list(tmp_path.glob("*.partial"))


def test_realistic_variety(big: CatalogueDocument) -> None:
    offers = big.offers
    kinds = collections.Counter(o.kind for o in offers)
    assert set(kinds) == set(OFFER_KINDS) and min(kinds.values()) > 150
    assert {o.discount.type for o in offers} == {"percent", "fixed", "price"}
    assert all(o.discount.type == "price" and o.discount.pass_price_cents < o.discount.regular_price_cents
               for o in offers if o.kind == "gift_card")
    scopes = collections.Counter(o.territory.scope for o in offers)
    assert 0.5 < scopes["national"] / len(offers) < 0.7
    departements = {d for o in offers for d in o.territory.all_departements()}
    assert len(departements) > 60 and {"2A", "974"} <= departements
    assert sum(bool(o.territory.communes) for o in offers) > 100
    aged = sum(o.age_min is not None for o in offers)
    assert 0.01 * len(offers) < aged < 0.08 * len(offers)
    years = {o.valid_from.year for o in offers if o.valid_from}
    assert years == {2025, 2026, 2027, 2028}
    assert all(o.valid_to is None or dt.date(2025, 1, 1) <= o.valid_to <= dt.date(2028, 12, 31) for o in offers)
    assert {o.renewable for o in offers} == {True, False}
    assert all(o.stores_count for o in offers if o.channel == "in_store")
    assert all(2 <= len(o.how_to_use) <= 4 and o.conditions for o in offers)


@pytest.mark.parametrize("word", ["réduction", "carte", "offre", "jeunes"])
def test_common_words_in_many_titles(big: CatalogueDocument, word: str) -> None:
    share = sum(word in o.title.lower() for o in big.offers) / len(big.offers)
    assert share > 0.1, f"« {word} » in {share:.0%} of titles"


def test_code_pools_only_for_offers_that_hand_out_codes(big: CatalogueDocument) -> None:
    assert set(big.codes) == {o.id for o in big.offers if o.kind in ("voucher", "code")}
    codes = [c for pool in big.codes.values() for c in pool]
    assert all(len(pool) == 5 for pool in big.codes.values())
    assert len(codes) == len(set(codes))
    assert generate_catalogue(100, 10, seed=3).codes == {}


@pytest.mark.parametrize(("offers", "partners", "codes"), [(-1, 5, 0), (5, -1, 0), (10, 0, 0), (5, 5, -2)])
def test_bad_sizes_refused_in_french(offers: int, partners: int, codes: int) -> None:
    with pytest.raises(ValueError, match=r"partenaire|positifs"):
        generate_catalogue(offers, partners, codes_per_offer=codes)


def test_loads_into_a_real_store_and_searches(big: CatalogueDocument, paths) -> None:  # type: ignore[no-untyped-def]
    store = CatalogueStore.open(paths.catalogue_db, backup_dir=paths.backups_dir)
    try:
        load_document(store, big, source="generated")
        published = sum(o.published for o in big.offers)
        partner = big.partners[7]
        own = {o.id for o in big.offers if o.partner_id == partner.id and o.published}
        with store.read() as conn:
            everything = search_offer_pks(conn, SearchFilters())
            common = search_offer_pks(conn, SearchFilters(query="réduc"))
            by_partner = fetch_summaries(conn, search_offer_pks(conn, SearchFilters(query=partner.name)))
            in_2a = fetch_summaries(conn, search_offer_pks(conn, SearchFilters(departement="2A")))
            counts = category_counts(conn, SearchFilters())
    finally:
        store.close()
    assert len(everything) == published
    assert len(common) > 0.2 * published
    assert own <= {row.id for row in by_partner}
    assert any(row.scope == "local" for row in in_2a) and any(row.scope == "national" for row in in_2a)
    assert sum(counts.values()) >= published and set(counts) == {c.slug for c in big.categories}


def test_command_line_writes_a_readable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "catalogue.json"
    assert main(["--offers", "120", "--partners", "12", "--seed", "4", "--codes-per-offer", "3", "-o", str(path)]) == 0
    assert "120 offres et 12 partenaires" in capsys.readouterr().out
    assert read_demo_catalogue(path) == generate_catalogue(120, 12, seed=4, codes_per_offer=3)
    assert main(["--offers", "5", "--partners", "0", "-o", str(tmp_path / "none.json")]) == 2
    assert "Erreur" in capsys.readouterr().err and not (tmp_path / "none.json").exists()


def test_module_runs_as_a_script(tmp_path: Path) -> None:
    path = tmp_path / "cli.json"
    result = subprocess.run(
        [sys.executable, "-m", "sync.generator", "--offers", "30", "--partners", "4", "--seed", "1", "-o", str(path)],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert len(read_demo_catalogue(path).offers) == 30


def test_the_generator_writes_as_the_desktop_does_without_importing_it() -> None:
    """The generator (run by the reference server) keeps its own copies of three small
    French formats so the server imports nothing of the desktop app; they must agree."""
    from pej_desktop.domain.money import format_cents, format_percent
    from pej_desktop.domain.territory import DEPARTEMENTS
    from pej_desktop.domain.text import fold
    from sync import generator, generator_vocabulary

    assert tuple(DEPARTEMENTS) == generator._DEPARTEMENT_CODES
    for cents in (0, 5, 100, 1250, 99_900, 150_000, 12_345_678):
        assert generator._euros(cents) == format_cents(cents, with_cents=False)
    for percent in generator.PERCENTS:
        assert f"{percent}\u202f%" == format_percent(percent)
    names = ["Cœur d'Œillet Ærø", "Épicerie du Cœur Solidaire", "Librairie La Page"]
    names += [repr(v) for v in vars(generator_vocabulary).values() if isinstance(v, (tuple, list, str))]
    for name in names:
        assert generator._ascii(name) == fold(name)
