"""One declaration of an offer: checked at the wire, stored and read back by column name.

``sync.protocol.records`` declares the record once; pydantic builds it at the wire, the
store builds it from its row without validation (``store/offer_rows.py``, no field named
there). These tests hold the promises that make adding a field cheap and safe: every
field has its column and every column its field, a record survives the wire and a real
SQLite file unchanged, and the window still starts without importing pydantic.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

from pej_desktop.domain.records import OfferRecord
from pej_desktop.store import catalogue_writer as writer
from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.store.offer_rows import DERIVED, OFFER_COLUMNS, dumps
from pej_desktop.store.search import load_offer_records
from sync.generator import generate_catalogue
from sync.protocol.pages import ChangesPage, parse_record


def test_every_field_has_its_column_and_every_column_its_field() -> None:
    fields = {f.name for f in dataclasses.fields(OfferRecord)}
    stored = {c.removesuffix("_json") for c in OFFER_COLUMNS if c not in DERIVED}
    assert stored | {"categories"} == fields  # the categories live in offer_categories, in their order


def test_the_wire_builds_the_record_itself_with_its_defaults() -> None:
    offer = parse_record("offers", {"id": "o-1", "kind": "code", "title": "Vélo", "partner_id": "p-1",
                                    "discount": {"type": "fixed", "amount_cents": 500}, "subtitle": None,
                                    "tags": ["vélo"], "published": None, "unknown_field": 1})
    assert type(offer) is OfferRecord
    assert (offer.subtitle, offer.tags, offer.published, offer.categories) == ("", ("vélo",), True, ())
    assert offer.territory.scope == "national" and offer.usage.period == "month"


def test_generated_offers_survive_the_wire_and_a_real_file_unchanged(tmp_path) -> None:  # type: ignore[no-untyped-def]
    document = generate_catalogue(offers=300, partners=20, seed=7)
    page = ChangesPage.from_json({
        "next_cursor": "c1", "has_more": False, "catalogue_version": "v1",
        "categories": [c.to_payload() for c in document.categories],
        "partners": [p.to_payload() for p in document.partners],
        "offers": [o.to_payload() for o in document.offers],
    })
    assert page.refused == () and list(page.offers) == document.offers
    store = CatalogueStore.open(tmp_path / "catalogue.sqlite3")
    try:
        with store.write() as conn:
            writer.upsert_categories(conn, page.categories)
            writer.upsert_partners(conn, page.partners)
            pks = writer.upsert_offers(conn, page.offers)
        with store.read() as conn:
            read_back = load_offer_records(conn, list(pks))
    finally:
        store.close()
    assert [read_back[pk] for pk in pks] == document.offers


def test_the_catalogue_head_is_read_from_the_script_names_as_alembic_sees_it() -> None:
    from pej_desktop.store.catalogue import CATALOGUE_MIGRATIONS
    from pej_desktop.store.migrate import head_revision

    assert CATALOGUE_MIGRATIONS.head == head_revision(CATALOGUE_MIGRATIONS)


def test_the_window_imports_the_records_without_pydantic() -> None:
    probe = ("import sys, pej_desktop.domain.records, pej_desktop.domain.followup, pej_desktop.domain.activation, "
             "pej_desktop.store.offer_rows, pej_desktop.store.demo; "
             "print('pydantic' in sys.modules or 'pydantic_core' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "False"


def test_the_json_columns_read_back_as_the_standard_encoder_wrote_them() -> None:
    """pydantic-core writes the JSON columns (faster than ``json``): compact, accents kept, the same
    values read back; ``json`` writes what pydantic-core refuses (a lone surrogate)."""
    document = generate_catalogue(offers=300, partners=20, seed=11)
    parts = [value for o in document.offers for value in (
        list(o.tags), list(o.how_to_use), [dict(c) for c in o.conditions], o.territory.to_payload(),
        o.discount.to_payload(), o.usage.to_payload())]
    parts += [{"percent": 12.5, "tiny": 1e-7, "huge": 1e16, "accent": "Fête « été »", "none": None}]
    for value in parts:
        assert json.loads(dumps(value)) == value
    assert "é" in dumps(["été"]) and dumps({"a": [1, 2]}) == '{"a":[1,2]}'
    assert json.loads(dumps(["a\ud800b"])) == ["a\ud800b"]
