"""Interview companion actions: needs, recommendations, follow-up, feedback, unmet searches, dashboard.

Every function here runs on a worker (``QueryOp`` in the app, directly in tests and
benchmarks), takes the stores and plain data, and returns plain data. Activating the
recommended offers goes through the activation operation (``pej_desktop.ops.activation``),
never a second path. Logs name files by their internal id only.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from pej_desktop.domain import eligibility as rules
from pej_desktop.domain.activation import needs_code, programme_at_activation
from pej_desktop.domain.dashboard import (
    ActivationFact,
    DashboardFigures,
    DashboardFilter,
    FeedbackFact,
    OfferInfo,
    compute_dashboard,
    dashboard_csv,
)
from pej_desktop.domain.errors import UserError
from pej_desktop.domain.followup import (
    FEEDBACK_KINDS,
    ActivationLine,
    ActivationState,
    Expiring,
    FollowupOffer,
    expiring_soon,
    last_interview,
    new_offers_since,
)
from pej_desktop.domain.needs import MATCHER, NeedsChecklist
from pej_desktop.domain.people import STRUCTURES, YoungPerson
from pej_desktop.domain.recommendations import Candidate, Recommendation, rank_offers
from pej_desktop.domain.search_stats import candidate_words, name_words, unmet_search_key
from pej_desktop.ops import activations as activation_ops
from pej_desktop.reports.files import write_atomically
from pej_desktop.store import activations as activation_store
from pej_desktop.store import audit, personal
from pej_desktop.store import companion as tables
from pej_desktop.store.activation_tables import ACTIVATIONS, DEMO_API
from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.store.offer_terms import load_offer_terms
from pej_desktop.store.personal import PersonalStore
from pej_desktop.store.search import vocabulary_words
from pej_desktop.store.text import fold

log = logging.getLogger(__name__)


class CompanionRefused(UserError):
    """The action cannot be done (file deleted, unknown activation); the message is French."""


# -- needs ------------------------------------------------------------------------------------------
def save_needs(store: PersonalStore, person_id: int, checklist: NeedsChecklist, *, now: dt.datetime) -> None:
    with store.write() as conn:
        if personal.get_person(conn, person_id) is None:
            raise CompanionRefused("Ce dossier n'existe plus.")
        adviser = personal.current_adviser(conn)
        tables.save_needs(conn, person_id, checklist, adviser_id=adviser.id if adviser else None, now=now)
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
    now = now or activation_ops.utc_now()
    contexts = activation_ops.catalogue_contexts(store, catalogue, person_id, now=now)
    facts: dict[int, tables.OfferFacts] = _cached(catalogue, "facts", tables.load_offer_facts)
    terms = _cached(catalogue, "terms", load_offer_terms)
    with store.write() as conn:
        person = personal.get_person(conn, person_id)
        if person is None:
            raise CompanionRefused("Ce dossier n'existe plus.")
        saved = tables.load_needs(conn, person_id)
        checks = personal.list_checks(conn, person_id)
        held = activation_store.person_activations(conn, person_id)
        feedback = tables.feedback_by_activation(conn, person_id)
        _note_offers_seen(conn, store, catalogue, facts, today)
        seen = tables.first_seen(conn)
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


def _candidate(offer: tables.OfferFacts) -> Candidate:
    """An offer the engine found open to the young person."""
    return Candidate(key=offer.pk, offer_id=offer.id, title=offer.title, categories=offer.categories,
                     tags=offer.tags, discount=offer.discount, renewable=offer.renewable, status=rules.Status.ELIGIBLE,
                     partner=offer.partner, valid_from=offer.valid_from, valid_to=offer.valid_to)


def _followup_offer(offer: tables.OfferFacts, seen: dt.date | None) -> FollowupOffer:
    return FollowupOffer(key=offer.pk, offer_id=offer.id, title=offer.title, categories=offer.categories,
                         tags=offer.tags, valid_from=offer.valid_from, valid_to=offer.valid_to,
                         status=rules.Status.ELIGIBLE, first_seen=seen)


_stamped: set[tuple[str, ...]] = set()


def _note_offers_seen(conn: Connection, store: PersonalStore, catalogue: CatalogueStore,
                      facts: dict[int, tables.OfferFacts], today: dt.date) -> None:
    """Stamp new offers once per state of the catalogue (not at every file shown)."""
    state = next((k[1:] for k in _names_cache if k[0] == "facts"), ())
    key = (str(store.path), today.isoformat(), *state)
    if key not in _stamped:
        tables.note_offers_seen(conn, (f.id for f in facts.values()), today)
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


# -- feedback ---------------------------------------------------------------------------------------------
def record_feedback(store: PersonalStore, person_id: int, activation_uid: str, kind: str, *,
                    now: dt.datetime) -> bool:
    """Record the young person's feedback and queue it as a report; True when it will be sent upstream.

    Feedback on an offer of the demonstration catalogue stays on this computer.
    """
    if kind not in FEEDBACK_KINDS:
        raise CompanionRefused("Retour inconnu.")
    with store.write() as conn:
        row = conn.execute(select(ACTIVATIONS.c.offer_id, ACTIVATIONS.c.offer_title, ACTIVATIONS.c.api)
                           .where(ACTIVATIONS.c.uid == activation_uid, ACTIVATIONS.c.person_id == person_id)).first()
        if row is None:
            raise CompanionRefused("Cette activation n'existe plus dans le dossier.")
        adviser = personal.current_adviser(conn)
        uid = str(uuid.uuid4())
        tables.insert_feedback(conn, tables.FeedbackRow(
            uid=uid, person_id=person_id, activation_uid=activation_uid, offer_id=row.offer_id, kind=kind,
            recorded_at=now, adviser_id=adviser.id if adviser else None))
        audit.record(conn, "feedback", person_id=person_id, detail=f"{row.offer_id} {kind}")
        if row.api == DEMO_API:
            return False
        payload = {"id": uid, "offer_id": row.offer_id, "kind": kind, "reported_at": activation_store.iso(now),
                   "device_id": activation_store.device_id(conn), "activation_id": activation_uid}
        tables.queue_outbox(conn, uid=uid, api=row.api, kind=tables.OUTBOX_REPORT, payload=payload,
                            title=row.offer_title, now=now)
    log.info("feedback %s on offer %s recorded for young person %s", kind, row.offer_id, person_id)
    return True


# -- unmet searches ----------------------------------------------------------------------------------------
def count_unmet_search(store: PersonalStore, catalogue: CatalogueStore, query: str, *, day: dt.date) -> str | None:
    """Count a search that found nothing, reduced to the catalogue's words (``domain.search_stats``).

    The key counted, or None when no word of the catalogue's vocabulary is left.
    """
    with catalogue.read() as conn:
        vocabulary = vocabulary_words(conn, candidate_words(query))
    with store.write() as conn:
        words = name_words(conn.execute(select(personal.PEOPLE.c.name_key)).scalars().all())
        key = unmet_search_key(query, vocabulary=vocabulary, personal_words=words)
        if key is not None:
            tables.count_unmet_search(conn, key, day)
    return key


def queue_unmet_searches(store: PersonalStore, api: str, *, now: dt.datetime) -> int:
    """Move the counts into outbox batches for ``api`` (done at sync); the number of batches queued."""
    if api == DEMO_API:
        return 0
    with store.write() as conn:
        return tables.queue_unmet_searches(conn, api, now=now)


# -- dashboard ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DashboardData:
    figures: DashboardFigures
    advisers: list[tuple[int, str]]  # (id, label) of the advisers who activated something
    structure: str


def load_dashboard(store: PersonalStore, catalogue: CatalogueStore, filters: DashboardFilter, *,
                   adviser_label: str = "tous les conseillers") -> DashboardData:
    """The dashboard's figures from this computer's data only (no network, no name leaves the worker)."""
    offers = _offer_infos(catalogue)
    with store.read() as conn:
        facts = [ActivationFact._make(row) for row in tables.activation_facts(conn, filters.start, filters.end)]
        feedback = [FeedbackFact._make(row) for row in tables.all_feedback(conn)]
        gone = {f.offer_id for f in facts}.union(f.offer_id for f in feedback).difference(offers)
        titles = tables.activation_titles(conn, gone) if gone else {}
        advisers = _advisers(conn)
        adviser = personal.current_adviser(conn)
    if titles:  # offers no longer in the catalogue: the title they had when activated
        offers = {**offers, **{offer_id: OfferInfo(title, "") for offer_id, title in titles.items()}}
    figures = compute_dashboard(facts, feedback, offers, filters, adviser_label=adviser_label)
    return DashboardData(figures=figures, advisers=advisers, structure=_structure(adviser))


_names_cache: dict[tuple[str, ...], Any] = {}  # catalogue facts (no personal data), per catalogue state


def _cached(catalogue: CatalogueStore, what: str, load: Callable[[Connection], Any]) -> Any:
    """``load(conn)`` once per state of the catalogue (its version, load and sync times)."""
    from pej_desktop.store.catalogue import META_LAST_SYNC, META_LOADED_AT, META_VERSION, get_meta

    with catalogue.read() as conn:
        meta = get_meta(conn)
        state = (str(catalogue.path), *(meta.get(k, "") for k in (META_VERSION, META_LOADED_AT, META_LAST_SYNC)))
        key = (what, *state)
        if key not in _names_cache:
            for stale in [k for k in _names_cache if k[0] == what]:
                del _names_cache[stale]
            _names_cache[key] = load(conn)
        return _names_cache[key]


def _offer_infos(catalogue: CatalogueStore) -> dict[str, OfferInfo]:
    """Title and first category of every offer."""
    return _cached(catalogue, "names", lambda conn: {ident: OfferInfo(title, category) for ident, (title, category)
                                                     in tables.offer_names(conn).items()})


def advisers_of(store: PersonalStore) -> list[tuple[int, str]]:
    """(id, "First Last") of every adviser profile of this computer."""
    with store.read() as conn:
        return _advisers(conn)


def _advisers(conn) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """Every adviser profile of this computer, for the filter."""
    rows = conn.execute(select(personal.ADVISERS.c.id, personal.ADVISERS.c.first_name,
                               personal.ADVISERS.c.last_name)).all()
    return sorted(((i, f"{first} {last}") for i, first, last in rows), key=lambda item: (fold(item[1]), item[0]))


def _structure(adviser) -> str:  # type: ignore[no-untyped-def]
    if adviser is None:
        return "Structure non renseignée"
    structure = STRUCTURES.get(adviser.structure, adviser.structure)
    name = adviser.agency_name if fold(adviser.agency_name).startswith(fold(structure)) else \
        f"{structure} {adviser.agency_name}"
    return f"{name} ({adviser.agency_code})"


def export_dashboard_csv(data: DashboardData, path: Path, *, edited_on: dt.date) -> Path:
    write_atomically(path, dashboard_csv(data.figures))
    return path


def export_dashboard_pdf(data: DashboardData, path: Path, *, edited_on: dt.date) -> Path:
    from pej_desktop.reports.dashboard_pdf import build_dashboard_pdf

    write_atomically(path, build_dashboard_pdf(data.figures, structure=data.structure, edited_on=edited_on))
    return path
