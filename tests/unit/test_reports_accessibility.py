"""Accessibility of every PDF, as far as reportlab goes: title bar, language, bookmarks, reading order."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from pej_desktop.reports.sample import demo_activations, sample_documents, sample_summary_input
from pej_desktop.reports.summary import build_summary
from tests.support.pdf_reading import page_texts, reader


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return sample_documents(tmp_path_factory.mktemp("documents"))


def outline_titles(pdf: bytes) -> list[str]:
    def flatten(items) -> Iterator[str]:  # type: ignore[no-untyped-def]
        for item in items:
            yield from flatten(item) if isinstance(item, list) else [item.title]
    return list(flatten(reader(pdf).outline))


@pytest.mark.parametrize("name", ["summary", "sheets", "listing", "access"])
def test_title_bar_language_and_bookmarks(documents: dict[str, bytes], name: str) -> None:
    pdf = documents[name]
    document = reader(pdf)
    root = document.trailer["/Root"]
    assert b"/DisplayDocTitle true" in pdf and root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert root["/Lang"] == "fr-FR" and document.metadata.title
    assert len(document.pages) > 1
    assert root["/PageMode"] == "/UseOutlines"  # multi-page: opens with the bookmarks shown
    assert len(outline_titles(pdf)) >= 2


def test_the_summary_bookmarks_its_sections_and_each_offer(documents: dict[str, bytes], catalogue) -> None:  # type: ignore[no-untyped-def]
    titles = outline_titles(documents["summary"])
    assert titles[:3] == ["Ton Pass Engagement Jeune", "Tes 10 offres activées", "Tes économies estimées"]
    assert "Comment utiliser tes offres" in titles
    offers = [a.entry.offer.title for a in demo_activations(catalogue, 10)]
    assert sum(1 for t in titles if t not in offers) == 4  # the rest are the offers themselves
    assert len(titles) == 4 + len(offers)


def test_text_comes_out_in_reading_order(documents: dict[str, bytes]) -> None:
    first = page_texts(documents["summary"])[0]
    order = ["Mission Locale de Lyon", "Ton Pass Engagement Jeune", "Ton offre Ton code Économie",
             "Tes économies estimées", "Tes données", "page 1/"]
    positions = [first.index(part) for part in order]
    assert positions == sorted(positions), list(zip(order, positions))
    listing = page_texts(documents["listing"])[0]
    assert listing.index("Offre Partenaire Réduction Validité Lien") < listing.index("Catalogue de démonstration ·")
    access = page_texts(documents["access"])[0]
    assert access.index("Votre dossier") < access.index("Prénom Léa") < access.index("Protection des données.")


def test_a_one_page_document_does_not_open_on_bookmarks(catalogue) -> None:  # type: ignore[no-untyped-def]
    data = dataclasses.replace(sample_summary_input(catalogue), activations=demo_activations(catalogue, 1))
    document = reader(build_summary(data))
    assert len(document.pages) == 1
    assert document.trailer["/Root"].get("/PageMode", "/UseNone") == "/UseNone"
