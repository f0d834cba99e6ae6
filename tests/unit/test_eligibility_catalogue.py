"""The engine over the real demo catalogue: lean terms loader, marks, the recorded check."""

from __future__ import annotations

import datetime as dt

import pytest

from pej_desktop.domain.eligibility import Confirmations, OfferTerms, Status
from pej_desktop.domain.people import Adviser, YoungPerson
from pej_desktop.ops import people as ops
from pej_desktop.store.offer_terms import load_offer_terms
from pej_desktop.store.personal import list_checks
from pej_desktop.store.search import SearchFilters, load_offer_records, offer_pk_by_id, search_offer_pks

TODAY = dt.date(2026, 11, 28)
ADVISER = Adviser(first_name="Camille", last_name="Durand", structure="MISSION_LOCALE",
                  agency_name="Mission Locale de Lyon", agency_code="69001")


def test_terms_loader_agrees_with_full_records(catalogue) -> None:
    with catalogue.read() as conn:
        terms = load_offer_terms(conn)
        records = load_offer_records(conn, search_offer_pks(conn, SearchFilters()))
    assert terms and set(terms) == set(records)
    assert all(OfferTerms.of(records[pk]) == terms[pk] for pk in terms)


def _person(**changes: object) -> YoungPerson:
    base = dict(first_name="Léa", last_name="Martin", birth_date=dt.date(2001, 2, 3), postal_code="69003",
                cej_start=dt.date(2026, 6, 1), cej_planned_end=dt.date(2027, 5, 31))
    return YoungPerson(**{**base, **changes})  # type: ignore[arg-type]


def test_check_marks_every_published_offer_and_records_no_rqth(paths, catalogue) -> None:
    store = ops.open_personal_store(paths).store
    ops.save_adviser(store, ADVISER)
    lea = ops.save_young_person(store, _person(birth_date=dt.date(2000, 5, 10)), today=TODAY).saved
    on = dt.date(2027, 2, 3)  # 26 at entry in the CEJ (01/06/2026), 26 on the day
    with_rqth = ops.run_eligibility_check(store, catalogue, lea.id, Confirmations(True, True, rqth=True), on=on)
    unasked = ops.run_eligibility_check(store, catalogue, lea.id, Confirmations(True, True), on=on)
    with catalogue.read() as conn:
        published = set(search_offer_pks(conn, SearchFilters()))
        rhone = offer_pk_by_id(conn, "demo-mob-005")  # local, Rhône
        paris = offer_pk_by_id(conn, "demo-ali-005")  # local, Paris
        young = offer_pk_by_id(conn, "demo-mob-007")  # national, 16-25
    assert set(with_rqth.marks) == published
    assert with_rqth.programme.status is Status.ELIGIBLE and unasked.programme.status is Status.TO_VERIFY
    assert with_rqth.marks[rhone].status == "eligible"
    assert with_rqth.marks[paris].status == "not_eligible" and "Paris (75)" in with_rqth.marks[paris].why
    assert (with_rqth.marks[young].status, with_rqth.marks[young].why) == (
        "not_eligible", "Âge : 26 ans, l'offre est limitée aux 25 ans révolus. Proposez une autre offre du même "
                        "besoin.")
    assert unasked.marks[rhone].status == "to_verify" and "RQTH" in unasked.marks[rhone].why
    assert with_rqth.eligible_count == sum(1 for m in with_rqth.marks.values() if m.status == "eligible")
    with store.read() as conn:
        checks = list_checks(conn, lea.id)
    assert [c.result for c in checks] == ["to_verify", "eligible"]
    assert all(c.rules_version and c.adviser_label.startswith("Camille Durand") for c in checks)
    assert all("RQTH" not in reason for c in checks for reason in c.reasons)
    assert checks[1].offers_eligible == with_rqth.eligible_count and checks[1].offers_total == len(published)
    store.close()


def test_check_needs_an_adviser_profile(paths, catalogue) -> None:
    store = ops.open_personal_store(paths).store
    lea = ops.save_young_person(store, _person(), today=TODAY).saved
    with pytest.raises(ops.CheckRefused, match="profil de conseiller"):
        ops.run_eligibility_check(store, catalogue, lea.id, Confirmations(True, True), on=TODAY)
    with store.read() as conn:
        assert list_checks(conn, lea.id) == []
    store.close()


def test_catalogue_check_by_shape_agrees_with_one_offer_at_a_time(catalogue) -> None:
    """Shared terms objects and interned findings must not change any offer's answer."""
    from pej_desktop.domain.eligibility import check_offer, check_offers, check_programme

    with catalogue.read() as conn:
        terms = load_offer_terms(conn)
    assert len({id(t) for t in terms.values()}) < len(terms)  # some offers share one shape object
    for person, on in ((_person(), TODAY), (_person(postal_code="75011", birth_date=dt.date(2009, 1, 1)),
                                            dt.date(2027, 3, 1)), (_person(postal_code=""), TODAY)):
        programme = check_programme(person, on, Confirmations(True, True))
        together = check_offers(person, terms, on, programme=programme)
        alone = {pk: check_offer(person, offer, on, programme=programme) for pk, offer in terms.items()}
        assert together == alone
        assert len({r.status for r in together.values()}) > 1  # the mix really exercises several findings


def test_recorded_check_marks_are_the_plain_engine_lines(paths, catalogue) -> None:
    """The check words refusals lazily; read whole, its marks are the engine's lines, offer by offer."""
    from collections import Counter

    from pej_desktop.domain.eligibility import OfferState, check_offer, check_programme

    store = ops.open_personal_store(paths).store
    ops.save_adviser(store, ADVISER)
    for last_name, postal_code in (("Martin", "69003"), ("Bénard", "75011"), ("Noël", "97400"), ("Faure", "20200")):
        person = ops.save_young_person(store, _person(last_name=last_name, postal_code=postal_code), today=TODAY).saved
        assert person is not None
        outcome = ops.run_eligibility_check(store, catalogue, person.id, Confirmations(True, True), on=TODAY)
        with catalogue.read() as conn:
            terms = load_offer_terms(conn)
        programme = check_programme(person, TODAY, Confirmations(True, True))
        plain = {pk: check_offer(person, t, TODAY, programme=programme) for pk, t in terms.items()}
        assert dict(outcome.marks) == {pk: OfferState.of(r) for pk, r in plain.items()}
        assert outcome.marks.kinds() == Counter(OfferState.of(r).kind for r in plain.values())
        assert outcome.eligible_count == sum(1 for r in plain.values() if r.status is Status.ELIGIBLE) > 0
    store.close()
