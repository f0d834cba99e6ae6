"""Follow-up rules as pure functions: states, offers ending soon, new offers, last interview."""

from __future__ import annotations

import datetime as dt

from pej_desktop.domain.eligibility import Status
from pej_desktop.domain.followup import (
    ActivationLine,
    ActivationState,
    FollowupOffer,
    effective_state,
    expiring_soon,
    last_interview,
    new_offers_since,
    state_summary,
)
from pej_desktop.domain.needs import NeedEntry, NeedsChecklist

TODAY = dt.date(2026, 11, 28)
TRANSPORT = NeedsChecklist.of([NeedEntry("transport")])
S = ActivationState


def line(offer_id: str, state: ActivationState, valid_to: dt.date | None = None) -> ActivationLine:
    return ActivationLine(activation_id=f"a-{offer_id}", offer_id=offer_id, title=f"Offre {offer_id}",
                          activated_on=dt.date(2026, 11, 1), state=state, offer_valid_to=valid_to)


def transport_offer(offer_id: str, **kw) -> FollowupOffer:  # type: ignore[no-untyped-def]
    return FollowupOffer(key=int(offer_id[1:]), offer_id=offer_id, title=kw.pop("title", f"Offre {offer_id}"),
                         categories=("mobilite",), tags=("transport",), **kw)


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def test_an_active_code_of_an_ended_offer_is_expired() -> None:
    assert effective_state(line("o1", S.ACTIVE, day(-1)), TODAY) is S.EXPIRED
    assert effective_state(line("o1", S.ACTIVE, TODAY), TODAY) is S.ACTIVE
    assert effective_state(line("o1", S.USED, day(-1)), TODAY) is S.USED
    assert effective_state(line("o1", S.PENDING, day(-1)), TODAY) is S.PENDING  # the server will say


def test_state_summary_counts_in_a_fixed_order_with_plurals() -> None:
    lines = [line("o1", S.USED), line("o2", S.ACTIVE), line("o3", S.ACTIVE), line("o4", S.REJECTED),
             line("o5", S.ACTIVE, day(-3)), line("o6", S.PENDING)]
    assert state_summary(lines, TODAY) == ("6 activations : 1 en attente d'envoi, 2 codes non utilisés, "
                                           "1 code utilisé, 1 expirée, 1 refusée")
    assert state_summary([], TODAY) == "Aucune offre activée pour l'instant."
    assert state_summary([line("o1", S.CODE_TO_COME)], TODAY) == "1 activation : 1 code à venir"


def test_expiring_soon_lists_unused_codes_and_matching_offers_within_ten_days() -> None:
    activations = [
        line("o1", S.ACTIVE, day(3)),      # unused code, ends in 3 days: listed
        line("o2", S.USED, day(2)),        # used: nothing to remind
        line("o3", S.PENDING, day(10)),    # ends on the 10th day: listed
        line("o4", S.ACTIVE, day(11)),     # too far
        line("o5", S.REJECTED, day(1)),    # rejected: not held
    ]
    offers = [
        transport_offer("o6", valid_to=TODAY),                                 # matching, ends today
        transport_offer("o7", valid_to=day(5), status=Status.NOT_ELIGIBLE),    # not open to them
        FollowupOffer(key=8, offer_id="o8", title="Cinéma", categories=("sport-loisirs-culture",),
                      tags=("cinéma",), valid_to=day(2)),                      # not a ticked need
        transport_offer("o1", valid_to=day(3)),                                # already activated: once
        transport_offer("o2", valid_to=day(2)),                                # already used: not again
        transport_offer("o9", valid_to=day(-1)),                               # already ended
        transport_offer("o10"),                                                # no end date
    ]
    found = expiring_soon(activations, offers, TRANSPORT, today=TODAY)
    assert [(e.offer_id, e.activated) for e in found] == [("o6", False), ("o1", True), ("o3", True)]
    assert [e.when(TODAY) for e in found] == ["se termine aujourd'hui", "se termine dans 3 jours (01/12/2026)",
                                             "se termine dans 10 jours (08/12/2026)"]
    assert expiring_soon([], [transport_offer("o6", valid_to=day(1))], TRANSPORT, today=TODAY)[0].when(TODAY) \
        == "se termine demain"
    assert [e.offer_id for e in expiring_soon(activations, offers, TRANSPORT, today=TODAY, within_days=3)] \
        == ["o6", "o1"]


def test_no_needs_means_only_held_codes_are_reminded() -> None:
    found = expiring_soon([line("o1", S.ACTIVE, day(1))], [transport_offer("o6", valid_to=day(1))],
                          NeedsChecklist(), today=TODAY)
    assert [e.offer_id for e in found] == ["o1"]


def test_last_interview_is_the_latest_sign_of_one() -> None:
    assert last_interview(last_contact=None) is None
    assert last_interview(last_contact=day(-30), checks=[day(-10), day(-40)], needs_saved=day(-20)) == day(-10)
    assert last_interview(last_contact=day(-5), checks=[], needs_saved=None) == day(-5)


def test_new_offers_since_the_last_interview() -> None:
    since = day(-14)
    offers = [
        transport_offer("o1", first_seen=day(-3)),                               # arrived after: new
        transport_offer("o2", first_seen=day(-20)),                              # known before: not new
        transport_offer("o3", first_seen=day(-20), valid_from=day(-7)),          # started after: new
        transport_offer("o4", first_seen=day(-20), valid_from=day(2)),           # not started yet
        transport_offer("o5", first_seen=since),                                 # the same day: not new
        transport_offer("o6", first_seen=day(-1), status=Status.TO_VERIFY),      # not open to them
        transport_offer("o7", first_seen=day(-1)),                               # already activated
        transport_offer("o8", first_seen=day(-1), valid_to=day(-1)),             # already over
        FollowupOffer(key=9, offer_id="o9", title="Cinéma", categories=("sport-loisirs-culture",),
                      tags=("cinéma",), first_seen=day(-1)),                     # not a ticked need
        transport_offer("o10", first_seen=None),                                 # unknown arrival
    ]
    found = new_offers_since(offers, TRANSPORT, since=since, today=TODAY, activated=["o7"])
    assert [o.offer_id for o in found] == ["o1", "o3"]
    assert new_offers_since(offers, TRANSPORT, since=None, today=TODAY) == []
    assert new_offers_since(offers, NeedsChecklist(), since=since, today=TODAY) == []
