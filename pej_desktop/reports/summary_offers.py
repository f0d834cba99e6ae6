"""Each activated offer on the young person's summary, in « facile à lire et à comprendre ».

First the code (or « Montre ton Pass en caisse ») and what to do with it, with its
barcode or QR code; then the partner's steps and conditions, one per line, turned into
« tu »; then the validity and how the saving was estimated. The steps that ask to
activate the offer are left out: the adviser has already done it. A block is kept on
one page (``KeepTogether``); only a block taller than a whole page flows on.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from pej_desktop.domain.money import format_cents
from pej_desktop.domain.savings import OfferSaving
from pej_desktop.reports.codes import can_barcode, code128, qr_code
from pej_desktop.reports.common import CONTENT_WIDTH, LIGHT, RULE, markup, shorten, table, text
from pej_desktop.reports.fonts import BOLD
from pej_desktop.reports.model import CODE_KINDS, CODE_PENDING, ActivatedOffer
from pej_desktop.reports.plain_french import long_date, tutoyer

QR_SIZE = 20 * mm
SHOW_PASS = "Montre ton Pass en caisse"
_ACTIVATION_STEP = re.compile(r"\bactiv", re.IGNORECASE)


def offer_title(activation: ActivatedOffer) -> str:
    return tutoyer(activation.entry.offer.title)


def code_summary(activation: ActivatedOffer) -> str:
    """What page 1 prints in the « Ton code » column (markup)."""
    offer, code = activation.entry.offer, activation.code
    if offer.kind == "voucher_pass":
        return "Montre ton Pass"
    if code and offer.kind == "code_space" and code.startswith(("https://", "http://")):
        return "Ton lien, plus bas"
    if code:
        return f"<b>{_unbreakable(code)}</b>"
    if offer.kind in CODE_KINDS:
        return CODE_PENDING
    return "Sur le site"


def offer_block(activation: ActivatedOffer, saving: OfferSaving, *, heading: Flowable | None = None) -> list[Flowable]:
    """``heading``: the section's heading, kept on the page of the first block."""
    offer = activation.entry.offer
    lines: list[Flowable] = [heading] if heading is not None else []
    lines += [markup(text(offer_title(activation)), "falc_h3"), Spacer(1, 1), _code_row(activation), Spacer(1, 1)]
    where = f"Chez {text(activation.entry.partner_name)}, {text(_validity(activation))}."
    lines.append(markup(where, "falc_body"))
    lines += [markup(f"• {text(tutoyer(c['text']))}", "falc_body")
              for c in offer.conditions if c.get("text", "").strip()]
    lines.append(markup(f"Économie estimée : {text(saving_basis(activation, saving))}.", "falc_muted"))
    return [KeepTogether(lines), Spacer(1, 5)]


def saving_basis(activation: ActivatedOffer, saving: OfferSaving) -> str:
    """« 3,00 € sur un achat de 20,00 €, une fois par mois »: the basis of the estimate, on one line."""
    discount, per_use = activation.entry.offer.discount, format_cents(saving.per_use_cents)
    if discount.type == "percent" and discount.reference_spend_cents:
        what = f"{per_use} sur un achat de {format_cents(discount.reference_spend_cents)}"
    elif discount.type == "price":
        what = (f"{per_use} ({format_cents(discount.pass_price_cents or 0)} au lieu de "
                f"{format_cents(discount.regular_price_cents or 0)})")
    else:
        what = f"{per_use} à chaque fois"
    return f"{what}, {'en une fois' if saving.one_time else saving.assumption}"


def _code_row(activation: ActivatedOffer) -> Table:
    """The code and what to do with it (the steps) on the left, its barcode or QR code on the right."""
    steps = [tutoyer(s) for s in activation.entry.offer.how_to_use if not _ACTIVATION_STEP.search(s)]
    lines, graphic = _code_content(activation, has_steps=bool(steps))
    lines += [markup(f"{n}. {text(step)}", "falc_body") for n, step in enumerate(steps, start=1)]
    graphic_width = float(getattr(graphic, "width", 0)) + 10 if graphic is not None else 0
    return table([[lines, graphic or ""]], [CONTENT_WIDTH - graphic_width, graphic_width], [
        ("BACKGROUND", (0, 0), (-1, -1), LIGHT), ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (1, 0), (1, 0), "white"),  # scanners want a white quiet zone
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, 0), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ])


def _code_content(activation: ActivatedOffer, *, has_steps: bool) -> tuple[list[Flowable], Flowable | None]:
    """(lines, barcode or QR code): the code first; what to do, when the partner gives no steps."""
    offer, code, link = activation.entry.offer, activation.code, activation.entry.link
    if offer.kind == "voucher_pass":
        return [markup(f"{SHOW_PASS} : pas de code à donner.", "falc_code")], None
    if offer.kind == "code_space" and code and code.startswith(("https://", "http://")):
        link, code = code, None  # a private link with the discount applied: it is the code
    lines: list[Flowable] = []
    if code:
        lines.append(markup(f"Ton code : {_unbreakable(code)}", _code_style(code)))
    elif offer.kind in CODE_KINDS:
        lines += [markup("Ton code : à venir.", "falc_code"),
                  markup("Ton conseiller te le donnera dès qu'il sera prêt.", "falc_body")]
    if offer.kind == "voucher":
        return lines, code128(code, max_width=CONTENT_WIDTH * 0.33, bar_height=11 * mm) \
            if code and can_barcode(code) else None
    if link and not lines:  # no code: where to go comes first
        lines.append(markup(f"Va sur {text(site_of(link))} : scanne le QR code.", "falc_bold"))
    elif link:
        lines.append(markup(f"Site : {text(site_of(link))}", "falc_body"))
    action = "" if has_steps else _online_action(offer.kind, bool(code))
    if action:
        lines.append(markup(action, "falc_body"))
    return lines, qr_code(link, size=QR_SIZE) if link and len(link) <= 1000 else None


def site_of(link: str) -> str:
    """« covoit-ensemble.example.org »: what fits on one line; the QR code holds the whole link."""
    host = urlsplit(link).netloc or link
    return shorten(host.removeprefix("www."), 60)


def _online_action(kind: str, has_code: bool) -> str:
    """What to do on the site, when the partner gives no steps (the line above says where to go)."""
    if kind == "gift_card":
        return "Achète ta carte cadeau sur ce site."
    if kind == "code_space":
        return "La réduction y est déjà comptée."
    return "Scanne le QR code, puis tape ton code au moment de payer." if has_code else ""


def _code_style(code: str) -> str:
    return "falc_code" if stringWidth(f"Ton code : {code}", BOLD, 14) <= CONTENT_WIDTH - 170 else "falc_bold"


def _unbreakable(code: str) -> str:
    """A code is never cut between two lines: spaces become no-break spaces."""
    return text(code).replace(" ", "\u00a0")


def _validity(activation: ActivatedOffer) -> str:
    offer = activation.entry.offer
    if offer.valid_to:
        return f"jusqu'au {long_date(offer.valid_to)}"
    if offer.valid_from:
        return f"à partir du {long_date(offer.valid_from)}"
    return "sans limite de date"
