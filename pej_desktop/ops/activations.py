"""Activating offers for a young person, online or not; what is owed upstream; refusals.

Each offer is activated in its own transaction: the engine's verdict on the day (the
programme as established by the last conclusive check, the offer's terms, the
person's earlier activations and the codes left), a code taken from the device's
reserve when the offer hands one out (or "code à venir" when the reserve is empty),
the estimated saving, the activation and its outbox entry — all committed together,
or nothing. In the demo there is no national side: the demo catalogue's own codes are
handed out and the activation is marked "démonstration", never sent.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from pej_desktop.domain import activation as activation_rules
from pej_desktop.domain import eligibility as rules
from pej_desktop.domain.clock import utc_now
from pej_desktop.domain.errors import UserError
from pej_desktop.domain.people import Adviser, YoungPerson
from pej_desktop.domain.records import OfferRecord
from pej_desktop.domain.savings import DEFAULT_USES_PER_MONTH, SavingItem, estimate_offer
from pej_desktop.domain.text import sort_key
from pej_desktop.store import activations as store
from pej_desktop.store import code_reserve, personal
from pej_desktop.store.activation_tables import DEMO_API
from pej_desktop.store.catalogue import META_SOURCE, CatalogueStore, get_meta, is_demo
from pej_desktop.store.db import chunks
from pej_desktop.store.personal import PersonalStore
from pej_desktop.store.search import load_offer_records
from sync.activation_protocol import ActivationPayload

log = logging.getLogger(__name__)
Checkpoint = Callable[[str], None]


class ActivationRefused(UserError):
    """Nothing can be activated for this file (deleted, no adviser profile); French message."""


def catalogue_api(meta: Mapping[str, str]) -> str:
    """Where activations made on this catalogue are owed: an API's address, or the demo."""
    return DEMO_API if is_demo(meta) else meta[META_SOURCE]


# -- what the engine needs to know ---------------------------------------------------------------
def offer_contexts(conn: Connection, person_id: int, offers: Mapping[str, str], *, api: str,
                   now: dt.datetime) -> dict[str, rules.OfferContext]:
    """History and codes left for these offers (offer id → kind), from the personal file.

    The device knows every activation it recorded for this person (``known=True``);
    refused activations do not count. Datetimes are aware and local, as printed.
    """
    history: dict[str, list[rules.PreviousActivation]] = {}
    for made in store.person_activations(conn, person_id):
        if made.counts_in_history and made.offer_id in offers:
            history.setdefault(made.offer_id, []).append(rules.PreviousActivation(
                activated_at=made.activated_at.astimezone(),
                used_at=made.used_at.astimezone() if made.used_at else None))
    pool_offers = [o for o, kind in offers.items() if activation_rules.needs_code(kind)]
    left = code_reserve.known_codes_left(conn, api, now, pool_offers if len(pool_offers) <= 500 else None)
    contexts = {}
    for offer_id, kind in offers.items():
        codes_left = None
        if activation_rules.needs_code(kind):
            codes_left = left.get(offer_id, 0 if api == DEMO_API else None)
        contexts[offer_id] = rules.OfferContext(
            history=rules.OfferHistory(activations=tuple(history.get(offer_id, ())), known=True),
            codes_left=codes_left)
    return contexts


def ensure_demo_reserve(conn: Connection, api: str, now: dt.datetime) -> None:
    if api == DEMO_API:
        from pej_desktop.store.demo import read_demo_catalogue

        code_reserve.seed_demo(conn, read_demo_catalogue().codes, now)


def catalogue_contexts(people: PersonalStore, catalogue: CatalogueStore, person_id: int, *,
                       now: dt.datetime) -> dict[int, rules.OfferContext]:
    """Contexts by catalogue key, for a check over the whole catalogue: only offers with
    something known (an earlier activation, codes counted) get one.

    Only the offers named by the personal file are looked up in the catalogue (reading
    every offer handing out codes cost 30–70 ms a check); the demo, whose reserve is all
    there is, counts every such offer of its small catalogue.
    """
    with catalogue.read() as conn:
        api = catalogue_api(get_meta(conn))
    with people.write() as conn:
        ensure_demo_reserve(conn, api, now)
        activated = {a.offer_id for a in store.person_activations(conn, person_id)}
        known = set(code_reserve.known_codes_left(conn, api, now)) if api != DEMO_API else set()
    with catalogue.read() as conn:
        if api == DEMO_API:
            known = set(conn.exec_driver_sql(f"SELECT id FROM offers WHERE kind IN {_POOL_KINDS}").scalars())
        kinds = {offer_id: found for offer_id, found in _kinds(conn, activated | known).items()
                 if offer_id in activated or found[1] in _POOL_KINDS}
    with people.read() as conn:
        contexts = offer_contexts(conn, person_id, {o: kinds[o][1] for o in kinds}, api=api, now=now)
    return {kinds[offer_id][0]: context for offer_id, context in contexts.items()}


_POOL_KINDS = ("voucher", "code")  # the offers whose codes come from a pool (SQL tuple syntax as well)


def _kinds(conn: Connection, offer_ids: Iterable[str]) -> dict[str, tuple[int, str]]:
    found = {}
    for chunk in chunks(list(offer_ids)):
        rows = conn.exec_driver_sql(f"SELECT id, pk, kind FROM offers WHERE id IN ({','.join('?' * len(chunk))})",
                                    tuple(chunk))
        found.update({ident: (pk, kind) for ident, pk, kind in rows})
    return found


# -- activating -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ActivationResult:
    offer_id: str
    title: str
    activated: bool
    code: str | None = None
    kind: str = ""
    reason: str = ""  # why not, when refused
    activation_id: int | None = None
    demo: bool = False

    @property
    def code_to_come(self) -> bool:
        return self.activated and self.code is None and activation_rules.needs_code(self.kind)

    @property
    def code_label(self) -> str:
        """The code, « code à venir », or how an offer without code is used."""
        return activation_rules.code_label(self.kind, self.code)

    @property
    def handed_as(self) -> str:
        """« Code à remettre au jeune », or « À utiliser » for an offer that hands no code."""
        return activation_rules.handed_as(self.kind)


@dataclass(frozen=True)
class ActivationReport:
    person_id: int
    results: tuple[ActivationResult, ...]
    demo: bool

    @property
    def activated(self) -> tuple[ActivationResult, ...]:
        return tuple(r for r in self.results if r.activated)

    @property
    def refused(self) -> tuple[ActivationResult, ...]:
        return tuple(r for r in self.results if not r.activated)


def activate_offers(
    people: PersonalStore, catalogue: CatalogueStore, person_id: int, offer_ids: Sequence[str], *,
    now: dt.datetime | None = None, accept_to_verify: bool = False, checkpoint: Checkpoint | None = None,
    uses_per_month: Mapping[str, int] | None = None,
) -> ActivationReport:
    """Activate each offer for this person; refusals come back with the engine's reasons.

    ``uses_per_month``: offer id → uses a month agreed with the young person for a
    renewable offer (1 when not given); the basis of the saving recorded with it.
    """
    now = (now or utc_now()).astimezone(dt.UTC).replace(microsecond=0)
    wanted = list(dict.fromkeys(offer_ids))
    with catalogue.read() as conn:
        api = catalogue_api(get_meta(conn))
        records = _records(conn, wanted)
    uses = uses_per_month or {}
    results = [_activate_one(people, person_id, offer_id, records.get(offer_id), api=api, now=now,
                             accept_to_verify=accept_to_verify, checkpoint=checkpoint,
                             uses_per_month=uses.get(offer_id, DEFAULT_USES_PER_MONTH)) for offer_id in wanted]
    return ActivationReport(person_id=person_id, results=tuple(results), demo=api == DEMO_API)


def _records(conn: Connection, offer_ids: list[str]) -> dict[str, OfferRecord]:
    kinds = _kinds(conn, offer_ids)
    loaded = load_offer_records(conn, [pk for pk, _kind in kinds.values()])
    return {record.id: record for record in loaded.values()}


def _activate_one(people: PersonalStore, person_id: int, offer_id: str, record: OfferRecord | None, *, api: str,
                  now: dt.datetime, accept_to_verify: bool, checkpoint: Checkpoint | None,
                  uses_per_month: int = DEFAULT_USES_PER_MONTH) -> ActivationResult:
    if record is None:
        return ActivationResult(offer_id, offer_id, False, reason="Offre introuvable dans le catalogue local "
                                                                  "(retirée ou supprimée) : synchronisez le catalogue.")
    with people.write() as conn:
        person, adviser = _person_and_adviser(conn, person_id)
        ensure_demo_reserve(conn, api, now)
        verdict = _verdict(conn, person, record, api=api, now=now)
        if verdict.status is rules.Status.NOT_ELIGIBLE or (
                verdict.status is rules.Status.TO_VERIFY and not accept_to_verify):
            return ActivationResult(offer_id, record.title, False, kind=record.kind, reason=verdict.summary())
        uid = str(uuid.uuid4())
        code = code_reserve.take_code(conn, api, offer_id, uid, now) if activation_rules.needs_code(record.kind) \
            else None
        new = _new_activation(uid, person, adviser, record, api=api, now=now, code=code, uses_per_month=uses_per_month)
        payload = None if api == DEMO_API else _payload(conn, new, person)
        if checkpoint is not None:
            checkpoint("activation")
        made = store.record_activation(conn, new, payload)
    log.info("activation %s of offer %s for young person %s (%s)", made.id, offer_id, person_id,
             "code handed out" if code else "no code now")
    return ActivationResult(offer_id, record.title, True, code=code, kind=record.kind, activation_id=made.id,
                            demo=api == DEMO_API)


def _person_and_adviser(conn: Connection, person_id: int) -> tuple[YoungPerson, Adviser]:
    person, adviser = personal.get_person(conn, person_id), personal.current_adviser(conn)
    if person is None:
        raise ActivationRefused("Ce dossier n'existe plus.")
    if adviser is None:
        raise ActivationRefused("Renseignez d'abord votre profil de conseiller (menu Fichier) : il est "
                                "enregistré avec chaque activation.")
    return person, adviser


def _verdict(conn: Connection, person: YoungPerson, record: OfferRecord, *, api: str,
             now: dt.datetime) -> rules.EligibilityResult:
    local = now.astimezone()
    checks = personal.list_checks(conn, person.id)  # type: ignore[arg-type]
    programme = activation_rules.programme_at_activation(person, local.date(), checks[0] if checks else None)
    context = offer_contexts(conn, person.id, {record.id: record.kind}, api=api, now=now)[record.id]  # type: ignore[arg-type]
    return rules.check_offer(person, record, local.date(), programme=programme, context=context, now=local)


def _new_activation(uid: str, person: YoungPerson, adviser: Adviser, record: OfferRecord, *, api: str,
                    now: dt.datetime, code: str | None, uses_per_month: int = DEFAULT_USES_PER_MONTH,
                    ) -> store.NewActivation:
    end = person.cej_real_end or person.cej_planned_end
    saving = estimate_offer(SavingItem(key=record.id, discount=record.discount, renewable=record.renewable,
                                       uses_per_month=uses_per_month, valid_from=record.valid_from,
                                       valid_to=record.valid_to),
                            reference=now.astimezone().date(), cej_end=end)
    source = None if code is None else ("demo" if api == DEMO_API else "lease")
    return store.NewActivation(
        uid=uid, person_id=person.id, offer_id=record.id, offer_title=record.title,  # type: ignore[arg-type]
        offer_kind=record.kind, renewable=record.renewable, adviser_id=adviser.id, adviser_label=adviser.label,
        activated_at=now, api=api, code=code, code_source=source, saving_per_use_cents=saving.per_use_cents,
        saving_per_month_cents=saving.per_month_cents, saving_basis=saving.basis,
        uses_per_month=saving.uses_per_month)


def _payload(conn: Connection, new: store.NewActivation, person: YoungPerson) -> dict[str, object]:
    uid = conn.exec_driver_sql("SELECT uid FROM young_people WHERE id = ?", (person.id,)).scalar_one()
    return ActivationPayload(id=new.uid, offer_id=new.offer_id, beneficiary=uid, activated_at=new.activated_at,
                             device_id=store.device_id(conn), code=new.code,
                             saving_cents_per_month=new.saving_per_month_cents).to_json()


# -- what the adviser may choose --------------------------------------------------------------------
MAX_CHOICES = 500


@dataclass(frozen=True)
class OfferChoice:
    offer_id: str
    title: str
    partner: str
    kind: str
    status: str  # "eligible" | "to_verify"
    reason: str  # the engine's words when to verify
    codes_left: int | None  # None: unknown (a "code à venir" if the reserve is empty) or no code needed

    @property
    def code_note(self) -> str:
        if not activation_rules.needs_code(self.kind):
            return "sans code"
        if self.codes_left is None:
            return "code à la prochaine synchronisation si la réserve est vide"
        return f"{self.codes_left} code(s) disponible(s)"


@dataclass(frozen=True)
class ActivationChoices:
    person_id: int
    person_name: str
    programme: rules.EligibilityResult
    offers: tuple[OfferChoice, ...]
    total_open: int  # before the display limit: eligible and « à vérifier »
    demo: bool
    to_verify: int = 0  # of ``total_open``: the ones whose condition is checked in the interview

    @property
    def blocked(self) -> str:
        """Why nothing can be activated (the programme part), or ""."""
        return "" if self.programme.status is not rules.Status.NOT_ELIGIBLE else self.programme.summary()


def activation_choices(people: PersonalStore, catalogue: CatalogueStore, person_id: int, *,
                       now: dt.datetime | None = None, first: Sequence[str] = ()) -> ActivationChoices:
    """The offers the engine says are open to this person today, with their codes left.

    ``first``: offer ids listed first, whatever the cut at ``MAX_CHOICES`` (those ticked in the interview)."""
    from pej_desktop.ops.catalogue_facts import cached
    from pej_desktop.store.offer_terms import load_offer_terms
    from pej_desktop.store.search import fetch_summaries, offer_pk_by_id

    moment = (now or utc_now()).astimezone()
    with people.read() as conn:
        person, _adviser = _person_and_adviser(conn, person_id)
        checks = personal.list_checks(conn, person_id)
    programme = activation_rules.programme_at_activation(person, moment.date(), checks[0] if checks else None)
    terms = cached(catalogue, "terms", load_offer_terms)  # read once per state of the catalogue
    with catalogue.read() as conn:
        api = catalogue_api(get_meta(conn))
    contexts = catalogue_contexts(people, catalogue, person_id, now=moment)
    results = rules.check_offers(person, terms, moment.date(), programme=programme, contexts=contexts, now=moment)
    open_pks = [pk for pk, r in results.items() if r.status is not rules.Status.NOT_ELIGIBLE]
    with catalogue.read() as conn:
        wanted = {pk for pk in (offer_pk_by_id(conn, offer_id) for offer_id in first) if pk is not None}
        listed = sorted(open_pks, key=lambda pk: pk not in wanted)[:MAX_CHOICES]
        summaries = fetch_summaries(conn, listed)
    choices = tuple(OfferChoice(
        offer_id=s.id, title=s.title, partner=s.partner or "", kind=s.kind, status=results[s.pk].status.value,
        reason=results[s.pk].summary() if results[s.pk].status is rules.Status.TO_VERIFY else "",
        codes_left=contexts[s.pk].codes_left if s.pk in contexts else None) for s in summaries)
    return ActivationChoices(person_id=person_id, person_name=person.display_name, programme=programme,
                             offers=tuple(sorted(choices, key=lambda c: (
                                 c.offer_id not in first, c.status != "eligible", sort_key(c.title)))),
                             total_open=len(open_pks), demo=api == DEMO_API,
                             to_verify=sum(1 for pk in open_pks if results[pk].status is rules.Status.TO_VERIFY))
