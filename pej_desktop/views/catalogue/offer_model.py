"""The result list's model: holds only integer keys, fetches rows by blocks.

A search over 50 000 offers yields one ``array`` of keys; the rows a view actually
paints are loaded in blocks of ``BLOCK`` on the database worker and cached, so no
Python object per offer exists until it is shown.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Mapping

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from pej_desktop.domain.describe import CHANNEL_LABELS, short_discount
from pej_desktop.domain.eligibility import OfferState
from pej_desktop.ops.catalogue import OfferSummary

BLOCK = 100
MAX_CACHED = 4000
SummaryRole = Qt.ItemDataRole.UserRole + 1
EligibilityRole = Qt.ItemDataRole.UserRole + 2
PkRole = Qt.ItemDataRole.UserRole + 3

BlockLoader = Callable[[int, list[int], Callable[[int, list[OfferSummary]], None]], None]
# (generation, offset, deliver(generation, more keys, complete, their first rows))
PageLoader = Callable[[int, int, Callable[[int, array, bool, list[OfferSummary]], None]], None]

class OfferListModel(QAbstractListModel):
    def __init__(self, load_block: BlockLoader, load_page: PageLoader, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._load_block = load_block
        self._load_page = load_page
        self._pks = array("q")
        self._complete = True
        self._fetching_page = False
        self._generation = 0
        self._cache: dict[int, OfferSummary] = {}
        self._pending: set[int] = set()
        self._marks: Mapping[int, OfferState] = {}

    # -- contents ---------------------------------------------------------------------------
    def set_result(self, pks: array, first_rows: list[OfferSummary], *, complete: bool = True) -> None:
        self.beginResetModel()
        self._generation += 1
        self._pks = array("q", pks)
        self._complete = complete
        self._fetching_page = False
        self._pending.clear()
        if len(self._cache) > MAX_CACHED:
            self._cache.clear()
        self._cache.update((row.pk, row) for row in first_rows)
        self.endResetModel()

    def set_marks(self, marks: Mapping[int, OfferState] | None) -> None:
        self._marks = marks or {}
        if self._pks:
            self.dataChanged.emit(self.index(0), self.index(len(self._pks) - 1), [EligibilityRole])

    def invalidate_rows(self) -> None:
        """Forget cached rows (the catalogue changed underneath)."""
        self._cache.clear()

    def pk_at(self, row: int) -> int | None:
        return self._pks[row] if 0 <= row < len(self._pks) else None

    def row_of(self, pk: int) -> int | None:
        try:
            return self._pks.index(pk)
        except ValueError:
            return None

    def pks(self) -> array:
        return self._pks

    # -- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._pks)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid():
            return None
        pk = self._pks[index.row()]
        if role == PkRole:
            return pk
        if role == EligibilityRole:
            return self._marks.get(pk)
        summary = self._cache.get(pk)
        if summary is None:
            self._request_block(index.row() // BLOCK)
            return "Chargement…" if role == Qt.ItemDataRole.DisplayRole else None
        if role == SummaryRole:
            return summary
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _accessible_text(summary, self._marks.get(pk))
        if role == Qt.ItemDataRole.ToolTipRole:
            mark = self._marks.get(pk)
            return mark.why if mark else None
        return None

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and not self._complete and not self._fetching_page

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:
        if not self.canFetchMore(parent):
            return
        self._fetching_page = True
        self._load_page(self._generation, len(self._pks), self._page_loaded)

    @property
    def complete(self) -> bool:
        return self._complete

    def _page_loaded(self, generation: int, pks: array, complete: bool, rows: list[OfferSummary]) -> None:
        if generation != self._generation:
            return
        self._fetching_page = False
        self._complete = complete
        self._cache.update((row.pk, row) for row in rows)
        if pks:
            first = len(self._pks)
            self.beginInsertRows(QModelIndex(), first, first + len(pks) - 1)
            self._pks.extend(pks)
            self.endInsertRows()

    # -- block loading ----------------------------------------------------------------------------
    def _request_block(self, block: int) -> None:
        if block in self._pending:
            return
        self._pending.add(block)
        start = block * BLOCK
        keys = list(self._pks[start:start + BLOCK])
        generation = self._generation
        self._load_block(generation, keys, lambda gen, rows: self._block_loaded(gen, block, rows))

    def _block_loaded(self, generation: int, block: int, rows: list[OfferSummary]) -> None:
        if generation != self._generation:
            return
        self._pending.discard(block)
        self._cache.update((row.pk, row) for row in rows)
        first = block * BLOCK
        last = min(first + BLOCK, len(self._pks)) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first), self.index(last))

    @property
    def generation(self) -> int:
        return self._generation


def _accessible_text(summary: OfferSummary, mark: OfferState | None) -> str:
    parts = [summary.title, summary.partner, summary.category, short_discount(summary.discount),
             CHANNEL_LABELS.get(summary.channel, "")]
    if mark:
        parts.append(mark.label)
    return " — ".join(p for p in parts if p)
