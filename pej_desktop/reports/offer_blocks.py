"""How to use an offer: the block both documents print for each offer.

Facts (discount, where, validity), then the code line — the young person's code with
its CODE128 barcode for an in-store voucher, or a QR code of the link for an online
offer — then the partner's steps and conditions. Steps and conditions flow freely and
may continue on the next page; the heading, facts and code stay together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from pej_desktop.domain.describe import (
    KIND_LABELS, describe_discount, describe_territory, describe_validity, format_date,
)
from pej_desktop.reports.codes import can_barcode, code128, qr_code
from pej_desktop.reports.common import CONTENT_WIDTH, LIGHT, RULE, markup, para, shorten, table, text
from pej_desktop.reports.model import CODE_KINDS, CODE_PENDING, OfferEntry

QR_MAX_LENGTH = 1000  # longer links make unreadable codes; they print as text only


@dataclass(frozen=True)
class PersonalPart:
    """What the summary adds to an offer's block; absent on the offer sheets."""

    code: str | None
    activated_on: dt.date | None
    basis: str


def offer_block(entry: OfferEntry, *, personal: PersonalPart | None = None, basis: str | None = None,
                qr_size: float = 26 * mm, title_style: str = "h3", intro: str | None = None) -> list[Flowable]:
    """``intro``: a line under the partner's name (the offer sheets print the partner's description)."""
    offer = entry.offer
    head: list[Flowable] = [
        markup(text(offer.title), title_style),
        markup(f"{text(entry.partner_name)} · {text(', '.join(entry.category_names) or None)}"
               + (f" — {text(offer.subtitle)}" if offer.subtitle.strip() else ""), "muted"),
    ]
    if intro and intro.strip():
        head.append(para(intro, "small"))
    head += [Spacer(1, 2), *_facts(entry, personal, basis)]
    code_row = _code_row(entry, personal, qr_size)
    if code_row is not None:
        head += [Spacer(1, 3), code_row]
    return [KeepTogether(head), *_steps(offer.how_to_use), *_conditions(offer.conditions), Spacer(1, 8)]


def _facts(entry: OfferEntry, personal: PersonalPart | None, basis: str | None) -> list[Flowable]:
    offer = entry.offer
    where = KIND_LABELS.get(offer.kind, offer.kind)
    if offer.stores_count:
        where += f" ({offer.stores_count} magasins)"
    lines = [
        ("Réduction", describe_discount(offer.discount)),
        ("Où", f"{where} · {describe_territory(offer.territory)}"),
        ("Validité", describe_validity(offer.valid_from, offer.valid_to)),
    ]
    if personal is not None:
        lines.append(("Activée le", format_date(personal.activated_on)))
        lines.append(("Estimation", personal.basis))
    elif basis:
        lines.append(("Exemple d'économie", basis))
    return [markup(f"<b>{label} :</b> {text(value)}") for label, value in lines]


def _code_row(entry: OfferEntry, personal: PersonalPart | None, qr_size: float) -> Table | None:
    left, graphic = _code_content(entry, personal, qr_size)
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


def _code_content(entry: OfferEntry, personal: PersonalPart | None,
                  qr_size: float) -> tuple[list[Flowable], Flowable | None]:
    offer, link = entry.offer, entry.link
    lines: list[Flowable] = []
    graphic: Flowable | None = None
    code = personal.code if personal else None
    if personal is not None and offer.kind in CODE_KINDS:
        shown = shorten(code, 300) if code else CODE_PENDING
        lines.append(markup(f"Ton code : {text(shown)}", "code"))
        if code is None:
            lines.append(para("Ton conseiller te le donnera dès qu'il sera disponible.", "small"))
    elif personal is None and offer.kind == "voucher":
        lines.append(para("Le code-barres personnel est remis par le conseiller lors de l'activation.", "small"))
    if offer.kind == "voucher_pass":
        lines.append(para("Présente ton Pass Engagement Jeune en caisse : pas de code à saisir.", "small"))
    if offer.kind == "code_space" and code and code.startswith(("https://", "http://")):
        link = code  # a private link with the discount applied: it is the code
    if offer.kind == "voucher" and code and can_barcode(code):
        return lines, code128(code, max_width=CONTENT_WIDTH * 0.55)
    if link and (offer.channel == "online" or personal is None):
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
