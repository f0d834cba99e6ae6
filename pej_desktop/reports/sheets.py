"""Offer sheets for advisers to hand out: one offer per page, or a listing.

No personal data: no name, no code (codes are personal and handed out at activation).
Each offer prints its how-to-use block with a QR code of its link and an example of
saving at the offer's typical frequency.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table

from pej_desktop.domain.describe import describe_validity, format_date, short_discount
from pej_desktop.domain.savings import SavingItem, estimate_offer
from pej_desktop.reports.common import (
    CONTENT_WIDTH, DocumentInfo, PageDecor, listing_style, markup, para, render_pdf, shorten, table, text,
)
from pej_desktop.reports.model import OfferEntry, OfferSheetsInput
from pej_desktop.reports.offer_blocks import offer_block

TITLE = "Offres du Pass Engagement Jeune"


def build_offer_sheets(data: OfferSheetsInput) -> bytes:
    """The sheets as PDF bytes; an empty selection gives a one-page document saying so."""
    if not data.offers:
        story: list[Flowable] = [*_cover(data), para("Aucune offre ne correspond à cette sélection.")]
    elif data.layout == "listing":
        story = _listing(data)
    else:
        story = _pages(data)
    author = data.structure.display_name if data.structure else "Pass Engagement Jeune"
    info = DocumentInfo(title=f"{TITLE} — {data.selection_label}", author=author, subject="Fiches offres")
    return render_pdf(story, info=info, decor=_decor(data))


def example_saving(entry: OfferEntry, data: OfferSheetsInput) -> str:
    """« 20 % d'une dépense type de 60,00 € = 12,00 € par utilisation, si tu l'utilises 1 fois par mois »."""
    offer = entry.offer
    saving = estimate_offer(SavingItem(key=offer.id, discount=offer.discount, renewable=offer.renewable),
                            reference=data.generated_on, cej_end=None)
    return saving.basis


def _decor(data: OfferSheetsInput) -> PageDecor:
    left = data.structure.heading if data.structure else "Pass Engagement Jeune"
    return PageDecor(
        header_left=left, header_right=f"Fiches offres · {shorten(data.selection_label, 70)}",
        footer=(f"{text(data.catalogue.label)} · Édité le {format_date(data.generated_on)} · "
                "Document d'information sans donnée personnelle. Les économies indiquées sont des exemples "
                "non contractuels.",),
    )


def _cover(data: OfferSheetsInput) -> list[Flowable]:
    count = len(data.offers)
    return [markup(text(TITLE), "title"), markup(text(data.selection_label), "big"),
            para(f"{count} offre{'s' if count > 1 else ''} · {data.catalogue.label}", "muted"), Spacer(1, 8)]


def _pages(data: OfferSheetsInput) -> list[Flowable]:
    story: list[Flowable] = []
    for index, entry in enumerate(data.offers):
        if index:
            story.append(PageBreak())
        story.append(para("Fiche offre", "muted"))
        story += offer_block(entry, basis=example_saving(entry, data), qr_size=38 * mm, title_style="title",
                             intro=entry.partner.description if entry.partner else None)
    return story


def _listing(data: OfferSheetsInput) -> list[Flowable]:
    story = [*_cover(data), _overview(data.offers), Spacer(1, 10), markup("Comment utiliser ces offres", "h2")]
    for entry in data.offers:
        story += offer_block(entry, basis=example_saving(entry, data), qr_size=24 * mm)
    return story


def _overview(entries: tuple[OfferEntry, ...]) -> Table:
    rows: list[list[object]] = [[para(h, "cell_head") for h in ("Offre", "Partenaire", "Réduction", "Validité")]]
    for entry in entries:
        offer = entry.offer
        rows.append([para(shorten(offer.title, 200), "cell_bold"), para(shorten(entry.partner_name, 160), "cell"),
                     para(short_discount(offer.discount), "cell"),
                     para(describe_validity(offer.valid_from, offer.valid_to), "cell")])
    return table(rows, [180, 130, 90, CONTENT_WIDTH - 400], listing_style(), repeat_rows=1)
