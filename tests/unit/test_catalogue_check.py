"""The fast check over a whole catalogue gives the plain engine's answer on every offer.

``check_catalogue`` decides which offers are open from an index and words the other
offers only when they are read; ``check_offer`` judges one offer at a time, words and
all. On generated catalogues (in memory, and a generated national-style catalogue in a
real SQLite file) and random young people — ages at entry around 16, 25 and 29, CEJ
started up to 20 months earlier with and without extension, any postal code, earlier
activations and codes left — both must agree on every status and every sentence.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pej_desktop.domain.catalogue_check import CatalogueIndex, CatalogueMarks, check_catalogue, eligible_keys
from pej_desktop.domain.eligibility import (
    Confirmations,
    EligibilityResult,
    OfferContext,
    OfferHistory,
    OfferState,
    OfferTerms,
    PreviousActivation,
    Status,
    check_offer,
    check_programme,
)
from pej_desktop.domain.people import YoungPerson, add_months
from pej_desktop.domain.records import Territory

BASE = dt.date(2026, 11, 28)
DEPARTEMENTS = ["69", "75", "2A", "2B", "974", "13", "01"]
COMMUNES = ["69123", "75056", "2A004", "2B033", "97411", "13055", "01053"]
POSTAL_CODES = ["69003", "75011", "20000", "20200", "97400", "13001", "01000", "", "99999", "96000", "7501"]

days = st.integers(-40, 40).map(lambda n: BASE + dt.timedelta(days=n))
territories = st.one_of(
    st.just(Territory()),
    st.builds(lambda deps, communes: Territory("local", tuple(deps), tuple(communes)),
              st.lists(st.sampled_from(DEPARTEMENTS), max_size=3), st.lists(st.sampled_from(COMMUNES), max_size=3),
              ).filter(lambda t: t.departements or t.communes),  # the wire refuses a local offer naming no place
)
shapes = st.builds(
    OfferTerms, published=st.booleans() | st.just(True), valid_from=st.none() | days, valid_to=st.none() | days,
    age_min=st.none() | st.integers(14, 26), age_max=st.none() | st.integers(17, 30), territory=territories,
    renewable=st.booleans(),
)


@st.composite
def catalogues(draw: st.DrawFn) -> dict[int, OfferTerms]:
    """Offers sharing shape objects, as ``load_offer_terms`` hands them out."""
    pool = draw(st.lists(shapes, min_size=1, max_size=25))
    picks = draw(st.lists(st.integers(0, len(pool) - 1), min_size=1, max_size=80))
    return {pk: pool[i] for pk, i in enumerate(picks, start=1)}


def _mostly(usual: st.SearchStrategy[object], other: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """``usual`` three times in four: most drawn files are in a CEJ in progress, so offers matter."""
    return st.integers(0, 3).flatmap(lambda n: other if n == 0 else usual)


@st.composite
def young_people(draw: st.DrawFn) -> tuple[YoungPerson, dt.date]:
    on = draw(days)
    start = draw(_mostly(st.integers(0, 540), st.none() | st.integers(-30, 620)).map(
        lambda n: None if n is None else on - dt.timedelta(days=n)))
    entry = start or on
    age_at_entry = draw(_mostly(st.sampled_from([16, 18, 25, 26, 29]), st.integers(15, 31)))
    birth = draw(_mostly(st.integers(0, 364), st.none()).map(
        lambda n: None if n is None else dt.date(entry.year - age_at_entry - 1, 1, 1) + dt.timedelta(days=n)))
    extended = draw(st.booleans())
    planned = None if start is None else draw(_mostly(st.just(add_months(start, 18)), st.none() | st.sampled_from(
        [add_months(start, m) for m in (6, 12)])))
    real = None if start is None else draw(_mostly(st.none(), st.integers(0, 600).map(
        lambda n: start + dt.timedelta(days=n))))
    person = YoungPerson(
        first_name="Léa", last_name="Martin", birth_date=birth, postal_code=draw(st.sampled_from(POSTAL_CODES)),
        programme=draw(_mostly(st.just("CEJ"), st.sampled_from(["CEJ", "PACEA"]))), cej_start=start,
        cej_planned_end=planned, cej_real_end=real, extended=extended,
        extension_reason="Formation qualifiante" if extended else "",
    )
    return person, on


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0)).astimezone()


confirmations = _mostly(st.builds(Confirmations, st.just(True), st.just(True), rqth=st.none() | st.booleans()),
                        st.builds(Confirmations, not_student=st.none() | st.booleans(),
                                  not_in_training=st.none() | st.booleans(), rqth=st.none() | st.booleans()))
histories = st.builds(
    OfferHistory, activations=st.lists(st.builds(
        PreviousActivation, activated_at=st.integers(-72, 0).map(lambda h: _moment(BASE) + dt.timedelta(hours=h)),
        used_at=st.none() | st.just(_moment(BASE) - dt.timedelta(hours=30))), max_size=2).map(tuple),
    known=st.booleans())
offer_contexts = st.builds(OfferContext, history=histories, codes_left=st.none() | st.integers(0, 2))


def assert_same_as_plain_engine(
    person: YoungPerson, terms: Mapping[int, OfferTerms], on: dt.date, programme: EligibilityResult,
    contexts: Mapping[int, OfferContext], now: dt.datetime | None,
) -> CatalogueMarks:
    """Every offer: the fast marks, read in any order, are the plain engine's answer."""
    marks = check_catalogue(person, CatalogueIndex(terms), on, programme=programme, contexts=contexts, now=now)
    plain = {pk: check_offer(person, offer, on, programme=programme, context=contexts.get(pk), now=now)
             for pk, offer in terms.items()}
    assert marks.eligible_keys == {pk for pk, result in plain.items() if result.status is Status.ELIGIBLE}
    assert eligible_keys(marks) == marks.eligible_keys and marks.eligible_count == len(marks.eligible_keys)
    assert len(marks) == len(terms) and set(marks) == set(terms)
    for pk in reversed(list(terms)):  # the order a view reads them in must not matter
        assert marks.result(pk) == plain[pk]
        assert marks[pk] == OfferState.of(plain[pk])
    assert eligible_keys(dict(marks)) == marks.eligible_keys  # a plain mapping gives the same set
    assert marks.kinds() == Counter(OfferState.of(result).kind for result in plain.values())
    return marks


@settings(max_examples=300, deadline=None)
@given(catalogue=catalogues(), who=young_people(), answers=confirmations, data=st.data())
@example(  # 15 months into an extended CEJ, 26 at entry with an RQTH, 27 on the day: open offers
    catalogue={1: OfferTerms(), 2: OfferTerms(age_max=26), 3: OfferTerms(territory=Territory("local", ("69",)))},
    who=(YoungPerson("Léa", "Martin", dt.date(1999, 3, 1), "69003", cej_start=dt.date(2025, 8, 1),
                     cej_planned_end=dt.date(2027, 1, 31), extended=True, extension_reason="Formation"), BASE),
    answers=Confirmations(True, True, rqth=True), data=None,
).via("the 18-month limit and the age at entry")
def test_fast_check_agrees_with_the_plain_engine(
    catalogue: dict[int, OfferTerms], who: tuple[YoungPerson, dt.date], answers: Confirmations,
    data: st.DataObject | None,
) -> None:
    person, on = who
    contexts = {} if data is None else data.draw(st.dictionaries(st.sampled_from(sorted(catalogue)), offer_contexts))
    now = None if data is None else data.draw(st.none() | st.just(_moment(on)))
    programme = check_programme(person, on, answers)
    marks = assert_same_as_plain_engine(person, catalogue, on, programme, contexts, now)
    if data is None:  # the explicit example really is open: within 18 months, RQTH at entry
        assert programme.status is Status.ELIGIBLE and marks.eligible_keys == {1, 3}


def test_the_limit_of_a_cej_closes_every_offer_and_the_age_counts_at_entry() -> None:
    """Same person, same day: 13 months in a CEJ is open only with an extension (R5131-16),
    and 26 on the day after entering at 25 changes nothing to the programme."""
    catalogue = {1: OfferTerms(), 2: OfferTerms(age_max=25), 3: OfferTerms(territory=Territory("local", ("75",)))}
    start = add_months(BASE, -13)
    base = YoungPerson("Léa", "Martin", dt.date(2000, 1, 10), "75011", cej_start=start,
                       cej_planned_end=add_months(start, 18))
    answers = Confirmations(True, True)
    extended = YoungPerson(**{**base.__dict__, "extended": True, "extension_reason": "Formation"})
    for person, expected in ((base, set()), (extended, {1, 3})):
        programme = check_programme(person, BASE, answers)
        marks = assert_same_as_plain_engine(person, catalogue, BASE, programme, {}, None)
        assert marks.eligible_keys == expected
    marks = check_catalogue(extended, CatalogueIndex(catalogue), BASE,
                            programme=check_programme(extended, BASE, answers))
    assert marks[2].status is Status.NOT_ELIGIBLE
    assert marks[2].why.startswith("Âge : 26 ans, l'offre est limitée aux 25 ans révolus.")


@pytest.fixture(scope="module")
def generated_terms(tmp_path_factory: pytest.TempPathFactory) -> dict[int, OfferTerms]:
    """A generated national-style catalogue (local offers by commune and département) in a real file."""
    from pej_desktop.store.catalogue import CatalogueStore
    from pej_desktop.store.demo import load_document
    from pej_desktop.store.offer_terms import load_offer_terms
    from sync.generator import generate_catalogue

    store = CatalogueStore.open(tmp_path_factory.mktemp("generated") / "catalogue.sqlite3")
    try:
        load_document(store, generate_catalogue(offers=3_000, partners=150, seed=5), source="generated")
        with store.read() as conn:
            return load_offer_terms(conn)
    finally:
        store.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(who=young_people(), answers=confirmations)
def test_fast_check_agrees_on_a_generated_catalogue(
    generated_terms: dict[int, OfferTerms], who: tuple[YoungPerson, dt.date], answers: Confirmations,
) -> None:
    person, on = who
    assert_same_as_plain_engine(person, generated_terms, on, check_programme(person, on, answers), {}, None)


def test_the_generated_catalogue_exercises_every_territory_case(generated_terms: dict[int, OfferTerms]) -> None:
    """Open, refused elsewhere, commune to verify and postal code to give all occur for one person."""
    person = YoungPerson("Léa", "Martin", dt.date(2003, 5, 4), "69003", cej_start=dt.date(2026, 6, 1),
                         cej_planned_end=dt.date(2027, 5, 31))
    programme = check_programme(person, BASE, Confirmations(True, True))
    marks = assert_same_as_plain_engine(person, generated_terms, BASE, programme, {}, None)
    index = CatalogueIndex(generated_terms)
    local = [pk for pk, t in generated_terms.items() if t.territory.scope != "national"]
    lines = [(marks[pk].kind, marks[pk].why) for pk in local]
    assert marks.eligible_keys & set(index.local["69"])  # local offers of the Rhône open to her
    assert any(s == "to_verify" and why.startswith("Offre réservée à certaines communes du département")
               for s, why in lines)
    assert any(s == "not_eligible" and "le jeune réside dans le département du Rhône (69)" in why for s, why in lines)
    nowhere = YoungPerson(**{**person.__dict__, "postal_code": "99999"})
    unknown = check_catalogue(nowhere, index, BASE, programme=check_programme(nowhere, BASE, Confirmations(True, True)))
    assert not unknown.eligible_keys & set(local)
    assert any(unknown[pk].kind == "to_verify" and unknown[pk].why.startswith(
        "Offre locale : code postal du jeune absent ou invalide") for pk in local)
