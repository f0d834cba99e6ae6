"""The embedded demonstration catalogue, read from the real file and loaded into a real store.

Each test states one promise the demo makes to the people who show the application:
enough offers in every category, every kind of offer, local offers down to the commune,
offers expired and not yet valid around a fixed "today", codes for the offers that need
them, and text that search finds whatever the spelling of the ligatures.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import re
from typing import Any

import pytest

from pej_desktop.domain.records import OFFER_KINDS, OfferRecord
from pej_desktop.store.demo import CatalogueDocument, demo_catalogue_path
from pej_desktop.store.search import SearchFilters, fetch_summaries, load_offer_records, search_offer_pks
from sync.protocol.pages import parse_record

TODAY = dt.date(2026, 11, 28)
CATEGORY_SLUGS = ["alimentation-hygiene", "mobilite", "logement", "sante", "sport-loisirs-culture", "equipement"]
PARTNER_SUFFIX = "(partenaire fictif — données de démonstration)"
EXAMPLE_URL = re.compile(r"^https://[a-z0-9.-]+\.example\.(org|fr)(/|$)")


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    with open(demo_catalogue_path(), encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(scope="module")
def document(raw: dict[str, Any]) -> CatalogueDocument:
    return CatalogueDocument.from_json(raw)


@pytest.fixture(scope="module")
def offers(document: CatalogueDocument) -> list[OfferRecord]:
    return document.offers


def test_marked_as_demonstration(raw: dict[str, Any]) -> None:
    assert set(raw) == {"format", "name", "version", "categories", "partners", "offers", "codes"}
    assert (raw["format"], raw["name"], raw["version"]) == (1, "Catalogue de démonstration", "demo-2026.11")


def test_every_record_validates_and_round_trips(raw: dict[str, Any]) -> None:
    for payload in raw["offers"]:
        record = parse_record("offers", payload)
        assert parse_record("offers", record.to_payload()) == record
    for payload in raw["partners"]:
        assert parse_record("partners", payload).to_payload() == payload
    assert [parse_record("categories", c).slug for c in raw["categories"]] == CATEGORY_SLUGS


def test_ids_unique_and_partners_known(document: CatalogueDocument, offers: list[OfferRecord]) -> None:
    partner_ids = [p.id for p in document.partners]
    assert len(set(partner_ids)) == len(partner_ids)
    assert len({o.id for o in offers}) == len(offers)
    assert {o.partner_id for o in offers} == set(partner_ids), "every partner has offers, every offer a partner"


def test_at_least_85_offers_and_10_per_category(offers: list[OfferRecord]) -> None:
    per_category = collections.Counter(slug for o in offers for slug in o.categories)
    assert len(offers) >= 85
    assert set(per_category) == set(CATEGORY_SLUGS)
    assert min(per_category.values()) >= 10, per_category


def test_every_kind_several_times(offers: list[OfferRecord]) -> None:
    kinds = collections.Counter(o.kind for o in offers)
    assert set(kinds) == set(OFFER_KINDS)
    assert min(kinds.values()) >= 5, kinds


def test_national_and_local_offers_in_many_departements(offers: list[OfferRecord]) -> None:
    local = [o for o in offers if o.territory.scope == "local"]
    national = [o for o in offers if o.territory.scope == "national"]
    covered = {d for o in local for d in o.territory.all_departements()}
    assert len(national) >= 30 and len(local) >= 20
    assert {"69", "75", "93", "974", "2A"} <= covered
    assert len(covered) >= 5


def test_some_offers_limited_to_communes(offers: list[OfferRecord]) -> None:
    communes = {c for o in offers for c in o.territory.communes}
    assert len(communes) >= 8
    assert all(re.fullmatch(r"\d{5}|2A\d{3}", c) for c in communes)
    assert {"2A004", "97411"} <= communes  # Ajaccio, Saint-Denis de La Réunion


def test_validity_around_today(offers: list[OfferRecord]) -> None:
    expired = [o for o in offers if o.valid_to and o.valid_to < TODAY]
    future = [o for o in offers if o.valid_from and o.valid_from > TODAY]
    current = [o for o in offers if o not in expired and o not in future]
    assert len(expired) >= 3 and len(future) >= 3
    assert all(o.valid_from.year == 2027 for o in future)
    assert len(current) > 0.75 * len(offers)
    assert sum(1 for o in current if o.valid_to and o.valid_to >= dt.date(2027, 6, 30)) > 0.9 * len(current)


def test_renewable_and_one_time_offers(offers: list[OfferRecord]) -> None:
    renewable = [o for o in offers if o.renewable]
    assert len(renewable) >= 20 and len(offers) - len(renewable) >= 20
    assert all(o.usage.period == "once" for o in offers if o.kind == "gift_card" and not o.renewable)


def test_age_bounds_on_a_few_offers(offers: list[OfferRecord]) -> None:
    bounded = [o for o in offers if o.age_min is not None or o.age_max is not None]
    assert 3 <= len(bounded) <= len(offers) // 5
    assert any((o.age_min, o.age_max) == (18, 25) and "mobilite" in o.categories for o in bounded)


def test_discounts_realistic_with_usage(offers: list[OfferRecord]) -> None:
    types = collections.Counter(o.discount.type for o in offers)
    assert min(types[t] for t in ("percent", "fixed", "price")) >= 5
    for offer in offers:
        d = offer.discount
        if d.type == "percent":
            assert 5 <= (d.percent or 0) <= 50 and (d.reference_spend_cents or 0) > 0
        elif d.type == "fixed":
            assert 100 <= (d.amount_cents or 0) <= 20_000
        else:
            assert (d.pass_price_cents or 0) < (d.regular_price_cents or 0)
    gift_cards = [o for o in offers if o.kind == "gift_card"]
    assert all(o.discount.type == "price" for o in gift_cards)
    assert {o.usage.period for o in offers} == {"week", "month", "quarter", "year", "once"}


def test_how_to_use_conditions_and_stores(offers: list[OfferRecord]) -> None:
    for offer in offers:
        assert 2 <= len(offer.how_to_use) <= 4, offer.id
        assert all(step.strip() and step.rstrip()[-1] in ".!" for step in offer.how_to_use), offer.id
        assert offer.conditions and all(c["title"] and c["text"] for c in offer.conditions), offer.id
        assert offer.url and EXAMPLE_URL.match(offer.url), offer.id
        if offer.channel == "in_store":
            assert offer.stores_count and offer.stores_count > 0, offer.id


def test_partners_fictional_with_colours(document: CatalogueDocument) -> None:
    assert len(document.partners) >= 20
    for partner in document.partners:
        assert re.fullmatch(r"#[0-9A-F]{6}", partner.color or ""), partner.id
        assert partner.url and EXAMPLE_URL.match(partner.url), partner.id
        assert (partner.description or "").endswith(PARTNER_SUFFIX), partner.id


def test_code_reserve_for_every_voucher_and_code_offer(document: CatalogueDocument, offers: list[OfferRecord]) -> None:
    needing = {o.id for o in offers if o.kind in ("voucher", "code")}
    assert set(document.codes) == needing
    every_code = [code for pool in document.codes.values() for code in pool]
    assert len(every_code) == len(set(every_code)), "codes are unique across the file"
    assert all(5 <= len(pool) <= 8 for pool in document.codes.values())
    assert all(re.fullmatch(r"[A-Z0-9]+(-[A-Z0-9]+)+", code) for code in every_code)


def test_french_text_with_ligatures(raw: dict[str, Any]) -> None:
    text = json.dumps(raw["offers"], ensure_ascii=False)
    for word in ("cœur", "œuvre", "œufs", "réduction", "Réunion"):
        assert word in text or word in json.dumps(raw["partners"], ensure_ascii=False), word


def test_loads_into_a_real_store(catalogue, offers: list[OfferRecord]) -> None:
    with catalogue.read() as conn:
        everything = search_offer_pks(conn, SearchFilters())
        stored = load_offer_records(conn, list(everything))
        in_974 = fetch_summaries(conn, search_offer_pks(conn, SearchFilters(departement="974")))
        valid_today = search_offer_pks(conn, SearchFilters(valid_on=TODAY))
    assert sorted(r.id for r in stored.values()) == sorted(o.id for o in offers)
    by_id = {o.id: o for o in offers}
    assert all(by_id[r.id] == r for r in stored.values()), "the store gives back the records as loaded"
    assert any(row.scope == "local" for row in in_974)
    assert len(offers) * 0.75 < len(valid_today) < len(offers)


@pytest.mark.parametrize(("typed", "written"), [("coeur", "cœur"), ("OEUVRE", "œuvre"), ("oeufs", "œufs")])
def test_search_folds_ligatures(catalogue, typed: str, written: str) -> None:
    with catalogue.read() as conn:
        pks = list(search_offer_pks(conn, SearchFilters(query=typed)))
        records = load_offer_records(conn, pks)
        partners = dict(conn.exec_driver_sql("SELECT id, name FROM partners").all())
    assert pks
    for record in records.values():
        haystack = " ".join([record.title, record.subtitle, *record.tags, partners[record.partner_id]]).lower()
        assert written in haystack, record.id
