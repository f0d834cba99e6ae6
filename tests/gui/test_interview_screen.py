"""The « Jeunes » screen as an adviser meets it in an interview: the bugs they hit first, on the real window."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QWidget

from pej_desktop.domain.text import fold
from pej_desktop.ops import people as ops
from pej_desktop.ops.activations import activate_offers
from pej_desktop.views.dialogs.pdf_preview import PdfPreviewDialog
from pej_desktop.views.young_people.activation_dialog import ActivationDialog
from pej_desktop.views.young_people.adviser_dialog import AdviserDialog
from pej_desktop.views.young_people.form import YoungPersonForm
from tests.gui.test_activations_gui import GROCERY, _panel, _prepared
from tests.support.keyboard import clashes
from tests.support.pdf_reading import all_text


def _within_screen(widget: QWidget) -> bool:
    area = widget.screen().availableGeometry()
    return widget.width() <= min(area.width(), 1366) and widget.height() <= min(area.height(), 768)


def test_the_print_button_previews_the_summary_and_the_preview_fits_the_screen(qtbot, open_main_window,
                                                                               paths) -> None:
    person_id = _prepared(paths)
    window = open_main_window()
    panel = _panel(qtbot, window, person_id)
    activate_offers(window.session.personal, window.session.catalogue, person_id, [GROCERY])
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(panel.dialog, PdfPreviewDialog), timeout=15_000)
    preview = panel.dialog
    assert "Léa MARTIN" in all_text(preview.pdf)
    assert _within_screen(preview), preview.size()
    for button in (preview.print_button, preview.save_button, preview.close_button):
        corner = button.mapTo(preview, QPoint(0, 0))
        assert preview.rect().contains(QRect(corner, button.size())), button.text()
    preview.reject()


def _shown_in(widget: QWidget, window: QWidget) -> bool:
    """Visible, and wholly inside the window (not clipped by a splitter, a scroll area or the screen)."""
    if not widget.isVisible() or widget.visibleRegion().isEmpty():
        return False
    return window.rect().contains(QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()))


def test_the_interview_is_one_screen_without_scrolling_sideways(qtbot, open_main_window, paths) -> None:
    person_id = _prepared(paths)
    window = open_main_window()
    panel = _panel(qtbot, window, person_id)
    page, interview = window.young_people_page, window.interview_panel
    activate_offers(window.session.personal, window.session.catalogue, person_id, [GROCERY])
    panel.reload()
    interview.checklist.boxes["food"].setChecked(True)  # needs: the recommendations fill the companion
    qtbot.waitUntil(lambda: interview.recommendations.list.topLevelItemCount() > 0, timeout=10_000)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=5000)
    for width, height in ((1366, 768), (1, 1)):  # the laptop's screen, then the smallest the window allows
        window.resize(width, height)
        qtbot.wait(100)
        width, height = window.width(), window.height()
        assert width <= 1366 and height <= 768
        sideways = [area.objectName() or type(area).__name__ for area in page.findChildren(QAbstractScrollArea)
                    if area.isVisible() and area.horizontalScrollBar().isVisible()]
        assert sideways == [], (width, height, sideways)
        for button in (page.check_button, panel.activate_button, panel.print_button):
            assert _shown_in(button, window) and button.isEnabled(), (width, height, button.text())
            assert button.parentWidget() is page.action_bar
        assert "Léa Martin" in page.action_bar.person.text()
        if width < 1366:
            continue  # the smallest window scrolls up and down; the laptop's screen shows everything at once
        # The young person, their needs and offers, the code handed over: all on this screen.
        for shown in (page.table, interview.checklist.boxes["food"], interview.recommendations.list, panel.table):
            assert _shown_in(shown, window), (width, height, shown.objectName())
        code = panel.table.visualItemRect(panel.table.item(0, 1))
        assert panel.table.viewport().rect().contains(code)
    rows = interview.recommendations.list
    assert all(rows.visualItemRect(rows.topLevelItem(i)).height() < 2 * rows.fontMetrics().height() + 8
               for i in range(rows.topLevelItemCount()))  # one line per recommendation, no wall of wrapped text
    # The next step is the default button: the check holds, so « Activer des offres… ».
    assert panel.activate_button.isDefault() and not page.check_button.isDefault()


def test_the_code_to_hand_over_is_never_behind_a_horizontal_scrollbar(qtbot, open_main_window, paths) -> None:
    person_id = _prepared(paths)
    window = open_main_window()
    window.resize(1366, 768)
    panel = _panel(qtbot, window, person_id)
    activate_offers(window.session.personal, window.session.catalogue, person_id, [GROCERY])
    panel.reload()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=5000)
    table = panel.table
    code = table.visualItemRect(table.item(0, 1))
    assert table.viewport().rect().contains(code), (code, table.viewport().rect())


def test_tab_in_the_young_persons_form_follows_the_screen(qtbot) -> None:
    form = YoungPersonForm(person=None)
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    qtbot.waitActive(form)
    form.first_name.setFocus()
    seen = [form.first_name.objectName()]
    for _ in range(6):
        qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
        seen.append(form.focusWidget().objectName())
    assert seen == ["first_name", "last_name", "birth_date", "postal_code", "programme", "external_ref_kind",
                    "external_ref"]


def test_tab_leaves_the_young_people_list(qtbot, open_main_window, paths) -> None:
    person_id = _prepared(paths)
    window = open_main_window()
    _panel(qtbot, window, person_id)
    table = window.young_people_page.table
    window.activateWindow()
    qtbot.waitActive(window)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert window.focusWidget() is not table
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Backtab)
    assert window.focusWidget() is table


def test_one_mnemonic_per_action_on_each_screen(qtbot, open_main_window, paths) -> None:
    person_id = _prepared(paths)
    window = open_main_window()
    _panel(qtbot, window, person_id)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(50)
        assert clashes(window) == {}, window.tabs.tabText(index)


def test_the_activation_filter_ignores_accents_and_case(qtbot, open_main_window, paths) -> None:
    person_id = _prepared(paths)
    window = open_main_window()
    panel = _panel(qtbot, window, person_id)
    panel.open_activation()
    qtbot.waitUntil(lambda: isinstance(panel.dialog, ActivationDialog), timeout=10_000)
    dialog = panel.dialog
    items = [dialog.offer_list.item(row) for row in range(dialog.offer_list.count())]
    accented = next(item for item in items if any(ch in item.text() for ch in "éèêàç"))
    word = next(w for w in accented.text().split() if any(ch in w for ch in "éèêàç"))
    typed = fold(word).upper()  # « ÉPICERIE » typed as « EPICERIE »
    assert typed != word
    qtbot.keyClicks(dialog.filter_edit, typed)
    shown = [item for item in items if not item.isHidden()]
    assert accented in shown
    assert all(fold(word) in fold(item.text()) for item in shown)
    assert all(fold(word) not in fold(item.text()) for item in items if item.isHidden())
    dialog.reject()


def test_an_activated_offer_says_when_not_non_accessible(qtbot, open_main_window, paths) -> None:
    person_id = _prepared(paths)
    window = open_main_window()
    _panel(qtbot, window, person_id)
    store, catalogue = window.session.personal, window.session.catalogue
    activate_offers(store, catalogue, person_id, [GROCERY])
    from pej_desktop.domain.eligibility import Confirmations
    from pej_desktop.store.search import offer_pk_by_id

    outcome = ops.run_eligibility_check(store, catalogue, person_id,
                                        Confirmations(not_student=True, not_in_training=True), on=_today())
    with catalogue.read() as conn:
        pk = offer_pk_by_id(conn, GROCERY)
    mark = outcome.marks[pk]
    assert mark.kind == "activated" and mark.label == f"Déjà activée le {_today():%d/%m/%Y}"
    window.catalogue_page.set_eligibility("Léa", outcome.marks)  # the catalogue's list says it too
    model = window.catalogue_page.model
    qtbot.waitUntil(lambda: any("Déjà activée le" in (model.data(model.index(row)) or "")
                                for row in range(model.rowCount())), timeout=5000)


def test_the_profile_is_asked_once_at_first_start(qtbot, open_main_window, paths) -> None:
    from pej_desktop.views.dialogs.first_run import maybe_show_first_run

    window = open_main_window()
    assistant = maybe_show_first_run(window, env={})
    assert assistant is not None
    page = window.young_people_page
    window.tabs.setCurrentWidget(page)  # the adviser looks at the Jeunes page while the assistant is open
    qtbot.waitUntil(lambda: page.store is not None, timeout=10_000)
    qtbot.wait(200)
    assert not isinstance(page.dialog, AdviserDialog)
    assistant.reject()


def _today():  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.date.today()


def test_error_texts_are_never_clipped(qtbot) -> None:
    form = YoungPersonForm(person=None)
    qtbot.addWidget(form)
    form.resize(420, form.sizeHint().height())  # a narrow dialog: the sentences wrap on several lines
    form.show()
    qtbot.keyClicks(form.dates["birth_date"], "31/02/20")
    qtbot.keyClicks(form.postal_code, "6")
    form.try_submit()
    qtbot.wait(50)
    shown = [label for label in form.findChildren(QLabel) if label.objectName().endswith("_error")
             and label.isVisible()]
    assert len(shown) >= 3
    for label in shown:
        assert label.height() >= label.heightForWidth(label.width()), (label.text(), label.size())
        assert form.rect().contains(QRect(label.mapTo(form, QPoint(0, 0)), label.size())), label.text()


def _number(text: str) -> int:
    import re

    return int(re.search(r"\d+", text).group())  # type: ignore[union-attr]


def test_counts_of_the_same_thing_agree_across_screens(qtbot, open_main_window, paths) -> None:
    person_id = _prepared(paths)
    window = open_main_window()
    catalogue = window.catalogue_page
    qtbot.waitUntil(lambda: "au catalogue" in window.source_label.text(), timeout=5000)
    in_catalogue = _number(window.source_label.text())
    # The list's count says it is a part of the status bar's count when a filter (valid today) hides some.
    catalogue.valid_today_check.setChecked(True)
    qtbot.waitUntil(lambda: "affichée" in catalogue.result_count_label.text(), timeout=5000)
    shown = catalogue.result_count_label.text()
    assert shown.endswith(f"sur {in_catalogue} au catalogue") and _number(shown) < in_catalogue
    qtbot.waitUntil(lambda: catalogue.category_list.item(0).text().endswith(f"({_number(shown)})"),
                    timeout=5000)  # « Toutes les catégories (76) »: the same figure as the list
    catalogue.valid_today_check.setChecked(False)
    qtbot.waitUntil(lambda: catalogue.result_count_label.text() == f"{in_catalogue} offres", timeout=5000)

    # « accessible(s) » is one figure everywhere: the check's result, the catalogue, the activation dialog.
    panel = _panel(qtbot, window, person_id)
    store = window.session.personal
    activate_offers(store, window.session.catalogue, person_id, [GROCERY])
    page = window.young_people_page
    from pej_desktop.domain.eligibility import Confirmations

    page.eligibility.run_check(store, person_id, Confirmations(not_student=True, not_in_training=True), _today())
    qtbot.waitUntil(lambda: page.eligibility.checked_person_id == person_id, timeout=10_000)
    result = page.result.toPlainText()
    accessible = _number(result.split("offre(s) accessible(s)")[0].split("\n")[-1])
    assert accessible > 0 and "1 déjà activée(s)" in result
    assert f"{in_catalogue} offre(s) publiée(s)" in result
    assert _number(catalogue.eligibility_label.text()) == accessible
    panel.open_activation()
    qtbot.waitUntil(lambda: isinstance(panel.dialog, ActivationDialog), timeout=10_000)
    intro = panel.dialog.findChild(QLabel, "activation_intro").text()
    to_verify = panel.dialog.choices.to_verify
    assert intro.startswith(f"{accessible + to_verify} offre(s) ouverte(s)")
    if to_verify:
        assert f": {accessible} accessible(s) et {to_verify} à vérifier" in intro
    panel.dialog.reject()


def test_a_check_updates_the_companion_and_the_next_step_at_once(qtbot, open_main_window, paths) -> None:
    from pej_desktop.domain.eligibility import Confirmations, Status
    from pej_desktop.store.catalogue import CatalogueStore
    from pej_desktop.store.demo import ensure_demo_loaded
    from tests.support.activation_setup import prepare_person

    store = ops.open_personal_store(paths).store
    catalogue = CatalogueStore.open(paths.catalogue_db, backup_dir=paths.backups_dir)
    ensure_demo_loaded(catalogue)
    person_id = prepare_person(store, catalogue, check=False).id
    store.close()
    catalogue.close()
    window = open_main_window()
    panel = _panel(qtbot, window, person_id)
    page, interview = window.young_people_page, window.interview_panel
    qtbot.waitUntil(lambda: interview.interview is not None and interview.checklist.isEnabled(), timeout=10_000)
    interview.checklist.boxes["food"].setChecked(True)
    qtbot.waitUntil(lambda: "food" in interview.interview.needs.keys, timeout=10_000)
    assert interview.recommendations.list.topLevelItemCount() == 0  # no conclusive check yet: nothing to offer
    assert "Lancez « Vérifier l'éligibilité »" in interview.recommendations.summary.text()
    assert page.check_button.isDefault() and not panel.activate_button.isDefault()

    page.eligibility.run_check(window.session.personal, person_id,
                               Confirmations(not_student=True, not_in_training=True), _today())
    qtbot.waitUntil(lambda: interview.interview is not None and interview.interview.programme.status is Status.ELIGIBLE
                    and interview.recommendations.list.topLevelItemCount() > 0, timeout=10_000)
    assert panel.activate_button.isDefault() and not page.check_button.isDefault()
    assert page.eligibility.checked_person_id == person_id  # the result stays shown
