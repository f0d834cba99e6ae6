"""Every dialog of the app on a laptop screen: it fits, no label is clipped, every control has a name.

The offscreen screen (800×800) is smaller than the advisers' 1366×768 in width: a dialog that
fits here fits there. A label is clipped when the room it was given is smaller than what its
text needs (its size hint, or its height for its width when it wraps).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QWidget

from pej_desktop.views.interview.offer_feedback_dialog import FeedbackDialog
from pej_desktop.views.young_people.passphrase import PassphraseDialog
from tests.gui.test_activations_gui import GROCERY, _panel, _prepared

LAPTOP_WIDTH, LAPTOP_HEIGHT = 1366, 768


def _open_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def _clipped_labels(dialog: QDialog) -> list[str]:
    clipped = []
    for label in dialog.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        if label.wordWrap():
            fits = label.height() >= label.heightForWidth(label.width())
        else:
            hint = label.sizeHint()
            fits = label.width() >= hint.width() and label.height() >= hint.height()
        if not fits:
            clipped.append(f"{label.objectName() or label.text()[:40]!r} {label.size().toTuple()}")
    return clipped


def _unnamed_controls(dialog: QWidget) -> list[str]:
    """Focusable controls a screen reader could not name: no accessible name, no text, no buddy label."""
    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if label.buddy() is not None}
    unnamed = []
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus or widget.focusProxy():
            continue
        if widget.accessibleName() or widget in buddies:
            continue
        if isinstance(widget, QAbstractButton | QLabel) and widget.text().replace("&", "").strip():
            continue
        unnamed.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return unnamed


def _inspect(dialog: QDialog, problems: dict[str, list[str]]) -> None:
    name = dialog.objectName() or dialog.windowTitle()
    found = problems.setdefault(name, [])
    area = dialog.screen().availableGeometry()
    if dialog.width() > min(area.width(), LAPTOP_WIDTH) or dialog.height() > min(area.height(), LAPTOP_HEIGHT):
        found.append(f"too large: {dialog.size().toTuple()} on {area.size().toTuple()}")
    found.extend(f"clipped {text}" for text in _clipped_labels(dialog))
    found.extend(f"unnamed {text}" for text in _unnamed_controls(dialog))


def _check(qtbot, opener: Callable[[], Any], problems: dict[str, list[str]]) -> None:  # type: ignore[no-untyped-def]
    """Open, inspect, close: from a timer, so that dialogs run with exec() are inspected too."""
    before = set(map(id, _open_dialogs()))
    seen: list[QDialog] = []

    def poll() -> None:
        new = [d for d in _open_dialogs() if id(d) not in before]
        if not new:
            QTimer.singleShot(50, poll)
            return
        QApplication.processEvents()
        for dialog in new:
            _inspect(dialog, problems)
            seen.append(dialog)
            dialog.reject()

    QTimer.singleShot(50, poll)
    opener()
    qtbot.waitUntil(lambda: bool(seen), timeout=15_000)


def test_every_dialog_fits_the_screen_with_no_clipped_label_and_named_controls(qtbot, open_main_window,
                                                                               paths) -> None:
    person_id = _prepared(paths)
    window = open_main_window()
    panel = _panel(qtbot, window, person_id)
    page = window.young_people_page
    from pej_desktop.ops.activations import activate_offers

    activate_offers(window.session.personal, window.session.catalogue, person_id, [GROCERY])
    openers: list[Callable[[], Any]] = [
        window.show_about, window.open_offer_sheets, window.data_safety.open_backups, window.open_first_run,
        window.sync_controller.open_settings, window.data_safety.duties.open_audit,
        window.data_safety.duties.open_retention, window.activations.open_pending,
        page.new_person, page.edit_person, page.edit_adviser, page.check_eligibility,
        panel.open_activation, panel.print_summary,
        lambda: FeedbackDialog(offer_title="Épicerie solidaire", parent=window).open(),
        lambda: PassphraseDialog(message="Choisissez une phrase de passe.", creating=True, parent=window).open(),
    ]
    problems: dict[str, list[str]] = {}
    for opener in openers:
        _check(qtbot, opener, problems)
    assert {name: found for name, found in problems.items() if found} == {}
