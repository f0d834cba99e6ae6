"""GUI fixtures: the real main window on a fresh data directory (offscreen Qt)."""

from __future__ import annotations

import pytest


@pytest.fixture
def open_main_window(qtbot, paths):  # type: ignore[no-untyped-def]
    """Factory: opens the real main window on ``paths``; closes every window at teardown."""
    from pej_desktop.app import make_application, open_session
    from pej_desktop.views.main_window import MainWindow

    make_application([])
    windows = []

    def open_window() -> MainWindow:
        window = MainWindow(open_session(paths))
        qtbot.addWidget(window)
        window.show()
        window.start()
        page = window.catalogue_page
        qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
        windows.append(window)
        return window

    yield open_window
    for window in windows:
        close_window(window)


def close_window(window) -> None:  # type: ignore[no-untyped-def]
    if window.isVisible():
        window.close()
    window.shutdown()
