"""The personalised summary, read back from the generated PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest
from reportlab import rl_config

from pej_desktop.domain.allocation import AllocationCase
from pej_desktop.domain.people import Adviser, YoungPerson
from pej_desktop.reports.common import PAGE_WIDTH
from pej_desktop.reports.inputs import summary_input_for
from pej_desktop.reports.model import (
    ActivatedOffer, AdviserInfo, CatalogueStamp, CejDates, OfferEntry, StructureInfo, SummaryInput,
    YoungPersonName,
)
from pej_desktop.reports.summary import build_summary
from pej_desktop.store.records import Discount, OfferRecord, PartnerRecord, Usage
from tests.support.pdf_reading import all_text, embedded_fonts, page_texts, reader, scanned_codes, text_spans

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


GROCERY = entry(offer("ali-1", "voucher", "20 % sur les courses du quotidien",
                      Discount(type="percent", percent=20.0, reference_spend_cents=6000), Usage(4, "month"),
                      renewable=True, how_to_use=("Présente le code-barres en caisse.", "La réduction s'applique au ticket.")),
                "Épicerie du Cœur", "Alimentation et hygiène")
BIKE = entry(offer("mob-1", "code", "Vélo en libre-service", Discount(type="fixed", amount_cents=500),
                   Usage(1, "month"), renewable=True, url=BIKE_LINK, how_to_use=("Crée ton compte.", "Saisis le code promo.")),
             "Vélo Libre", "Mobilité")
LAPTOP = entry(offer("equ-1", "gift_card", "Carte cadeau ordinateur",
                     Discount(type="price", regular_price_cents=5000, pass_price_cents=3000), Usage(1, "once"),
                     url="https://equipement.example.org/carte"), "Équipement Solidaire", "Équipement")
BASKET = entry(offer("ali-2", "voucher_pass", "Panier anti-gaspi", Discount(type="fixed", amount_cents=300),
                     Usage(1, "month"), renewable=True), "Marché Œcuménique", "Alimentation et hygiène")


def summary_input(**changes) -> SummaryInput:  # type: ignore[no-untyped-def]
    data = SummaryInput(
        structure=StructureInfo("MISSION_LOCALE", "Mission Locale de Lyon", "Lyon 3e", "69003"),
        adviser=AdviserInfo("Karim", "Benali", "04 72 00 00 00", "k.benali@ml-lyon.example.org"),
        young_person=YoungPersonName("Léa", "Martin"),
        cej=CejDates(dt.date(2026, 6, 1), dt.date(2027, 5, 31)),
        eligibility_date=dt.date(2026, 11, 20),
        activations=(
            ActivatedOffer(GROCERY, code="EPI-2026-000123", activated_on=dt.date(2026, 11, 20), uses_per_month=4),
            ActivatedOffer(BIKE, code="VELO-7Q2P", activated_on=dt.date(2026, 11, 21), uses_per_month=2),
            ActivatedOffer(LAPTOP, code=None, activated_on=dt.date(2026, 11, 22)),
            ActivatedOffer(BASKET, activated_on=dt.date(2026, 11, 22)),
        ),
        catalogue=CatalogueStamp(synced_at=dt.datetime(2026, 11, 27, 14, 5), version="2026.11.27"),
        reference_date=TODAY, allocation_case=AllocationCase.ADULT_NON_TAXABLE,
    )
    return dataclasses.replace(data, **changes)


def test_the_summary_prints_name_offers_codes_totals_and_sync_date() -> None:
    pdf = build_summary(summary_input())
    text = all_text(pdf)
    assert "Léa MARTIN" in text
    for title in ("20 % sur les courses du quotidien", "Vélo en libre-service", "Carte cadeau ordinateur",
                  "Panier anti-gaspi"):
        assert title in text
    assert "EPI-2026-000123" in text and "VELO-7Q2P" in text
    assert "lien de l'offre" in text  # a gift card is bought through the offer's link: no code from a pool
    assert "sur présentation du Pass" in text  # the basket has no code at all
    # Per month, renewable offers at the uses agreed: 20 % × 60 € × 4 + 5 € × 2 + 3 € × 1 = 61,00 €.
    # Once: the gift card, 50 € − 30 € = 20,00 €, beside it and never added to it.
    # Remaining: 28/11/2026 → 31/05/2027 = 185 days = 185 × 48 / 1 461 months;
    # 6 100 × 8 880 / 1 461 = 37 075,98 cents → 370,76 € (renewable offers only).
    assert ("Environ 61,00 € par mois, soit 10,9 % de ton allocation mensuelle (561,68 €), si tu utilises chaque "
            "offre le nombre de fois par mois convenu pour elle (de 1 à 4 fois).") in text
    assert "Et environ 20,00 € en une fois, avec tes offres à usage unique." in text
    assert ("Avec tes offres renouvelables, environ 370,76 € d'ici la fin de ton CEJ le 31/05/2027, soit 6,1 mois "
            "restants.") in text
    assert "Total estimé 61,00 € par mois 20,00 € en une fois" in text
    assert "81,00" not in text and "390,76" not in text  # never one number adding monthly and one-time
    assert "Catalogue synchronisé le 27/11/2026 à 14:05" in text
    assert "Estimations non contractuelles" in text
    assert "Karim BENALI" in text and "k.benali@ml-lyon.example.org" in text
    assert "du 01/06/2026 au 31/05/2027 (fin prévue)" in text and "20/11/2026" in text


def test_each_offer_says_how_it_is_used_and_on_what_basis() -> None:
    text = all_text(build_summary(summary_input()))
    assert "1. Présente le code-barres en caisse. 2. La réduction s'applique au ticket." in text
    assert ("Estimation : 20 % d'une dépense type de 60,00 € = 12,00 € par utilisation, si tu l'utilises 4 fois "
            "par mois") in text
    assert "5,00 € de réduction par utilisation, si tu l'utilises 2 fois par mois" in text
    assert "30,00 € au lieu de 50,00 € = 20,00 €, une seule fois" in text
    assert "Présente ton Pass Engagement Jeune en caisse" in text
    assert "Validité : du 01/01/2026 au 31/12/2027 inclus" in text


def test_data_protection_footer_and_page_numbers_on_every_page() -> None:
    pages = page_texts(build_summary(summary_input()))
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert "Responsable du traitement : Mission Locale de Lyon" in page
        assert "conservées 2 ans après ton dernier contact" in page
        assert "CNIL" in page and "rectifier" in page
        assert f"page {number}/{len(pages)}" in page


def test_metadata_language_and_embedded_fonts() -> None:
    pdf = build_summary(summary_input())
    document = reader(pdf)
    assert document.metadata.title == "Récapitulatif Pass Engagement Jeune"
    assert document.metadata.author == "Mission Locale de Lyon"
    assert document.trailer["/Root"]["/Lang"] == "fr-FR"
    fonts = embedded_fonts(pdf)
    assert fonts and all(fonts.values()), fonts  # every font program is in the file
    assert all("DejaVuSans" in name for name in fonts)  # subsets of the shipped fonts


def test_qr_code_decodes_to_the_link_and_barcode_to_the_code() -> None:
    found = [code for page in scanned_codes(build_summary(summary_input()), dpi=300) for code in page]
    assert ("Code128", "EPI-2026-000123") in found
    assert ("QRCode", BIKE_LINK) in found
    assert ("QRCode", "https://equipement.example.org/carte") in found


def test_no_date_of_birth_nor_external_reference_even_from_a_full_file() -> None:
    person = YoungPerson(first_name="Léa", last_name="Martin", birth_date=dt.date(2005, 3, 12), postal_code="69003",
                         external_ref_kind="IMILO", external_ref="4815162342", cej_start=dt.date(2026, 6, 1),
                         cej_planned_end=dt.date(2027, 5, 31), last_contact=dt.date(2026, 11, 20), id=7)
    adviser = Adviser("Karim", "Benali", "MISSION_LOCALE", "Mission Locale de Lyon", "69003")
    data = summary_input_for(person, adviser, reference_date=TODAY, catalogue=CatalogueStamp(demo=True),
                             activations=summary_input().activations)
    fields = {f.name for f in dataclasses.fields(SummaryInput)} | {f.name for f in dataclasses.fields(YoungPersonName)}
    assert not fields & {"birth_date", "external_ref", "postal_code", "date_of_birth"}
    pdf = build_summary(data)
    text = all_text(pdf) + " " + str(reader(pdf).metadata)
    assert "Léa MARTIN" in text
    for leak in ("12/03/2005", "2005-03-12", "12 mars 2005", "4815162342", "69003 ", "IMILO", "i-milo"):
        assert leak not in text
    assert data.allocation_case is AllocationCase.ADULT_NON_TAXABLE


def test_a_minor_is_compared_with_the_minor_allocation() -> None:
    person = YoungPerson(first_name="Noé", last_name="Petit", birth_date=dt.date(2009, 1, 15), postal_code="69003",
                         cej_start=dt.date(2026, 6, 1), cej_planned_end=dt.date(2027, 5, 31))
    data = summary_input_for(person, None, reference_date=TODAY, catalogue=CatalogueStamp(demo=True),
                             activations=summary_input().activations)
    assert data.allocation_case is AllocationCase.MINOR
    assert "de ton allocation mensuelle (224,68 €)" in all_text(build_summary(data))


def test_missing_data_prints_dashes() -> None:
    data = summary_input(adviser=AdviserInfo("", ""), eligibility_date=None, cej=CejDates(dt.date(2026, 6, 1)),
                         structure=StructureInfo("MISSION_LOCALE"), catalogue=CatalogueStamp(), allocation_case=None)
    text = all_text(build_summary(data))
    assert "Conseiller référent -- Contact professionnel --" in text
    assert "Éligibilité au Pass vérifiée le --" in text
    assert "du 01/06/2026 au -- (fin prévue)" in text
    assert "D'ici la fin de ton CEJ : --, la date de fin n'est pas renseignée." in text
    assert "Catalogue : date de synchronisation inconnue" in text
    assert "allocation mensuelle" not in text


def test_no_activation_says_so_and_suggests_offers() -> None:
    text = all_text(build_summary(summary_input(activations=(), suggestions=(BIKE, LAPTOP))))
    assert "Aucune offre n'est encore activée pour toi" in text
    assert "Des offres pour toi" in text and "Vélo en libre-service" in text and "Carte cadeau ordinateur" in text
    assert "Tes offres activées" not in text
    empty = all_text(build_summary(summary_input(activations=(), suggestions=())))
    assert "Parles-en avec ton conseiller" in empty


def test_long_lists_paginate_with_the_table_header_repeated() -> None:
    activations = tuple(ActivatedOffer(GROCERY, code=f"EPI-{i:04d}") for i in range(70))
    pages = page_texts(build_summary(summary_input(activations=activations)))
    header = "Offre Catégorie Code Utilisation Par utilisation Par mois En une fois"
    assert sum(header in page for page in pages) >= 2
    assert all(f"EPI-{i:04d}" in " ".join(pages) for i in range(70))


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
