"""``pej-desktop``'s start: after a clean exit the catalogue is listed first, the other
screens (and the personal file) follow; after a crash everything is built at once."""

from __future__ import annotations

from PySide6.QtGui import QAction

from tests.gui.conftest import close_window


def _window(qtbot, paths):  # type: ignore[no-untyped-def]
    from pej_desktop.app import make_application, open_session
    from pej_desktop.views.main_window import MainWindow

    make_application([])
    window = MainWindow(open_session(paths), catalogue_first=True)
    qtbot.addWidget(window)
    return window


def _tabs(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def _clean_exit_before(qtbot, open_main_window) -> list[str]:  # type: ignore[no-untyped-def]
    first = open_main_window()
    tabs = _tabs(first)
    close_window(first)
    return tabs


def test_after_a_clean_exit_the_other_screens_follow_the_first_listing(qtbot, open_main_window, paths) -> None:
    every_tab = _clean_exit_before(qtbot, open_main_window)
    window = _window(qtbot, paths)
    assert _tabs(window) == ["&Catalogue"]
    window.show()
    with qtbot.waitSignal(window.catalogue_page.results_shown, timeout=10_000):
        window.start()
    assert window.session.personal is None and _tabs(window) == ["&Catalogue"]
    with qtbot.waitSignal(window.screens_ready, timeout=10_000):
        pass
    assert _tabs(window) == every_tab
    qtbot.waitUntil(lambda: window.session.personal is not None, timeout=10_000)  # opened on the worker
    assert str(window.session.settings.value("session/clean_exit")).lower() == "false"  # the run has begun
    close_window(window)
    assert str(window.session.settings.value("session/clean_exit")).lower() == "true"


def test_a_shortcut_pressed_before_the_first_listing_finds_its_screen(qtbot, open_main_window, paths) -> None:
    _clean_exit_before(qtbot, open_main_window)
    window = _window(qtbot, paths)
    window.show()
    (people,) = window.findChildren(QAction, "action_show_young_people")
    people.trigger()  # before start(): nothing was listed yet
    assert window.tabs.currentWidget() is window.young_people_page
    window.start()
    qtbot.waitUntil(lambda: window.catalogue_page.model.rowCount() > 0, timeout=10_000)
    close_window(window)


def test_after_a_crash_every_screen_is_built_before_the_window_shows(qtbot, paths) -> None:
    window = _window(qtbot, paths)  # no clean exit recorded: the first start, or a crash
    assert len(_tabs(window)) > 1 and window.young_people_page is not None
    window.show()
    with qtbot.waitSignal(window.screens_ready, timeout=10_000):
        window.start()
    qtbot.waitUntil(lambda: window.catalogue_page.model.rowCount() > 0, timeout=10_000)
    close_window(window)


def test_screens_built_after_the_first_listing_get_the_text_size_and_descriptions(qtbot, open_main_window,
                                                                                  paths) -> None:
    """The adviser's enlarged text and the accessible descriptions reach the screens the
    staged start builds later, as they reach the catalogue built at once."""
    from pej_desktop.views.look import TEXT_STEP_SETTING, point_size

    first = open_main_window()
    first.session.settings.setValue(TEXT_STEP_SETTING, 3)
    close_window(first)
    window = _window(qtbot, paths)
    window.show()
    with qtbot.waitSignal(window.screens_ready, timeout=10_000):
        window.start()
    expected = point_size(3)
    assert abs(window.catalogue_page.search_edit.font().pointSizeF() - expected) < 0.6  # built at once
    button = window.young_people_page.new_button  # built after the first listing
    assert abs(button.font().pointSizeF() - expected) < 0.6, button.font().pointSizeF()
    window.tabs.setCurrentWidget(window.young_people_page)  # described when shown, like every control
    assert button.accessibleDescription()
    close_window(window)
