"""The right-of-access document: a person's whole file, readable, on A4, in plain French.

Unlike the summary, this document is meant to show everything held (the date of birth
and the reference included): it answers the person's request to see their data. Its
content is ``reports.right_of_access_content.plain_sections`` — the same sections, headings and words as
the JSON export — each with what it means, then its entries.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from pej_desktop.domain.retention import RETENTION_YEARS
from pej_desktop.reports.common import (
    CONTENT_WIDTH,
    RULE,
    DocumentInfo,
    PageDecor,
    markup,
    para,
    render_pdf,
    table,
    text,
)
from pej_desktop.reports.right_of_access_content import (
    RIGHTS,
    AccessExport,
    PlainSection,
    controller_label,
    plain_sections,
    shown,
)

TITLE = "Données personnelles détenues — droit d'accès"
_LABEL_WIDTH = 170


def build_access_pdf(export: AccessExport) -> bytes:
    story: list[Flowable] = [markup(text(TITLE), "title"), markup(text(export.person.display_name), "big"),
                             Spacer(1, 4), para(_intro(export)), Spacer(1, 2), para(RIGHTS)]
    for section in plain_sections(export):
        story += _section(section)
    info = DocumentInfo(title=TITLE, author=controller_label(export.adviser),
                        subject=f"Dossier n° {export.person.id}")
    return render_pdf(story, info=info, decor=_decor(export))


def _intro(export: AccessExport) -> str:
    return (f"Document édité le {shown(export.generated_at)} par {controller_label(export.adviser)}, avec "
            "l'application de l'accompagnement CEJ. Il contient toutes les données enregistrées sur ce poste "
            f"à propos de la personne nommée ci-dessus. Elles sont conservées {RETENTION_YEARS} ans après le "
            "dernier contact avec la structure, puis supprimées.")


def _decor(export: AccessExport) -> PageDecor:
    controller = text(controller_label(export.adviser))
    return PageDecor(
        header_left="Droit d'accès aux données personnelles",
        header_right=f"Dossier n° {export.person.id}",
        footer=(f"<b>Protection des données.</b> Responsable du traitement : {controller}. Finalité : "
                "l'accompagnement dans le Contrat d'Engagement Jeune et le Pass Engagement Jeune. Conservation : "
                f"{RETENTION_YEARS} ans après le dernier contact. Droits d'accès, de rectification, d'effacement, "
                "d'opposition et de limitation auprès de la structure ; réclamation possible auprès de la CNIL "
                "(cnil.fr).",),
    )


def _section(section: PlainSection) -> list[Flowable]:
    head: list[Flowable] = [markup(text(section.title), "h2"), para(section.meaning, "muted"), Spacer(1, 3)]
    if not section.entries:
        return [KeepTogether([*head, para(section.empty)])]
    out: list[Flowable] = []
    for number, entry in enumerate(section.entries, start=1):
        block = [_pairs(entry), Spacer(1, 5)]
        if len(section.entries) > 1:
            block.insert(0, markup(f"{text(section.title)} — {number} sur {len(section.entries)}", "h3"))
        out.append(KeepTogether([*head, *block]) if number == 1 else KeepTogether(block))
    return out


def _pairs(rows: tuple[tuple[str, str], ...]) -> Flowable:
    cells = [[para(label, "cell_bold"), para(value, "cell")] for label, value in rows]
    return table(cells, [_LABEL_WIDTH, CONTENT_WIDTH - _LABEL_WIDTH], [
        ("LINEBELOW", (0, 0), (-1, -2), 0.3, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ])
