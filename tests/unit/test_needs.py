"""Needs checklist: amounts typed by the adviser, and which offers answer which need."""

from __future__ import annotations

import pytest

from pej_desktop.domain.needs import (
    NEEDS,
    AmountError,
    NeedEntry,
    NeedsChecklist,
    needs_of_offer,
    parse_monthly_amount,
)
from pej_desktop.store.demo import read_demo_catalogue


@pytest.mark.parametrize(("typed", "cents"), [
    ("60", 6000), ("60 €", 6000), ("60€", 6000), ("12,50", 1250), ("12.5", 1250), ("12,50 €/mois", 1250),
    ("60 € par mois", 6000), ("1 200", 120000), ("1200 euros", 120000), ("  ", None), ("", None),
])
def test_amounts_as_advisers_type_them(typed: str, cents: int | None) -> None:
    assert parse_monthly_amount(typed) == cents


@pytest.mark.parametrize(("typed", "message"), [
    ("soixante", "Montant illisible"), ("-5", "Montant illisible"), ("0", "supérieur à 0"),
    ("12,505", "Montant illisible"), ("6000", "trop élevé"), ("1e3", "Montant illisible"),
    ("=1+1", "Montant illisible"),
])
def test_unreadable_or_absurd_amounts_are_explained(typed: str, message: str) -> None:
    with pytest.raises(AmountError, match=message):
        parse_monthly_amount(typed)


def test_checklist_keeps_known_needs_once_in_checklist_order() -> None:
    checklist = NeedsChecklist.of([NeedEntry("transport", 6000), NeedEntry("unknown"), NeedEntry("food"),
                                   NeedEntry("transport", 7000)])
    assert [e.key for e in checklist.entries] == ["food", "transport"]
    assert checklist.amount("transport") == 7000 and checklist.amount("food") is None
    assert checklist.describe() == "alimentation ; transport : 70\u202f€ par mois"
    assert not NeedsChecklist() and checklist


def test_the_checklist_covers_the_issue_needs() -> None:
    assert [n.key for n in NEEDS] == ["food", "hygiene", "transport", "licence", "housing", "health", "phone",
                                     "equipment", "sport_culture"]


@pytest.mark.parametrize(("categories", "tags", "needs"), [
    # Tags name the need; the category's default need is not added when a need of it matched.
    (("mobilite",), ("permis", "conduite"), ("licence",)),
    (("mobilite",), ("assurance", "voiture", "jeune conducteur"), ("transport",)),
    (("mobilite",), ("train", "carte", "réduction"), ("transport",)),
    (("alimentation-hygiene",), ("courses", "hygiène"), ("food", "hygiene")),
    (("alimentation-hygiene", "sante"), ("hygiène", "kit"), ("hygiene",)),
    (("logement", "equipement"), ("internet", "box"), ("phone",)),
    (("equipement",), ("Smartphone", "reconditionné"), ("phone", "equipment")),
    # Word by word: "car" (a coach) is not "carte".
    (("sport-loisirs-culture",), ("carte cadeau", "cinéma"), ("sport_culture",)),
    (("equipement",), ("carte cadeau",), ("equipment",)),
    # No tag at all: the categories' default needs.
    (("sport-loisirs-culture", "equipement"), (), ("equipment", "sport_culture")),
    (("unknown-category",), ("nothing",), ()),
    # Folding: accents, case and ligatures do not matter.
    (("sante",), ("SANTÉ MENTALE",), ("health",)),
    (("logement",), ("Hébergement d'urgence",), ("housing",)),
])
def test_needs_of_an_offer(categories: tuple[str, ...], tags: tuple[str, ...], needs: tuple[str, ...]) -> None:
    assert needs_of_offer(categories, tags) == needs


def test_every_demo_offer_answers_at_least_one_need() -> None:
    for offer in read_demo_catalogue().offers:
        assert needs_of_offer(offer.categories, offer.tags), offer.id
