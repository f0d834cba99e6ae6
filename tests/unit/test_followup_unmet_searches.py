"""The anonymous key of a search that found nothing, and what is never counted."""

from __future__ import annotations

import pytest

from pej_desktop.domain.search_stats import name_words, unmet_search_key

NAMES = name_words(["dupont lea", "martin jean pierre"])


@pytest.mark.parametrize(("typed", "key"), [
    ("Vélo électrique !", "velo electrique"),
    ("  cœur   de   CIBLE ", "coeur de cible"),
    ("permis moto 125", "permis moto 125"),
    ("x", None),  # too short to mean anything
    ("!!!", None),
    ("", None),
    ('"NEAR" OR * -', "near or"),  # operators are just words here
])
def test_folded_words(typed: str, key: str | None) -> None:
    assert unmet_search_key(typed, personal_words=NAMES) == key


@pytest.mark.parametrize("typed", [
    "lea.dupont@example.org", "06 12 34 56 78", "0612345678", "dossier 1234567", "69001", "12/03/2004",
    "né le 3-4-2005", "2005-04-03", "Léa", "DUPONT", "aide pour jean", "Pierre",
])
def test_nothing_that_could_point_at_a_person_is_counted(typed: str) -> None:
    assert unmet_search_key(typed, personal_words=NAMES) is None


def test_long_searches_are_cut_on_a_word() -> None:
    key = unmet_search_key("abonnement " * 20)
    assert key is not None and len(key) <= 80 and key.endswith("abonnement") and "  " not in key


def test_name_words_ignore_initials() -> None:
    assert name_words(["de la fontaine j"]) == frozenset({"de", "la", "fontaine"})
