"""The eligibility engine on its edge cases, as tables of plain data."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from pej_desktop.domain.eligibility import (
    RULES_VERSION,
    Confirmations,
    EligibilityResult,
    OfferContext,
    OfferHistory,
    PreviousActivation,
    Status,
    check_offer,
    check_offers,
    check_programme,
    rqth_needed,
)
from pej_desktop.domain.people import YoungPerson
from pej_desktop.domain.records import Discount, OfferRecord, Territory

D = dt.date
CONFIRMED = Confirmations(not_student=True, not_in_training=True)
DAY = D(2026, 11, 28)


def person(**changes: object) -> YoungPerson:
    base = YoungPerson(first_name="Léa", last_name="Martin", birth_date=D(2004, 5, 10), postal_code="69003",
                       cej_start=D(2026, 6, 1), cej_planned_end=D(2027, 5, 31))
    return replace(base, **changes)  # type: ignore[arg-type]


def offer(**changes: object) -> OfferRecord:
    base = OfferRecord(id="o1", kind="code", title="Offre", partner_id="p1",
                       discount=Discount(type="fixed", amount_cents=500))
    return replace(base, **changes)  # type: ignore[arg-type]


def local(*departements: str, communes: tuple[str, ...] = ()) -> Territory:
    return Territory(scope="local", departements=departements, communes=communes)


# -- programme: age ------------------------------------------------------------------------
# Source: Code du travail L5131-6 and ../shared/DOMAIN.md "People and eligibility": 16 to 25
# révolus, up to 29 révolus with an RQTH, judged on the CEJ start date (a condition of entry).
AGE_CASES = [
    # (birth date, CEJ start, rqth, expected status, words in the reason)
    (D(2001, 2, 3), D(2027, 2, 2), None, Status.ELIGIBLE, "25 ans à l'entrée en CEJ le 02/02/2027"),  # day before 26
    (D(2001, 2, 3), D(2027, 2, 3), False, Status.NOT_ELIGIBLE,
     "Âge : 26 ans à l'entrée en CEJ le 03/02/2027, au-delà de la limite de 25 ans révolus"),  # 26th birthday
    (D(2001, 2, 3), D(2027, 2, 3), None, Status.TO_VERIFY, "RQTH"),  # 26 at entry, RQTH not asked
    (D(2001, 2, 3), D(2027, 2, 3), True, Status.ELIGIBLE, "29 ans révolus avec une RQTH"),
    (D(1997, 2, 3), D(2027, 2, 2), True, Status.ELIGIBLE, "29 ans à l'entrée en CEJ le 02/02/2027"),  # last day
    (D(1997, 2, 3), D(2027, 2, 3), True, Status.NOT_ELIGIBLE, "30 ans"),  # 30th birthday, even with RQTH
    (D(2000, 2, 29), D(2026, 2, 28), False, Status.ELIGIBLE, "25 ans"),  # born 29 Feb, common year
    (D(2000, 2, 29), D(2026, 3, 1), False, Status.NOT_ELIGIBLE, "26 ans à l'entrée en CEJ le 01/03/2026"),
    (D(2000, 2, 29), D(2028, 2, 29), True, Status.ELIGIBLE, "28 ans"),  # leap year: birthday itself
    (D(2010, 11, 29), D(2026, 11, 28), None, Status.NOT_ELIGIBLE, "15 ans"),  # day before 16th birthday
    (D(2010, 11, 28), D(2026, 11, 28), None, Status.ELIGIBLE, "16 ans"),  # 16th birthday
]


@pytest.mark.parametrize(("birth", "start", "rqth", "expected", "words"), AGE_CASES)
def test_age_rule_is_judged_on_the_cej_start(birth: D, start: D, rqth: bool | None, expected: Status,
                                             words: str) -> None:
    file = person(birth_date=birth, cej_start=start, cej_planned_end=start + dt.timedelta(days=200))
    result = check_programme(file, start + dt.timedelta(days=100), replace(CONFIRMED, rqth=rqth))
    assert result.status is expected
    assert any(words in r.text for r in result.reasons)


# Source: DOMAIN.md "a young person who signed at 25 and turns 26 during the contract is
# still in CEJ, still paid, and keeps the pass until the CEJ ends".
@pytest.mark.parametrize(("birth", "rqth", "limit"), [
    (D(2001, 2, 3), None, 25),  # signed at 25, 26th birthday on 03/02/2027 during the CEJ
    (D(1997, 2, 3), True, 29),  # signed at 29 with an RQTH, 30th birthday during the CEJ
])
def test_birthday_during_the_cej_keeps_the_pass(birth: D, rqth: bool | None, limit: int) -> None:
    file = person(birth_date=birth, cej_start=D(2026, 9, 1), cej_planned_end=D(2027, 8, 31))
    for day in (D(2027, 2, 2), D(2027, 2, 3), D(2027, 8, 31)):
        result = check_programme(file, day, replace(CONFIRMED, rqth=rqth))
        assert result.status is Status.ELIGIBLE, (day, result.summary())
    assert check_programme(file, D(2027, 9, 1), replace(CONFIRMED, rqth=rqth)).status is not Status.ELIGIBLE
    assert f"dans la limite de {limit} ans révolus" in check_programme(file, D(2027, 2, 3), replace(
        CONFIRMED, rqth=rqth)).summary()


def test_offer_age_bounds_are_judged_on_the_activation_day() -> None:
    """Source: DOMAIN.md "Offer-level rules: age bounds (e.g. 18+ for an insurance) judged on the day of activation"."""
    file = person(birth_date=D(2008, 12, 1), cej_start=D(2026, 9, 1), cej_planned_end=D(2027, 8, 31))
    programme = check_programme(file, DAY, CONFIRMED)
    insurance = offer(age_min=18)
    assert check_offer(file, insurance, D(2026, 11, 30), programme=programme).status is Status.NOT_ELIGIBLE
    assert check_offer(file, insurance, D(2026, 12, 1), programme=programme).status is Status.ELIGIBLE


@pytest.mark.parametrize(("birth", "start", "asked"), [
    (D(2001, 2, 3), D(2027, 2, 2), False),  # 25 at entry: the age rule is met, no question
    (D(2001, 2, 3), D(2027, 2, 3), True),  # 26 at entry
    (D(1997, 2, 3), D(2027, 2, 2), True),  # 29 at entry
    (D(1997, 2, 3), D(2027, 2, 3), False),  # 30 at entry: no answer can help
])
def test_rqth_is_asked_only_when_the_age_at_entry_needs_it(birth: D, start: D, asked: bool) -> None:
    """Source: DOMAIN.md "ask it only when the age at entry needs it"."""
    file = person(birth_date=birth, cej_start=start, cej_planned_end=start + dt.timedelta(days=300))
    assert rqth_needed(file, start + dt.timedelta(days=200)) is asked


def test_rqth_answer_never_reaches_the_recorded_reasons() -> None:
    """Source: DOMAIN.md « condition d'âge vérifiée par le conseiller », whatever the answer."""
    file = person(birth_date=D(1999, 1, 1))
    with_rqth = check_programme(file, DAY, replace(CONFIRMED, rqth=True))
    refused = check_programme(file, DAY, replace(CONFIRMED, rqth=False))
    without = check_programme(file, DAY, replace(CONFIRMED, rqth=None))
    assert with_rqth.status is Status.ELIGIBLE and refused.status is Status.NOT_ELIGIBLE
    for result in (with_rqth, refused, without):
        assert not any("RQTH" in text for text in result.stored_reasons())
    assert with_rqth.stored_reasons()[1] == refused.stored_reasons()[1] == (
        "Âge : 27 ans à l'entrée en CEJ le 01/06/2026 ; condition d'âge vérifiée par le conseiller.")


# -- programme: CEJ dates, status --------------------------------------------------------
CEJ_CASES = [
    ({"cej_real_end": DAY}, Status.ELIGIBLE, "CEJ en cours jusqu'au 28/11/2026"),  # ends today
    ({"cej_planned_end": DAY}, Status.ELIGIBLE, "jusqu'au 28/11/2026"),  # planned end today
    ({"cej_real_end": DAY - dt.timedelta(days=1)}, Status.NOT_ELIGIBLE, "terminé le 27/11/2026"),
    ({"cej_start": DAY}, Status.ELIGIBLE, "CEJ en cours"),  # starts today
    ({"cej_start": DAY + dt.timedelta(days=1)}, Status.NOT_ELIGIBLE, "commence le 29/11/2026"),
    ({"cej_planned_end": D(2026, 11, 27)}, Status.TO_VERIFY, "dépassée"),
    ({"cej_start": None, "cej_planned_end": None}, Status.TO_VERIFY, "date de début"),
    ({"programme": "PACEA"}, Status.NOT_ELIGIBLE, "réservé aux jeunes en Contrat d'Engagement Jeune"),
]


@pytest.mark.parametrize(("changes", "expected", "words"), CEJ_CASES)
def test_cej_in_progress(changes: dict, expected: Status, words: str) -> None:
    result = check_programme(person(**changes), DAY, CONFIRMED)
    assert result.status is expected
    assert words in " ".join(r.text for r in result.reasons)


@pytest.mark.parametrize(("confirmations", "expected", "words"), [
    (Confirmations(), Status.TO_VERIFY, "n'a pas confirmé"),
    (Confirmations(not_student=False, not_in_training=True), Status.NOT_ELIGIBLE, "Étudiant"),
    (Confirmations(not_student=True, not_in_training=False), Status.NOT_ELIGIBLE, "En formation"),
    (CONFIRMED, Status.ELIGIBLE, "CEJ en cours"),
])
def test_adviser_confirmations(confirmations: Confirmations, expected: Status, words: str) -> None:
    result = check_programme(person(), DAY, confirmations)
    assert result.status is expected and words in " ".join(r.text for r in result.reasons)


def test_result_carries_the_rules_version() -> None:
    assert check_programme(person(), DAY, CONFIRMED).rules_version == RULES_VERSION


# -- offers ----------------------------------------------------------------------------------
OFFER_CASES = [
    # (person changes, offer changes, expected, words)
    ({}, {"valid_to": DAY}, Status.ELIGIBLE, "Dernier jour"),  # valid until today
    ({}, {"valid_to": DAY - dt.timedelta(days=1)}, Status.NOT_ELIGIBLE, "expirée le 27/11/2026"),
    ({}, {"valid_from": DAY}, Status.ELIGIBLE, ""),  # valid from today
    ({}, {"valid_from": DAY + dt.timedelta(days=1)}, Status.NOT_ELIGIBLE, "à partir du 29/11/2026"),
    ({}, {"published": False}, Status.NOT_ELIGIBLE, "retirée"),
    ({}, {"age_min": 23}, Status.NOT_ELIGIBLE, "22 ans, l'offre est réservée aux 23 ans et plus"),
    ({}, {"age_max": 21}, Status.NOT_ELIGIBLE, "limitée aux 21 ans"),
    ({}, {"age_min": 22, "age_max": 22}, Status.ELIGIBLE, ""),
    ({}, {"territory": local("69")}, Status.ELIGIBLE, ""),  # Lyon 69003 in the Rhône
    ({}, {"territory": local("13")}, Status.NOT_ELIGIBLE, "Bouches-du-Rhône (13)"),  # another département
    ({"postal_code": "97400"}, {"territory": local("974")}, Status.ELIGIBLE, ""),  # La Réunion
    ({"postal_code": "97100"}, {"territory": local("971")}, Status.ELIGIBLE, ""),  # Guadeloupe
    ({"postal_code": "97600"}, {"territory": local("976")}, Status.ELIGIBLE, ""),  # Mayotte
    ({"postal_code": "97300"}, {"territory": local("972")}, Status.NOT_ELIGIBLE, "Guyane (973)"),
    ({"postal_code": "97200"}, {"territory": local("97")}, Status.NOT_ELIGIBLE, "Martinique (972)"),
    ({"postal_code": "20000"}, {"territory": local("2A")}, Status.ELIGIBLE, ""),  # Ajaccio
    ({"postal_code": "20200"}, {"territory": local("2B")}, Status.ELIGIBLE, ""),  # Bastia
    ({"postal_code": "20200"}, {"territory": local("2A")}, Status.NOT_ELIGIBLE, "Haute-Corse (2B)"),
    ({"postal_code": "20090"}, {"territory": local("20")}, Status.NOT_ELIGIBLE, "Corse-du-Sud (2A)"),
    ({}, {"territory": local(communes=("69123",))}, Status.TO_VERIFY, "certaines communes"),
    ({}, {"territory": local(communes=("13055",))}, Status.NOT_ELIGIBLE, "Offre réservée au département des"),
    ({"postal_code": "2000"}, {"territory": local("69")}, Status.TO_VERIFY, "code postal"),
    ({"postal_code": "2000"}, {}, Status.ELIGIBLE, ""),  # national offers ignore the postal code
]


@pytest.mark.parametrize(("person_changes", "offer_changes", "expected", "words"), OFFER_CASES)
def test_offer_rules(person_changes: dict, offer_changes: dict, expected: Status, words: str) -> None:
    file = person(**person_changes)
    programme = check_programme(file, DAY, CONFIRMED)
    assert programme.status is Status.ELIGIBLE
    result = check_offer(file, offer(**offer_changes), DAY, programme=programme)
    assert result.status is expected
    assert words in " ".join(r.text for r in result.reasons)


def test_programme_refusal_applies_to_every_offer() -> None:
    file = person(programme="PACEA")
    programme = check_programme(file, DAY, CONFIRMED)
    results = check_offers(file, {1: offer(), 2: offer(territory=local("69"))}, DAY, programme=programme)
    assert {r.status for r in results.values()} == {Status.NOT_ELIGIBLE}
    assert all("PACEA" in r.summary() for r in results.values())


def test_worst_status_wins_and_summary_lists_its_reasons() -> None:
    file = person(postal_code="13001")
    programme = check_programme(file, DAY, Confirmations(not_student=True))  # training unconfirmed
    result = check_offer(file, offer(territory=local("69")), DAY, programme=programme)
    assert result.status is Status.NOT_ELIGIBLE
    assert "Rhône (69)" in result.summary() and "confirmé" not in result.summary()


# -- renewal and codes --------------------------------------------------------------------
NOW = dt.datetime(2026, 11, 28, 15, 0)
RENEWAL_CASES = [
    # (renewable, activations, expected, words)
    (False, (), Status.ELIGIBLE, ""),
    (False, (PreviousActivation(dt.datetime(2026, 10, 1, 10), dt.datetime(2026, 10, 2)),), Status.NOT_ELIGIBLE,
     "usage unique, déjà activée le 01/10/2026"),
    (True, (PreviousActivation(dt.datetime(2026, 11, 20, 10)),), Status.NOT_ELIGIBLE, "pas encore été utilisé"),
    (True, (PreviousActivation(dt.datetime(2026, 11, 27, 16), dt.datetime(2026, 11, 27, 18)),), Status.NOT_ELIGIBLE,
     "à partir du 28/11/2026 à 18:00"),
    (True, (PreviousActivation(dt.datetime(2026, 11, 27, 14), dt.datetime(2026, 11, 27, 15)),), Status.ELIGIBLE, ""),
    (True, (PreviousActivation(dt.datetime(2026, 11, 1), dt.datetime(2026, 11, 2)),
            PreviousActivation(dt.datetime(2026, 11, 28, 9))), Status.NOT_ELIGIBLE, "pas encore été utilisé"),
]


@pytest.mark.parametrize(("renewable", "activations", "expected", "words"), RENEWAL_CASES)
def test_renewal_rules(renewable: bool, activations: tuple, expected: Status, words: str) -> None:
    file = person()
    context = OfferContext(history=OfferHistory(activations=activations, known=True))
    result = check_offer(file, offer(renewable=renewable), DAY, programme=check_programme(file, DAY, CONFIRMED),
                         context=context, now=NOW)
    assert result.status is expected
    assert words in " ".join(r.text for r in result.reasons)


def test_unknown_history_and_codes_do_not_block() -> None:
    file = person()
    programme = check_programme(file, DAY, CONFIRMED)
    history = OfferHistory(activations=(PreviousActivation(dt.datetime(2026, 1, 1)),), known=False)
    result = check_offer(file, offer(), DAY, programme=programme, context=OfferContext(history=history))
    assert result.status is Status.ELIGIBLE


@pytest.mark.parametrize(("codes_left", "expected"), [(0, Status.NOT_ELIGIBLE), (1, Status.ELIGIBLE),
                                                       (None, Status.ELIGIBLE)])
def test_codes_left(codes_left: int | None, expected: Status) -> None:
    file = person()
    result = check_offer(file, offer(), DAY, programme=check_programme(file, DAY, CONFIRMED),
                         context=OfferContext(codes_left=codes_left))
    assert result.status is expected


def test_empty_result_is_eligible() -> None:
    assert EligibilityResult.from_reasons([]).status is Status.ELIGIBLE
