"""What a keyboard user meets on a screen: its mnemonics (Alt+letter) and its Tab chain."""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtWidgets import QAbstractButton, QLabel, QMainWindow, QTabBar, QWidget

_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    """The letter after a single « & » (« && » is a literal ampersand), folded to lower case."""
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).casefold() if found else None


def screen_mnemonics(root: QWidget) -> dict[str, list[str]]:
    """Letter → the texts that use it among the visible buttons, buddy labels and tabs under ``root``
    (and the menu bar's titles when ``root`` is the main window)."""
    found: dict[str, list[str]] = defaultdict(list)
    texts: list[str] = []
    if isinstance(root, QMainWindow):
        texts += [action.text() for action in root.menuBar().actions() if action.isVisible()]
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            texts.append(widget.text())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i)]
    for text in texts:
        letter = mnemonic(text)
        if letter is not None:
            found[letter].append(text)
    return found


def clashes(root: QWidget) -> dict[str, list[str]]:
    """Letters that mean more than one thing on this screen."""
    return {letter: texts for letter, texts in screen_mnemonics(root).items() if len(texts) > 1}
