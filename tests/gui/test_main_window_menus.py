"""The main window's menus come from one table (views.main_window.MENUS)."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from pej_desktop.views.main_window import MENUS, Item, Submenu


def _declared(entries) -> list[str]:  # type: ignore[no-untyped-def]
    names: list[str] = []
    for entry in entries:
        if isinstance(entry, Submenu):
            names += _declared(entry.items)
        elif isinstance(entry, Item):
            names.append(entry.name)
    return names


def _shown(menu: QMenu) -> list[str]:
    names: list[str] = []
    for action in menu.actions():
        if action.menu() is not None:
            names += _shown(action.menu())
        elif not action.isSeparator():
            names.append(action.objectName())
    return names


def test_the_menus_are_exactly_the_table_each_action_once(open_main_window) -> None:
    window = open_main_window()
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == [title for title, _entries in MENUS] == ["&Fichier", "&Édition", "Affic&hage", "A&ide"]
    for title, entries in MENUS:
        assert _shown(window.menu(title)) == _declared(entries)
    every = [name for _title, entries in MENUS for name in _declared(entries)]
    assert len(every) == len(set(every))
    assert len(window.findChildren(QAction, "action_quit")) == 1


def test_affichage_moves_between_the_pages(qtbot, open_main_window) -> None:
    window = open_main_window()
    for name, page in (("action_show_young_people", window.young_people_page),
                       ("action_show_dashboard", window.dashboard_page),
                       ("action_show_catalogue", window.catalogue_page)):
        window.findChild(QAction, name).trigger()
        assert window.tabs.currentWidget() is page


def _mnemonic(text: str) -> str | None:
    index = text.replace("&&", "").find("&")
    return None if index < 0 else text.replace("&&", "")[index + 1].lower()


def test_each_menu_gives_each_entry_its_own_letter() -> None:
    """Alt+F then a letter opens one entry: three entries of Fichier shared R, two of Données personnelles J."""
    def check(title: str, entries) -> None:  # type: ignore[no-untyped-def]
        letters = []
        for entry in entries:
            if entry is None:
                continue
            text = entry.title if isinstance(entry, Submenu) else entry.text
            letters.append(_mnemonic(text))
            if isinstance(entry, Submenu):
                check(text, entry.items)
        assert None not in letters, title
        assert len(letters) == len(set(letters)), (title, sorted(letters))

    for title, entries in MENUS:
        check(title, entries)
    assert len({_mnemonic(title) for title, _entries in MENUS}) == len(MENUS)
