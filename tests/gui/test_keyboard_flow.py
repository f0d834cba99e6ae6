"""The main flow with the keyboard only: find a young person, check, pick an offer, activate, print.

Only key events reach the window (shortcuts, Alt+letter, Tab, arrows, Space, Enter); a trap
or an action out of reach fails the test on the step that needs it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from pej_desktop.views.dialogs.pdf_preview import PdfPreviewDialog
from pej_desktop.views.young_people.activation_dialog import ActivationDialog
from pej_desktop.views.young_people.eligibility_dialog import EligibilityDialog
from tests.gui.test_activations_gui import _prepared
from tests.support.pdf_reading import all_text

ALT, CTRL, NONE = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.NoModifier


def _focused(window: QWidget) -> QWidget:
    active = QApplication.activeModalWidget() or QApplication.activeWindow() or window
    return active.focusWidget() or active


def _key(qtbot, window: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> None:  # type: ignore[no-untyped-def]
    if QApplication.activeWindow() is None:  # offscreen, a closed dialog does not hand activation back
        window.activateWindow()
        qtbot.waitActive(window)
        qtbot.wait(100)
    qtbot.keyClick(_focused(window), key, modifier)
    qtbot.wait(150 if modifier == ALT else 20)  # a mnemonic « clicks » its button after a short animation


def _tab_to(qtbot, window: QWidget, wanted: QWidget, *, limit: int = 40) -> None:  # type: ignore[no-untyped-def]
    """Tab until ``wanted`` has the focus: fails if the chain loops without reaching it (a trap)."""
    seen = []
    for _ in range(limit):
        if _focused(window) is wanted:
            return
        seen.append(_focused(window).objectName() or type(_focused(window)).__name__)
        _key(qtbot, window, Qt.Key.Key_Tab)
    raise AssertionError(f"{wanted.objectName()} unreachable with Tab; went through {seen}")


def test_tab_follows_the_interview_screen_and_comes_back(qtbot, open_main_window, paths) -> None:
    """From the list, Tab goes down the left column (list, needs, recommendations), then the right one
    (the check's result, the codes), then the action bar, and on round to the top: no trap."""
    _prepared(paths)
    window = open_main_window()
    window.resize(1366, 768)
    window.activateWindow()
    qtbot.waitActive(window)
    page, interview, codes = window.young_people_page, window.interview_panel, window.activations.panel
    qtbot.waitUntil(lambda: page.store is not None and page.model.rowCount() > 0, timeout=10_000)
    _key(qtbot, window, Qt.Key.Key_2, CTRL)
    _key(qtbot, window, Qt.Key.Key_R, ALT)
    _key(qtbot, window, Qt.Key.Key_Return)  # to the list, on the first young person
    assert _focused(window) is page.table
    qtbot.waitUntil(lambda: interview.interview is not None, timeout=10_000)
    landmarks = [page.table, interview.tabs.tabBar(), interview.checklist.boxes["food"],
                 interview.recommendations.uses, interview.recommendations.list, page.eligibility.result,
                 codes.table, page.check_button, codes.activate_button, codes.print_button, page.search_edit]
    seen: list[QWidget] = []
    for _ in range(80):
        _key(qtbot, window, Qt.Key.Key_Tab)
        focused = _focused(window)
        if focused in landmarks and focused not in seen:
            seen.append(focused)
        if focused is page.table:
            break
    else:
        raise AssertionError(f"Tab never came back to the list; went through {[w.objectName() for w in seen]}")
    assert [w.objectName() for w in seen] == [w.objectName() for w in landmarks[1:] + landmarks[:1]]


def test_the_whole_interview_with_the_keyboard_only(qtbot, open_main_window, paths) -> None:
    _prepared(paths)
    window = open_main_window()
    window.activateWindow()
    qtbot.waitActive(window)
    page = window.young_people_page
    qtbot.waitUntil(lambda: page.store is not None and page.model.rowCount() > 0, timeout=10_000)

    _key(qtbot, window, Qt.Key.Key_2, CTRL)  # Affichage › Jeunes
    assert window.tabs.currentWidget() is page
    _key(qtbot, window, Qt.Key.Key_R, ALT)  # « Rechercher : »
    assert _focused(window) is page.search_edit
    qtbot.keyClicks(page.search_edit, "lea martin")
    _key(qtbot, window, Qt.Key.Key_Return)  # to the list, on the first match
    assert _focused(window) is page.table and page.selected_person() is not None

    _key(qtbot, window, Qt.Key.Key_V, ALT)  # « Vérifier l'éligibilité… »
    qtbot.waitUntil(lambda: isinstance(page.dialog, EligibilityDialog), timeout=5000)
    dialog = page.dialog
    _key(qtbot, window, Qt.Key.Key_P, ALT)  # « n'est &pas étudiant »
    _key(qtbot, window, Qt.Key.Key_F, ALT)  # « pas en &formation »
    assert dialog.not_student.isChecked() and dialog.not_in_training.isChecked()
    _key(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.eligibility.checked_person_id is not None, timeout=10_000)

    panel = window.activations.panel
    qtbot.waitUntil(lambda: panel.activate_button.isEnabled(), timeout=5000)
    _key(qtbot, window, Qt.Key.Key_A, ALT)  # « Activer des offres… »
    qtbot.waitUntil(lambda: isinstance(panel.dialog, ActivationDialog), timeout=10_000)
    activation = panel.dialog
    _key(qtbot, window, Qt.Key.Key_O, ALT)  # « &Offres : » → the list
    assert _focused(window) is activation.offer_list
    if activation.offer_list.currentRow() < 0:
        _key(qtbot, window, Qt.Key.Key_Down)
    _key(qtbot, window, Qt.Key.Key_Space)  # tick the offer under the cursor
    assert len(activation.checked_items()) == 1
    _key(qtbot, window, Qt.Key.Key_A, ALT)  # « &Activer »
    qtbot.waitUntil(lambda: activation.pages.currentIndex() == 1, timeout=10_000)
    assert "Code à remettre au jeune" in activation.result_view.toPlainText()
    _key(qtbot, window, Qt.Key.Key_Return)  # « Fermer » has the focus
    qtbot.waitUntil(lambda: panel.dialog is None or not panel.dialog.isVisible(), timeout=5000)

    _key(qtbot, window, Qt.Key.Key_P, CTRL)  # Imprimer le récapitulatif
    qtbot.waitUntil(lambda: isinstance(panel.dialog, PdfPreviewDialog), timeout=15_000)
    preview = panel.dialog
    assert "Léa MARTIN" in all_text(preview.pdf)
    _tab_to(qtbot, window, preview.print_button)  # the print button is reachable from the keyboard
    assert preview.print_button.isDefault()
    preview.reject()
