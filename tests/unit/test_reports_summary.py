"""The personalised summary, read back from the generated PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator

import pytest
from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from pej_desktop.domain.allocation import AllocationCase
from pej_desktop.domain.people import Adviser, YoungPerson
from pej_desktop.domain.records import Discount, OfferRecord, PartnerRecord, Usage
from pej_desktop.reports.common import MARGIN_X, PAGE_HEIGHT, PAGE_WIDTH, footer_height
from pej_desktop.reports.fonts import BOLD, REGULAR
from pej_desktop.reports.inputs import summary_input_for
from pej_desktop.reports.model import (
    ActivatedOffer,
    AdviserInfo,
    CatalogueStamp,
    CejDates,
    OfferEntry,
    StructureInfo,
    SummaryInput,
    YoungPersonName,
)
from pej_desktop.reports.sample import demo_activations
from pej_desktop.reports.summary import build_summary, estimate_for, page_decor
from pej_desktop.reports.summary_offers import offer_title, saving_basis
from tests.support.pdf_reading import (
    all_text,
    embedded_fonts,
    normalise,
    page_texts,
    reader,
    scanned_codes,
    text_spans,
)

TODAY = dt.date(2026, 11, 28)
BIKE_LINK = "https://velo-libre.example.org/pass?offre=velo&source=pej"


@pytest.fixture(autouse=True)
def invariant_pdf() -> Iterator[None]:
    previous = rl_config.invariant
    rl_config.invariant = 1
    yield
    rl_config.invariant = previous


def offer(offer_id: str, kind: str, title: str, discount: Discount, usage: Usage, **kw) -> OfferRecord:  # type: ignore[no-untyped-def]
    return OfferRecord(id=offer_id, kind=kind, title=title, partner_id="p1", discount=discount, usage=usage,
                       valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2027, 12, 31), **kw)


def entry(record: OfferRecord, partner: str, category: str, url: str | None = None) -> OfferEntry:
    return OfferEntry(record, PartnerRecord(id="p1", name=partner, url=url), (category,))


GROCERY = entry(
    offer(
        "ali-1",
        "voucher",
        "20 % sur les courses du quotidien",
        Discount(type="percent", percent=20.0, reference_spend_cents=6000),
        Usage(4, "month"),
        renewable=True,
        how_to_use=("Présente le code-barres en caisse.", "La réduction s'applique au ticket."),
    ),
    "Épicerie du Cœur",
    "Alimentation et hygiène",
)
BIKE = entry(
    offer(
        "mob-1",
        "code",
        "Vélo en libre-service",
        Discount(type="fixed", amount_cents=500),
        Usage(1, "month"),
        renewable=True,
        url=BIKE_LINK,
        how_to_use=("Crée ton compte.", "Saisis le code promo."),
    ),
    "Vélo Libre",
    "Mobilité",
)
LAPTOP = entry(
    offer(
        "equ-1",
        "gift_card",
        "Carte cadeau ordinateur",
        Discount(type="price", regular_price_cents=5000, pass_price_cents=3000),
        Usage(1, "once"),
        url="https://equipement.example.org/carte",
    ),
    "Équipement Solidaire",
    "Équipement",
)
BASKET = entry(
    offer(
        "ali-2",
        "voucher_pass",
        "Panier anti-gaspi",
        Discount(type="fixed", amount_cents=300),
        Usage(1, "month"),
        renewable=True,
    ),
    "Marché Œcuménique",
    "Alimentation et hygiène",
)


def summary_input(**changes) -> SummaryInput:  # type: ignore[no-untyped-def]
    data = SummaryInput(
        structure=StructureInfo("MISSION_LOCALE", "Mission Locale de Lyon", "Lyon 3e", "69003"),
        adviser=AdviserInfo("Karim", "Benali", "04 72 00 00 00", "k.benali@ml-lyon.example.org"),
        young_person=YoungPersonName("Léa", "Martin"),
        cej=CejDates(dt.date(2026, 6, 1), dt.date(2027, 5, 31)),
        eligibility_date=dt.date(2026, 11, 20),
        activations=(
            ActivatedOffer(GROCERY, code="EPI-2026-000123", activated_on=dt.date(2026, 11, 20)),
            ActivatedOffer(BIKE, code="VELO-7Q2P", activated_on=dt.date(2026, 11, 21), uses_per_month=2),
            ActivatedOffer(LAPTOP, code=None, activated_on=dt.date(2026, 11, 22)),
            ActivatedOffer(BASKET, activated_on=dt.date(2026, 11, 22)),
        ),
        catalogue=CatalogueStamp(synced_at=dt.datetime(2026, 11, 27, 14, 5), version="2026.11.27"),
        reference_date=TODAY,
        allocation_case=AllocationCase.ADULT_NON_TAXABLE,
    )
    return dataclasses.replace(data, **changes)


def test_the_summary_prints_name_offers_codes_and_honest_savings() -> None:
    pdf = build_summary(summary_input())
    text = all_text(pdf)
    assert "Léa MARTIN" in text
    for title in (
        "20 % sur les courses du quotidien",
        "Vélo en libre-service",
        "Carte cadeau ordinateur",
        "Panier anti-gaspi",
    ):
        assert title in text
    assert "Ton code : EPI-2026-000123" in text and "Ton code : VELO-7Q2P" in text
    assert "Montre ton Pass en caisse : pas de code à donner." in text
    # One use a month unless agreed: 20 % × 60 € × 1 + 5 € × 2 (agreed) + 3 € × 1 = 25,00 € a month;
    # the gift card saves 20,00 € once, printed beside, never added.
    assert (
        "Chaque mois : environ 25,00 €, si tu utilises chaque offre le nombre de fois par mois convenu pour "
        "elle (de 1 à 2 fois)."
    ) in text
    assert "En une fois : 20,00 € avec les offres qui ne servent qu'une fois." in text
    assert "45,00 €" not in text  # 25 + 20 is never printed as one figure
    # 25,00 € / 561,68 € = 4,45 % → 4,5 %, with the assumption beside it.
    assert "Avec ce calcul, c'est 4,5 % de ton allocation CEJ de 561,68 € par mois" in text
    # The monthly offers until 31/05/2027: 185 days = 185 × 48 / 1 461 months; 2 500 × that = 15 195,07 cents.
    assert "D'ici la fin de ton CEJ (31 mai 2027) : environ 151,95 € avec les offres de chaque mois." in text
    assert "Catalogue synchronisé le 27/11/2026 à 14:05" in text
    assert "Estimations non contractuelles" in text
    assert "Ton conseiller : Karim BENALI, 04 72 00 00 00, k.benali@ml-lyon.example.org." in text
    assert "Ton CEJ : du 1er juin 2026 au 31 mai 2027 (fin prévue)." in text
    assert "Ton droit au Pass a été vérifié le 20 novembre 2026." in text


def test_page_one_alone_says_what_was_activated_the_codes_and_the_savings() -> None:
    first = page_texts(build_summary(summary_input()))[0]
    assert "Tes 4 offres activées" in first
    assert "Ton offre Ton code Économie" in first  # the table's header comes before its figures
    for line in (
        "20 % sur les courses du quotidien EPI-2026-000123 12,00 € par mois",
        "Vélo en libre-service VELO-7Q2P 10,00 € par mois",
        "Carte cadeau ordinateur Sur le site 20,00 € en une fois",
        "Panier anti-gaspi Montre ton Pass 3,00 € par mois",
    ):
        assert line in first, line
    assert "Chaque mois : environ 25,00 €" in first and "En une fois : 20,00 €" in first


def test_each_offer_gives_its_code_first_then_steps_conditions_and_basis() -> None:
    text = all_text(build_summary(summary_input()))
    grocery = text.index("Ton code : EPI-2026-000123")
    assert (
        grocery
        < text.index("1. Présente le code-barres en caisse.", grocery)
        < text.index("Chez Épicerie du Cœur, jusqu'au 31 décembre 2027.", grocery)
        < text.index("Économie estimée : 12,00 € sur un achat de 60,00 €, si tu l'utilises 1 fois par mois.", grocery)
    )
    assert "Économie estimée : 5,00 € à chaque fois, si tu l'utilises 2 fois par mois." in text
    assert "Économie estimée : 20,00 € (30,00 € au lieu de 50,00 €), en une fois." in text
    assert "Va sur equipement.example.org : scanne le QR code. Achète ta carte cadeau sur ce site." in text
    assert "Site : velo-libre.example.org" in text
    pending = all_text(build_summary(summary_input(activations=(ActivatedOffer(BIKE),))))
    assert "Vélo en libre-service code à venir" in pending
    assert "Ton code : à venir. Ton conseiller te le donnera dès qu'il sera prêt." in pending


def test_the_summary_says_tu_even_when_the_partner_wrote_vous(catalogue) -> None:  # type: ignore[no-untyped-def]
    activations = demo_activations(catalogue, 10)
    pdf = build_summary(summary_input(activations=activations))
    text = all_text(pdf).lower()
    for word in ("vous", "votre", "vos", "activez"):
        assert not re.search(rf"\b{word}\b", text), word
    for partner_text in (" présentez ", " saisissez ", " ouvrez "):
        assert partner_text not in text
    assert "crée ton compte ou connecte-toi" in text  # « Créez votre compte ou connectez-vous. »


def test_ten_demo_offers_fit_on_three_pages_blocks_whole(catalogue) -> None:  # type: ignore[no-untyped-def]
    data = summary_input(activations=demo_activations(catalogue, 10))
    pages = page_texts(build_summary(data))
    assert len(pages) <= 3
    for activation, saving in zip(data.activations, estimate_for(data).offers):
        # the block's first line (its title) and its last line (the basis) are on the same page
        last_line = normalise(f"Économie estimée : {saving_basis(activation, saving)}.")
        title = offer_title(activation)
        assert any(title in page and last_line in page[page.rindex(title) :] for page in pages), title


def test_body_text_is_12_pt_or_more_and_nothing_under_9_pt(catalogue) -> None:  # type: ignore[no-untyped-def]
    data = summary_input(activations=demo_activations(catalogue, 10))
    pdf = build_summary(data)
    decor = page_decor(data)
    header_line = PAGE_HEIGHT - 12 * mm - 1
    spans = text_spans(pdf)
    assert spans
    for span in spans:
        assert span.size >= 9, (span.text, span.size)
        footer_top = 12 * mm + footer_height(
            decor if span.page == 1 else dataclasses.replace(decor, footer=decor.later_footer)
        )
        if footer_top < span.y < header_line:
            assert span.size >= 12, (span.page, span.text, span.size)


def test_no_heading_is_the_last_line_of_a_page(catalogue) -> None:  # type: ignore[no-untyped-def]
    data = summary_input(activations=demo_activations(catalogue, 10))
    decor = page_decor(data)
    spans = text_spans(build_summary(data))
    for page in {s.page for s in spans}:
        bottom = 12 * mm + footer_height(decor if page == 1 else dataclasses.replace(decor, footer=decor.later_footer))
        body = [s for s in spans if s.page == page and bottom < s.y < PAGE_HEIGHT - 20 * mm]
        last = min(body, key=lambda s: s.y)
        assert not ("Bold" in last.font and last.size >= 13), (page, last.text)


def test_codes_and_amounts_never_break_across_lines(catalogue) -> None:  # type: ignore[no-untyped-def]
    activations = (*summary_input().activations, ActivatedOffer(GROCERY, code="AB 12 CD 34 EF 56 GH 78"))
    pdf = build_summary(summary_input(activations=activations))
    lines = [
        line.replace("\u00a0", " ") for page in reader(pdf).pages for line in (page.extract_text() or "").splitlines()
    ]
    assert not [line for line in lines if line.lstrip().startswith("€")]
    assert not [line for line in lines if re.search(r"\d,\d\d$", line.rstrip())]
    for code in ("EPI-2026-000123", "VELO-7Q2P", "AB 12 CD 34 EF 56 GH 78"):
        assert any(code in line for line in lines), code


@pytest.mark.parametrize("name", ["Léa", "Marie-Adélaïde-Éléonore " * 4, "X" * 120])
def test_the_header_parts_never_overlap(name: str) -> None:
    long_structure = StructureInfo(
        "MISSION_LOCALE",
        "Mission Locale intercommunale des vallées du " + "Haut " * 12,
        "Antenne de " + "Saint-" * 10,
        "69003",
    )
    data = summary_input(
        young_person=YoungPersonName(name, "de La Tour d'Auvergne-Lauragais " * 2), structure=long_structure
    )
    spans = [s for s in text_spans(build_summary(data)) if s.page == 1 and s.y > PAGE_HEIGHT - 14 * mm]
    assert len(spans) == 2, [s.text for s in spans]
    left, right = (dataclasses.replace(s, text=s.text.strip()) for s in sorted(spans, key=lambda s: s.x))
    left_end = left.x + stringWidth(left.text, BOLD, left.size)
    assert left_end < right.x, (left.text, right.text)
    assert right.x + stringWidth(right.text, REGULAR, right.size) <= PAGE_WIDTH - MARGIN_X + 0.5
    assert left.text.endswith("…") or right.text.endswith("…")


def test_qr_code_decodes_to_the_link_and_barcode_to_the_code() -> None:
    found = [code for page in scanned_codes(build_summary(summary_input()), dpi=300) for code in page]
    assert ("Code128", "EPI-2026-000123") in found
    assert ("QRCode", BIKE_LINK) in found
    assert ("QRCode", "https://equipement.example.org/carte") in found


def test_no_date_of_birth_nor_external_reference_even_from_a_full_file() -> None:
    person = YoungPerson(
        first_name="Léa",
        last_name="Martin",
        birth_date=dt.date(2005, 3, 12),
        postal_code="69003",
        external_ref_kind="IMILO",
        external_ref="4815162342",
        cej_start=dt.date(2026, 6, 1),
        cej_planned_end=dt.date(2027, 5, 31),
        last_contact=dt.date(2026, 11, 20),
        id=7,
    )
    adviser = Adviser("Karim", "Benali", "MISSION_LOCALE", "Mission Locale de Lyon", "69003")
    data = summary_input_for(
        person,
        adviser,
        reference_date=TODAY,
        catalogue=CatalogueStamp(demo=True),
        activations=summary_input().activations,
    )
    fields = {f.name for f in dataclasses.fields(SummaryInput)} | {f.name for f in dataclasses.fields(YoungPersonName)}
    assert not fields & {"birth_date", "external_ref", "postal_code", "date_of_birth"}
    pdf = build_summary(data)
    text = all_text(pdf) + " " + str(reader(pdf).metadata)
    assert "Léa MARTIN" in text
    for leak in ("12/03/2005", "2005-03-12", "12 mars 2005", "4815162342", "69003 ", "IMILO", "i-milo"):
        assert leak not in text
    assert data.allocation_case is AllocationCase.ADULT_NON_TAXABLE


def test_a_minor_is_compared_with_the_minor_allocation() -> None:
    person = YoungPerson(
        first_name="Noé",
        last_name="Petit",
        birth_date=dt.date(2009, 1, 15),
        postal_code="69003",
        cej_start=dt.date(2026, 6, 1),
        cej_planned_end=dt.date(2027, 5, 31),
    )
    data = summary_input_for(
        person, None, reference_date=TODAY, catalogue=CatalogueStamp(demo=True), activations=summary_input().activations
    )
    assert data.allocation_case is AllocationCase.MINOR
    assert "de ton allocation CEJ de 224,68 € par mois" in all_text(build_summary(data))


def test_missing_data_is_said_in_words() -> None:
    data = summary_input(
        adviser=AdviserInfo("", ""),
        eligibility_date=None,
        cej=CejDates(dt.date(2026, 6, 1)),
        structure=StructureInfo("MISSION_LOCALE"),
        catalogue=CatalogueStamp(),
        allocation_case=None,
    )
    text = all_text(build_summary(data))
    assert "Ton conseiller : demande son nom et son contact à Mission Locale." in text
    assert "Ton droit au Pass a été vérifié le --." in text
    assert "Ton CEJ : du 1er juin 2026 au -- (fin prévue)." in text
    assert "D'ici la fin de ton CEJ" not in text  # no end date: no total until it
    assert "Catalogue : date de synchronisation inconnue" in text
    assert "allocation" not in text
    no_contact = all_text(build_summary(summary_input(adviser=AdviserInfo("Karim", "Benali"))))
    assert "Ton conseiller : Karim BENALI." in no_contact and "Contact professionnel" not in no_contact


def test_no_activation_says_so_and_suggests_offers() -> None:
    text = all_text(build_summary(summary_input(activations=(), suggestions=(BIKE, LAPTOP))))
    assert "Aucune offre n'est encore activée pour toi" in text
    assert "Des offres pour toi" in text and "Vélo en libre-service" in text and "Carte cadeau ordinateur" in text
    assert "offres activées" not in text
    empty = all_text(build_summary(summary_input(activations=(), suggestions=())))
    assert "Parles-en avec ton conseiller" in empty


def test_long_lists_paginate_with_the_table_header_repeated() -> None:
    activations = tuple(ActivatedOffer(GROCERY, code=f"EPI-{i:04d}") for i in range(70))
    pages = page_texts(build_summary(summary_input(activations=activations)))
    header = "Ton offre Ton code Économie"
    assert sum(header in page for page in pages) >= 2
    assert all(f"EPI-{i:04d}" in " ".join(pages) for i in range(70))


def test_data_protection_in_full_on_page_one_and_page_numbers_on_every_page() -> None:
    pages = page_texts(build_summary(summary_input()))
    assert len(pages) >= 2
    assert "Mission Locale de Lyon (responsable du traitement) les garde 2 ans après ton dernier contact" in pages[0]
    assert "rectifier ou effacer" in pages[0] and "CNIL (cnil.fr)" in pages[0]
    for number, page in enumerate(pages, start=1):
        assert f"page {number}/{len(pages)}" in page
        assert "Estimations non contractuelles" in page
        if number > 1:
            assert "Tes données : voir la page 1" in page


def test_metadata_language_and_embedded_fonts() -> None:
    pdf = build_summary(summary_input())
    document = reader(pdf)
    assert document.metadata.title == "Récapitulatif Pass Engagement Jeune"
    assert document.metadata.author == "Mission Locale de Lyon"
    assert document.trailer["/Root"]["/Lang"] == "fr-FR"
    fonts = embedded_fonts(pdf)
    assert fonts and all(fonts.values()), fonts  # every font program is in the file
    assert all("DejaVuSans" in name for name in fonts)  # subsets of the shipped fonts


def test_long_names_and_conditions_wrap_inside_the_page() -> None:
    long_word = "Partenaire" * 40  # 400 characters without a space
    conditions = tuple({"title": "Conditions", "text": "Très longue condition. " * 200} for _ in range(3))
    record = dataclasses.replace(GROCERY.offer, title="Titre " * 80, conditions=conditions)
    huge = OfferEntry(record, PartnerRecord(id="p1", name=long_word), ("Catégorie " * 20,))
    pdf = build_summary(summary_input(activations=(ActivatedOffer(huge, code="X" * 40),)))
    spans = text_spans(pdf)
    assert spans
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for span in spans:
        font = "PejSans-Bold" if "Bold" in span.font else "PejSans"
        right = span.x + stringWidth(span.text, font, span.size)
        assert span.x >= 0 and right <= PAGE_WIDTH + 0.5, (span.text[:40], span.x, right)
    assert "Très longue condition." in all_text(pdf)


def test_markup_in_data_prints_literally() -> None:
    record = dataclasses.replace(BIKE.offer, title="Offre <b>spéciale</b> & « bons plans » œuvre Œil")
    pdf = build_summary(summary_input(activations=(ActivatedOffer(OfferEntry(record, None, ()), code="A&B<1>"),)))
    text = all_text(pdf)
    assert "Offre <b>spéciale</b> & « bons plans » œuvre Œil" in text
    assert "A&B<1>" in text


def test_output_is_deterministic() -> None:
    assert build_summary(summary_input()) == build_summary(summary_input())


def test_every_code_of_ten_demo_offers_decodes_at_300_dpi_in_greyscale(catalogue) -> None:  # type: ignore[no-untyped-def]
    activations = demo_activations(catalogue, 10)
    found = {
        code for page in scanned_codes(build_summary(summary_input(activations=activations)), dpi=300) for code in page
    }
    for activation in activations:
        offer = activation.entry.offer
        if offer.kind == "voucher":
            assert ("Code128", activation.code) in found, activation.code
        elif offer.kind != "voucher_pass":
            assert ("QRCode", activation.entry.link) in found, activation.entry.link
