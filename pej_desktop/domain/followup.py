"""Follow-up rules for the next interview: activation states, offers ending soon, new offers.

Rules (documented for advisers in docs/companion.md):

- Activation states, as known after the last sync: waiting to be sent, code to come,
  active (code not used yet), code used, expired, rejected. An active activation whose
  offer ended before today counts as expired.
- Offers ending soon: the young person's active activations (code not used yet) and the
  offers that match their needs, whose validity ends within ``EXPIRING_WITHIN_DAYS``
  days (today included).
- New offers since the last interview: open to the young person, answering a ticked
  need, not already activated, and either first seen on this computer after the last
  interview or valid only since then. The last interview is the latest of the file's
  last contact, the last eligibility check and the last time the needs were saved.

Pure functions of plain data: no Qt, no SQL.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from pej_desktop.domain.eligibility import Status
from pej_desktop.domain.needs import MATCHER, NeedMatcher, NeedsChecklist
from pej_desktop.domain.text import fold
from pej_desktop.domain.validity import Validity, validity_on
from sync.protocol import FEEDBACK_KINDS as FEEDBACK_KINDS  # the wire's kinds, with their French labels

EXPIRING_WITHIN_DAYS = 10


class ActivationState(str, Enum):
    PENDING = "pending"  # recorded here, not acknowledged by the national API yet
    CODE_TO_COME = "code_to_come"  # activated offline with no code in reserve
    ACTIVE = "active"  # acknowledged, code not used yet
    USED = "used"
    EXPIRED = "expired"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @property
    def open(self) -> bool:
        """Still to be used by the young person."""
        return self in (ActivationState.PENDING, ActivationState.CODE_TO_COME, ActivationState.ACTIVE)


_STATE_LABELS = {
    ActivationState.PENDING: "En attente d'envoi",
    ActivationState.CODE_TO_COME: "Code à venir",
    ActivationState.ACTIVE: "Code non utilisé",
    ActivationState.USED: "Code utilisé",
    ActivationState.EXPIRED: "Expirée",
    ActivationState.REJECTED: "Refusée",
}
_COUNTED = {  # singular, plural: "2 codes non utilisés"
    ActivationState.PENDING: ("en attente d'envoi", "en attente d'envoi"),
    ActivationState.CODE_TO_COME: ("code à venir", "codes à venir"),
    ActivationState.ACTIVE: ("code non utilisé", "codes non utilisés"),
    ActivationState.USED: ("code utilisé", "codes utilisés"),
    ActivationState.EXPIRED: ("expirée", "expirées"),
    ActivationState.REJECTED: ("refusée", "refusées"),
}


@dataclass(frozen=True)
class ActivationLine:
    """One activation of the young person, with what the national side said of it."""

    activation_id: str
    offer_id: str
    title: str
    activated_on: dt.date
    state: ActivationState
    offer_valid_to: dt.date | None = None
    detail: str = ""  # the national API's reason for a rejection, or the code's use date


def effective_state(line: ActivationLine, today: dt.date) -> ActivationState:
    """An active code of an offer that has ended is expired, even before the next sync says so."""
    if line.state is ActivationState.ACTIVE and line.offer_valid_to is not None and line.offer_valid_to < today:
        return ActivationState.EXPIRED
    return line.state


def state_summary(lines: Iterable[ActivationLine], today: dt.date) -> str:
    """"3 activations : 1 code utilisé, 2 codes non utilisés" (states in a fixed order)."""
    counts = Counter(effective_state(line, today) for line in lines)
    total = sum(counts.values())
    if total == 0:
        return "Aucune offre activée pour l'instant."
    parts = [f"{counts[s]} {_COUNTED[s][counts[s] > 1]}" for s in ActivationState if counts[s]]
    return f"{total} activation{'s' if total > 1 else ''} : " + ", ".join(parts)


# -- offers ending soon -----------------------------------------------------------------------
@dataclass(frozen=True)
class FollowupOffer:
    """An offer as the follow-up rules read it."""

    key: int
    offer_id: str
    title: str
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    status: Status = Status.ELIGIBLE
    first_seen: dt.date | None = None  # on this computer; None: unknown


@dataclass(frozen=True)
class Expiring:
    offer_id: str
    title: str
    valid_to: dt.date
    activated: bool  # True: the young person holds an unused code; False: it matches their needs

    def when(self, today: dt.date) -> str:
        days = (self.valid_to - today).days
        if days == 0:
            return "se termine aujourd'hui"
        if days == 1:
            return "se termine demain"
        return f"se termine dans {days} jours ({self.valid_to:%d/%m/%Y})"


def expiring_soon(activations: Sequence[ActivationLine], offers: Iterable[FollowupOffer], needs: NeedsChecklist,
                  *, today: dt.date, within_days: int = EXPIRING_WITHIN_DAYS,
                  matcher: NeedMatcher = MATCHER) -> list[Expiring]:
    """Unused codes and matching offers whose offer ends within ``within_days`` days, soonest first."""
    last = today + dt.timedelta(days=within_days)
    found: dict[str, Expiring] = {}
    for line in activations:
        end = line.offer_valid_to
        if end is not None and today <= end <= last and effective_state(line, today).open:
            found[line.offer_id] = Expiring(line.offer_id, line.title, end, activated=True)
    held = {line.offer_id for line in activations}
    for offer in offers:
        end = offer.valid_to
        if (end is None or not today <= end <= last or offer.offer_id in held or offer.offer_id in found
                or not _answers(offer, needs, matcher)):
            continue
        found[offer.offer_id] = Expiring(offer.offer_id, offer.title, end, activated=False)
    return sorted(found.values(), key=lambda e: (e.valid_to, not e.activated, fold(e.title), e.offer_id))


def _answers(offer: FollowupOffer, needs: NeedsChecklist, matcher: NeedMatcher) -> bool:
    if offer.status is not Status.ELIGIBLE or not needs:
        return False
    return any(k in needs.keys for k in matcher.needs_of(offer.categories, offer.tags))


# -- new offers since the last interview ----------------------------------------------------------
def last_interview(*, last_contact: dt.date | None, checks: Iterable[dt.date] = (),
                   needs_saved: dt.date | None = None) -> dt.date | None:
    """The latest sign of an interview; None for a file never seen in an interview."""
    days = [d for d in (last_contact, needs_saved, *checks) if d is not None]
    return max(days) if days else None


def new_offers_since(offers: Iterable[FollowupOffer], needs: NeedsChecklist, *, since: dt.date | None,
                     today: dt.date, activated: Iterable[str] = (),
                     matcher: NeedMatcher = MATCHER) -> list[FollowupOffer]:
    """Offers that appeared (here, or by their start date) after ``since`` and answer a need."""
    if since is None:
        return []
    held = set(activated)
    found = [o for o in offers
             if o.offer_id not in held and _answers(o, needs, matcher) and _new(o, since, today)]
    return sorted(found, key=lambda o: (fold(o.title), o.offer_id))


def _new(offer: FollowupOffer, since: dt.date, today: dt.date) -> bool:
    if validity_on(offer.valid_from, offer.valid_to, today) is Validity.EXPIRED:
        return False
    seen_after = offer.first_seen is not None and offer.first_seen > since
    started_after = offer.valid_from is not None and since < offer.valid_from <= today
    return seen_after or started_after
