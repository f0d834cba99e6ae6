"""How to use an offer: the block the offer sheets print for each offer.

Facts (discount, where, validity), then the code line — for an in-store voucher, that
the adviser hands the personal barcode out; a QR code of the link — then the partner's
steps and conditions. Steps and conditions flow freely and may continue on the next
page; the heading, facts and code stay together. (The young person's summary has its
own blocks, in « tu »: ``summary_offers``.)
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from pej_desktop.domain.describe import KIND_LABELS, describe_discount, describe_territory, describe_validity
from pej_desktop.reports.codes import qr_code
from pej_desktop.reports.common import CONTENT_WIDTH, LIGHT, RULE, markup, para, shorten, table, text
from pej_desktop.reports.model import OfferEntry

QR_MAX_LENGTH = 1000  # longer links make unreadable codes; they print as text only


def offer_block(entry: OfferEntry, *, basis: str | None = None, qr_size: float = 26 * mm, title_style: str = "h3",
                intro: str | None = None) -> list[Flowable]:
    """``intro``: a line under the partner's name (the offer sheets print the partner's description)."""
    offer = entry.offer
    head: list[Flowable] = [
        markup(text(offer.title), title_style),
        markup(f"{text(entry.partner_name)} · {text(', '.join(entry.category_names) or None)}"
               + (f" — {text(offer.subtitle)}" if offer.subtitle.strip() else ""), "muted"),
    ]
    if intro and intro.strip():
        head.append(para(intro, "small"))
    head += [Spacer(1, 2), *_facts(entry, basis)]
    code_row = _code_row(entry, qr_size)
    if code_row is not None:
        head += [Spacer(1, 3), code_row]
    return [KeepTogether(head), *_steps(offer.how_to_use), *_conditions(offer.conditions), Spacer(1, 8)]


def _facts(entry: OfferEntry, basis: str | None) -> list[Flowable]:
    offer = entry.offer
    where = KIND_LABELS.get(offer.kind, offer.kind)
    if offer.stores_count:
        where += f" ({offer.stores_count} magasins)"
    lines = [
        ("Réduction", describe_discount(offer.discount)),
        ("Où", f"{where} · {describe_territory(offer.territory)}"),
        ("Validité", describe_validity(offer.valid_from, offer.valid_to)),
    ]
    if basis:
        lines.append(("Exemple d'économie", basis))
    return [markup(f"<b>{label} :</b> {text(value)}") for label, value in lines]


def _code_row(entry: OfferEntry, qr_size: float) -> Table | None:
    left, graphic = _code_content(entry, qr_size)
    if not left and graphic is None:
        return None
    graphic_width = float(getattr(graphic, "width", 0)) + 10 if graphic is not None else 0
    return table([[left or "", graphic or ""]], [CONTENT_WIDTH - graphic_width, graphic_width], [
        ("BACKGROUND", (0, 0), (-1, -1), LIGHT), ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (1, 0), (1, 0), colors.white),  # scanners want a white quiet zone
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, 0), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ])


def _code_content(entry: OfferEntry, qr_size: float) -> tuple[list[Flowable], Flowable | None]:
    offer, link = entry.offer, entry.link
    lines: list[Flowable] = []
    graphic: Flowable | None = None
    if offer.kind == "voucher":
        lines.append(para("Le code-barres personnel est remis par le conseiller lors de l'activation.", "small"))
    if offer.kind == "voucher_pass":
        lines.append(para("Présente ton Pass Engagement Jeune en caisse : pas de code à saisir.", "small"))
    if link:
        lines.append(markup(f"Lien : {text(shorten(link, 300))}", "small"))
        if len(link) <= QR_MAX_LENGTH:
            graphic = qr_code(link, size=qr_size)
    return lines, graphic


def _steps(steps: tuple[str, ...]) -> list[Flowable]:
    out: list[Flowable] = [markup("<b>Comment faire :</b>" + ("" if steps else f" {text(None)}"))]
    out += [markup(f"{number}. {text(step)}", "body") for number, step in enumerate(steps, start=1)]
    return out


def _conditions(blocks: tuple[dict[str, str], ...]) -> list[Flowable]:
    if not blocks:
        return []
    out: list[Flowable] = [markup("<b>Conditions :</b>")]
    for block in blocks:
        title = block.get("title", "").strip()
        prefix = f"<b>{text(title)}</b> : " if title else ""
        out.append(markup(prefix + text(block.get("text")), "small"))
    return out
