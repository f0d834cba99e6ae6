"""The eligibility engine: may this young person have the Pass, and which offers?

Pure functions of plain data (no Qt, no SQL): the young person's file, the reference
day, what the adviser confirmed at check time (not a student, not in training, the
RQTH answer — asked and used here, never stored), the offer, and what is known of
previous activations and of codes left. Every answer carries its reasons in French
and the version of the rules that produced it; every refusal and every condition to
verify also says what to do next (``Reason.advice``). Where an offer stands for the
person — open, to verify, closed, or already theirs (activated on a day, renewable from
a day) — is data too (``OfferState``), worded in one place (``OfferState.label``).

Statuses combine by severity: one "not eligible" reason wins over "to verify", which
wins over "eligible".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol, TypeVar

from pej_desktop.domain.people import (
    MAX_MONTHS,
    MAX_MONTHS_EXTENDED,
    PROGRAMMES,
    YoungPerson,
    add_months,
    age_on,
    format_date,
)
from pej_desktop.domain.records import OfferRecord, Territory, commune_departement
from pej_desktop.domain.territory import (
    PostalCodeError,
    departement_of_postal_code,
    departement_phrase,
    places_phrase,
)
from pej_desktop.domain.validity import Validity, validity_on

RULES_VERSION = "2026.11-1"
CEJ_MIN_AGE = 16
CEJ_MAX_AGE = 25
CEJ_MAX_AGE_RQTH = 29
RENEWAL_DELAY = dt.timedelta(hours=24)
K = TypeVar("K")


class Status(str, Enum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    TO_VERIFY = "to_verify"

    @property
    def label(self) -> str:
        return {"eligible": "Éligible", "not_eligible": "Non éligible", "to_verify": "À vérifier"}[self.value]


class Held(str, Enum):
    """The offer is already the person's: the renewal rules' findings, as data."""

    ACTIVATED = "activated"  # a one-time offer, activated on the reason's day
    CODE_UNUSED = "code_unused"  # renewable, the code activated on the reason's day not used yet
    RENEWABLE_FROM = "renewable_from"  # renewable, a new code from the reason's day


@dataclass(frozen=True)
class Reason:
    """One finding. ``recorded`` is the wording safe to store (no health data); ``advice`` what the
    adviser can do next (every refusal and condition to verify has one); ``held`` and ``day`` say, as
    data, that the offer is already the person's and since or until when."""

    status: Status
    text: str
    recorded: str | None = None
    advice: str = ""
    held: Held | None = None
    day: dt.date | None = None

    @property
    def stored_text(self) -> str:
        return self.recorded if self.recorded is not None else self.text

    @property
    def sentence(self) -> str:
        """The finding and what to do next, as shown."""
        return f"{self.text} {self.advice}" if self.advice else self.text


@dataclass(frozen=True)
class EligibilityResult:
    status: Status
    reasons: tuple[Reason, ...] = ()
    rules_version: str = RULES_VERSION

    @classmethod
    def from_reasons(cls, reasons: Iterable[Reason]) -> EligibilityResult:
        found = tuple(reasons)
        return cls(status=_severest(found), reasons=found)

    def blocking(self) -> tuple[Reason, ...]:
        """The reasons that explain the status (all of them when eligible)."""
        if self.status is Status.ELIGIBLE:
            return self.reasons
        return tuple(r for r in self.reasons if r.status is self.status)

    def summary(self) -> str:
        """One line for a list or a tooltip: the reasons behind the status, each with what to do next."""
        return " ; ".join(r.sentence for r in self.blocking())

    def stored_reasons(self) -> list[str]:
        return [r.stored_text for r in self.reasons]


def _severest(reasons: tuple[Reason, ...]) -> Status:
    """The status of a set of reasons: one "not eligible" wins over "to verify", which wins over "eligible"."""
    status = Status.ELIGIBLE
    for reason in reasons:
        if reason.status is Status.NOT_ELIGIBLE:
            return Status.NOT_ELIGIBLE
        if reason.status is Status.TO_VERIFY:
            status = Status.TO_VERIFY
    return status


STATE_LABELS = {Status.ELIGIBLE: "Accessible", Status.NOT_ELIGIBLE: "Non accessible", Status.TO_VERIFY: "À vérifier"}


@dataclass(frozen=True)
class OfferState:
    """Where one offer stands for one person, as data, for the screens (badges, detail, filters).

    An offer the person already holds is not « Non accessible »: the adviser would think the
    young person lost a right; it says « Déjà activée le … » (or when a new code is possible).
    """

    status: Status
    why: str = ""  # the reasons behind the status, each with what to do next
    held: Held | None = None
    day: dt.date | None = None

    @classmethod
    def of(cls, result: EligibilityResult) -> OfferState:
        held = next((r for r in result.reasons if r.held is not None), None)
        return cls(result.status, result.summary(), held.held if held else None, held.day if held else None)

    @property
    def kind(self) -> str:
        """"eligible", "not_eligible", "to_verify", or "activated" when the person already holds it."""
        return "activated" if self.held is not None else self.status.value

    @property
    def label(self) -> str:
        """The words of the state: the one place they are written."""
        if self.held is Held.RENEWABLE_FROM and self.day is not None:
            return f"Déjà activée, nouveau code dès le {format_date(self.day)}"
        if self.held is not None and self.day is not None:
            return f"Déjà activée le {format_date(self.day)}"
        return STATE_LABELS[self.status]


@dataclass(frozen=True)
class Confirmations:
    """What the adviser confirms or answers at check time; None means "not answered".

    ``rqth`` is health data: it lives in memory for the check and is never stored.
    """

    not_student: bool | None = None
    not_in_training: bool | None = None
    rqth: bool | None = None


@dataclass(frozen=True)
class PreviousActivation:
    activated_at: dt.datetime
    used_at: dt.datetime | None = None


class OfferRules(Protocol):
    """What the engine reads of an offer: ``OfferRecord`` and ``OfferTerms`` both fit."""

    @property
    def published(self) -> bool: ...
    @property
    def valid_from(self) -> dt.date | None: ...
    @property
    def valid_to(self) -> dt.date | None: ...
    @property
    def age_min(self) -> int | None: ...
    @property
    def age_max(self) -> int | None: ...
    @property
    def territory(self) -> Territory: ...
    @property
    def renewable(self) -> bool: ...


@dataclass(frozen=True, slots=True)  # tens of thousands held for a national catalogue
class OfferTerms:
    """Only the eligibility terms of an offer: cheap to load for a whole national catalogue."""

    published: bool = True
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    age_min: int | None = None
    age_max: int | None = None
    territory: Territory = field(default_factory=Territory)
    renewable: bool = False

    @classmethod
    def of(cls, offer: OfferRecord) -> OfferTerms:
        return cls(published=offer.published, valid_from=offer.valid_from, valid_to=offer.valid_to,
                   age_min=offer.age_min, age_max=offer.age_max, territory=offer.territory,
                   renewable=offer.renewable)


@dataclass(frozen=True)
class OfferHistory:
    """What is known of this person's earlier activations of one offer.

    ``known=False`` (the default) means no information: the rule is then not applied.
    """

    activations: tuple[PreviousActivation, ...] = ()
    known: bool = False


@dataclass(frozen=True)
class OfferContext:
    history: OfferHistory = field(default_factory=OfferHistory)
    codes_left: int | None = None  # None: unknown or the offer needs no code


# -- programme ------------------------------------------------------------------------------
def check_programme(person: YoungPerson, on: dt.date, confirmations: Confirmations) -> EligibilityResult:
    """May this person have the Pass on ``on`` (CEJ in progress, age, status)?"""
    reasons = [*_cej_reasons(person, on), *_age_reasons(person, on, confirmations.rqth)]
    reasons += _confirmation_reasons(confirmations)
    return EligibilityResult.from_reasons(reasons)


def _cej_reasons(person: YoungPerson, on: dt.date) -> list[Reason]:
    """CEJ in progress on ``on``: started, not ended, and within its legal length (R5131-16)."""
    if person.programme != "CEJ":
        label = PROGRAMMES.get(person.programme, person.programme)
        return [_no(f"Programme « {label} » : le Pass est réservé aux jeunes en Contrat d'Engagement Jeune.",
                    advice="Si le jeune a signé un CEJ, corrigez le programme dans son dossier.")]
    start, planned, real = person.cej_start, person.cej_planned_end, person.cej_real_end
    if start is None:
        return [_verify("CEJ : date de début non renseignée dans le dossier.",
                        advice="Renseignez-la (Modifier…), puis vérifiez à nouveau.")]
    if start > on:
        return [_no(f"CEJ : commence le {format_date(start)}, pas encore en cours le {format_date(on)}.",
                    advice="Vérifiez la date d'entrée en CEJ du dossier, ou vérifiez à nouveau à partir de cette "
                           "date.")]
    if real is not None and real < on:
        return [_no(f"CEJ : terminé le {format_date(real)}.",
                    advice="Le Pass s'arrête avec le CEJ ; si le CEJ a été prolongé, corrigez la date de fin "
                           "réelle.")]
    limit = cej_limit(person)
    if limit is not None and limit < on:
        return [_no(f"CEJ : durée maximale de {_max_months(person)} mois atteinte le {format_date(limit)} "
                    f"(article R5131-16) ; le CEJ n'est plus en cours, quelle que soit la date de fin saisie.",
                    advice="Vérifiez la date d'entrée en CEJ et la prolongation (18 mois au plus) du dossier.")]
    if real is None and planned is not None and planned < on:
        return [_verify(f"CEJ : fin prévue le {format_date(planned)}, dépassée.",
                        advice="Mettez à jour le dossier (fin réelle ou prolongation), puis vérifiez à nouveau.")]
    end = real or planned
    if end is None:
        return [_verify("CEJ : date de fin prévue non renseignée dans le dossier.",
                        advice="Renseignez-la (Modifier…), puis vérifiez à nouveau.")]
    return [_ok(f"CEJ en cours jusqu'au {format_date(min(end, limit) if limit else end)}.")]


def cej_limit(person: YoungPerson) -> dt.date | None:
    """The last day a CEJ may last: 12 months after its start, 18 with an extension (R5131-16)."""
    if person.cej_start is None:
        return None
    return add_months(person.cej_start, _max_months(person))


def _max_months(person: YoungPerson) -> int:
    return MAX_MONTHS_EXTENDED if person.extended else MAX_MONTHS


def age_reference_day(person: YoungPerson, on: dt.date) -> dt.date:
    """The day the programme's age rule is judged: the CEJ start (L5131-6 is a condition of entry).

    Without a start date, the reference day stands in (the CEJ reason then asks for it).
    """
    return person.cej_start or on


def rqth_needed(person: YoungPerson, on: dt.date) -> bool:
    """True only when the age at entry is between 26 and 29 révolus: the RQTH answer then decides."""
    if person.birth_date is None:
        return False
    return CEJ_MAX_AGE < age_on(person.birth_date, age_reference_day(person, on)) <= CEJ_MAX_AGE_RQTH


def _age_reasons(person: YoungPerson, on: dt.date, rqth: bool | None) -> list[Reason]:
    if person.birth_date is None:
        return [_verify("Âge : date de naissance non renseignée.",
                        advice="Renseignez-la (Modifier…), puis vérifiez à nouveau.")]
    day = age_reference_day(person, on)
    age = age_on(person.birth_date, day)
    when = (f"{age} ans à l'entrée en CEJ le {format_date(day)}" if person.cej_start
            else f"{age} ans le {format_date(day)}")
    if age < CEJ_MIN_AGE:
        return [_no(f"Âge : {when}, en dessous de l'âge minimum de {CEJ_MIN_AGE} ans.", advice=_AGE_OUT)]
    if age <= CEJ_MAX_AGE:
        return [_ok(f"Âge : {when}, dans la limite de {CEJ_MAX_AGE} ans révolus.")]
    if age > CEJ_MAX_AGE_RQTH:
        return [_no(f"Âge : {when}, au-delà de la limite de {CEJ_MAX_AGE_RQTH} ans révolus (même avec une RQTH).",
                    advice=_AGE_OUT)]
    checked = f"Âge : {when} ; condition d'âge vérifiée par le conseiller."
    if rqth is None:
        return [_verify(f"Âge : {when}, au-delà de {CEJ_MAX_AGE} ans révolus ; éligible jusqu'à "
                        f"{CEJ_MAX_AGE_RQTH} ans révolus seulement avec une RQTH : question à poser au jeune.",
                        recorded=f"Âge : {when} ; condition d'âge à vérifier.",
                        advice="Posez-la lors de la vérification (la réponse n'est jamais enregistrée).")]
    if rqth:
        return [_ok(f"Âge : {when}, dans la limite de {CEJ_MAX_AGE_RQTH} ans révolus avec une RQTH.",
                    recorded=checked)]
    return [_no(f"Âge : {when}, au-delà de la limite de {CEJ_MAX_AGE} ans révolus.", recorded=checked,
                advice=f"Âge hors CEJ à l'entrée : une RQTH permet jusqu'à {CEJ_MAX_AGE_RQTH} ans ; vérifiez aussi "
                       "la date d'entrée en CEJ du dossier.")]


_AGE_OUT = "Âge hors CEJ à l'entrée : vérifiez la date de naissance et la date d'entrée en CEJ du dossier."
_STATUS_CHANGED = "Si sa situation a changé, vérifiez à nouveau l'éligibilité."


def _confirmation_reasons(confirmations: Confirmations) -> list[Reason]:
    reasons = []
    for answer, what, refusal in (
        (confirmations.not_student, "statut d'étudiant", "Étudiant : le CEJ n'est pas ouvert aux étudiants."),
        (confirmations.not_in_training, "formation en cours",
         "En formation : le CEJ n'est pas ouvert aux jeunes en formation."),
    ):
        if answer is None:
            reasons.append(_verify(f"Le conseiller n'a pas confirmé l'absence de {what}.",
                                   advice="Confirmez-la lors de la vérification."))
        elif not answer:
            reasons.append(_no(refusal, advice=_STATUS_CHANGED))
    return reasons


# -- offers ---------------------------------------------------------------------------------
def check_offer(
    person: YoungPerson, offer: OfferRules, on: dt.date, *, programme: EligibilityResult,
    context: OfferContext | None = None, now: dt.datetime | None = None,
) -> EligibilityResult:
    """May this person have this offer on ``on``? Programme reasons come first.

    ``now`` serves the 24-hour renewal rule; by default the start of ``on`` (the
    cautious choice: a renewal is never announced too early).
    """
    return _OfferChecker(person, on, programme, now).check(offer, context)


def check_offers(
    person: YoungPerson, offers: Mapping[K, OfferRules], on: dt.date, *, programme: EligibilityResult,
    contexts: Mapping[K, OfferContext] | None = None, now: dt.datetime | None = None,
) -> dict[K, EligibilityResult]:
    """``check_offer`` for a whole catalogue; offers sharing terms share the work.

    A catalogue loaded by shape (``store.offer_terms``) hands the same terms object to
    every offer of one rule shape: each shape is then judged once, and the offers
    without a context (no earlier activation, no codes counted) share its result. The
    memo is keyed by identity, which stays valid while ``offers`` holds the objects.
    """
    checker, contexts = _OfferChecker(person, on, programme, now), contexts or {}
    shared: dict[int, EligibilityResult] = {}
    results: dict[K, EligibilityResult] = {}
    for key, offer in offers.items():
        context = contexts.get(key)
        if context is not None:
            results[key] = checker.check(offer, context)
        elif (result := shared.get(id(offer))) is not None:
            results[key] = result
        else:
            results[key] = shared[id(offer)] = checker.check(offer, None)
    return results


class _OfferChecker:
    """One person, one day: memoises the reasons that depend only on an offer's terms.

    A national catalogue repeats the same validity dates, age bounds and territories
    across thousands of offers; each distinct value is judged once. Equal findings are
    interned (one tuple object each), so offers whose terms differ but whose findings
    are the same (two validity dates, both valid today) share one result.
    """

    def __init__(self, person: YoungPerson, on: dt.date, programme: EligibilityResult,
                 now: dt.datetime | None) -> None:
        self.person, self.on = person, on
        self.now = now or dt.datetime.combine(on, dt.time.min)
        self.programme = tuple(r for r in programme.reasons if r.status is not Status.ELIGIBLE)
        self._validity: dict[tuple[object, ...], tuple[Reason, ...]] = {}
        self._ages: dict[tuple[object, ...], tuple[Reason, ...]] = {}
        self._territories: dict[Territory, tuple[Reason, ...]] = {}
        self._findings: dict[tuple[Reason, ...], tuple[Reason, ...]] = {}
        self._results: dict[tuple[int, int, int], EligibilityResult] = {}

    def _intern(self, reasons: list[Reason]) -> tuple[Reason, ...]:
        found = tuple(reasons)
        return self._findings.setdefault(found, found)

    def check(self, offer: OfferRules, context: OfferContext | None) -> EligibilityResult:
        validity_key = (offer.published, offer.valid_from, offer.valid_to)
        if (validity := self._validity.get(validity_key)) is None:
            validity = self._validity[validity_key] = self._intern(_validity_reasons(offer, self.on))
        if (ages := self._ages.get((offer.age_min, offer.age_max))) is None:
            ages = self._ages[(offer.age_min, offer.age_max)] = self._intern(
                _offer_age_reasons(self.person, offer, self.on))
        if (territory := self._territories.get(offer.territory)) is None:
            territory = self._territories[offer.territory] = self._intern(_territory_reasons(self.person, offer))
        if context is None:  # the common case: the result depends on the three findings only
            key = (id(validity), id(ages), id(territory))
            if (result := self._results.get(key)) is None:
                found = (*self.programme, *validity, *ages, *territory)
                result = self._results[key] = EligibilityResult(_severest(found), found)
            return result
        reasons = [*self.programme, *validity, *ages, *territory]
        reasons += _renewal_reasons(offer, context.history, self.now)
        if context.codes_left is not None and context.codes_left <= 0:
            reasons.append(_no("Plus aucun code disponible pour cette offre.",
                           advice="Lancez une synchronisation (F9) pour renouveler les codes, ou proposez une autre "
                                  "offre."))
        return EligibilityResult.from_reasons(reasons)


def _validity_reasons(offer: OfferRules, on: dt.date) -> list[Reason]:
    if not offer.published:
        return [_no("Offre retirée du catalogue.", advice=_OTHER_OFFER)]
    state = validity_on(offer.valid_from, offer.valid_to, on)
    if state is Validity.NOT_YET and offer.valid_from is not None:
        return [_no(f"Offre valable à partir du {format_date(offer.valid_from)}.",
                    advice="Activez-la à partir de cette date, ou proposez une autre offre.")]
    if state is Validity.EXPIRED and offer.valid_to is not None:
        return [_no(f"Offre expirée le {format_date(offer.valid_to)}.",
                    advice="Lancez une synchronisation (F9) si le catalogue est ancien, ou proposez une autre offre.")]
    if offer.valid_to == on:
        return [_ok("Dernier jour de validité de l'offre.")]
    return []


def _offer_age_reasons(person: YoungPerson, offer: OfferRules, on: dt.date) -> list[Reason]:
    if person.birth_date is None or (offer.age_min is None and offer.age_max is None):
        return []
    age = age_on(person.birth_date, on)
    if offer.age_min is not None and age < offer.age_min:
        return [_no(f"Âge : {age} ans, l'offre est réservée aux {offer.age_min} ans et plus.", advice=_OTHER_OFFER)]
    if offer.age_max is not None and age > offer.age_max:
        return [_no(f"Âge : {age} ans, l'offre est limitée aux {offer.age_max} ans révolus.", advice=_OTHER_OFFER)]
    return []


def _territory_reasons(person: YoungPerson, offer: OfferRules) -> list[Reason]:
    territory = offer.territory
    if territory.scope == "national":
        return []
    try:
        home = departement_of_postal_code(person.postal_code)
    except PostalCodeError:
        return [_verify("Offre locale : code postal du jeune absent ou invalide.",
                        advice="Corrigez le code postal du dossier (Modifier…), puis vérifiez à nouveau.")]
    if home in territory.departements:
        return []
    if home in {commune_departement(c) for c in territory.communes}:
        return [_verify("Offre réservée à certaines communes du département.",
                        advice="Vérifiez avec le jeune sa commune de résidence avant de l'activer.")]
    return [_no(f"Offre réservée {places_phrase(territory.all_departements())} ; "
                f"le jeune réside dans {departement_phrase(home)}.",
                advice="Proposez une offre nationale ou de son département ; s'il a déménagé, corrigez son code "
                       "postal.")]


def _renewal_reasons(offer: OfferRules, history: OfferHistory, now: dt.datetime) -> list[Reason]:
    """One-time offers: a single activation. Renewable: previous code used, then 24 h.

    The 24 hours run from the later of the activation and the use of the previous
    code, the cautious reading of "a new code after the previous one is used and
    24 h have passed".
    """
    if not history.known or not history.activations:
        return []
    last = max(history.activations, key=lambda a: a.activated_at)
    activated = last.activated_at.date()
    if not offer.renewable:
        return [_no(f"Offre à usage unique, déjà activée le {format_date(activated)}.", held=Held.ACTIVATED,
                    day=activated, advice="Le jeune garde le code de cette activation (récapitulatif).")]
    if last.used_at is None:
        return [_no(f"Le code précédent (activé le {format_date(activated)}) n'a pas encore été utilisé.",
                    held=Held.CODE_UNUSED, day=activated,
                    advice="Un nouveau code est possible 24 h après l'utilisation du précédent.")]
    ready = renewal_time(max(last.activated_at, last.used_at))
    if now.astimezone() < ready:
        return [_no(f"Nouveau code possible à partir du {format_date(ready.date())} à {ready:%H:%M}.",
                    held=Held.RENEWABLE_FROM, day=ready.date(), advice="Activez-la à nouveau à partir de ce moment.")]
    return []


def renewal_time(last: dt.datetime) -> dt.datetime:
    """24 real hours after ``last``, as this computer's local time (aware).

    The arithmetic is done in UTC: across a clock change, 24 h after 10:00 is 09:00 or
    11:00 on the wall clock, never the 10:00 a naive addition would print. A naive
    ``last`` is read as local time.
    """
    return (last.astimezone(dt.UTC) + RENEWAL_DELAY).astimezone()


_OTHER_OFFER = "Proposez une autre offre du même besoin."


def _ok(text: str, *, recorded: str | None = None) -> Reason:
    return Reason(Status.ELIGIBLE, text, recorded)


def _no(text: str, *, advice: str, recorded: str | None = None, held: Held | None = None,
        day: dt.date | None = None) -> Reason:
    """A refusal always says what to do next."""
    return Reason(Status.NOT_ELIGIBLE, text, recorded, advice, held, day)


def _verify(text: str, *, advice: str, recorded: str | None = None) -> Reason:
    """A condition to verify always says how."""
    return Reason(Status.TO_VERIFY, text, recorded, advice)
