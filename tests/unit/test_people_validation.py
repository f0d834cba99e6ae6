"""Validation of the young person's file and of the adviser profile."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from pej_desktop.domain.people import (
    REF_FRANCE_TRAVAIL,
    REF_IMILO,
    Adviser,
    YoungPerson,
    add_months,
    age_on,
    validate_adviser,
    validate_young_person,
)

D = dt.date
TODAY = D(2026, 11, 28)
VALID = YoungPerson(first_name="Léa", last_name="N'Diaye-Martin", birth_date=D(2005, 3, 14), postal_code="69003",
                    external_ref_kind=REF_IMILO, external_ref="1234567", cej_start=D(2026, 9, 1),
                    cej_planned_end=D(2027, 8, 31), last_contact=D(2026, 11, 20))


def errors_of(**changes: object) -> dict[str, str]:
    return validate_young_person(replace(VALID, **changes).normalised(), TODAY)  # type: ignore[arg-type]


def test_valid_file_has_no_error() -> None:
    assert errors_of() == {}


CASES = [
    ({"birth_date": D(2026, 11, 29)}, "birth_date", "dans le futur"),
    ({"birth_date": D(2011, 11, 29)}, "birth_date", "14 ans"),
    ({"birth_date": None}, "birth_date", "obligatoire"),
    ({"birth_date": D(1850, 1, 1)}, "birth_date", "l'année"),
    ({"first_name": "  "}, "first_name", "obligatoire"),
    ({"last_name": "Martin3"}, "last_name", "lettres"),
    ({"last_name": "x" * 81}, "last_name", "trop long"),
    ({"postal_code": "6900"}, "postal_code", "5 chiffres"),
    ({"postal_code": ""}, "postal_code", "obligatoire"),
    ({"postal_code": "98000"}, "postal_code", "hors des départements"),
    ({"cej_planned_end": D(2026, 8, 31)}, "cej_planned_end", "précéder le début"),
    ({"cej_planned_end": D(2027, 9, 2)}, "cej_planned_end", "cochez « Prolongation »"),
    ({"cej_planned_end": D(2027, 9, 2), "extended": True, "extension_reason": "Reprise de formation différée"},
     None, None),
    ({"cej_planned_end": D(2028, 3, 2), "extended": True, "extension_reason": "Motif"}, "cej_planned_end",
     "18 mois"),
    ({"extended": True, "extension_reason": " "}, "extension_reason", "R5131-16"),
    ({"cej_real_end": D(2026, 8, 1)}, "cej_real_end", "précéder"),
    ({"cej_start": None}, "cej_start", "début du CEJ"),
    ({"external_ref": "12A4567"}, "external_ref", "que des chiffres"),
    ({"external_ref": "1234"}, "external_ref", "5 à 10 chiffres"),
    ({"external_ref_kind": REF_FRANCE_TRAVAIL, "external_ref": "1234567"}, "external_ref", "1234567A"),
    ({"external_ref_kind": REF_FRANCE_TRAVAIL, "external_ref": "1234567a"}, None, None),  # upper-cased
    ({"external_ref": "12 34 567"}, None, None),  # spaces dropped
    ({"external_ref_kind": None}, "external_ref", "Précisez"),
    ({"external_ref": "", "external_ref_kind": None}, None, None),
    ({"last_contact": D(2026, 11, 29)}, "last_contact", "futur"),
    ({"programme": "XYZ"}, "programme", "Choisissez"),
    ({"programme": "PACEA", "cej_start": None, "cej_planned_end": None}, None, None),
]


@pytest.mark.parametrize(("changes", "field", "words"), CASES)
def test_each_rule_names_its_field(changes: dict, field: str | None, words: str | None) -> None:
    errors = errors_of(**changes)
    if field is None:
        assert errors == {}
    else:
        assert list(errors) == [field], errors
        assert words in errors[field]


def test_exactly_twelve_months_is_allowed() -> None:
    assert errors_of(cej_start=D(2026, 1, 31), cej_planned_end=D(2027, 1, 31)) == {}
    assert "cej_planned_end" in errors_of(cej_start=D(2026, 1, 31), cej_planned_end=D(2027, 2, 1))


def test_age_and_months_helpers() -> None:
    assert age_on(D(2000, 2, 29), D(2025, 2, 28)) == 24
    assert age_on(D(2000, 2, 29), D(2025, 3, 1)) == 25
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 11, 30), 18) == D(2028, 5, 30)


ADVISER = Adviser(first_name="Camille", last_name="Durand", structure="MISSION_LOCALE",
                  agency_name="Mission Locale de Lyon", agency_code="69001")


@pytest.mark.parametrize(("changes", "field"), [
    ({}, None),
    ({"agency_code": "2A004"}, None),
    ({"agency_code": "974"}, None),
    ({"agency_code": "00123"}, "agency_code"),
    ({"agency_code": ""}, "agency_code"),
    ({"structure": "CAF"}, "structure"),
    ({"agency_name": ""}, "agency_name"),
    ({"first_name": ""}, "first_name"),
])
def test_adviser_rules(changes: dict, field: str | None) -> None:
    errors = validate_adviser(replace(ADVISER, **changes).normalised())
    assert list(errors) == ([field] if field else [])
