"""What a screen reader hears from a widget: its accessible name and description, as Qt's
accessibility layer gives them (an explicit name, else a button's text or a field's buddy
label; an explicit description, else the tooltip)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QTabBar, QWidget


def spoken(widget: QWidget, what: QAccessible.Text) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return (interface.text(what) if interface is not None else "").replace("&", "").strip()


def focusable(root: QWidget) -> list[QWidget]:
    """The widgets Tab can reach under ``root``: shown, taking focus by Tab, not a proxy."""
    return [w for w in root.findChildren(QWidget)
            if w.isVisibleTo(root) and w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None]


TEXTS = (("name", QAccessible.Text.Name), ("description", QAccessible.Text.Description))


def unnamed_or_undescribed(root: QWidget) -> list[str]:
    gaps = []
    for widget in focusable(root):
        if isinstance(widget, QTabBar):  # Qt describes each tab (its tooltip), not the bar
            gaps += [f"tab {i} of {widget.objectName()!r} ({label})" for i, missing in tab_gaps(widget)
                     for label in missing]
            continue
        missing = [label for label, what in TEXTS if not spoken(widget, what)]
        if missing:
            gaps.append(f"{type(widget).__name__} {widget.objectName()!r} ({'/'.join(missing)})")
    return gaps


def tab_gaps(bar: QTabBar) -> list[tuple[int, list[str]]]:
    interface = QAccessible.queryAccessibleInterface(bar)
    tabs = [interface.child(i) for i in range(interface.childCount())] if interface is not None else []
    tabs = [tab for tab in tabs if tab is not None and tab.role() == QAccessible.Role.PageTab]
    assert len(tabs) == bar.count(), "every tab is seen by the accessibility layer"
    found = [(i, [label for label, what in TEXTS if not tab.text(what).strip()]) for i, tab in enumerate(tabs)]
    return [(i, missing) for i, missing in found if missing]
