"""Accessible descriptions come from one mechanism, the show-event filter: a dialog opened after
the start gets them like the window did, and building the window walks nothing."""

from __future__ import annotations

from collections import Counter

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QDialog, QWidget

from pej_desktop.views import descriptions
from pej_desktop.views.descriptions import BY_TEXT, DESCRIPTIONS, ROLE_DESCRIPTIONS
from pej_desktop.views.dialog_buttons import DialogButtons, Role
from pej_desktop.views.young_people.adviser_dialog import AdviserDialog
from tests.gui.accessibility import spoken
from tests.gui.conftest import close_window

DESCRIPTION = QAccessible.Text.Description


def test_building_the_window_describes_nothing_and_showing_describes_each_control_once(qtbot, paths,
                                                                                       monkeypatch) -> None:
    from pej_desktop.app import make_application, open_session
    from pej_desktop.views.main_window import MainWindow

    make_application([])
    seen: Counter[int] = Counter()
    real = descriptions.describe

    def counted(widget: QWidget) -> None:
        seen[id(widget)] += 1
        real(widget)

    monkeypatch.setattr(descriptions, "describe", counted)
    window = MainWindow(open_session(paths))  # every screen built at once
    qtbot.addWidget(window)
    page = window.young_people_page
    results = window.catalogue_page.result_view
    assert sum(seen.values()) == 0  # no walk over the widgets while building
    assert results.accessibleDescription() == "" and page.new_button.accessibleDescription() == ""
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.catalogue_page.model.rowCount() > 0, timeout=10_000)
    assert results.accessibleDescription() == DESCRIPTIONS["result_view"]
    assert page.new_button.accessibleDescription() == ""  # its tab is not shown yet: nobody can reach it
    assert seen and max(seen.values()) == 1, "a control described twice at start"
    window.tabs.setCurrentWidget(page)
    assert page.new_button.accessibleDescription() == DESCRIPTIONS["new_person_button"]
    close_window(window)


def test_a_dialog_opened_after_the_start_has_its_buttons_described(qtbot, open_main_window) -> None:
    window = open_main_window()
    page = window.young_people_page
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: isinstance(page.dialog, AdviserDialog), timeout=10_000)  # no profile yet: asked
    adviser = page.dialog
    assert spoken(adviser.save_button, DESCRIPTION) == DESCRIPTIONS["save_button"]
    cancel = adviser.findChild(DialogButtons).cancel_button
    assert cancel.text() == "Plus ta&rd" and spoken(cancel, DESCRIPTION) == ROLE_DESCRIPTIONS[Role.RejectRole]
    adviser.reject()
    qtbot.waitUntil(lambda: window.session.personal is not None, timeout=10_000)
    window.activations.open_pending()
    pending = window.findChild(QDialog, "pending_dialog")
    qtbot.waitUntil(lambda: pending.isVisible(), timeout=5000)
    close = pending.findChild(DialogButtons).cancel_button
    assert close.text() == "&Fermer" and spoken(close, DESCRIPTION) == BY_TEXT["Fermer"]
    assert spoken(pending.acknowledge_button, DESCRIPTION) == DESCRIPTIONS["dialog_acknowledge_button"]
    pending.reject()
