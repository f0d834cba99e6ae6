"""The words and orders of the lists an adviser reads in an interview."""

from __future__ import annotations

import pytest

from pej_desktop.ops import people as ops
from pej_desktop.ops.activations import activation_choices
from pej_desktop.views.filtering import folded, matches, typed_words
from tests.support.activation_setup import prepare_person


@pytest.fixture
def people(paths, catalogue):  # type: ignore[no-untyped-def]
    store = ops.open_personal_store(paths).store
    yield store
    store.close()


def test_offers_to_activate_sort_numbers_as_numbers(people, catalogue) -> None:
    person = prepare_person(people, catalogue)
    open_ids = [c.offer_id for c in activation_choices(people, catalogue, person.id).offers if c.status == "eligible"]
    first, second = open_ids[:2]
    with catalogue.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE offers SET title = '10 € de réduction' WHERE id = ?", (first,))
        conn.exec_driver_sql("UPDATE offers SET title = '3 € offerts' WHERE id = ?", (second,))
    titles = [c.title for c in activation_choices(people, catalogue, person.id).offers if c.status == "eligible"]
    assert titles.index("3 € offerts") < titles.index("10 € de réduction")


def test_one_filter_rule_accents_case_and_word_order_ignored() -> None:
    row = folded("Épicerie solidaire — Cœur de ville")
    assert matches(typed_words("epicerie"), row) and matches(typed_words("COEUR solidaire"), row)
    assert matches(typed_words(""), row)
    assert not matches(typed_words("boulangerie"), row)
