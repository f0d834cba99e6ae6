"""The page format: the envelope is checked whole, each record alone, with French reasons."""

from __future__ import annotations

import copy

import pytest

from pej_desktop.store.demo import read_demo_catalogue
from sync.protocol import ChangesPage, PageFormatError


def _page(**changes):  # type: ignore[no-untyped-def]
    demo = read_demo_catalogue()
    page = {
        "api_version": 1, "since": None, "next_cursor": "c2", "has_more": False, "remaining": 0,
        "catalogue_version": "g.2",
        "categories": [c.to_payload() for c in demo.categories[:1]],
        "partners": [p.to_payload() for p in demo.partners[:1]],
        "offers": [o.to_payload() for o in demo.offers[:2]],
        "tombstones": [{"kind": "offer", "id": "ancienne-offre", "reason": "unpublished"}],
    }
    page.update(changes)
    return page


def test_a_valid_page_is_read_whole() -> None:
    page = ChangesPage.from_json(_page())
    assert page.next_cursor == "c2" and page.size == 5
    assert page.tombstones[0].reason == "unpublished"


def test_unknown_fields_are_tolerated_everywhere() -> None:
    data = _page(futur_champ=True)
    data["offers"][0]["nouveau"] = {"x": 1}
    data["tombstones"][0]["horodatage"] = "2026-11-28"
    assert ChangesPage.from_json(data).offers[0].id == data["offers"][0]["id"]


@pytest.mark.parametrize("field, value", [("next_cursor", None), ("has_more", "non"), ("offers", {}),
                                          ("remaining", -1), ("since", 3)])
def test_a_broken_envelope_is_refused(field: str, value: object) -> None:
    with pytest.raises(PageFormatError):
        ChangesPage.from_json(_page(**{field: value}))


def test_a_record_missing_a_field_is_refused_alone_and_named() -> None:
    data = _page()
    offer_id, kept = data["offers"][1]["id"], data["offers"][0]["id"]
    del data["offers"][1]["title"]
    page = ChangesPage.from_json(data)
    assert [o.id for o in page.offers] == [kept] and page.size == 4
    (refused,) = page.refused
    assert (refused.section, refused.id) == ("offers", offer_id)
    assert refused.reason == f"offre « {offer_id} » : champ obligatoire « title » manquant"


def test_a_wrongly_typed_record_is_named() -> None:
    data = _page()
    data["partners"][0]["name"] = 42
    (refused,) = ChangesPage.from_json(data).refused
    assert refused.reason.startswith("partenaire « ") and "champ « name » : texte attendu" in refused.reason


def test_each_record_appears_once_per_page() -> None:
    data = _page()
    data["offers"].append(copy.deepcopy(data["offers"][0]))
    with pytest.raises(PageFormatError, match="apparaît deux fois"):
        ChangesPage.from_json(data)
    data = _page(tombstones=[{"kind": "offer", "id": _page()["offers"][0]["id"]}])
    with pytest.raises(PageFormatError, match="apparaît deux fois"):
        ChangesPage.from_json(data)


@pytest.mark.parametrize("tombstone", [{"kind": "jeune", "id": "x"}, {"kind": "offer"}, "offre",
                                       {"kind": "offer", "id": "x", "reason": "oubli"}])
def test_malformed_tombstones_are_refused_alone(tombstone: object) -> None:
    page = ChangesPage.from_json(_page(tombstones=[tombstone]))
    assert page.tombstones == () and len(page.refused) == 1 and len(page.offers) == 2
    assert page.refused[0].reason.startswith("suppression ")
