"""What a screen reader hears from a widget: its accessible name and description, as Qt's
accessibility layer gives them (an explicit name, else a button's text or a field's buddy
label; an explicit description, else the tooltip)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget


def spoken(widget: QWidget, what: QAccessible.Text) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return (interface.text(what) if interface is not None else "").replace("&", "").strip()


def focusable(root: QWidget) -> list[QWidget]:
    """The widgets Tab can reach under ``root``: shown, taking focus by Tab, not a proxy."""
    return [w for w in root.findChildren(QWidget)
            if w.isVisibleTo(root) and w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None]


def unnamed_or_undescribed(root: QWidget) -> list[str]:
    gaps = []
    for widget in focusable(root):
        missing = [label for label, what in (("name", QAccessible.Text.Name),
                                             ("description", QAccessible.Text.Description))
                   if not spoken(widget, what)]
        if missing:
            gaps.append(f"{type(widget).__name__} {widget.objectName()!r} ({'/'.join(missing)})")
    return gaps
