"""Alt+letter reaches one control: on each page of the window, the letters in sight (the page's buttons,
the labels of its fields, its tabs, the window's tabs and menus) are each used once."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar, QWidget


def _letters_in_sight(window, page: QWidget) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    texts = [action.text() for action in window.menuBar().actions()]
    def in_sight(widget: QWidget) -> bool:  # on the page itself, not in a dialog it opened
        return widget.window() is window and widget.isVisibleTo(window)

    texts += [w.text() for w in page.findChildren(QAbstractButton) if in_sight(w)]
    texts += [w.text() for w in page.findChildren(QLabel) if in_sight(w) and w.buddy() is not None]
    for bar in window.findChildren(QTabBar):
        if bar.window() is window and bar.isVisibleTo(window):
            texts += [bar.tabText(i) for i in range(bar.count())]
    return [(m.lower(), text) for text in texts for m in re.findall(r"&(\w)", text.replace("&&", ""))]


def test_each_page_gives_each_control_its_own_letter(qtbot, open_main_window) -> None:
    window = open_main_window()
    window.resize(1366, 768)
    interview = window.interview_panel.tabs
    views = [(window.catalogue_page, None), (window.dashboard_page, None)]
    views += [(window.young_people_page, index) for index in range(interview.count())]  # « Besoins », « Suivi »
    for page, tab in views:
        window.show_page(page)
        if tab is not None:
            interview.setCurrentIndex(tab)
        qtbot.wait(100)
        found = _letters_in_sight(window, page)
        letters = [letter for letter, _text in found]
        twice = sorted({text for letter, text in found if letters.count(letter) > 1})
        assert not twice, (page.objectName(), tab, twice)
        assert len(found) >= 6  # the page's own letters were looked at, not only the menus'
