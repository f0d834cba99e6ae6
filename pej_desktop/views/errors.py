"""How the window shows a failure: a ``UserError``'s French sentence as it is; a failure of
the machine (full disk, read-only folder, damaged file: ``ops.machine_failures``) as the
French sentence that says what to do; anything else, a bug, in the « Erreur inattendue »
dialog that says where the log is. The app goes on."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from pej_desktop.domain.errors import UserError
from pej_desktop.ops.background import set_failure_shower
from pej_desktop.ops.machine_failures import machine_failure

log = logging.getLogger(__name__)
_log_path: str | None = None
_data_dir: str | None = None
_boxes: list[QMessageBox] = []
_listeners: list[Callable[[BaseException], None]] = []


def add_error_listener(listener: Callable[[BaseException], None]) -> None:
    """Be told of every unexpected error shown (the test suite fails tests on them)."""
    _listeners.append(listener)


def remove_error_listener(listener: Callable[[BaseException], None]) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def set_log_path(path: str) -> None:
    global _log_path
    _log_path = path


def set_data_dir(path: str) -> None:
    """The data folder, named in the sentence about a folder that cannot be written."""
    global _data_dir
    _data_dir = path


def show_unexpected_error(error: BaseException, *, parent: object | None = None) -> None:
    log.error("unexpected error: %s", type(error).__name__,
              exc_info=(type(error), error, error.__traceback__))
    for listener in list(_listeners):
        listener(error)
    if QApplication.instance() is None:
        return
    box = QMessageBox(parent if isinstance(parent, QWidget) else None)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Erreur inattendue")
    box.setText("Une erreur inattendue s'est produite. Vos données enregistrées ne sont pas perdues ; "
                "vous pouvez continuer à utiliser l'application.")
    where = f"Le détail technique est dans le journal :\n{_log_path}" if _log_path else ""
    box.setInformativeText(where)
    box.setDetailedText("".join(traceback.format_exception_only(type(error), error)))
    box.setAccessibleName("Erreur inattendue")
    box.setObjectName("unexpected_error_box")
    if any(shown.isVisible() for shown in _boxes):
        return  # one at a time: an error repeating on a timer does not stack dialogs
    # Not exec(): a nested event loop inside a worker's callback would hold every later
    # callback (and a test) until it is closed; open() lets the application go on.
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _boxes.append(box)
    box.finished.connect(lambda _result: _boxes.remove(box) if box in _boxes else None)
    box.open()


def open_error_box() -> QMessageBox | None:
    """The unexpected-error dialog on screen, if any (for keyboard users and tests)."""
    return next((box for box in _boxes if box.isVisible()), None)


def install_excepthook() -> None:
    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        error.__traceback__ = tb
        show_failure(error)

    sys.excepthook = hook


def show_user_error(error: UserError, *, parent: object | None = None) -> QMessageBox | None:
    """What the user can fix, in their words: no traceback, no log path."""
    if QApplication.instance() is None:
        return None
    box = QMessageBox(QMessageBox.Icon.Warning, error.title, str(error), QMessageBox.StandardButton.Ok,
                      parent if isinstance(parent, QWidget) else None)
    box.setObjectName("user_error_box")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def show_failure(error: BaseException, parent: object | None = None) -> None:
    """The default failure handler of every background operation (``ops.background``)."""
    if isinstance(error, UserError):
        show_user_error(error, parent=parent)
        return
    failure = machine_failure(error, data_dir=_data_dir)
    if failure is not None:
        log.warning("an action stopped: %s", type(error).__name__)
        show_user_error(failure, parent=parent)
    else:
        show_unexpected_error(error, parent=parent)


set_failure_shower(show_failure)
