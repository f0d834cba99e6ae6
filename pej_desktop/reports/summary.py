"""The young person's personalised summary ("récapitulatif"): what they take home.

Built only from a ``SummaryInput`` — which has no field for a date of birth or an
external reference — so those can never be printed. The document speaks to the young
person ("tu"), as the allocation sentence does: "soit 8,5 % de ton allocation mensuelle".
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Spacer

from pej_desktop.domain.describe import describe_validity, format_date, short_discount
from pej_desktop.domain.money import format_cents
from pej_desktop.domain.savings import SavingItem, SavingsEstimate, estimate_savings, format_months, round_cents
from pej_desktop.reports.chart import savings_chart
from pej_desktop.reports.common import (
    ACCENT, CONTENT_WIDTH, LIGHT, RULE, DocumentInfo, PageDecor, listing_style, markup, para, render_pdf, shorten,
    table, text,
)
from pej_desktop.reports.model import DASH, ActivatedOffer, OfferEntry, SummaryInput
from pej_desktop.reports.offer_blocks import PersonalPart, offer_block

TITLE = "Récapitulatif Pass Engagement Jeune"
DISCLAIMER = "Estimations non contractuelles"
_OFFER_COLUMNS = (148, 68, 76, 62, 50, 50, CONTENT_WIDTH - 454)


def build_summary(data: SummaryInput) -> bytes:
    """The summary as PDF bytes (A4, French, fonts embedded, metadata set)."""
    estimate = estimate_for(data)
    story: list[Flowable] = [*_identity(data), *_savings_section(data, estimate)]
    if data.activations:
        story += _offers_table(data, estimate)
        story += _how_to_use(data, estimate)
    else:
        story += _suggestions(data.suggestions)
    story += _notes(estimate)
    info = DocumentInfo(title=TITLE, author=data.structure.display_name,
                        subject="Offres activées et économies estimées")
    return render_pdf(story, info=info, decor=_decor(data))


def estimate_for(data: SummaryInput) -> SavingsEstimate:
    items = [_saving_item(index, activation) for index, activation in enumerate(data.activations)]
    return estimate_savings(items, reference=data.reference_date, cej_end=data.cej.end,
                            case=data.allocation_case)


def _saving_item(index: int, activation: ActivatedOffer) -> SavingItem:
    offer = activation.entry.offer
    return SavingItem(key=f"{index}:{offer.id}", discount=offer.discount, renewable=offer.renewable,
                      uses_per_month=activation.uses_per_month, category=activation.entry.category,
                      valid_from=offer.valid_from, valid_to=offer.valid_to)


def _decor(data: SummaryInput) -> PageDecor:
    controller = text(data.structure.display_name)
    return PageDecor(
        header_left=data.structure.heading,
        header_right=f"Pass Engagement Jeune · {data.young_person.display_name}",
        footer=(
            f"<b>Protection de tes données.</b> Responsable du traitement : {controller}. "
            "Finalité : ton accompagnement dans le Contrat d'Engagement Jeune et le Pass Engagement Jeune. "
            "Tes données sont conservées 2 ans après ton dernier contact avec ta structure, puis supprimées. "
            "Tu peux y accéder, les faire rectifier ou effacer, t'opposer à leur traitement ou en demander "
            "la limitation auprès de ton conseiller ou de ta structure ; tu peux aussi saisir la CNIL (cnil.fr).",
            f"{text(data.catalogue.label)} · Édité le {format_date(data.reference_date)} · {DISCLAIMER}.",
        ),
    )


def _identity(data: SummaryInput) -> list[Flowable]:
    rows = [
        ("Conseiller référent", data.adviser.display_name),
        ("Contact professionnel", data.adviser.contact_line),
        ("Structure", data.structure.heading),
        ("Contrat d'Engagement Jeune", data.cej.describe()),
        ("Éligibilité au Pass vérifiée le", format_date(data.eligibility_date)),
        ("Catalogue des offres", data.catalogue.label),
    ]
    facts = table([[para(label, "cell_bold"), para(value, "cell")] for label, value in rows],
                  [130, CONTENT_WIDTH - 130], [
                      ("LINEBELOW", (0, 0), (-1, -2), 0.3, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                      ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                  ])
    return [markup(text(TITLE), "title"), markup(text(data.young_person.display_name), "big"),
            Spacer(1, 6), facts]


def _savings_section(data: SummaryInput, estimate: SavingsEstimate) -> list[Flowable]:
    """Monthly and one-time savings side by side, each with its assumption; never one sum."""
    out: list[Flowable] = [markup("Tes économies estimées", "h2")]
    if not data.activations:
        return out + [para("Aucune offre n'est encore activée pour toi : pas d'économie estimée pour l'instant.")]
    if estimate.has_renewable:
        comparison = estimate.allocation_sentence() or estimate.assumption or ""
        out.append(markup(f"Environ <b>{format_cents(estimate.monthly_total_cents)}</b> par mois, "
                          f"{text(comparison)}."))
    if estimate.has_one_time:
        out.append(markup(f"Et environ <b>{format_cents(estimate.one_time_total_cents)}</b> en une fois, avec tes "
                          "offres à usage unique."))
    if estimate.has_renewable:
        out.append(markup(_remaining_sentence(data, estimate)))
    rows = [(label, round_cents(value)) for label, value in estimate.by_category()]
    if any(cents > 0 for _, cents in rows):
        caption = f"Économies estimées par catégorie, par mois, {estimate.assumption}"
        out += [Spacer(1, 4), para(caption, "muted"), Spacer(1, 2), savings_chart(rows, width=CONTENT_WIDTH)]
    return out


def _remaining_sentence(data: SummaryInput, estimate: SavingsEstimate) -> str:
    if estimate.remaining_monthly_total_cents is None or estimate.months_left is None:
        return f"D'ici la fin de ton CEJ : {DASH}, la date de fin n'est pas renseignée."
    return (f"Avec tes offres renouvelables, environ <b>{format_cents(estimate.remaining_monthly_total_cents)}</b> "
            f"d'ici la fin de ton CEJ le {format_date(data.cej.end)}, soit {format_months(estimate.months_left)} "
            "restants.")


def _offers_table(data: SummaryInput, estimate: SavingsEstimate) -> list[Flowable]:
    head = ["Offre", "Catégorie", "Code", "Utilisation", "Par utilisation", "Par mois", "En une fois"]
    rows: list[list[object]] = [[para(h, "cell_head") for h in head]]
    for activation, saving in zip(data.activations, estimate.offers):
        offer = activation.entry.offer
        rows.append([
            markup(f"<b>{text(shorten(offer.title, 160))}</b><br/>{text(shorten(activation.entry.partner_name, 160))}",
                   "cell"),
            para(shorten(activation.entry.category, 80), "cell"),
            para(shorten(activation.code_label, 80), "cell"),
            para("une seule fois" if saving.uses_per_month is None else f"{saving.uses_per_month} fois par mois",
                 "cell"),
            para(format_cents(saving.per_use_cents), "cell_num"),
            para(_money(saving.per_month_cents), "cell_num"),
            para(_money(saving.once_cents), "cell_num"),
        ])
    rows.append([para("Total estimé", "cell_bold"), "", "", "", "",
                 para(f"{format_cents(estimate.monthly_total_cents)} par mois", "cell_num_bold"),
                 para(f"{format_cents(estimate.one_time_total_cents)} en une fois", "cell_num_bold")])
    style = listing_style(("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, LIGHT]),
                          ("BACKGROUND", (0, -1), (-1, -1), colors.white),
                          ("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT), ("SPAN", (0, -1), (4, -1)))
    return [markup("Tes offres activées", "h2"), table(rows, _OFFER_COLUMNS, style, repeat_rows=1)]


def _how_to_use(data: SummaryInput, estimate: SavingsEstimate) -> list[Flowable]:
    out: list[Flowable] = [markup("Comment utiliser tes offres", "h2")]
    for activation, saving in zip(data.activations, estimate.offers):
        personal = PersonalPart(code=activation.code, activated_on=activation.activated_on, basis=saving.basis)
        out += offer_block(activation.entry, personal=personal)
    return out


def _suggestions(suggestions: tuple[OfferEntry, ...]) -> list[Flowable]:
    out: list[Flowable] = [markup("Des offres pour toi", "h2")]
    if not suggestions:
        return out + [para("Parles-en avec ton conseiller : il peut t'aider à choisir et activer des offres.")]
    out.append(para("Ces offres du Pass pourraient t'intéresser. Ton conseiller peut les activer avec toi."))
    rows: list[list[object]] = [[para(h, "cell_head") for h in ("Offre", "Partenaire", "Réduction", "Validité")]]
    for entry in suggestions:
        rows.append([para(shorten(entry.offer.title, 200), "cell_bold"), para(shorten(entry.partner_name, 160), "cell"),
                     para(short_discount(entry.offer.discount), "cell"),
                     para(describe_validity(entry.offer.valid_from, entry.offer.valid_to), "cell")])
    return out + [Spacer(1, 4), table(rows, [170, 130, 90, CONTENT_WIDTH - 390], listing_style(), repeat_rows=1)]


def _notes(estimate: SavingsEstimate) -> list[Flowable]:
    allocation = estimate.allocation if estimate.offers else None
    lines = [
        f"<b>{DISCLAIMER}.</b> Les économies sont estimées à partir de la réduction de chaque offre. Une offre "
        "renouvelable compte le nombre d'utilisations par mois convenu avec ton conseiller ; une offre à usage "
        "unique compte une seule fois, à part : les deux ne sont jamais additionnées. Ce que tu économises vraiment "
        "dépend de tes achats. Un mois compte en moyenne 30,4375 jours ; chaque montant est arrondi au centime, "
        "le total est calculé avant arrondi.",
    ]
    if allocation is not None:
        outdated = (" (dernier barème connu de l'application ; une revalorisation a pu intervenir depuis)"
                    if allocation.possibly_outdated else "")
        lines.append(f"Allocation mensuelle du CEJ prise pour comparaison : {format_cents(allocation.monthly_cents)}, "
                     f"{allocation.case.label}, barème en vigueur au {format_date(allocation.effective)}{outdated}.")
    return [Spacer(1, 6), KeepTogether([markup(line, "muted") for line in lines])]


def _money(cents: int | None) -> str:
    return DASH if cents is None else format_cents(cents)
