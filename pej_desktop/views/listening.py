"""Screens hear what writes changed through one mixin (Anki's ``operation_did_execute``)."""

from __future__ import annotations

import contextlib
import warnings
from typing import Any

from PySide6.QtCore import QObject

from pej_desktop.ops.changes import Changes, change_hub


def _disconnect(slot: Any) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # already disconnected
        # PySide raises SystemError for the slot of an object C++ has already destroyed.
        with contextlib.suppress(RuntimeError, TypeError, SystemError):
            change_hub().changed.disconnect(slot)


class ChangesListener:
    """Mixin for a QObject screen: ``_on_changes`` hears every announced ``Changes`` from
    ``listen_to_changes()`` until the screen is destroyed or ``stop_listening()`` is called
    (the window calls it on every screen before it closes the stores)."""

    _listening: Any = None

    def listen_to_changes(self) -> None:
        assert isinstance(self, QObject)
        slot = self._on_changes
        change_hub().changed.connect(slot)
        self._listening = slot
        self.destroyed.connect(lambda *_: _disconnect(slot))

    def stop_listening(self) -> None:
        slot, self._listening = self._listening, None
        if slot is not None:
            _disconnect(slot)

    def _on_changes(self, changes: Changes) -> None:
        raise NotImplementedError
