"""Offer sheets for advisers to hand out: one offer per page, or a compact listing.

No personal data: no name, no code (codes are personal and handed out at activation).
By default only the offers valid on the printing day are printed; with
``include_expired`` the others are printed too, marked « Offre expirée » or « À partir
du … » in large type. The listing is a table of one line per offer (title, partner,
discount, validity, short link); the full sheets follow it only when asked
(``with_sheets``). Each sheet prints the how-to-use block with a QR code of its link
and an example of saving at the offer's typical frequency.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table

from pej_desktop.domain.describe import format_date, short_discount
from pej_desktop.domain.records import OfferRecord
from pej_desktop.domain.savings import SavingItem, estimate_offer
from pej_desktop.domain.validity import Validity, validity_on
from pej_desktop.reports.common import (
    CONTENT_WIDTH,
    DocumentInfo,
    PageDecor,
    fit_label,
    listing_style,
    markup,
    para,
    render_pdf,
    shorten,
    table,
    text,
)
from pej_desktop.reports.fonts import BOLD, REGULAR
from pej_desktop.reports.model import OfferEntry, OfferSheetsInput
from pej_desktop.reports.offer_blocks import offer_block
from pej_desktop.reports.plain_french import long_date
from pej_desktop.reports.summary_offers import site_of

TITLE = "Offres du Pass Engagement Jeune"
EXPIRED = "Offre expirée"
_LISTING_HEAD = ("Offre", "Partenaire", "Réduction", "Validité", "Lien")
_LISTING_WIDTHS = (160, 76, 104, 86, CONTENT_WIDTH - 426)
_CELL_SIZE = 7.5
_CELL_PADDING = 6


def build_offer_sheets(data: OfferSheetsInput) -> bytes:
    """The sheets as PDF bytes; an empty selection gives a one-page document saying so."""
    offers = printable_offers(data)
    if not offers:
        story: list[Flowable] = [*_cover(data, offers), para(_nothing_message(data))]
    elif data.layout == "listing":
        story = [
            *_cover(data, offers),
            markup("Liste des offres", "h2_before_table"),
            _listing(offers, data.generated_on),
        ]
        if data.with_sheets:
            story += [PageBreak(), *_pages(data, offers)]
    else:
        story = _pages(data, offers)
    author = data.structure.display_name if data.structure else "Pass Engagement Jeune"
    info = DocumentInfo(title=f"{TITLE} — {data.selection_label}", author=author, subject="Fiches offres")
    return render_pdf(story, info=info, decor=_decor(data))


def printable_offers(data: OfferSheetsInput) -> tuple[OfferEntry, ...]:
    """The offers printed: those valid on the printing day, or all of them with ``include_expired``."""
    if data.include_expired:
        return data.offers
    return tuple(e for e in data.offers if validity_mark(e.offer, data.generated_on) is None)


def validity_mark(offer: OfferRecord, day: dt.date) -> str | None:
    """« Offre expirée », « À partir du 1er janvier 2027 », or None for an offer valid on ``day``."""
    state = validity_on(offer.valid_from, offer.valid_to, day)
    if state is Validity.EXPIRED:
        return EXPIRED
    if state is Validity.NOT_YET:
        return f"À partir du {long_date(offer.valid_from)}"
    return None


def example_saving(entry: OfferEntry, data: OfferSheetsInput) -> str:
    """« 20 % d'une dépense type de 60,00 € = 12,00 € par utilisation, si tu l'utilises 1 fois par mois »."""
    offer = entry.offer
    saving = estimate_offer(
        SavingItem(key=offer.id, discount=offer.discount, renewable=offer.renewable),
        reference=data.generated_on,
        cej_end=None,
    )
    return saving.basis


def _nothing_message(data: OfferSheetsInput) -> str:
    if data.offers and not data.include_expired:
        return (
            "Aucune offre de cette sélection n'est valable aujourd'hui. Pour imprimer quand même les offres "
            "expirées ou à venir, cochez « Inclure les offres expirées ou à venir » (--include-expired)."
        )
    return "Aucune offre ne correspond à cette sélection."


def _decor(data: OfferSheetsInput) -> PageDecor:
    left = data.structure.heading if data.structure else "Pass Engagement Jeune"
    return PageDecor(
        header_left=left,
        header_right=f"Fiches offres · {shorten(data.selection_label, 70)}",
        footer=(
            f"{text(data.catalogue.label)} · Édité le {format_date(data.generated_on)} · "
            "Document d'information sans donnée personnelle. Les économies indiquées sont des exemples "
            "non contractuels.",
        ),
    )


def _cover(data: OfferSheetsInput, offers: tuple[OfferEntry, ...]) -> list[Flowable]:
    count = len(offers)
    scope = "" if data.include_expired else f", valable{'s' if count > 1 else ''} le {format_date(data.generated_on)}"
    return [
        markup(text(TITLE), "title"),
        markup(text(data.selection_label), "big"),
        para(f"{count} offre{'s' if count > 1 else ''}{scope} · {data.catalogue.label}", "muted"),
        Spacer(1, 6),
    ]


def _pages(data: OfferSheetsInput, offers: tuple[OfferEntry, ...]) -> list[Flowable]:
    story: list[Flowable] = []
    for index, entry in enumerate(offers):
        if index:
            story.append(PageBreak())
        mark = validity_mark(entry.offer, data.generated_on)
        if mark:
            story.append(markup(text(mark), "banner"))
        story.append(para("Fiche offre", "muted"))
        story += offer_block(
            entry,
            basis=example_saving(entry, data),
            qr_size=38 * mm,
            title_style="title",
            intro=entry.partner.description if entry.partner else None,
        )
    return story


def _listing(entries: tuple[OfferEntry, ...], day: dt.date) -> Table:
    """One line per offer: every cell is cut with "…" to its column, so the listing stays compact."""
    rows: list[list[object]] = [[para(h, "cell_head") for h in _LISTING_HEAD]]
    for entry in entries:
        offer = entry.offer
        mark = _listing_mark(offer, day)
        cells = (
            offer.title,
            entry.partner_name,
            short_discount(offer.discount),
            mark or _short_validity(offer),
            site_of(entry.link) if entry.link else "--",
        )
        rows.append(
            [
                _cell(value, width, bold=column == 0 or (column == 3 and mark is not None))
                for column, (value, width) in enumerate(zip(cells, _LISTING_WIDTHS))
            ]
        )
    return table(
        rows,
        _LISTING_WIDTHS,
        listing_style(("TOPPADDING", (0, 1), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 1), (-1, -1), 1.5)),
        repeat_rows=1,
    )


def _listing_mark(offer: OfferRecord, day: dt.date) -> str | None:
    """The listing's short form of ``validity_mark``: « Expirée », « dès le 01/02/2027 »."""
    mark = validity_mark(offer, day)
    if mark is None:
        return None
    return "Expirée" if mark == EXPIRED else f"dès le {format_date(offer.valid_from)}"


def _cell(value: str, width: float, *, bold: bool) -> Flowable:
    font = BOLD if bold else REGULAR
    return para(fit_label(value, width - _CELL_PADDING, font=font, size=_CELL_SIZE), "cell_bold" if bold else "cell")


def _short_validity(offer: OfferRecord) -> str:
    if offer.valid_to:
        return f"jusqu'au {format_date(offer.valid_to)}"
    if offer.valid_from:
        return f"depuis le {format_date(offer.valid_from)}"
    return "sans limite"
