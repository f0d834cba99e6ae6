"""The young person's personalised summary ("récapitulatif"): what they take home.

Written « facile à lire et à comprendre » (FALC, DOMAIN.md): « tu » throughout (the
partners' texts are turned into « tu »), body text of 12 pt or more and nothing under
9 pt, one idea per line. Page 1 alone says what was activated, the codes and the
savings; then each offer, its code first and what to do with it, then its conditions.

Built only from a ``SummaryInput`` — which has no field for a date of birth or an
external reference — so those can never be printed.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import unescape

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer

from pej_desktop.domain.describe import short_discount
from pej_desktop.domain.money import format_cents, format_percent
from pej_desktop.domain.savings import OfferSaving, SavingItem, SavingsEstimate, estimate_savings
from pej_desktop.reports.common import (
    CONTENT_WIDTH,
    DocumentInfo,
    PageDecor,
    fit_label,
    listing_style,
    markup,
    render_pdf,
    shorten,
    table,
    text,
)
from pej_desktop.reports.fonts import BOLD
from pej_desktop.reports.model import ActivatedOffer, OfferEntry, SummaryInput
from pej_desktop.reports.plain_french import long_date, tutoyer
from pej_desktop.reports.summary_offers import code_summary, offer_block, offer_title

TITLE = "Récapitulatif Pass Engagement Jeune"
HEADING = "Ton Pass Engagement Jeune"
DISCLAIMER = "Estimations non contractuelles"
_TABLE_HEAD = ("Ton offre", "Ton code", "Économie")
_CODE_COLUMN_MAX = 200
_CELL_PADDING = 6
ONE_LINE_ROWS_FROM = 6  # from this many offers on, page 1 prints each title on one line


def build_summary(data: SummaryInput) -> bytes:
    """The summary as PDF bytes (A4, French, fonts embedded, metadata set)."""
    estimate = estimate_for(data)
    story: list[Flowable] = _identity(data)
    if data.activations:
        story += _activated(data, estimate)
        story += _savings_section(data, estimate)
        story += _how_to_use(data, estimate)
    else:
        story += _suggestions(data.suggestions)
    info = DocumentInfo(title=TITLE, author=data.structure.display_name,
                        subject="Offres activées et économies estimées")
    return render_pdf(story, info=info, decor=page_decor(data))


def estimate_for(data: SummaryInput) -> SavingsEstimate:
    items = [_saving_item(index, activation) for index, activation in enumerate(data.activations)]
    return estimate_savings(items, reference=data.reference_date, cej_end=data.cej.end,
                            case=data.allocation_case)


def _saving_item(index: int, activation: ActivatedOffer) -> SavingItem:
    offer = activation.entry.offer
    return SavingItem(key=f"{index}:{offer.id}", discount=offer.discount, renewable=offer.renewable,
                      uses_per_month=activation.uses_per_month, category=activation.entry.category,
                      valid_from=offer.valid_from, valid_to=offer.valid_to)


def page_decor(data: SummaryInput) -> PageDecor:
    controller = text(data.structure.display_name)
    stamp = f"{text(data.catalogue.label)} · Édité le {long_date(data.reference_date)} · {DISCLAIMER}."
    return PageDecor(
        header_left=data.structure.heading,
        header_right=f"Pass Engagement Jeune · {data.young_person.display_name}",
        footer=(
            f"<b>Tes données</b> : {controller} (responsable du traitement) les garde 2 ans après ton dernier "
            "contact, pour ton CEJ et le Pass. Pour les voir, rectifier ou effacer : ton conseiller, ou la CNIL "
            "(cnil.fr).",
            stamp,
        ),
        later_footer=(f"Tes données : voir la page 1 · {stamp}",),
        header_size=9, footer_style="falc_footer", page_number_size=9, top_margin=17 * mm,
    )


def adviser_line(data: SummaryInput) -> str:
    """« Ton conseiller : Camille DURAND, 04 72 00 00 00, camille.durand@… » (markup)."""
    adviser = data.adviser
    parts = [p.strip() for p in (adviser.phone, adviser.email) if p.strip()]
    name = adviser.display_name if adviser.first_name.strip() or adviser.last_name.strip() else ""
    if not name and not parts:
        return f"Ton conseiller : demande son nom et son contact à {text(data.structure.display_name)}."
    who = ", ".join(text(p).replace(" ", "\u00a0") for p in parts)
    return f"Ton conseiller : <b>{text(name or None)}</b>" + (f", {who}" if who else "") + "."


def _identity(data: SummaryInput) -> list[Flowable]:
    cej = data.cej
    end_label = "fin réelle" if cej.real_end else "fin prévue"
    return [markup(text(HEADING), "falc_title"), markup(text(data.young_person.display_name), "falc_name"),
            markup(adviser_line(data), "falc_body"),
            markup(f"Ton CEJ : du {long_date(cej.start)} au {long_date(cej.end)} ({end_label}).", "falc_body"),
            markup(f"Ton droit au Pass a été vérifié le {long_date(data.eligibility_date)}.", "falc_body")]


def _activated(data: SummaryInput, estimate: SavingsEstimate) -> list[Flowable]:
    count = len(data.activations)
    codes = [_fitting_code(code_summary(a)) for a in data.activations]
    savings = [_saving_cell(s) for s in estimate.offers]
    widths = _table_widths(codes, savings)
    rows: list[list[object]] = [[markup(h, "falc_cell_head") for h in _TABLE_HEAD]]
    for activation, code, saving in zip(data.activations, codes, savings):
        title = offer_title(activation)
        if count > ONE_LINE_ROWS_FROM:  # page 1 must hold them all: one line each, cut with "…"
            title = fit_label(title, widths[0] - _CELL_PADDING, font=BOLD, size=12)
        rows.append([markup(f"<b>{text(shorten(title, 120))}</b>", "falc_cell"), markup(code, "falc_cell"),
                     markup(saving, "falc_cell")])
    heading = "Ton offre activée" if count == 1 else f"Tes {count} offres activées"
    return [markup(heading, "falc_h2"), table(rows, widths, listing_style(), repeat_rows=1)]


def _table_widths(codes: list[str], savings: list[str]) -> tuple[float, float, float]:
    """Code and saving columns as wide as their widest cell (codes never wrap); the title gets the rest."""
    def widest(cells: list[str], head: str) -> float:
        return max(_plain_width(c) for c in [f"<b>{head}</b>", *cells]) + _CELL_PADDING + 1
    code, saving = widest(codes, _TABLE_HEAD[1]), widest(savings, _TABLE_HEAD[2])
    return CONTENT_WIDTH - code - saving, code, saving


def _fitting_code(cell: str) -> str:
    """A code too wide for page 1's column is given in full in its offer's block, never cut in two."""
    return cell if _plain_width(cell) <= _CODE_COLUMN_MAX - _CELL_PADDING else "plus bas"


def _plain_width(markup_text: str) -> float:
    plain = unescape(re.sub(r"<[^>]+>", "", markup_text))
    return stringWidth(plain, BOLD, 12)


def _saving_cell(saving: OfferSaving) -> str:
    if saving.one_time:
        return f"{_amount(saving.once_cents or 0)} en une fois"
    if saving.per_month_cents is None or not saving.valid_on_reference:
        return "plus tard"
    return f"{_amount(saving.per_month_cents)} par mois"


def _savings_section(data: SummaryInput, estimate: SavingsEstimate) -> list[Flowable]:
    """Monthly and one-time savings side by side, each with its assumption; never one sum."""
    lines: list[Flowable] = [markup("Tes économies estimées", "falc_h2")]
    if estimate.has_renewable:
        lines.append(markup(f"Chaque mois : environ <b>{_amount(estimate.monthly_total_cents)}</b>, "
                            f"{text(estimate.assumption)}.", "falc_body"))
    if estimate.has_one_time:
        lines.append(markup(f"En une fois : <b>{_amount(estimate.one_time_total_cents)}</b> "
                            "avec les offres qui ne servent qu'une fois.", "falc_body"))
    if estimate.has_renewable:
        lines += _allocation_lines(estimate)
    remaining = estimate.remaining_monthly_total_cents
    if estimate.has_renewable and remaining is not None and data.cej.end:
        lines.append(markup(f"D'ici la fin de ton CEJ ({long_date(data.cej.end)}) : environ "
                            f"<b>{_amount(remaining)}</b> avec les offres de chaque mois.", "falc_body"))
    lines.append(markup(f"{DISCLAIMER} : cela dépend de tes achats.", "falc_muted"))
    return [KeepTogether(lines)]


def _allocation_lines(estimate: SavingsEstimate) -> list[Flowable]:
    """The monthly figure against the CEJ allocation, with which allocation and the same assumption."""
    share, allocation = estimate.allocation_share, estimate.allocation
    if share is None or allocation is None:
        return []
    outdated = ", dernier montant connu" if allocation.possibly_outdated else ""
    return [markup(f"Avec ce calcul, c'est {text(format_percent(float(round(share, 1))))} de ton allocation CEJ "
                   f"de {_amount(allocation.monthly_cents)} par mois{outdated}.", "falc_body")]


def _how_to_use(data: SummaryInput, estimate: SavingsEstimate) -> list[Flowable]:
    heading: Flowable | None = markup("Comment utiliser tes offres", "falc_h2")
    out: list[Flowable] = []
    for activation, saving in zip(data.activations, estimate.offers):
        out += offer_block(activation, saving, heading=heading)
        heading = None
    return out


def _suggestions(suggestions: tuple[OfferEntry, ...]) -> list[Flowable]:
    out: list[Flowable] = [markup("Aucune offre n'est encore activée pour toi.", "falc_bold"),
                           markup("Des offres pour toi", "falc_h2")]
    if not suggestions:
        return out + [markup("Parles-en avec ton conseiller : il peut t'aider à choisir et activer des offres.",
                             "falc_body")]
    out.append(markup("Ces offres pourraient t'intéresser. Ton conseiller peut les activer avec toi.", "falc_body"))
    rows: list[list[object]] = [[markup(h, "falc_cell_head") for h in ("Offre", "Chez", "Réduction")]]
    for entry in suggestions:
        rows.append([markup(f"<b>{text(shorten(tutoyer(entry.offer.title), 160))}</b>", "falc_cell"),
                     markup(text(shorten(entry.partner_name, 120)), "falc_cell"),
                     markup(text(short_discount(entry.offer.discount)), "falc_cell")])
    return out + [Spacer(1, 4), table(rows, [CONTENT_WIDTH - 280, 160, 120], listing_style(), repeat_rows=1)]


def _amount(cents: int) -> str:
    return text(format_cents(cents))
