"""The offer detail pane's content, as escaped HTML for a QTextBrowser."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import TYPE_CHECKING

from pej_desktop.domain.describe import (
    KIND_LABELS,
    describe_discount,
    describe_territory,
    describe_usage,
    describe_validity,
)
from pej_desktop.domain.validity import Validity, validity_on

if TYPE_CHECKING:
    from pej_desktop.domain.eligibility import OfferState
    from pej_desktop.store.search import OfferDetail


def offer_detail_html(detail: OfferDetail, *, today: dt.date, mark: OfferState | None = None,
                      demo: bool = False) -> str:
    offer, partner = detail.record, detail.partner
    parts = [f"<h2>{escape(offer.title)}</h2>"]
    if offer.subtitle:
        parts.append(f"<p><i>{escape(offer.subtitle)}</i></p>")
    partner_name = partner.name if partner else "--"
    parts.append(f"<p><b>Partenaire :</b> {escape(partner_name)}</p>")
    if demo:
        parts.append("<p style='color:#a15c00'><b>Données de démonstration</b> : partenaire et offre fictifs.</p>")
    if mark:
        parts.append(f"<p><b>{escape(mark.label)}</b> — {escape(mark.why)}</p>")
    parts.append(_facts(detail, today))
    if offer.how_to_use:
        steps = "".join(f"<li>{escape(step)}</li>" for step in offer.how_to_use)
        parts.append(f"<h3>Comment en profiter</h3><ol>{steps}</ol>")
    if offer.conditions:
        blocks = "".join(
            f"<p><b>{escape(block.get('title') or 'Conditions')}</b><br>{escape(block['text'])}</p>"
            for block in offer.conditions
        )
        parts.append(f"<h3>Conditions</h3>{blocks}")
    if offer.url:
        parts.append(f"<p><b>Lien :</b> <a href='{escape(offer.url, quote=True)}'>{escape(offer.url)}</a></p>")
    return "\n".join(parts)


def _facts(detail: OfferDetail, today: dt.date) -> str:
    offer = detail.record
    validity = describe_validity(offer.valid_from, offer.valid_to)
    state = validity_on(offer.valid_from, offer.valid_to, today)
    if state is Validity.EXPIRED:
        validity += " — <b>expirée</b>"
    elif state is Validity.NOT_YET:
        validity += " — <b>pas encore valable</b>"
    rows = [
        ("Réduction", escape(describe_discount(offer.discount))),
        ("Usage habituel", escape(describe_usage(offer.usage))),
        ("Type", escape(KIND_LABELS.get(offer.kind, offer.kind))),
        ("Catégories", escape(", ".join(detail.category_names) or "--")),
        ("Validité", validity),
        ("Territoire", escape(describe_territory(offer.territory))),
        ("Renouvelable", "oui, un nouveau code après utilisation du précédent et 24 h d'attente"
         if offer.renewable else "non, une seule fois"),
    ]
    if offer.age_min is not None or offer.age_max is not None:
        rows.append(("Âge", escape(_age_text(offer.age_min, offer.age_max))))
    if offer.stores_count:
        rows.append(("Magasins participants", str(offer.stores_count)))
    cells = "".join(f"<tr><td><b>{label}</b></td><td>{value}</td></tr>" for label, value in rows)
    return f"<table cellspacing='4'>{cells}</table>"


def _age_text(age_min: int | None, age_max: int | None) -> str:
    if age_min is not None and age_max is not None:
        return f"de {age_min} à {age_max} ans"
    if age_min is not None:
        return f"à partir de {age_min} ans"
    return f"jusqu'à {age_max} ans"
