"""Activation on this computer: the engine's verdict, codes from the reserve, what is owed upstream."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from pej_desktop.domain import activation as rules
from pej_desktop.domain.people import YoungPerson
from pej_desktop.ops import people as ops
from pej_desktop.ops import right_of_access
from pej_desktop.ops.activation_status import activation_status, load_person_activations
from pej_desktop.ops.activations import ActivationRefused, activate_offers, activation_choices
from pej_desktop.ops.documents import build_person_summary
from pej_desktop.store import activations as rows
from pej_desktop.store import audit
from pej_desktop.store.catalogue import META_SOURCE, set_meta
from pej_desktop.store.demo import read_demo_catalogue
from pej_desktop.store.search import offer_pk_by_id
from tests.support.activation_setup import TODAY, prepare_person, young_person
from tests.support.pdf_reading import all_text

GROCERY, DRIVE, PHONE, PASS_OFFER, COMMUNES = "demo-ali-001", "demo-ali-003", "demo-mob-006", "demo-mob-002", \
    "demo-ali-002"


@pytest.fixture
def people(paths, catalogue):  # type: ignore[no-untyped-def]
    store = ops.open_personal_store(paths).store
    yield store
    store.close()


def _audit_actions(store) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with store.read() as conn:
        return [(e.action, e.detail) for e in audit.list_entries(conn)]


def test_demo_codes_are_handed_out_once_and_nothing_is_owed_upstream(people, catalogue) -> None:
    lea, ilan = prepare_person(people, catalogue), prepare_person(people, catalogue, young_person("Ilan", "Bordier",
                                                                                                reference=None))
    first = activate_offers(people, catalogue, lea.id, [GROCERY], uses_per_month={GROCERY: 4}).results[0]
    second = activate_offers(people, catalogue, ilan.id, [GROCERY]).results[0]
    pool = read_demo_catalogue().codes[GROCERY]
    assert first.code in pool and second.code in pool and first.code != second.code
    with people.read() as conn:
        assert rows.pending_count(conn) == 0 and rows.outbox_entries(conn) == []
        (made,) = rows.person_activations(conn, lea.id)
    assert (made.state, made.api, made.code_source) == ("demo", "demo", "demo")
    # 20 % of 60 € × the 4 uses a month agreed with the young person.
    assert made.saving_per_month_cents == 4800 and made.uses_per_month == 4
    assert made.saving_basis.endswith("si tu l'utilises 4 fois par mois")
    with people.read() as conn:
        (default,) = rows.person_activations(conn, ilan.id)
    assert (default.saving_per_month_cents, default.uses_per_month) == (1200, 1)  # one use a month by default
    assert made.adviser_label.startswith("Camille")
    assert ("activation", GROCERY) in _audit_actions(people)
    assert activation_status(people).text == ""


def test_without_a_conclusive_check_nothing_is_activated(people, catalogue) -> None:
    person = prepare_person(people, catalogue, check=False)
    (result,) = activate_offers(people, catalogue, person.id, [GROCERY]).results
    assert not result.activated and "Vérifier l'éligibilité" in result.reason
    choices = activation_choices(people, catalogue, person.id)
    assert choices.blocked and "Aucune vérification" in choices.blocked


def test_history_feeds_the_engine_here_and_in_the_catalogue_check(people, catalogue) -> None:
    from pej_desktop.domain.eligibility import Confirmations

    person = prepare_person(people, catalogue)
    activate_offers(people, catalogue, person.id, [GROCERY, PHONE])
    grocery, phone = activate_offers(people, catalogue, person.id, [GROCERY, PHONE]).results
    assert "n'a pas encore été utilisé" in grocery.reason and "usage unique, déjà activée" in phone.reason
    outcome = ops.run_eligibility_check(people, catalogue, person.id, Confirmations(True, True), on=TODAY)
    with catalogue.read() as conn:
        marks = {offer_id: outcome.marks[offer_pk_by_id(conn, offer_id)] for offer_id in (GROCERY, PHONE, DRIVE)}
    assert marks[GROCERY].status == "not_eligible" and marks[PHONE].status == "not_eligible"
    assert marks[DRIVE].status == "eligible"
    assert marks[GROCERY].kind == marks[PHONE].kind == "activated"  # theirs, not « Non accessible »
    offered = {c.offer_id for c in activation_choices(people, catalogue, person.id).offers}
    assert GROCERY not in offered and PHONE not in offered and DRIVE in offered


def test_the_demo_reserve_runs_out(people, catalogue) -> None:
    pool = read_demo_catalogue().codes[DRIVE]
    handed = []
    for n in range(len(pool) + 1):
        person = prepare_person(people, catalogue, young_person(f"Jeune{'abcdefghij'[n]}", "Testeur", reference=None))
        handed.append(activate_offers(people, catalogue, person.id, [DRIVE]).results[0])
    assert sorted(r.code for r in handed[:-1]) == sorted(pool)
    assert not handed[-1].activated and "Plus aucun code disponible" in handed[-1].reason


def test_offers_to_verify_need_the_advisers_confirmation(people, catalogue) -> None:
    person = prepare_person(people, catalogue)
    (refused,) = activate_offers(people, catalogue, person.id, [COMMUNES]).results
    assert not refused.activated and "Vérifiez avec le jeune sa commune" in refused.reason
    (done,) = activate_offers(people, catalogue, person.id, [COMMUNES], accept_to_verify=True).results
    assert done.activated and done.code is None and done.code_label == "sur présentation du Pass"


def test_refusals_for_the_file_and_the_offer(people, catalogue) -> None:
    person = prepare_person(people, catalogue)
    (unknown,) = activate_offers(people, catalogue, person.id, ["pas-une-offre"]).results
    assert not unknown.activated and "introuvable dans le catalogue local" in unknown.reason
    with pytest.raises(ActivationRefused, match="n'existe plus"):
        activate_offers(people, catalogue, 999, [GROCERY])


def test_on_a_national_catalogue_an_empty_reserve_means_code_to_come_and_the_summary_says_so(people,
                                                                                              catalogue) -> None:
    with catalogue.write() as conn:
        set_meta(conn, **{META_SOURCE: "https://api.pej.example"})
    person = prepare_person(people, catalogue)
    (result,) = activate_offers(people, catalogue, person.id, [GROCERY]).results
    assert result.activated and result.code_to_come
    with people.read() as conn:
        (entry,) = rows.outbox_entries(conn)
    assert entry.api == "https://api.pej.example" and entry.payload["id"] == entry.activation_uid
    assert entry.payload["code"] is None and entry.payload["offer_id"] == GROCERY
    assert "Martin" not in str(entry.payload) and "2004" not in str(entry.payload)  # pseudonymous
    assert activation_status(people).text == "1 activation en attente d'envoi"
    (view,) = load_person_activations(people, person.id)
    assert (view.code_label, view.state_label) == ("code à venir", "En attente d'envoi")
    text = all_text(build_person_summary(people, catalogue, person.id, on=TODAY).pdf)
    assert "code à venir" in text and "Ton conseiller te le donnera" in text


def test_erasing_a_file_keeps_what_is_owed_upstream(people, catalogue, tmp_path) -> None:
    with catalogue.write() as conn:
        set_meta(conn, **{META_SOURCE: "https://api.pej.example"})
    person = prepare_person(people, catalogue)
    activate_offers(people, catalogue, person.id, [GROCERY, PASS_OFFER])
    export = right_of_access.gather_access_export(people, person.id, now=dt.datetime.now())
    assert {row["offer_id"] for row in export.other["activations"]} == {GROCERY, PASS_OFFER}
    ops.delete_young_person(people, person.id)
    with people.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM activations").scalar_one() == 0
        assert rows.pending_count(conn) == 2  # handed to the young person: still owed to the national side


def test_backoff_grows_and_is_capped() -> None:
    now = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)
    rng = random.Random(1)
    waits = [(rules.next_attempt(n, now, rng) - now).total_seconds() for n in range(1, 12)]
    assert 15 <= waits[0] <= 30 and 30 <= waits[1] <= 60
    assert all(1800 <= w <= 3600 for w in waits[7:])


def test_every_refusal_says_what_to_do() -> None:
    from sync.activation_protocol import BUSINESS_REFUSALS

    for slug in BUSINESS_REFUSALS:
        assert rules.refusal_advice(slug) != rules.refusal_advice(None), slug
    assert "assistance" in rules.refusal_advice("http-400")


def test_programme_at_activation_reuses_the_last_conclusive_check() -> None:
    from pej_desktop.domain.eligibility import Status
    from pej_desktop.store.personal import CheckRecord

    older = YoungPerson(first_name="Ana", last_name="Rqth", birth_date=TODAY.replace(year=TODAY.year - 28),
                        postal_code="69003", cej_start=TODAY - dt.timedelta(days=10),
                        cej_planned_end=TODAY + dt.timedelta(days=200))

    def check(result: str, on: dt.date) -> CheckRecord:
        return CheckRecord(person_id=1, adviser_id=1, adviser_label="", reference_date=on, rules_version="x",
                           result=result, reasons=(), not_student=True, not_in_training=True)

    assert rules.programme_at_activation(older, TODAY, None).status is Status.NOT_ELIGIBLE
    assert rules.programme_at_activation(older, TODAY, check("not_eligible", TODAY)).status is Status.NOT_ELIGIBLE
    # eligible at 28 means the RQTH question was answered yes: taken as such, never stored
    assert rules.programme_at_activation(older, TODAY, check("eligible", TODAY)).status is Status.ELIGIBLE


def test_the_result_says_code_only_for_offers_that_hand_one() -> None:
    """« Code à remettre au jeune : lien personnel de l'offre » read oddly: an offer without code says how
    it is used."""
    from pej_desktop.domain.activation import code_heading, code_label, handed_as

    assert (handed_as("code"), code_label("code", "ABC-123")) == ("Code à remettre au jeune", "ABC-123")
    assert (handed_as("voucher"), code_label("voucher", None)) == ("Code à remettre au jeune", "code à venir")
    assert (handed_as("code_space"), code_label("code_space", None)) == ("À utiliser", "lien personnel de l'offre")
    assert (handed_as("voucher_pass"), code_label("voucher_pass", None)) == ("À utiliser", "sur présentation du Pass")
    assert (handed_as("gift_card"), code_label("gift_card", None)) == ("À utiliser",
                                                                        "carte cadeau via le lien de l'offre")
    assert (code_heading("code"), code_heading("voucher"), code_heading("code_space")) == ("Code", "Code", "À utiliser")
