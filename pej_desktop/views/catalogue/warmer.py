"""Loads, beside the database worker, what the first eligibility check after a sync would wait for.

Each state of the catalogue has facts read once (``ops.catalogue_facts``): the offers'
eligibility terms and the index built from them, 0.4–0.6 s over 50 000 offers. Without
this, the young person of the first interview after a sync waits for them. The warmer
loads them once the first offers are listed at start (never before: the cold start does
not pay for them) and whenever a sync or a restore announces that the catalogue changed.
The reads run on the network pool: a search typed meanwhile, on the database worker, does not
wait for them (it waited up to 0.5 s behind them).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from pej_desktop.ops import catalogue_facts
from pej_desktop.ops.background import QueryOp
from pej_desktop.ops.changes import Changes
from pej_desktop.views.listening import ChangesListener

if TYPE_CHECKING:
    from pej_desktop.session import Session

log = logging.getLogger(__name__)


class CatalogueWarmer(QObject, ChangesListener):
    """Queues the catalogue's facts on the network pool, one step per job."""

    def __init__(self, session: Session, parent: QObject) -> None:
        super().__init__(parent)
        self._session = session
        self.listen_to_changes()

    def warm(self) -> None:
        """Read the current catalogue's facts now, each step as its own job (a search may pass between)."""
        for step in catalogue_facts.warm_steps(self._session.catalogue):
            QueryOp(parent=self, op=step, kind="net").failure(self._failed).run()

    def _on_changes(self, changes: Changes) -> None:
        if changes.catalogue:
            self.warm()

    @staticmethod
    def _failed(error: BaseException) -> None:
        """Nobody waits for this: the screen that needs the facts reads them and says what fails."""
        log.warning("catalogue facts not preloaded: %s", type(error).__name__)
