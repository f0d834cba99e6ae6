"""The interview of one young person: needs, ranked recommendations, follow-up of their offers.

Every function here runs on a worker (``QueryOp`` in the app, directly in tests and
benchmarks), takes the stores and plain data, and returns plain data. Activating the
recommended offers goes through the activation operation (``pej_desktop.ops.activations``),
never a second path. Logs name files by their internal id only.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import Connection

from pej_desktop.domain import eligibility as rules
from pej_desktop.domain.activation import needs_code, programme_at_activation
from pej_desktop.domain.clock import utc_now
from pej_desktop.domain.errors import UserError
from pej_desktop.domain.followup import (
    ActivationLine,
    ActivationState,
    Expiring,
    FollowupOffer,
    expiring_soon,
    last_interview,
    new_offers_since,
)
from pej_desktop.domain.needs import MATCHER, NeedsChecklist
from pej_desktop.domain.people import YoungPerson
from pej_desktop.domain.recommendations import Candidate, Recommendation, rank_offers
from pej_desktop.ops import activations as activation_ops
from pej_desktop.ops.catalogue_facts import cached, state_of
from pej_desktop.store import activations as activation_store
from pej_desktop.store import audit, personal
from pej_desktop.store import interview as interview_rows
from pej_desktop.store import offer_feedback as feedback_rows
from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.store.offer_terms import load_offer_terms
from pej_desktop.store.personal import PersonalStore

log = logging.getLogger(__name__)


class InterviewRefused(UserError):
    """The action cannot be done (file deleted, unknown activation or feedback); the message is French."""


# -- needs ------------------------------------------------------------------------------------------
def save_needs(store: PersonalStore, person_id: int, checklist: NeedsChecklist, *, now: dt.datetime) -> None:
    with store.write() as conn:
        if personal.get_person(conn, person_id) is None:
            raise InterviewRefused("Ce dossier n'existe plus.")
        adviser = personal.current_adviser(conn)
        interview_rows.save_needs(conn, person_id, checklist, adviser_id=adviser.id if adviser else None, now=now)
        audit.record(conn, "needs", person_id=person_id, detail=f"{len(checklist.entries)} besoin(s)")
    log.info("needs of young person %s saved", person_id)


# -- the file's interview view ------------------------------------------------------------------------
@dataclass(frozen=True)
class Interview:
    """Everything the companion shows for one young person, computed on the worker."""

    person_id: int
    needs: NeedsChecklist
    needs_saved: dt.datetime | None
    programme: rules.EligibilityResult
    recommendations: tuple[Recommendation, ...]
    lines: tuple[ActivationLine, ...]
    feedback: dict[str, str]  # activation uid → latest feedback kind
    expiring: tuple[Expiring, ...]
    news: tuple[FollowupOffer, ...]
    since: dt.date | None  # the last interview before today


def load_interview(store: PersonalStore, catalogue: CatalogueStore, person_id: int, *, today: dt.date,
                   now: dt.datetime | None = None) -> Interview:
    """Needs, ranked recommendations and follow-up of one file, from both stores.

    The engine judges every offer as the activation would (``ops.activations``): the
    programme as established by the last conclusive check, the person's earlier
    activations, the codes left.
    """
    now = now or utc_now()
    contexts = activation_ops.catalogue_contexts(store, catalogue, person_id, now=now)
    facts: dict[int, interview_rows.OfferFacts] = cached(catalogue, "facts", interview_rows.load_offer_facts)
    terms = cached(catalogue, "terms", load_offer_terms)
    with store.write() as conn:
        person = personal.get_person(conn, person_id)
        if person is None:
            raise InterviewRefused("Ce dossier n'existe plus.")
        saved = interview_rows.load_needs(conn, person_id)
        checks = personal.list_checks(conn, person_id)
        held = activation_store.person_activations(conn, person_id)
        feedback = feedback_rows.feedback_by_activation(conn, person_id)
        _note_offers_seen(conn, store, catalogue, facts, today)
    programme = programme_at_activation(person, today, checks[0] if checks else None)
    # Only offers answering a ticked need can be recommended or shown as news: only they are judged.
    wanted = saved.checklist.keys
    matching = {pk: f for pk, f in facts.items() if wanted.intersection(MATCHER.needs_of(f.categories, f.tags))}
    results = rules.check_offers(person, {pk: terms[pk] for pk in matching if pk in terms}, today,
                                 programme=programme, contexts=contexts, now=now.astimezone())
    eligible = [f for pk, f in matching.items() if pk in results and results[pk].status is rules.Status.ELIGIBLE]
    ranked = rank_offers([_candidate(f) for f in eligible], saved.checklist, reference=today,
                         cej_end=_cej_end(person))
    ends = {f.id: f.valid_to for f in facts.values()}
    lines = tuple(_line(a, ends) for a in held)
    with store.read() as conn:
        seen = interview_rows.first_seen(conn, (f.id for f in eligible))
    offers = [_followup_offer(f, seen.get(f.id)) for f in eligible]
    since = last_interview(last_contact=_before(person.last_contact, today),
                           checks=[c.reference_date for c in checks if c.reference_date < today],
                           needs_saved=_before(saved.saved_at.date() if saved.saved_at else None, today))
    return Interview(
        person_id=person_id, needs=saved.checklist, needs_saved=saved.saved_at, programme=programme,
        recommendations=tuple(ranked), lines=lines, feedback=feedback,
        expiring=tuple(expiring_soon(lines, offers, saved.checklist, today=today)),
        news=tuple(new_offers_since(offers, saved.checklist, since=since, today=today,
                                    activated=[a.offer_id for a in held if a.counts_in_history])),
        since=since)


def _before(day: dt.date | None, today: dt.date) -> dt.date | None:
    """Today's own interview does not hide today's news: only earlier days count."""
    return day if day is not None and day < today else None


def _cej_end(person: YoungPerson) -> dt.date | None:
    return person.cej_real_end or person.cej_planned_end


def _candidate(offer: interview_rows.OfferFacts) -> Candidate:
    """An offer the engine found open to the young person."""
    return Candidate(key=offer.pk, offer_id=offer.id, title=offer.title, categories=offer.categories,
                     tags=offer.tags, discount=offer.discount, renewable=offer.renewable, status=rules.Status.ELIGIBLE,
                     partner=offer.partner, valid_from=offer.valid_from, valid_to=offer.valid_to)


def _followup_offer(offer: interview_rows.OfferFacts, seen: dt.date | None) -> FollowupOffer:
    return FollowupOffer(key=offer.pk, offer_id=offer.id, title=offer.title, categories=offer.categories,
                         tags=offer.tags, valid_from=offer.valid_from, valid_to=offer.valid_to,
                         status=rules.Status.ELIGIBLE, first_seen=seen)


_stamped: set[tuple[str, ...]] = set()


def _note_offers_seen(conn: Connection, store: PersonalStore, catalogue: CatalogueStore,
                      facts: dict[int, interview_rows.OfferFacts], today: dt.date) -> None:
    """Stamp new offers once per state of the catalogue (not at every file shown)."""
    state = state_of("facts")
    key = (str(store.path), today.isoformat(), *state)
    if key not in _stamped:
        interview_rows.note_offers_seen(conn, (f.id for f in facts.values()), today)
        _stamped.add(key)


def _line(activation, ends: dict[str, dt.date | None]) -> ActivationLine:  # type: ignore[no-untyped-def]
    valid_to = ends.get(activation.offer_id)
    state, detail = activation_state(activation)
    return ActivationLine(activation_id=activation.uid, offer_id=activation.offer_id, title=activation.offer_title,
                          activated_on=activation.activated_at.astimezone().date(), state=state,
                          offer_valid_to=valid_to, detail=detail)


def activation_state(activation) -> tuple[ActivationState, str]:  # type: ignore[no-untyped-def]
    """The follow-up state of a stored activation, and its detail, as known after the last sync."""
    if activation.state == activation_store.REJECTED:
        return ActivationState.REJECTED, activation.refusal_title or activation.refusal_detail or ""
    if activation.used_at is not None:
        return ActivationState.USED, f"utilisé le {activation.used_at.astimezone():%d/%m/%Y}"
    if activation.code is None and needs_code(activation.offer_kind):
        return ActivationState.CODE_TO_COME, "code attribué à la prochaine synchronisation"
    if activation.state == activation_store.PENDING:
        return ActivationState.PENDING, f"code {activation.code}" if activation.code else ""
    return ActivationState.ACTIVE, f"code {activation.code}" if activation.code else ""
