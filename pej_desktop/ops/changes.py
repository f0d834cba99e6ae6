"""What a write changed, and the one place writes announce it (Anki's OpChanges).

Screens do not call each other to refresh: a write returns ``Changes``, ``WriteOp``
announces them on the change hub, and every screen that listens decides for itself
whether to reload (``views.listening.ChangesListener``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """What a write changed; screens decide for themselves whether to refresh."""

    catalogue: bool = False
    people: bool = False
    activations: bool = False
    settings: bool = False
    source: Any = None  # the widget that caused it, so it can skip its own refresh


ACTIVATIONS = Changes(activations=True)
PEOPLE = Changes(people=True)


@dataclass(frozen=True)
class Written(Generic[T]):
    """A write's result for its caller, with the changes it made for everyone else."""

    value: T
    changes: Changes


class ChangeHub(QObject):
    changed = Signal(object)  # Changes


_hub: ChangeHub | None = None


def change_hub() -> ChangeHub:
    """The process's one hub (created on first use, on the GUI thread)."""
    global _hub
    if _hub is None:
        _hub = ChangeHub()
    return _hub


def announce(changes: Changes) -> None:
    """Tell every listening screen; for changes made outside a ``WriteOp`` (a sync, a restore)."""
    change_hub().changed.emit(changes)
