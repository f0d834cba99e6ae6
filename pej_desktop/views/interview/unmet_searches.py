"""Counting catalogue searches that found nothing, for the national team's view of unmet demand.

Listens to ``CataloguePage.results_shown``: when a search with words settles on zero
results (no newer search for ``SETTLE_MS``, so "vél", "vélo", "vélo é"… typed on the
way count once, as the last one), it is reduced to the catalogue's own words and counted
in the personal file (``pej_desktop.domain.search_stats``); the next sync sends the counts.
The same search shown again (a filter toggled back and forth) is not counted twice.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from pej_desktop.ops import offer_feedback
from pej_desktop.ops.background import QueryOp

if TYPE_CHECKING:
    from pej_desktop.session import Session

SETTLE_MS = 1500


class UnmetSearchCounter(QObject):
    counted = Signal(object)  # the key counted, or None when the search was not counted

    def __init__(self, page, session: Session, *,  # type: ignore[no-untyped-def]
                 settle_ms: int = SETTLE_MS) -> None:
        super().__init__(page)
        self.page, self.session = page, session
        self._pending: str | None = None
        self._last: str | None = None
        self._timer = QTimer(self, singleShot=True, interval=settle_ms)
        self._timer.timeout.connect(self._settled)
        page.results_shown.connect(self._shown)

    def _shown(self, count: int) -> None:
        query = self.page.current_filters().query.strip()
        if count == 0 and query:
            self._pending = query
            self._timer.start()
        else:
            self._pending = None
            self._timer.stop()

    def _settled(self) -> None:
        query, store = self._pending, self.session.personal
        self._pending = None
        if query is None or store is None or query.casefold() == (self._last or "").casefold():
            return
        self._last = query
        catalogue = self.session.catalogue
        today = dt.date.today()
        QueryOp(parent=self, op=lambda: offer_feedback.count_unmet_search(store, catalogue, query, day=today)) \
            .success(self.counted.emit).run()


def install_unmet_search_counter(window) -> UnmetSearchCounter:  # type: ignore[no-untyped-def]
    return UnmetSearchCounter(window.catalogue_page, window.session)
