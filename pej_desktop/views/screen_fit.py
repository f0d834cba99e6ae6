"""Dialogs that fit the screen they open on, and grow with their text.

Advisers work on 1366×768 laptops: a dialog asking for 1000 pixels of height puts its
buttons below the taskbar, out of reach of the mouse. Every dialog asks for its
preferred size through ``fit_to_screen``, which never exceeds the available area of
the screen; when an error appears in a word-wrapped label, ``grow_to_fit`` gives the
dialog the height its layout needs, so the sentence is never clipped.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QWidget

SCREEN_SHARE = 0.92  # leave room for the window frame and the taskbar


def available_area(widget: QWidget) -> QRect:
    """The usable area of the screen the widget is (or will be) on."""
    anchor = widget.parentWidget() or widget
    screen = anchor.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to the preferred size, or to the screen's usable area when that is smaller."""
    area = available_area(widget)
    widget.resize(min(width, int(area.width() * SCREEN_SHARE)), min(height, int(area.height() * SCREEN_SHARE)))


def grow_to_fit(widget: QWidget) -> None:
    """Give a top-level widget the height its layout needs at its current width (word-wrapped
    labels included: Qt sizes windows without asking them their height for a width)."""
    layout = widget.layout()
    if layout is None:
        return
    layout.activate()
    width = max(widget.width(), layout.minimumSize().width())
    needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.sizeHint().height()
    needed = max(needed, layout.minimumSize().height())
    area = available_area(widget)
    if needed > widget.height():
        widget.resize(width, min(needed, area.height()))


def show_example_whole(*fields: QLineEdit) -> None:
    """Each field at least as wide as its example (placeholder): a form's examples are read whole,
    and the dialog is wide enough for its error sentences to fit in a line or two."""
    for field in fields:
        field.setMinimumWidth(field.fontMetrics().horizontalAdvance(field.placeholderText()) + 40)
