"""The right-of-access document: a young person's whole file, readable, on A4.

Unlike the summary, this document is meant to show everything held (the date of birth
and the reference included): it answers the young person's request to see their data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportlab.platypus import Flowable, Spacer

from pej_desktop.ops.access import AccessExport, check_fields, controller_label, person_fields
from pej_desktop.domain.retention import RETENTION_YEARS
from pej_desktop.reports.common import (
    CONTENT_WIDTH, RULE, DocumentInfo, PageDecor, listing_style, markup, para, render_pdf, shorten, table, text,
)

TITLE = "Données personnelles détenues — droit d'accès"
_LABEL_WIDTH = 150


def build_access_pdf(export: AccessExport) -> bytes:
    story: list[Flowable] = [markup(text(TITLE), "title"), markup(text(export.person.display_name), "big"),
                             Spacer(1, 4), para(_intro(export), "muted")]
    story += _file_section(export)
    story += _checks_section(export)
    story += _other_section(export)
    story += _audit_section(export)
    info = DocumentInfo(title=TITLE, author=controller_label(export.adviser),
                        subject=f"Dossier n° {export.person.id}")
    return render_pdf(story, info=info, decor=_decor(export))


def _intro(export: AccessExport) -> str:
    return (f"Document édité le {export.generated_at:%d/%m/%Y à %H:%M} avec l'application de l'accompagnement "
            "CEJ. Il contient toutes les données enregistrées sur ce poste à propos de la personne nommée "
            "ci-dessus.")


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


def _pairs(rows: list[tuple[str, Any]]) -> Flowable:
    cells = [[para(label, "cell_bold"), para(_shown(value), "cell")] for label, value in rows]
    return table(cells, [_LABEL_WIDTH, CONTENT_WIDTH - _LABEL_WIDTH], [
        ("LINEBELOW", (0, 0), (-1, -2), 0.3, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ])


def _shown(value: Any) -> str | None:
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value[8:10]}/{value[5:7]}/{value[:4]}"  # an ISO date, the French way
    if isinstance(value, str) and len(value) >= 19 and value[10] == "T":
        try:
            return f"{dt.datetime.fromisoformat(value).astimezone():%d/%m/%Y à %H:%M}"  # a UTC stamp, local time
        except ValueError:
            return value
    if isinstance(value, list):
        return " ; ".join(str(v) for v in value) or None
    return None if value is None else str(value)


def _file_section(export: AccessExport) -> list[Flowable]:
    rows = [(label, value) for _key, label, value in person_fields(export.person)]
    rows += [("Numéro interne du dossier", export.person.id), ("Identifiant technique", export.uid),
             ("Dossier créé le", export.created_at), ("Dernière modification le", export.updated_at)]
    return [markup("Le dossier", "h2"), _pairs(rows)]


def _checks_section(export: AccessExport) -> list[Flowable]:
    out: list[Flowable] = [markup("Vérifications d'éligibilité au Pass", "h2")]
    if not export.checks:
        return out + [para("Aucune vérification enregistrée.")]
    labels = {"effectuee_le": "Effectuée le", "conseiller": "Par", "date_de_reference": "Date de référence",
              "version_des_regles": "Version des règles", "resultat": "Résultat", "motifs": "Motifs",
              "pas_etudiant_confirme": "Pas étudiant (confirmé)", "pas_en_formation_confirme": "Pas en formation "
              "(confirmé)", "offres_accessibles": "Offres accessibles", "offres_examinees": "Offres examinées"}
    for number, check in enumerate(export.checks, start=1):
        fields = check_fields(check)
        out += [markup(f"Vérification {number}", "h3"), _pairs([(labels[k], v) for k, v in fields.items()])]
    return out


def _other_section(export: AccessExport) -> list[Flowable]:
    out: list[Flowable] = []
    for table_name, rows in export.other.items():
        if not rows:
            continue
        out.append(markup(f"Autres données : {text(table_name)}", "h2"))
        for row in rows:
            out += [_pairs([(key, value) for key, value in row.items()]), Spacer(1, 4)]
    return out


def _audit_section(export: AccessExport) -> list[Flowable]:
    out: list[Flowable] = [markup("Journal des accès à ce dossier", "h2")]
    if not export.audit:
        return out + [para("Aucune entrée.")]
    rows: list[list[object]] = [[para(h, "cell_head") for h in ("Date", "Par", "Action", "Détail")]]
    for entry in export.audit:
        rows.append([para(f"{entry.local_time:%d/%m/%Y %H:%M}", "cell"), para(shorten(entry.actor, 60), "cell"),
                     para(entry.action_label, "cell"), para(shorten(entry.detail_label, 120), "cell")])
    return out + [table(rows, [70, 110, 160, CONTENT_WIDTH - 340], listing_style(), repeat_rows=1)]
