"""The CEJ rules as the law writes them: one table per rule, each naming its source.

Sources: Code du travail R5131-16 (12 months, 18 with an extension) and
../shared/DOMAIN.md "People and eligibility" (duration, territories) and "Offer
catalogue" (renewal: a new code 24 h after the previous one is used).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator

import pytest

from pej_desktop.domain.eligibility import (
    Confirmations,
    OfferContext,
    OfferHistory,
    OfferState,
    PreviousActivation,
    Status,
    check_offer,
    check_programme,
)
from pej_desktop.domain.people import Adviser, YoungPerson, validate_adviser, validate_young_person
from pej_desktop.domain.records import OfferRecord, RecordError, Territory
from pej_desktop.domain.territory import (
    PostalCodeError,
    departement_of_agency_code,
    departement_of_postal_code,
    departement_phrase,
)
from pej_desktop.ops import people as ops
from pej_desktop.reports.inputs import structure_of
from sync.protocol.pages import parse_record
from tests.unit.test_eligibility import CONFIRMED, offer, person

D = dt.date
TODAY = D(2026, 11, 28)


# -- duration: R5131-16 ------------------------------------------------------------------------
# (changes, field refused or None, words of the message — in the field's own words)
DURATION_CASES = [
    ({"cej_planned_end": D(2027, 6, 1)}, None, None),  # exactly 12 months: the anniversary day
    ({"cej_planned_end": D(2027, 6, 2)}, "cej_planned_end",
     "La fin prévue dépasse 12 mois après le début du CEJ (le 01/06/2027 au plus tard)"),
    ({"cej_planned_end": D(2027, 6, 2), "extended": True, "extension_reason": "Formation différée"}, None, None),
    ({"cej_planned_end": D(2027, 12, 1), "extended": True, "extension_reason": "Formation différée"}, None, None),
    ({"cej_planned_end": D(2027, 12, 2), "extended": True, "extension_reason": "Formation différée"},
     "cej_planned_end", "La fin prévue dépasse la durée maximale d'un CEJ : 18 mois, prolongation comprise"),
    ({"cej_real_end": D(2027, 6, 1)}, None, None),
    ({"cej_real_end": D(2027, 6, 2)}, "cej_real_end", "La fin réelle dépasse 12 mois après le début du CEJ"),
    ({"cej_real_end": D(2027, 12, 2), "extended": True, "extension_reason": "Motif"}, "cej_real_end",
     "La fin réelle dépasse la durée maximale d'un CEJ : 18 mois"),
    ({"cej_start": D(2026, 8, 31), "cej_planned_end": D(2027, 8, 31)}, None, None),  # 31st: clamped months
    ({"cej_start": D(2024, 2, 29), "cej_planned_end": D(2025, 2, 28)}, None, None),  # 29 February start
    ({"cej_start": D(2024, 2, 29), "cej_planned_end": D(2025, 3, 1)}, "cej_planned_end", "28/02/2025 au plus tard"),
]


@pytest.mark.parametrize(("changes", "field", "words"), DURATION_CASES)
def test_form_refuses_an_end_past_the_legal_length(changes: dict, field: str | None, words: str | None) -> None:
    errors = validate_young_person(person(**changes), TODAY)
    if field is None:
        assert errors == {}
    else:
        assert list(errors) == [field] and words in errors[field]


def test_the_import_refuses_it_in_the_same_words(paths) -> None:  # type: ignore[no-untyped-def]
    store = ops.open_personal_store(paths).store
    data = ("prenom;nom;date_naissance;code_postal;debut_cej;fin_prevue_cej;fin_reelle_cej\n"
            "Léa;Martin;10/05/2004;69003;01/06/2026;02/06/2027;\n"
            "Tom;Petit;10/05/2003;69003;01/06/2026;31/05/2027;02/06/2027\n"
            "Ana;Blanc;10/05/2003;69003;01/06/2026;01/06/2027;\n").encode()
    report = ops.import_young_people(store, data, today=TODAY)
    store.close()
    assert report.created == 1
    assert [e.line for e in report.errors] == [2, 3]
    assert "fin prévue : La fin prévue dépasse 12 mois après le début du CEJ" in str(report.errors[0])
    assert "fin réelle : La fin réelle dépasse 12 mois après le début du CEJ" in str(report.errors[1])


# The engine: "a CEJ past its limit is not in progress, whatever the end date typed" (DOMAIN.md).
ENGINE_DURATION_CASES = [
    ({"cej_planned_end": D(2028, 1, 31)}, D(2027, 6, 1), Status.ELIGIBLE),  # last day of the 12 months
    ({"cej_planned_end": D(2028, 1, 31)}, D(2027, 6, 2), Status.NOT_ELIGIBLE),  # typed end ignored
    ({"cej_planned_end": D(2028, 1, 31), "extended": True}, D(2027, 12, 1), Status.ELIGIBLE),
    ({"cej_planned_end": D(2028, 1, 31), "extended": True}, D(2027, 12, 2), Status.NOT_ELIGIBLE),
]


@pytest.mark.parametrize(("changes", "on", "expected"), ENGINE_DURATION_CASES)
def test_the_engine_treats_a_cej_past_its_limit_as_not_in_progress(changes: dict, on: D, expected: Status) -> None:
    result = check_programme(person(**changes), on, CONFIRMED)
    assert result.status is expected, result.summary()
    if expected is Status.NOT_ELIGIBLE:
        months = 18 if changes.get("extended") else 12
        assert f"CEJ : durée maximale de {months} mois atteinte le" in result.summary()


# -- territories: DOMAIN.md "Territories" --------------------------------------------------------
POSTCODES = [
    ("69003", "69"), ("01000", "01"), ("95000", "95"), ("75011", "75"),
    ("20000", "2A"), ("20190", "2A"), ("20200", "2B"), ("20600", "2B"),  # Corsica: 200xx–201xx, 202xx–206xx
    ("97100", "971"), ("97200", "972"), ("97300", "973"), ("97400", "974"), ("97500", "975"), ("97600", "976"),
    ("20700", None), ("96000", None), ("96100", None), ("98000", None), ("98800", None), ("99000", None),
    ("00100", None), ("97700", None), ("97800", None), ("6900", None), ("690030", None), ("6900A", None), ("", None),
]


@pytest.mark.parametrize(("code", "departement"), POSTCODES)
def test_every_kind_of_postcode(code: str, departement: str | None) -> None:
    if departement is not None:
        assert departement_of_postal_code(code) == departement
        assert "postal_code" not in validate_young_person(person(postal_code=code), TODAY)
        return
    with pytest.raises(PostalCodeError):
        departement_of_postal_code(code)
    assert "postal_code" in validate_young_person(person(postal_code=code), TODAY)


AGENCY_CODES = [("69001", "69"), ("2A004", "2A"), ("2B033", "2B"), ("974B01", "974"), ("97611", "976"),
                ("01A", "01"), ("20001", None), ("96001", None), ("98001", None), ("99001", None), ("00001", None),
                ("97701", None), ("6", None)]


@pytest.mark.parametrize(("code", "departement"), AGENCY_CODES)
def test_an_agency_code_starts_with_a_cej_departement(code: str, departement: str | None) -> None:
    assert departement_of_agency_code(code) == departement
    adviser = Adviser(first_name="Camille", last_name="Durand", structure="MISSION_LOCALE",
                      agency_name="Mission Locale", agency_code=code)
    assert ("agency_code" in validate_adviser(adviser)) is (departement is None)


def test_an_agency_code_is_letters_and_digits_only() -> None:
    adviser = Adviser(first_name="Camille", last_name="Durand", structure="MISSION_LOCALE",
                      agency_name="Mission Locale", agency_code="69-001")
    assert "agency_code" in validate_adviser(adviser)


@pytest.mark.parametrize(("departements", "communes", "valid"), [
    (("69",), (), True), (("2A", "2B"), (), True), (("974",), (), True), (("01", "95"), (), True),
    (("20",), (), False), (("96",), (), False), (("98",), (), False), (("99",), (), False), (("00",), (), False),
    (("977",), (), False), (("97",), (), False),
    ((), ("69123",), True), ((), ("2A004",), True), ((), ("97411",), True),
    ((), ("20004",), False), ((), ("96001",), False), ((), ("98000",), False), ((), ("99100",), False),
    ((), ("00001",), False),
])
def test_an_offers_local_territory_is_made_of_cej_departements(departements: tuple, communes: tuple,
                                                               valid: bool) -> None:
    territory = {"scope": "local", "departements": list(departements), "communes": list(communes)}
    payload = {"id": "o1", "kind": "voucher", "title": "Offre locale", "partner_id": "p1",
               "discount": {"type": "fixed", "amount_cents": 500}, "territory": territory}
    if valid:
        assert parse_record("offers", payload).territory.scope == "local"
    else:
        with pytest.raises(RecordError, match="hors des départements du CEJ"):
            parse_record("offers", payload)


# -- renewal across clock changes: DOMAIN.md "a new code only after the previous one is used and 24 h" ---
@pytest.fixture
def paris_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(("used", "now", "words"), [
    # Spring: 29/03/2026 at 02:00 the clocks go to 03:00. 24 h after 28/03 10:00 is 29/03 11:00.
    (dt.datetime(2026, 3, 28, 10, 0), dt.datetime(2026, 3, 29, 10, 30), "à partir du 29/03/2026 à 11:00"),
    # Autumn: 25/10/2026 at 03:00 the clocks go back to 02:00. 24 h after 24/10 10:00 is 25/10 09:00.
    (dt.datetime(2026, 10, 24, 10, 0), dt.datetime(2026, 10, 25, 8, 30), "à partir du 25/10/2026 à 09:00"),
    # No change: the same time the next day.
    (dt.datetime(2026, 11, 27, 18, 0), dt.datetime(2026, 11, 28, 15, 0), "à partir du 28/11/2026 à 18:00"),
])
def test_renewal_time_is_local_across_clock_changes(paris_time: None, used: dt.datetime, now: dt.datetime,
                                                    words: str) -> None:
    file = person(cej_start=D(2026, 3, 1), cej_planned_end=D(2027, 2, 28))
    programme = check_programme(file, now.date(), CONFIRMED)
    for stored in (used, used.astimezone()):  # naive local, or aware as the store hands it back
        history = OfferHistory(activations=(PreviousActivation(stored - dt.timedelta(hours=1), stored),), known=True)
        result = check_offer(file, offer(renewable=True), now.date(), programme=programme,
                             context=OfferContext(history=history), now=now)
        assert result.status is Status.NOT_ELIGIBLE
        assert f"Nouveau code possible {words}." in result.summary()


def test_renewal_opens_exactly_24_real_hours_later_in_autumn(paris_time: None) -> None:
    file = person(cej_start=D(2026, 3, 1), cej_planned_end=D(2027, 2, 28))
    used = dt.datetime(2026, 10, 24, 10, 0)
    history = OfferHistory(activations=(PreviousActivation(used, used),), known=True)
    programme = check_programme(file, D(2026, 10, 25), CONFIRMED)
    at_nine = check_offer(file, offer(renewable=True), D(2026, 10, 25), programme=programme,
                          context=OfferContext(history=history), now=dt.datetime(2026, 10, 25, 9, 0))
    assert at_nine.status is Status.ELIGIBLE  # 25/10 09:00 local = 24 h later; 10:00 would be 25 h


# -- the words of every refusal -----------------------------------------------------------------
def _programme_text(**changes: object) -> str:
    return check_programme(person(**changes), TODAY, CONFIRMED).summary()


def _offer_text(file: YoungPerson, record: OfferRecord, context: OfferContext | None = None) -> str:
    return check_offer(file, record, TODAY, programme=check_programme(file, TODAY, CONFIRMED), context=context,
                       now=dt.datetime(2026, 11, 28, 15, 0)).summary()


ONE_USE = OfferHistory(activations=(PreviousActivation(dt.datetime(2026, 10, 1, 10), dt.datetime(2026, 10, 2)),),
                       known=True)
UNUSED = OfferHistory(activations=(PreviousActivation(dt.datetime(2026, 11, 20, 10)),), known=True)
REFUSALS = [
    (
        lambda: _programme_text(programme="AUTRE"),
        "Programme « Autre accompagnement » : le Pass est réservé aux jeunes en Contrat d'Engagement Jeune.",
    ),
    (
        lambda: _programme_text(programme="PACEA"),
        "Programme « PACEA » : le Pass est réservé aux jeunes en Contrat d'Engagement Jeune.",
    ),
    (
        lambda: _programme_text(cej_start=D(2026, 12, 1), cej_planned_end=D(2027, 11, 30)),
        "CEJ : commence le 01/12/2026, pas encore en cours le 28/11/2026.",
    ),
    (lambda: _programme_text(cej_real_end=D(2026, 11, 27)), "CEJ : terminé le 27/11/2026."),
    (
        lambda: _programme_text(cej_start=D(2025, 11, 1), cej_planned_end=D(2026, 12, 31)),
        "CEJ : durée maximale de 12 mois atteinte le 01/11/2026 (article R5131-16) ; le CEJ n'est plus en cours, "
        "quelle que soit la date de fin saisie.",
    ),
    (
        lambda: _programme_text(birth_date=D(2010, 6, 2)),
        "Âge : 15 ans à l'entrée en CEJ le 01/06/2026, en dessous de l'âge minimum de 16 ans.",
    ),
    (
        lambda: _programme_text(birth_date=D(1996, 5, 10)),
        "Âge : 30 ans à l'entrée en CEJ le 01/06/2026, au-delà de la limite de 29 ans révolus (même avec une RQTH).",
    ),
    (
        lambda: _offer_text(person(postal_code="13001"), offer(territory=Territory("local", ("69",)))),
        "Offre réservée au département du Rhône (69) ; le jeune réside dans le département des Bouches-du-Rhône (13).",
    ),
    (
        lambda: _offer_text(person(postal_code="97400"), offer(territory=Territory("local", ("33", "01")))),
        "Offre réservée aux départements de la Gironde (33) et de l'Ain (01) ; le jeune réside dans le département "
        "de La Réunion (974).",
    ),
    (
        lambda: _offer_text(person(postal_code="75011"), offer(territory=Territory("local", ("2A",)))),
        "Offre réservée au département de la Corse-du-Sud (2A) ; le jeune réside dans le département de Paris (75).",
    ),
    (lambda: _offer_text(person(), offer(published=False)), "Offre retirée du catalogue."),
    (lambda: _offer_text(person(), offer(valid_to=D(2026, 11, 27))), "Offre expirée le 27/11/2026."),
    (lambda: _offer_text(person(), offer(valid_from=D(2026, 12, 1))), "Offre valable à partir du 01/12/2026."),
    (
        lambda: _offer_text(person(birth_date=D(2009, 1, 15)), offer(age_min=18)),
        "Âge : 17 ans, l'offre est réservée aux 18 ans et plus.",
    ),
    (lambda: _offer_text(person(), offer(age_max=21)), "Âge : 22 ans, l'offre est limitée aux 21 ans révolus."),
    (
        lambda: _offer_text(person(), offer(), OfferContext(history=ONE_USE)),
        "Offre à usage unique, déjà activée le 01/10/2026.",
    ),
    (
        lambda: _offer_text(person(), offer(renewable=True), OfferContext(history=UNUSED)),
        "Le code précédent (activé le 20/11/2026) n'a pas encore été utilisé.",
    ),
    (
        lambda: _offer_text(person(), offer(), OfferContext(codes_left=0)),
        "Plus aucun code disponible pour cette offre.",
    ),
]
_CODES = re.compile(r"\b(AUTRE|CEJ_|MISSION_LOCALE|FRANCE_TRAVAIL|IMILO|not_eligible|to_verify|local|national)\b")


@pytest.mark.parametrize(("produce", "expected"), REFUSALS)
def test_every_refusal_in_words(produce, expected: str) -> None:  # type: ignore[no-untyped-def]
    """Labels, never internal codes; départements named with their article; no nested parentheses;
    and every refusal says what to do next, in a sentence of its own."""
    text = produce()
    assert text.startswith(expected + " "), text
    advice = text[len(expected) + 1:]
    assert advice[0].isupper() and advice.endswith(".") and len(advice.split()) >= 5, advice
    assert not _CODES.search(text)
    assert not re.search(r"\([^()]*\(", text), "parentheses inside parentheses"


def test_the_age_refusals_say_what_to_do() -> None:
    over = check_programme(person(birth_date=D(2000, 1, 10)), TODAY,
                           Confirmations(not_student=True, not_in_training=True, rqth=False))
    assert over.status is Status.NOT_ELIGIBLE
    assert "Âge hors CEJ à l'entrée : une RQTH permet jusqu'à 29 ans" in over.summary()
    under = _programme_text(birth_date=D(2010, 6, 2))
    assert under.endswith("Âge hors CEJ à l'entrée : vérifiez la date de naissance et la date d'entrée en CEJ "
                          "du dossier.")
    assert "Lancez une synchronisation (F9)" in _offer_text(person(), offer(), OfferContext(codes_left=0))
    asked = check_programme(person(birth_date=D(2000, 1, 10)), TODAY, CONFIRMED)
    assert [r.advice for r in asked.blocking()] == ["Posez-la lors de la vérification (la réponse n'est jamais "
                                                    "enregistrée)."]
    assert all("RQTH" not in r.stored_text for r in asked.reasons)  # the advice is never stored


@pytest.mark.parametrize(("context", "renewable", "kind", "label"), [
    (OfferContext(history=ONE_USE), False, "activated", "Déjà activée le 01/10/2026"),
    (OfferContext(history=UNUSED), True, "activated", "Déjà activée le 20/11/2026"),
    (OfferContext(history=OfferHistory(activations=(PreviousActivation(dt.datetime(2026, 11, 27, 10),
                                                                       dt.datetime(2026, 11, 28, 9)),), known=True)),
     True, "activated", "Déjà activée, nouveau code dès le 29/11/2026"),
    (OfferContext(codes_left=0), False, "not_eligible", "Non accessible"),
    (None, False, "eligible", "Accessible"),
])
def test_where_an_offer_stands_is_data_worded_in_one_place(context, renewable: bool, kind: str,  # type: ignore[no-untyped-def]
                                                           label: str) -> None:
    """The engine says « already theirs » with its day as data: no screen parses its sentences."""
    file = person()
    result = check_offer(file, offer(renewable=renewable), TODAY, programme=check_programme(file, TODAY, CONFIRMED),
                         context=context, now=dt.datetime(2026, 11, 28, 15, 0))
    state = OfferState.of(result)
    assert (state.kind, state.label) == (kind, label)
    assert state.why == result.summary()


@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        ("69", "le département du Rhône (69)"),
        ("13", "le département des Bouches-du-Rhône (13)"),
        ("974", "le département de La Réunion (974)"),
        ("33", "le département de la Gironde (33)"),
        ("01", "le département de l'Ain (01)"),
        ("75", "le département de Paris (75)"),
        ("976", "le département de Mayotte (976)"),
        ("2B", "le département de la Haute-Corse (2B)"),
        ("90", "le département du Territoire de Belfort (90)"),
        ("95", "le département du Val-d'Oise (95)"),
    ],
)
def test_departements_are_named_with_their_article(code: str, phrase: str) -> None:
    assert departement_phrase(code) == phrase


@pytest.mark.parametrize(
    ("structure", "agency", "name"),
    [
        ("MISSION_LOCALE", "Mission Locale de Lyon", "Mission Locale de Lyon"),
        ("MISSION_LOCALE", "mission locale de Lyon", "mission locale de Lyon"),
        ("MISSION_LOCALE", "Lyon Sud", "Mission Locale Lyon Sud"),
        ("FRANCE_TRAVAIL", "France Travail Lyon Part-Dieu", "France Travail Lyon Part-Dieu"),
        ("FRANCE_TRAVAIL", "Agence de Vénissieux", "France Travail Agence de Vénissieux"),
    ],
)
def test_the_structure_is_never_named_twice(structure: str, agency: str, name: str) -> None:
    adviser = Adviser(
        first_name="Camille", last_name="Durand", structure=structure, agency_name=agency, agency_code="69001"
    )
    assert adviser.label == f"Camille Durand — {name}"
    assert structure_of(adviser).display_name == name
