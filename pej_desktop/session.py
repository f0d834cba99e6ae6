"""The typed state of a running app, in the manner of Anki's ``mw.col``.

One ``Session`` is made at start and handed to every screen: the paths, the settings,
the catalogue (always open) and the personal store, ``None`` until the adviser's key
opens it. Screens keep no store of their own: they read ``session.personal`` when they
need it, and ``personal_opened`` / ``personal_closed`` tell them when it changes.

Opening and closing the personal store run on the database worker, like every other
use of it, so a close never pulls the file from under a query already queued there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Signal

from pej_desktop.config import Paths
from pej_desktop.ops.background import QueryOp, on_database_worker

if TYPE_CHECKING:  # the personal store (SQLAlchemy's ORM) is imported once the window lists offers
    from pej_desktop.ops import people as people_ops
    from pej_desktop.ops.integrity import CatalogueRecovery
    from pej_desktop.store.catalogue import CatalogueStore
    from pej_desktop.store.personal import PersonalStore
    from pej_desktop.store.personal_key import DatabaseKey


class Session(QObject):
    personal_opened = Signal(object)  # PersonalStore
    personal_closed = Signal()

    def __init__(self, *, paths: Paths, catalogue: CatalogueStore, settings: QSettings,
                 catalogue_recovery: CatalogueRecovery | None = None, personal: PersonalStore | None = None) -> None:
        """``personal``: a store opened beforehand (benchmarks); the window opens its own."""
        super().__init__()
        self.paths = paths
        self.catalogue = catalogue
        self.settings = settings
        self._personal = personal
        self._catalogue_recovery = catalogue_recovery
        self._ended = False

    @property
    def personal(self) -> PersonalStore | None:
        """The adviser's encrypted file, or None while it is locked, damaged or not yet open."""
        return self._personal

    def take_catalogue_recovery(self) -> CatalogueRecovery | None:
        """The catalogue was set aside and started afresh at opening: said once, then forgotten."""
        recovery, self._catalogue_recovery = self._catalogue_recovery, None
        return recovery

    def open_personal(self, key: DatabaseKey, *, parent: QObject,
                      done: Callable[[people_ops.Opening], Any],
                      failed: Callable[[BaseException], Any]) -> None:
        """Open the personal store with ``key`` on the database worker; ``done`` hears how it went
        (open, locked or damaged) after the screens were told it is open."""
        from pej_desktop.ops import people as people_ops

        paths = self.paths
        QueryOp(parent=parent, op=lambda: people_ops.open_personal_store(paths, key)) \
            .success(lambda opening: self._opened(opening, done)).failure(failed).run()

    def _opened(self, opening: people_ops.Opening, done: Callable[[people_ops.Opening], Any]) -> None:
        if self._ended:  # the window closed while the file was opening: nobody may use it now
            if opening.store is not None:
                opening.store.close()
            return
        if opening.store is not None and opening.damage is None:
            self._personal = opening.store
            self.personal_opened.emit(opening.store)
        done(opening)

    def close_personal(self) -> None:
        """Dispose of the encrypted file's connections, after the work already queued on it."""
        store, self._personal = self._personal, None
        if store is None:
            return
        self.personal_closed.emit()
        on_database_worker(store.close)

    def end(self) -> None:
        """The window closes (after its workers stopped): both stores close, and an opening of
        the personal file still on its way is closed when it lands, never handed to a screen
        (a late « file open » would wake the closed window's backups in a deleted folder)."""
        self._ended = True
        self.catalogue.close()
        self.close_personal()

