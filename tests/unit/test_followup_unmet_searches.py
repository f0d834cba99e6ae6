"""The anonymous key of a search that found nothing: the catalogue's words only."""

from __future__ import annotations

import pytest

from pej_desktop.domain.search_stats import candidate_words, name_words, unmet_search_key

NAMES = name_words(["dupont lea", "martin jean pierre", "rose camille"])
VOCABULARY = {"velo", "electrique", "coeur", "de", "cible", "permis", "moto", "near", "or", "abonnement", "rose",
              "mobilite", "sante", "lea", "martin"}


def key(typed: str) -> str | None:
    return unmet_search_key(typed, vocabulary=VOCABULARY, personal_words=NAMES)


@pytest.mark.parametrize(("typed", "expected"), [
    ("Vélo électrique !", "velo electrique"),
    ("  cœur   de   CIBLE ", "coeur de cible"),
    ("permis moto 125", "permis moto"),  # digits dropped
    ("vélo vélo", "velo"),
    ("x", None),  # too short to mean anything
    ("!!!", None),
    ("", None),
    ('"NEAR" OR * -', "near or"),  # operators are just words here
    ("vélo cargo", "velo"),  # "cargo" is not a word of the catalogue
    ("dentiste", None),
])
def test_searches_are_reduced_to_the_catalogues_words(typed: str, expected: str | None) -> None:
    assert key(typed) == expected


@pytest.mark.parametrize("typed", [
    "lea.dupont@example.org", "06 12 34 56 78", "0612345678", "dossier 1234567", "69001", "12/03/2004",
    "né le 3-4-2005", "2005-04-03", "Léa", "DUPONT", "aide pour jean", "Pierre", "Rose",
])
def test_nothing_that_could_point_at_a_person_is_counted(typed: str) -> None:
    assert key(typed) is None


def test_a_name_and_a_birth_date_typed_with_real_words_leave_only_the_words() -> None:
    typed = "vélo Léa Dupont née le 12/03/2004 lea.dupont@example.org 06 12 34 56 78 mobilité"
    assert key(typed) == "velo mobilite"
    assert "martin" not in (key("Martin santé") or "")  # a name on file, even if the catalogue uses the word


def test_addresses_dates_and_digits_go_before_the_vocabulary_is_asked() -> None:
    assert candidate_words("velo lea.dupont@example.org 12/03/2004 2004-03-12 b12 moto") == ["velo", "moto"]


def test_long_searches_are_cut_on_a_word() -> None:
    words = "abonnement velo electrique permis moto coeur cible " * 5
    cut = key(words)
    assert cut is not None and len(cut) <= 80 and "  " not in cut


def test_name_words_ignore_initials() -> None:
    assert name_words(["de la fontaine j"]) == frozenset({"de", "la", "fontaine"})
