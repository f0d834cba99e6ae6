"""Aide › Guide du conseiller and Aide › Raccourcis clavier: help where advisers look for it.

The guide is a resource file (``resources/help/guide-du-conseiller.html``), written in French
for advisers in an interview. The shortcuts page is generated from what the window really
has: the actions built from ``MainWindow.MENUS`` (their keys read back from the ``QAction``s,
so a key added to the table appears here), the menus' and tabs' Alt+letter, every underlined
letter of each screen's buttons and labels, and the print preview's keys (the table its
actions are built from). It cannot go stale.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QLabel,
    QTabBar,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.config import resources_dir
from pej_desktop.views.dialog_buttons import DialogButtons
from pej_desktop.views.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from pej_desktop.views.main_window import MainWindow

Row = tuple[str, str]  # keys, what they do
MNEMONIC = re.compile(r"&([^&\s])")
EVERYWHERE: tuple[Row, ...] = (
    ("Tab / Maj+Tab", "passer au champ ou au bouton suivant / précédent, dans l'ordre de l'écran"),
    ("Alt + lettre soulignée", "activer le bouton ou aller au champ dont la lettre est soulignée"),
    ("Entrée", "valider le bouton mis en avant (en bleu) d'une fenêtre"),
    ("Échap", "fermer la fenêtre sans rien enregistrer"),
    ("Espace", "cocher ou décocher une case, appuyer sur le bouton qui a le focus"),
    ("Flèches", "se déplacer dans une liste ou un tableau"),
)
PAGES = {"guide": "Guide du conseiller", "shortcuts": "Raccourcis clavier"}


def plain(text: str) -> str:
    """A menu or button text as read aloud: no mnemonic mark, no ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def key_text(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


def mnemonic(text: str) -> str | None:
    """« Alt+V » for « &Vérifier », None when the text has no underlined letter."""
    match = MNEMONIC.search(text.replace("&&", ""))
    return f"Alt+{match.group(1).upper()}" if match else None


def menu_rows(window: MainWindow) -> list[Row]:
    """Every action of the table that has keys, with the menu it lives in, then the menus' letters."""
    from pej_desktop.views.main_window import MENUS, Item, Submenu

    rows: list[Row] = []
    for title, entries in MENUS:
        items = [e for e in entries if isinstance(e, Item)]
        items += [i for e in entries if isinstance(e, Submenu) for i in e.items]
        for item in items:
            action = window.findChild(QAction, item.name)
            keys = [key_text(s) for s in action.shortcuts()] if action is not None else []
            keys = [k for k in keys if k]  # a standard key the platform leaves unbound (Quit, offscreen)
            if keys:
                rows.append((" ou ".join(keys), f"{plain(title)} › {plain(item.text)}"))
    for title, _entries in MENUS:
        if letter := mnemonic(title):
            rows.append((letter, f"ouvrir le menu {plain(title)}"))
    return rows


def screen_rows(page: QWidget) -> list[Row]:
    """The underlined letters of one screen: its buttons, and the labels that lead to a field."""
    rows: dict[str, str] = {}
    for text in screen_texts(page):
        if (letter := mnemonic(text)) and letter not in rows:
            rows[letter] = plain(text).rstrip(" :")
    return sorted(rows.items())


def screen_texts(page: QWidget) -> list[str]:
    """The texts that may carry an underlined letter: buttons, labels leading to a field, tabs."""
    texts = [w.text() for w in page.findChildren(QAbstractButton)]
    texts += [w.text() for w in page.findChildren(QLabel) if w.buddy() is not None]
    texts += [bar.tabText(i) for bar in page.findChildren(QTabBar) for i in range(bar.count())]
    return texts


def preview_rows() -> list[Row]:
    """The print preview's keys (a dialog opened for one document, so read from its table)."""
    from pej_desktop.views.dialogs.pdf_preview import PREVIEW_KEYS

    return [(key_text(QKeySequence(keys)), what) for what, keys in PREVIEW_KEYS.items()]


def shortcut_sections(window: MainWindow) -> list[tuple[str, list[Row]]]:
    sections: list[tuple[str, list[Row]]] = [("Partout", list(EVERYWHERE)), ("Menus", menu_rows(window))]
    tabs = window.tabs
    for index in range(tabs.count()):
        title = plain(tabs.tabText(index))
        rows = [(letter, f"aller à l'onglet {title}") for letter in filter(None, [mnemonic(tabs.tabText(index))])]
        page = tabs.widget(index)
        sections.append((f"Onglet « {title} »", rows + (screen_rows(page) if page is not None else [])))
    sections.append(("Aperçu avant impression (récapitulatif, fiches offres)", preview_rows()))
    return sections


def shortcuts_html(window: MainWindow) -> str:
    parts = ["<h1>Raccourcis clavier</h1>",
             "<p>Tout le travail d'un entretien se fait au clavier. Les touches ci-dessous sont lues "
             "dans l'application elle-même : cette page est toujours à jour.</p>"]
    for title, rows in shortcut_sections(window):
        parts.append(f"<h2>{html.escape(title)}</h2><table cellpadding='4'>"
                     "<tr><th align='left'>Touches</th><th align='left'>Action</th></tr>")
        parts += [f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(what)}</td></tr>" for keys, what in rows]
        parts.append("</table>")
    return "\n".join(parts)


def guide_html() -> str:
    return (resources_dir() / "help" / "guide-du-conseiller.html").read_text(encoding="utf-8")


class HelpDialog(QDialog):
    """A page of help beside the window (not modal: the adviser reads it while working)."""

    def __init__(self, *, title: str, body: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("help_dialog")
        self.setWindowTitle(title)
        self.text = QTextBrowser(self, objectName="help_text", openExternalLinks=False)
        self.text.setHtml(body)
        self.text.setAccessibleName(title)
        self.text.setAccessibleDescription("Texte de l'aide ; flèches et Page suivante pour le parcourir, "
                                           "Échap pour fermer.")
        buttons = DialogButtons(self, cancel="&Fermer")
        buttons.cancel_button.setAccessibleDescription("Ferme cette page d'aide.")
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 820, 700)


def open_help(window: MainWindow, page: str) -> None:
    body = guide_html() if page == "guide" else shortcuts_html(window)
    if window.help_dialog is not None:
        window.help_dialog.close()
    dialog = HelpDialog(title=PAGES[page], body=body, parent=window)
    dialog.setObjectName(f"help_{page}")
    window.help_dialog = dialog
    dialog.show()
    dialog.text.setFocus()
