"""Reading activations back: a young person's list, what waits, refusals, the summary, the print log.

Everything returns plain data for the views and the command line. Refusals stay on
the activation until the adviser acknowledges them: the window keeps showing them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import insert

from pej_desktop.domain import activation as activation_rules
from pej_desktop.domain.money import format_cents
from pej_desktop.reports.digest import PrintRecord
from pej_desktop.reports.inputs import load_entries
from pej_desktop.reports.model import ActivatedOffer
from pej_desktop.store import activations as store
from pej_desktop.store import personal
from pej_desktop.store.activation_tables import PRINT_LOG
from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.store.personal import PersonalStore
from pej_desktop.store.search import offer_pk_by_id

STATE_LABELS = {
    store.PENDING: "En attente d'envoi",
    store.ACCEPTED: "Transmise",
    store.REJECTED: "Refusée",
    store.DEMO: "Démonstration (non transmise)",
}


@dataclass(frozen=True)
class ActivationView:
    id: int
    uid: str
    offer_id: str
    title: str
    activated_at: dt.datetime  # local time
    code_label: str
    state: str
    state_label: str
    saving_label: str
    refusal_title: str = ""
    refusal_detail: str = ""
    advice: str = ""
    acknowledged: bool = False
    code_heading: str = "Code"  # « À utiliser » for an offer that hands no code

    @property
    def waiting(self) -> bool:
        return self.state == store.PENDING

    @property
    def refused(self) -> bool:
        return self.state == store.REJECTED

    @property
    def needs_attention(self) -> bool:
        return self.refused and not self.acknowledged


def code_label(activation: store.Activation) -> str:
    return activation_rules.code_label(activation.offer_kind, activation.code)


def _saving_label(activation: store.Activation) -> str:
    """« ≈ 3,00 € par mois, pour 1 utilisation par mois » (renewable) or « ≈ 14,00 € en une fois »."""
    if activation.renewable:
        uses = activation.uses_per_month or 1
        return (f"≈ {format_cents(activation.saving_per_use_cents * uses)} par mois, "
                f"pour {uses} utilisation{'s' if uses > 1 else ''} par mois")
    return f"≈ {format_cents(activation.saving_per_use_cents)} en une fois"


def view_of(activation: store.Activation) -> ActivationView:
    refused = activation.state == store.REJECTED
    return ActivationView(
        id=activation.id, uid=activation.uid, offer_id=activation.offer_id, title=activation.offer_title,
        activated_at=activation.activated_at.astimezone(), code_label=code_label(activation),
        state=activation.state, state_label=STATE_LABELS.get(activation.state, activation.state),
        saving_label=_saving_label(activation), refusal_title=activation.refusal_title or "",
        refusal_detail=activation.refusal_detail or "",
        advice=activation_rules.refusal_advice(activation.refusal_slug) if refused else "",
        acknowledged=activation.acknowledged_at is not None,
        code_heading=activation_rules.code_heading(activation.offer_kind))


def load_person_activations(people: PersonalStore, person_id: int) -> list[ActivationView]:
    with people.read() as conn:
        return [view_of(a) for a in store.person_activations(conn, person_id)]


@dataclass(frozen=True)
class ActivationStatus:
    pending: int  # « en attente d'envoi »
    refusals: int  # refused, not acknowledged yet
    oldest_pending: dt.datetime | None = None
    last_error: str = ""

    @property
    def text(self) -> str:
        parts = []
        if self.pending:
            parts.append(f"{self.pending} activation{'s' if self.pending > 1 else ''} en attente d'envoi")
        if self.refusals:
            parts.append(f"⚠ {self.refusals} refus à lire")
        return " · ".join(parts)


def activation_status(people: PersonalStore) -> ActivationStatus:
    with people.read() as conn:
        entries = store.outbox_entries(conn)
        refusals = len(store.refusals_to_acknowledge(conn))
    oldest = min((e.created_at for e in entries), default=None)
    errors = [e.last_error for e in entries if e.last_error]
    return ActivationStatus(pending=len(entries), refusals=refusals,
                            oldest_pending=oldest.astimezone() if oldest else None,
                            last_error=errors[-1] if errors else "")


@dataclass(frozen=True)
class PendingSend:
    """An activation in the outbox, waiting to be sent (what the adviser and the command line see)."""

    title: str
    api: str
    created_at: dt.datetime  # local time
    attempts: int
    last_error: str | None
    imported: bool  # came in an outbox file from another device


def pending_sends(people: PersonalStore) -> list[PendingSend]:
    """The activations waiting to be sent, oldest first."""
    with people.read() as conn:
        entries = store.outbox_entries(conn)
    return [PendingSend(title=e.title, api=e.api, created_at=e.created_at.astimezone(), attempts=e.attempts,
                        last_error=e.last_error, imported=e.origin == "imported") for e in entries]


@dataclass(frozen=True)
class RefusalView:
    activation: ActivationView
    person_id: int
    person_name: str  # for the adviser's eyes only: never logged


def load_refusals(people: PersonalStore) -> list[RefusalView]:
    with people.read() as conn:
        refused = store.refusals_to_acknowledge(conn)
        names = {a.person_id: _name(conn, a.person_id) for a in refused}
    return [RefusalView(view_of(a), a.person_id, names[a.person_id]) for a in refused]


def _name(conn, person_id: int) -> str:  # type: ignore[no-untyped-def]
    person = personal.get_person(conn, person_id)
    return person.display_name if person else "dossier supprimé"


def acknowledge_refusal(people: PersonalStore, activation_id: int, *, now: dt.datetime | None = None) -> bool:
    with people.write() as conn:
        return store.acknowledge(conn, activation_id, now or dt.datetime.now(dt.UTC))


# -- the printed summary ------------------------------------------------------------------------------
def summary_activations(people: PersonalStore, catalogue: CatalogueStore, person_id: int) -> list[ActivatedOffer]:
    """What the summary prints: activations not refused whose offer is still in the catalogue, oldest first."""
    with people.read() as conn:
        made = [a for a in reversed(store.person_activations(conn, person_id)) if a.counts_in_history]
    offers: list[ActivatedOffer] = []
    with catalogue.read() as conn:
        for activation in made:
            pk = offer_pk_by_id(conn, activation.offer_id)
            entries = load_entries(conn, [pk]) if pk is not None else []
            if entries:
                offers.append(ActivatedOffer(entries[0], code=activation.code,
                                             activated_on=activation.activated_at.astimezone().date(),
                                             uses_per_month=activation.uses_per_month or 1))
    return offers


def record_print(people: PersonalStore, record: PrintRecord) -> None:
    """Who printed or saved which document for whom, and its hash: never the PDF itself."""
    with people.write() as conn:
        adviser = personal.current_adviser(conn)
        conn.execute(insert(PRINT_LOG).values(
            at=record.at, kind=record.kind, output=record.output,
            document_hash=record.document_hash, adviser_id=adviser.id if adviser else None,
            adviser_label=record.adviser_label, person_id=record.person_id))


def print_log(people: PersonalStore, person_id: int) -> list[dict[str, object]]:
    with people.read() as conn:
        rows = conn.execute(PRINT_LOG.select().where(PRINT_LOG.c.person_id == person_id)
                            .order_by(PRINT_LOG.c.at, PRINT_LOG.c.id)).mappings().all()
    return [dict(r) for r in rows]
