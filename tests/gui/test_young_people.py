"""The "Jeunes" page driven like an adviser would: profile, file form, check, catalogue marks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import keyring
from PySide6.QtCore import Qt

from pej_desktop.domain.people import add_months, format_date
from pej_desktop.ops import people as ops
from pej_desktop.store.search import offer_pk_by_id
from pej_desktop.views.catalogue.offer_model import EligibilityRole
from pej_desktop.views.young_people.adviser_dialog import AdviserDialog
from pej_desktop.views.young_people.eligibility_dialog import EligibilityDialog
from pej_desktop.views.young_people.form import YoungPersonForm
from pej_desktop.views.young_people.passphrase import PassphraseDialog
from tests.gui.conftest import close_window
from tests.support.cleartext import cleartext_hits, date_spellings
from tests.support.memory_keyring import BrokenKeyring

TODAY = dt.date.today()


def _show_page(qtbot, window):  # type: ignore[no-untyped-def]
    page = window.young_people_page
    qtbot.waitUntil(lambda: page.store is not None or page.unlock is not None, timeout=10_000)
    window.tabs.setCurrentWidget(page)
    return page


def _fill_adviser(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: isinstance(page.dialog, AdviserDialog), timeout=5000)
    dialog = page.dialog
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # empty: refused
    assert "obligatoire" in dialog.errors.text("first_name")
    for field, text in ((dialog.first_name, "Camille"), (dialog.last_name, "Durand"),
                        (dialog.agency_name, "Mission Locale de Lyon"), (dialog.agency_code, "69001"),
                        (dialog.fields.phone, "04 72"), (dialog.fields.email, "camille@ml-lyon.example.org")):
        qtbot.keyClicks(field, text)
    assert dialog.errors.text("first_name") == ""  # cleared as the adviser types
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Téléphone professionnel invalide" in dialog.errors.text("phone")  # explained under the field
    qtbot.keyClicks(dialog.fields.phone, " 00 00 00")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.adviser is not None and page.dialog is None, timeout=5000)
    assert (page.adviser.phone, page.adviser.email) == ("04 72 00 00 00", "camille@ml-lyon.example.org")


def _type(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    """Replace the field's text, typing it key by key (QTest cannot type accented letters)."""
    field.clear()
    if text.isascii():
        qtbot.keyClicks(field, text)
    else:
        field.insert(text)


def _mark(catalogue_page, pk: int):  # type: ignore[no-untyped-def]
    row = catalogue_page.model.row_of(pk)
    return None if row is None else catalogue_page.model.index(row).data(EligibilityRole)


def _run_check(qtbot, page, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(page.dialog, EligibilityDialog), timeout=5000)
    dialog = page.dialog
    assert not dialog.rqth.isVisible()  # 20 years old: the RQTH question is not asked
    dialog.not_student.setChecked(True)
    dialog.not_in_training.setChecked(True)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.catalogue_page.eligibility_label.isVisibleTo(window.catalogue_page), timeout=5000)


def test_the_catalogue_lists_the_adviser_departement_offers_first(qtbot, open_main_window) -> None:
    """The profile's agency code (69001) puts the Rhône's local offers at the top of the catalogue."""
    window = open_main_window()
    catalogue_page = window.catalogue_page
    with window.session.catalogue.read() as conn:
        rhone = set(conn.exec_driver_sql("SELECT offer_pk FROM offer_departements WHERE departement = '69'").scalars())
    qtbot.waitUntil(lambda: catalogue_page.model.rowCount() > 0, timeout=5000)
    assert catalogue_page.model.pk_at(0) not in rhone  # no profile yet: national offers first
    page = _show_page(qtbot, window)
    _fill_adviser(qtbot, page)
    assert catalogue_page.current_filters().home_departement == "69"
    qtbot.waitUntil(lambda: catalogue_page.model.pk_at(0) in rhone, timeout=5000)


def test_file_invalid_then_valid_then_catalogue_marks(qtbot, open_main_window) -> None:
    window = open_main_window()
    page = _show_page(qtbot, window)
    _fill_adviser(qtbot, page)
    assert "Camille Durand" in page.banner.text()

    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(page.dialog, YoungPersonForm), timeout=5000)
    form = page.dialog
    start = TODAY - dt.timedelta(days=30)
    _type(qtbot, form.first_name, "Léa")
    _type(qtbot, form.last_name, "Quenouillère")
    _type(qtbot, form.dates["birth_date"], format_date(TODAY + dt.timedelta(days=3)))
    _type(qtbot, form.postal_code, "69003")
    _type(qtbot, form.dates["cej_start"], format_date(start))
    _type(qtbot, form.dates["cej_planned_end"], format_date(start - dt.timedelta(days=1)))
    _type(qtbot, form.external_ref, "12AB")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "futur" in form.errors.text("birth_date")
    assert "précéder le début" in form.errors.text("cej_planned_end")
    assert "chiffres" in form.errors.text("external_ref")
    assert form.isVisible()
    assert ops.load_people(page.store) == []  # nothing saved half-way

    birth_date = TODAY.replace(year=TODAY.year - 20) - dt.timedelta(days=1)
    _type(qtbot, form.dates["birth_date"], format_date(birth_date))
    _type(qtbot, form.dates["cej_planned_end"], format_date(add_months(start, 9)))
    assert form.errors.text("birth_date") == ""
    _type(qtbot, form.external_ref, "8642097")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.dialog is None and page.model.rowCount() == 1, timeout=5000)
    assert page.selected_person() is not None and page.selected_person().first_name == "Léa"

    with window.session.catalogue.read() as conn:
        paris_only = offer_pk_by_id(conn, "demo-ali-005")
        national = offer_pk_by_id(conn, "demo-mob-007")  # ages 16-25, national
    _run_check(qtbot, page, window)
    catalogue = window.catalogue_page
    assert catalogue.eligible_only_check.text() == "Accessibles à Léa"
    assert "accessible(s) à Léa" in catalogue.eligibility_label.text()
    assert "Éligible au Pass" in page.result.toPlainText()
    mark = _mark(catalogue, paris_only)
    assert mark.status == "not_eligible" and "Paris (75)" in mark.why
    assert _mark(catalogue, national).status in ("eligible", "not_eligible")
    with page.store.read() as conn:
        from pej_desktop.store.personal import list_checks

        checks = list_checks(conn, page.selected_person_id())
    assert [c.result for c in checks] == ["eligible"] and checks[0].adviser_label.startswith("Camille Durand")

    catalogue.eligible_only_check.setChecked(True)
    qtbot.waitUntil(lambda: paris_only not in list(catalogue.model.pks()), timeout=5000)
    assert catalogue.model.rowCount() > 0
    assert all(_mark(catalogue, pk).status == "eligible" for pk in catalogue.model.pks())
    catalogue.eligible_only_check.setChecked(False)

    # Moving to Paris changes the marks: the file changed, the old marks go, a new check shows new ones.
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(page.dialog, YoungPersonForm), timeout=5000)
    _type(qtbot, page.dialog.postal_code, "75011")
    qtbot.mouseClick(page.dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not catalogue.eligibility_label.isVisibleTo(catalogue), timeout=5000)
    qtbot.waitUntil(lambda: page.dialog is None and page.selected_person() is not None, timeout=5000)
    _run_check(qtbot, page, window)
    qtbot.waitUntil(lambda: _mark(catalogue, paris_only) is not None, timeout=5000)
    assert "Paris (75)" not in _mark(catalogue, paris_only).why

    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not catalogue.eligibility_label.isVisibleTo(catalogue), timeout=5000)
    assert _mark(catalogue, paris_only) is None
    window.save_state()  # settings.ini written too: still nothing personal in clear
    needles = ["Quenouillère", "Quenouill", "8642097", *date_spellings(birth_date)]
    assert cleartext_hits(window.session.paths.data_dir, needles) == []


def test_csv_import_and_accent_insensitive_search(qtbot, open_main_window, tmp_path: Path) -> None:
    window = open_main_window()
    page = _show_page(qtbot, window)
    _fill_adviser(qtbot, page)
    source = tmp_path / "portefeuille.csv"
    source.write_bytes("prénom;nom;date de naissance;code postal\nLéa;Martin;14/03/2005;69003\n"
                       "Ève;Œuvray;29/02/2004;01000\nJules;Béranger;31/02/2004;75011\n"
                       "Noé;Lefèvre;02/12/2003;13001\n".encode("cp1252"))
    page.import_file(source)
    qtbot.waitUntil(lambda: page.last_import is not None and page.model.rowCount() == 3, timeout=5000)
    assert [e.line for e in page.last_import.errors] == [4]
    qtbot.waitUntil(lambda: page.dialog is not None, timeout=5000)
    assert "ligne 4" in page.dialog.detailedText()
    page.dialog.accept()
    shown = [page.proxy.index(row, 0).data() for row in range(page.proxy.rowCount())]
    assert shown == ["Lefèvre", "Martin", "Œuvray"]  # by name, A to Z, accents aside
    assert page.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    for typed, expected in (("lea", 1), ("OEUVRAY", 1), ("lefevre noe", 1), ("e", 3), ("zz", 0)):
        page.search_edit.clear()
        qtbot.keyClicks(page.search_edit, typed)
        assert page.proxy.rowCount() == expected, typed
    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "lefev")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)  # Enter: to the list, first match selected
    assert page.selected_person().last_name == "Lefèvre"
    assert page.check_button.isEnabled() and page.edit_button.isEnabled()
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.dialog is not None, timeout=5000)
    assert "irréversible" in page.dialog.text()
    box = page.dialog
    assert box.defaultButton().text() == "&Annuler" and box.escapeButton() is box.defaultButton()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter: the safe answer, nothing deleted
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=5000)
    assert "Lefèvre" in {p.last_name for p in ops.load_people(page.store)}
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog is not box and page.dialog.isVisible(),
                    timeout=5000)
    act = next(b for b in page.dialog.buttons() if b.text() == "&Supprimer le dossier")
    qtbot.mouseClick(act, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    assert "Lefèvre" not in {p.last_name for p in ops.load_people(page.store)}


def test_without_keyring_a_passphrase_protects_the_file(qtbot, open_main_window, paths) -> None:
    keyring.set_keyring(BrokenKeyring())
    window = open_main_window()
    page = _show_page(qtbot, window)
    assert window.catalogue_page.model.rowCount() > 0  # the catalogue did not wait
    qtbot.waitUntil(lambda: isinstance(page.dialog, PassphraseDialog), timeout=5000)
    dialog = page.dialog
    assert "Aucun coffre-fort" in page.banner.text() and dialog.confirmation.isVisible()
    qtbot.keyClicks(dialog.passphrase, "court")
    qtbot.keyClicks(dialog.confirmation, "court")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "au moins 12" in dialog.error.text()
    qtbot.keyClicks(dialog.passphrase, "ma phrase de passe du poste")
    qtbot.keyClicks(dialog.confirmation, "ma phrase de passe du poste")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.store is not None, timeout=10_000)
    _fill_adviser(qtbot, page)
    close_window(window)

    second = open_main_window()
    page = _show_page(qtbot, second)
    qtbot.waitUntil(lambda: isinstance(page.dialog, PassphraseDialog), timeout=5000)
    dialog = page.dialog
    assert not dialog.confirmation.isVisible()
    qtbot.keyClicks(dialog.passphrase, "une mauvaise phrase")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "ne correspond pas" in dialog.error.text(), timeout=10_000)
    assert page.store is None and dialog.isVisible()
    qtbot.keyClicks(dialog.passphrase, "ma phrase de passe du poste")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.store is not None and page.dialog is None, timeout=10_000)
    assert page.adviser is not None and page.adviser.first_name == "Camille"


def test_rqth_question_only_when_it_matters_and_never_kept(qtbot) -> None:
    from PySide6.QtCore import QDate

    from pej_desktop.domain.people import YoungPerson

    # Source: DOMAIN.md, the age rule is judged on the CEJ start; RQTH asked only when the age at entry needs it.
    signed_at_25 = YoungPerson(first_name="Léa", last_name="Martin", birth_date=dt.date(2001, 2, 3),
                               postal_code="69003", cej_start=dt.date(2026, 6, 1))
    early = EligibilityDialog(person=signed_at_25, today=dt.date(2027, 2, 3))  # 26th birthday, during the CEJ
    qtbot.addWidget(early)
    early.show()
    assert not early.rqth.isVisible() and early.confirmations().rqth is None
    person = YoungPerson(first_name="Léa", last_name="Martin", birth_date=dt.date(2001, 2, 3), postal_code="69003")
    dialog = EligibilityDialog(person=person, today=dt.date(2027, 2, 2))  # no CEJ start: the day stands in
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.rqth.isVisible()  # 25 years old
    dialog.reference_date.setDate(QDate(2027, 2, 3))  # 26th birthday
    assert dialog.rqth.isVisible() and "jamais enregistrée" in dialog.rqth_note.text()
    dialog.rqth.setCurrentIndex(dialog.rqth.findText("Oui, le jeune a une RQTH"))
    dialog.not_student.setChecked(True)
    with qtbot.waitSignal(dialog.submitted) as signal:
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    confirmations, on = signal.args
    assert (confirmations.rqth, confirmations.not_student, confirmations.not_in_training) == (True, True, None)
    assert on == dt.date(2027, 2, 3)
    dialog.reference_date.setDate(QDate(2027, 2, 2))  # back under 26: the answer is dropped
    assert dialog.confirmations().rqth is None


def test_a_file_from_a_newer_version_is_refused_plainly(qtbot, open_main_window, paths) -> None:
    from pej_desktop.store.personal import PersonalStore
    from pej_desktop.store.personal_key import key_from_keyring

    store = PersonalStore.open(paths.personal_db, key_from_keyring(paths.personal_db))
    with store.write() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'p9999'")
    store.close()
    window = open_main_window()
    page = window.young_people_page
    qtbot.waitUntil(lambda: "version plus récente" in page.banner.text(), timeout=10_000)
    assert page.store is None and not page.new_button.isEnabled()
    assert window.catalogue_page.model.rowCount() > 0
