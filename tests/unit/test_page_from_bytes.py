"""A page is validated straight from its bytes when everything in it passes; otherwise the
closer look (``from_json``) refuses the faulty records alone, or the page, as before."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pej_desktop.store.demo import read_demo_catalogue
from sync.protocol import ChangesPage, PageFormatError


def _page(**changes: Any) -> dict[str, Any]:
    demo = read_demo_catalogue()
    page = {"since": None, "next_cursor": "c1", "has_more": False, "remaining": 0, "catalogue_version": "v1",
            "categories": [c.to_payload() for c in demo.categories],
            "partners": [p.to_payload() for p in demo.partners],
            "offers": [o.to_payload() for o in demo.offers],
            "tombstones": [{"kind": "offer", "id": "gone-1", "reason": "unpublished"}],
            "champ_du_futur": {"nouveau": True}}
    page.update(changes)
    return page


def _bytes(page: dict[str, Any]) -> bytes:
    return json.dumps(page, ensure_ascii=False, default=str).encode()


def test_a_whole_page_that_passes_is_the_same_page_either_way() -> None:
    page = _page()
    fast = ChangesPage.from_bytes(_bytes(page))
    assert fast is not None and fast == ChangesPage.from_json(json.loads(_bytes(page)))
    assert len(fast.offers) == len(page["offers"]) and fast.tombstones[0].reason == "unpublished"


def test_a_faulty_record_sends_the_page_to_the_closer_look_which_refuses_it_alone() -> None:
    page = _page()
    page["offers"][1]["title"] = ""
    assert ChangesPage.from_bytes(_bytes(page)) is None
    slow = ChangesPage.from_json(json.loads(_bytes(page)))
    assert len(slow.offers) == len(page["offers"]) - 1 and [r.id for r in slow.refused] == [page["offers"][1]["id"]]


@pytest.mark.parametrize("body", [b"{not json", b"[]", b'{"next_cursor": "c1"}'])
def test_what_is_not_a_valid_page_is_not_taken_from_the_bytes(body: bytes) -> None:
    assert ChangesPage.from_bytes(body) is None


def test_a_record_twice_is_left_to_the_closer_look_which_refuses_the_page() -> None:
    page = _page()
    page["offers"].append(page["offers"][0])
    assert ChangesPage.from_bytes(_bytes(page)) is None
    with pytest.raises(PageFormatError, match="deux fois"):
        ChangesPage.from_json(json.loads(_bytes(page)))
