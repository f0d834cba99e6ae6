"""The look, as the adviser meets it: text size from Affichage, help from Aide, and every
control named and described for a screen reader (main window, each tab, every dialog)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from pej_desktop.views.dialogs.help import key_text
from pej_desktop.views.look import NORMAL_STEP, TEXT_SCALES, TEXT_STEP_SETTING, apply_text_step, point_size
from pej_desktop.views.screen_fit import SCREEN_SHARE
from tests.gui import test_dialogs_fit as fit
from tests.gui.accessibility import unnamed_or_undescribed
from tests.gui.test_activations_gui import _panel, _prepared

CTRL = Qt.KeyboardModifier.ControlModifier


def _press(qtbot, window, key: Qt.Key, modifier=CTRL) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)


def test_text_size_grows_shrinks_is_bounded_and_kept(qtbot, open_main_window) -> None:
    window = open_main_window()
    normal = QApplication.font().pointSizeF()
    assert normal == pytest.approx(point_size(NORMAL_STEP))
    _press(qtbot, window, Qt.Key.Key_Equal)  # Ctrl+= : the + without Shift
    assert QApplication.font().pointSizeF() > normal
    for _ in range(len(TEXT_SCALES) + 2):  # bounded: pressing on does nothing more
        window.findChild(QAction, "action_text_larger").trigger()
    largest = QApplication.font().pointSizeF()
    assert largest == pytest.approx(normal * TEXT_SCALES[-1])
    qtbot.waitUntil(lambda: window.catalogue_page.search_edit.font().pointSizeF() == pytest.approx(largest))
    assert int(window.session.settings.value(TEXT_STEP_SETTING)) == len(TEXT_SCALES) - 1
    window.close()
    window.shutdown()

    again = open_main_window()  # kept in the settings
    assert QApplication.font().pointSizeF() == pytest.approx(largest)
    _press(qtbot, again, Qt.Key.Key_0)  # Ctrl+0
    assert QApplication.font().pointSizeF() == pytest.approx(normal)
    _press(qtbot, again, Qt.Key.Key_Minus)
    assert QApplication.font().pointSizeF() < normal


def test_text_size_keys_are_the_ones_advisers_expect(qtbot, open_main_window) -> None:
    window = open_main_window()
    keys = {name: [s.toString() for s in window.findChild(QAction, name).shortcuts()]
            for name in ("action_text_larger", "action_text_smaller", "action_text_normal")}
    assert keys == {"action_text_larger": ["Ctrl++", "Ctrl+="], "action_text_smaller": ["Ctrl+-"],
                    "action_text_normal": ["Ctrl+0"]}


def _inspect_on_laptop(dialog, problems) -> None:  # type: ignore[no-untyped-def]
    """The offscreen screen is 800 px wide; the advisers' is 1366×768: a dialog must be able to
    shrink to that screen's usable area (its minimum size), and no label may be clipped."""
    found = problems.setdefault(dialog.objectName() or dialog.windowTitle(), [])
    if dialog.font().pointSizeF() != pytest.approx(point_size(len(TEXT_SCALES) - 1)):
        found.append(f"opened at {dialog.font().pointSizeF()} pt, not at the largest text size")
    minimum = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
    room = (int(fit.LAPTOP_WIDTH * SCREEN_SHARE), int(fit.LAPTOP_HEIGHT * SCREEN_SHARE))
    if minimum.width() > room[0] or minimum.height() > room[1]:
        found.append(f"needs {minimum.toTuple()} on a laptop's {room}")
    found.extend(f"clipped {text}" for text in fit._clipped_labels(dialog))


def test_every_dialog_still_fits_a_laptop_at_the_largest_text_size(qtbot, open_main_window, paths,
                                                                    monkeypatch) -> None:
    windows = []

    def largest():  # type: ignore[no-untyped-def]
        window = open_main_window()
        for _ in TEXT_SCALES:
            window.change_text_size(+1)
        windows.append(window)
        return window

    monkeypatch.setattr(fit, "_inspect", _inspect_on_laptop)
    try:
        fit.test_every_dialog_fits_the_screen_with_no_clipped_label_and_named_controls(qtbot, largest, paths)
        problems: dict[str, list[str]] = {}
        _inspect_on_laptop(windows[0], problems)  # the main window too, with the interview shown
        assert problems == {windows[0].objectName(): []}
    finally:
        apply_text_step(QApplication.instance(), NORMAL_STEP)


def test_shortcuts_page_lists_every_key_of_the_action_table_and_each_screens_letters(qtbot,
                                                                                     open_main_window) -> None:
    window = open_main_window()
    _press(qtbot, window, Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier)  # F1: where help is looked for
    assert window.help_dialog is not None and window.help_dialog.objectName() == "help_guide"
    window.findChild(QAction, "action_shortcuts").trigger()
    dialog = window.help_dialog
    assert dialog.objectName() == "help_shortcuts" and dialog.isVisible()
    page = dialog.text.toPlainText()
    shortcuts = [s for a in window.findChildren(QAction) for s in a.shortcuts() if a.objectName().startswith("action_")]
    assert len(shortcuts) >= 12
    missing = [key_text(s) for s in shortcuts if key_text(s) not in page]
    assert missing == []
    for expected in ("Alt+N", "Nouveau dossier", "Alt+F", "ouvrir le menu Fichier", "aller à l'onglet Jeunes",
                     "Affichage › Agrandir le texte", "Aide › Raccourcis clavier", "Suivi"):
        assert expected in page
    assert QKeySequence("Ctrl+=").toString(QKeySequence.SequenceFormat.NativeText) in page
    from pej_desktop.views.dialogs.pdf_preview import PREVIEW_KEYS

    assert all(key_text(QKeySequence(keys)) in page for keys in PREVIEW_KEYS.values())
    assert "Aperçu avant impression" in page


def test_the_guide_explains_the_flow_offline_work_and_every_status_and_fits(qtbot, open_main_window) -> None:
    window = open_main_window()
    window.findChild(QAction, "action_guide").trigger()
    dialog = window.help_dialog
    qtbot.waitUntil(dialog.isVisible)
    text = dialog.text.toPlainText()
    for words in ("Vérifier l'éligibilité", "Hors ligne", "En attente d'envoi", "Transmise", "Refusée",
                  "Déjà activée le", "Non accessible", "À vérifier", "Ctrl+P"):
        assert words in text
    area = dialog.screen().availableGeometry()
    assert dialog.width() <= area.width() and dialog.height() <= area.height()
    assert dialog.focusWidget() is dialog.text  # the arrows scroll the guide at once
    qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_every_control_of_each_tab_has_an_accessible_name_and_description(qtbot, open_main_window,
                                                                           paths) -> None:
    person_id = _prepared(paths)
    window = open_main_window()
    _panel(qtbot, window, person_id)  # the interview of a selected young person is shown
    gaps = {}
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(50)
        gaps[window.tabs.tabText(index)] = unnamed_or_undescribed(window.tabs.widget(index))
    gaps["window"] = [g for g in unnamed_or_undescribed(window) if "tabbar" in g]
    assert {tab: found for tab, found in gaps.items() if found} == {}


def test_every_control_of_every_dialog_has_an_accessible_name_and_description(qtbot, open_main_window, paths,
                                                                              monkeypatch) -> None:
    def inspect(dialog, problems):  # type: ignore[no-untyped-def]
        problems.setdefault(dialog.objectName(), []).extend(unnamed_or_undescribed(dialog))

    monkeypatch.setattr(fit, "_inspect", inspect)
    fit.test_every_dialog_fits_the_screen_with_no_clipped_label_and_named_controls(qtbot, open_main_window, paths)
