"""The words of an eligibility check, as shown on the "Jeunes" page after a check."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import TYPE_CHECKING

from pej_desktop.domain.eligibility import Status
from pej_desktop.domain.people import format_date

if TYPE_CHECKING:
    from pej_desktop.ops.people import CheckOutcome

STATUS_COLOURS = {Status.ELIGIBLE: "#1b5e20", Status.TO_VERIFY: "#8a5a00", Status.NOT_ELIGIBLE: "#b00020"}
STATUS_HEADLINES = {
    Status.ELIGIBLE: "Éligible au Pass Engagement Jeune",
    Status.TO_VERIFY: "Éligibilité à vérifier",
    Status.NOT_ELIGIBLE: "Non éligible au Pass Engagement Jeune",
}


def result_html(outcome: CheckOutcome, *, on: dt.date) -> str:
    """Headline, the reasons (worst first), the offers count, the rules version."""
    programme = outcome.programme
    colour = STATUS_COLOURS[programme.status]
    order = {Status.NOT_ELIGIBLE: 0, Status.TO_VERIFY: 1, Status.ELIGIBLE: 2}
    reasons = sorted(programme.reasons, key=lambda r: order[r.status])
    items = "".join(f"<li>{_mark(r.status)} {escape(r.text)}{_next_step(r.advice, r.status)}</li>" for r in reasons)
    total = len(outcome.marks)
    kinds = outcome.kinds  # counted on the database worker with the check
    others = "".join(f", {kinds[kind]} {words}" for kind, words in (
        ("to_verify", "à vérifier"), ("activated", "déjà activée(s)"), ("not_eligible", "non accessible(s)"))
        if kinds[kind])
    return (
        f"<h3 style='color:{colour}'>{STATUS_HEADLINES[programme.status]}</h3>"
        f"<p>Vérification du {format_date(on)} pour {escape(outcome.first_name)}.</p>"
        f"<ul style='list-style-type:none'>{items}</ul>"  # each reason has its mark (✔ ⚠ ✖), not a bullet too
        f"<p><b>{outcome.eligible_count}</b> offre(s) accessible(s){others} — {total} offre(s) publiée(s) au "
        "catalogue. Les autres offres indiquent pourquoi dans le catalogue.</p>"
        f"<p style='color:#555'>Règles d'éligibilité version {escape(programme.rules_version)} — "
        "vérification enregistrée (sans la réponse RQTH).</p>"
    )


def _next_step(advice: str, status: Status) -> str:
    """What the adviser can do about a condition to verify or a refusal, under it (it was only stored)."""
    if not advice or status is Status.ELIGIBLE:
        return ""
    return f"<br><i>→ {escape(advice)}</i>"


def _mark(status: Status) -> str:
    return {Status.ELIGIBLE: "✔", Status.TO_VERIFY: "⚠", Status.NOT_ELIGIBLE: "✖"}[status]
