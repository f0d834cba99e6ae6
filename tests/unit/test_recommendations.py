"""Ranking of recommendations as a pure function, on cases computed by hand."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from pej_desktop.domain.eligibility import Status
from pej_desktop.domain.needs import NeedEntry, NeedsChecklist
from pej_desktop.domain.recommendations import (
    Candidate,
    about,
    covers,
    horizon_end,
    rank_offers,
    top_keys,
)
from pej_desktop.domain.records import Discount
from pej_desktop.domain.savings import AVERAGE_MONTH_DAYS

TODAY = dt.date(2026, 11, 28)
N = "\u202f"
TRAIN = Discount(type="percent", percent=30.0, reference_spend_cents=4500)  # 13,50 € a use
PASS = Discount(type="price", regular_price_cents=6800, pass_price_cents=2500)  # 43,00 € a use
LICENCE = Discount(type="fixed", amount_cents=15000)


ONCE = False  # a one-time offer: not renewable


def offer(key: int, title: str, discount: Discount, renewable: bool = True, *,
          categories: tuple[str, ...] = ("mobilite",), tags: tuple[str, ...] = ("transport",),
          status: Status = Status.ELIGIBLE, **kw) -> Candidate:  # type: ignore[no-untyped-def]
    return Candidate(key=key, offer_id=f"o{key}", title=title, categories=categories, tags=tags,
                     discount=discount, renewable=renewable, status=status, **kw)


def needs(**amounts: int | None) -> NeedsChecklist:
    return NeedsChecklist.of(NeedEntry(key, cents) for key, cents in amounts.items())


def test_a_percentage_is_capped_by_the_young_persons_own_amount() -> None:
    # 13,50 € a use, 2 uses a month agreed = 27 €; but 30 % of the 60 € they spend on transport is 18 €.
    [rec] = rank_offers([offer(1, "Train", TRAIN)], needs(transport=6000), reference=TODAY, cej_end=None,
                        uses_per_month=2)
    assert rec.monthly == 1800 and rec.capped
    assert rec.reason == f"couvre ton besoin transport, environ 18{N}€ par mois si tu l'utilises 2 fois par mois"


def test_uses_per_month_agreed_default_one() -> None:
    # 13,50 € a use: once a month by default, 4 times when agreed = 54 €.
    [rec] = rank_offers([offer(1, "Train", TRAIN)], needs(transport=None), reference=TODAY, cej_end=None)
    assert rec.monthly == 1350 and not rec.capped and rec.uses_per_month == 1
    assert rec.saving_text == f"environ 14{N}€ par mois si tu l'utilises 1 fois par mois"  # rough amount
    assert rec.with_uses(4).monthly == 5400
    assert rec.with_uses(4).value == rec.value * 4


def test_a_fixed_or_price_saving_is_capped_by_what_they_spend() -> None:
    [capped] = rank_offers([offer(1, "Abonnement", PASS)], needs(transport=3000), reference=TODAY, cej_end=None)
    [uncapped] = rank_offers([offer(1, "Abonnement", PASS)], needs(transport=9000), reference=TODAY, cej_end=None)
    assert (capped.monthly, uncapped.monthly) == (3000, 4300)


def test_an_amount_for_only_one_of_the_needs_it_answers_does_not_cap() -> None:
    both = offer(1, "Courses", Discount(type="percent", percent=20.0, reference_spend_cents=6000),
                 categories=("alimentation-hygiene",), tags=("courses", "hygiène"))
    [partial] = rank_offers([both], needs(food=10000, hygiene=None), reference=TODAY, cej_end=None,
                            uses_per_month=4)
    [full] = rank_offers([both], needs(food=10000, hygiene=2000), reference=TODAY, cej_end=None, uses_per_month=4)
    assert partial.monthly == 4800 and not partial.capped  # 20 % × 60 € × 4
    assert full.monthly == 2400 and full.capped  # 20 % × (100 € + 20 €)
    assert full.reason.startswith("couvre tes besoins alimentation et hygiène, environ 24")


def test_a_one_time_offer_saves_once_whatever_the_uses_agreed() -> None:
    [rec] = rank_offers([offer(1, "Permis", LICENCE, ONCE, tags=("permis",))], needs(licence=None),
                        reference=TODAY, cej_end=None, uses_per_month=4)
    assert rec.monthly is None and rec.once == 15000 and rec.value == 15000
    assert rec.with_uses(8) == rec
    assert rec.saving_text == f"environ 150{N}€ en une fois"


def test_only_eligible_offers_answering_a_ticked_need_are_listed() -> None:
    candidates = [
        offer(1, "Éligible", PASS),
        offer(2, "À vérifier", PASS, status=Status.TO_VERIFY),
        offer(3, "Non éligible", PASS, status=Status.NOT_ELIGIBLE),
        offer(4, "Cinéma", PASS, categories=("sport-loisirs-culture",), tags=("cinéma",)),
    ]
    assert [r.key for r in rank_offers(candidates, needs(transport=None), reference=TODAY, cej_end=None)] == [1]
    assert rank_offers(candidates, NeedsChecklist(), reference=TODAY, cej_end=None) == []


def test_one_time_and_recurring_offers_compete_over_the_rest_of_the_cej() -> None:
    candidates = [offer(1, "Abonnement", PASS),
                  offer(2, "Permis", LICENCE, ONCE, tags=("permis",))]
    chosen = needs(transport=None, licence=None)
    # 91 days left: 43 € × 91 / 30,4375 ≈ 128,56 € < 150 € once.
    short = rank_offers(candidates, chosen, reference=TODAY, cej_end=dt.date(2027, 2, 26))
    assert [r.key for r in short] == [2, 1]
    assert short[1].value == Fraction(4300) * 91 / AVERAGE_MONTH_DAYS
    assert short[0].reason == f"couvre ton besoin permis de conduire, environ 150{N}€ en une fois"
    # 182 days left: 43 € × 182 / 30,4375 ≈ 257,13 € > 150 €.
    long = rank_offers(candidates, chosen, reference=TODAY, cej_end=dt.date(2027, 5, 28))
    assert [r.key for r in long] == [1, 2]


def test_without_a_cej_end_the_horizon_is_six_months() -> None:
    assert horizon_end(TODAY, None) == TODAY + dt.timedelta(days=182)  # 183 days, today included
    assert horizon_end(TODAY, dt.date(2026, 11, 1)) == TODAY + dt.timedelta(days=182)  # ended: default
    [rec] = rank_offers([offer(1, "Abonnement", PASS)], needs(transport=None), reference=TODAY, cej_end=None)
    assert rec.value == Fraction(4300) * 183 / AVERAGE_MONTH_DAYS


def test_an_offer_is_counted_only_while_it_is_valid() -> None:
    ending = offer(1, "Bientôt fini", PASS, valid_to=TODAY + dt.timedelta(days=9))  # 10 days left
    later = offer(2, "Plus tard", LICENCE, ONCE, tags=("permis",),
                  valid_from=dt.date(2027, 12, 1))
    ranked = rank_offers([ending, later], needs(transport=None, licence=None), reference=TODAY,
                         cej_end=dt.date(2027, 6, 30))
    assert ranked[0].key == 1 and ranked[0].value == Fraction(4300) * 10 / AVERAGE_MONTH_DAYS
    assert ranked[1].key == 2 and ranked[1].value == 0 and not ranked[1].top


def test_top_offers_are_the_best_one_for_each_need() -> None:
    candidates = [
        offer(1, "Abonnement", PASS),
        offer(2, "Carnet", Discount(type="fixed", amount_cents=2000)),
        offer(3, "Permis", LICENCE, ONCE, tags=("permis",)),
        offer(4, "Cinéma", Discount(type="fixed", amount_cents=500), categories=("sport-loisirs-culture",),
              tags=("cinéma",)),
    ]
    ranked = rank_offers(candidates, needs(transport=None, licence=None, sport_culture=None), reference=TODAY,
                         cej_end=None)
    # 43 € and 20 € a month over 183 days (≈ 258,53 € and 120,25 €), 150 € once, 5 € a month.
    assert [r.key for r in ranked] == [1, 3, 2, 4]
    assert top_keys(ranked) == [1, 3, 4]  # the second transport offer is not a top one
    capped = rank_offers(candidates, needs(transport=None, licence=None, sport_culture=None), reference=TODAY,
                         cej_end=None, max_top=2)
    assert top_keys(capped) == [1, 3]


def test_ties_are_broken_by_title_then_key() -> None:
    same = [offer(9, "b", PASS), offer(7, "A", PASS), offer(8, "a", PASS), offer(6, "É", PASS)]
    ranked = rank_offers(same, needs(transport=None), reference=TODAY, cej_end=None)
    assert [r.key for r in ranked] == [7, 8, 9, 6]


def test_rough_amounts_and_sentences() -> None:
    assert about(1800) == f"18{N}€" and about(1850) == f"19{N}€" and about(335) == f"3,35{N}€"
    assert covers(("food",)) == "couvre ton besoin alimentation"
    assert covers(("food", "hygiene", "health")) == "couvre tes besoins alimentation, hygiène et santé"
