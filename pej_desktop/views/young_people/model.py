"""The portfolio as a table, filtered in memory by folded name (accents and case ignored).

The file is encrypted, so searching happens over the decrypted list rather than in
SQL: a portfolio holds at most a few thousand people, and folding is done once per
load. The table shows the age, never the date of birth.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from pej_desktop.domain.people import PROGRAMMES, YoungPerson, age_on, format_date
from pej_desktop.domain.text import fold
from pej_desktop.views.filtering import matches, typed_words

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Nom", "Prénom", "Âge", "Code postal", "Programme", "Fin du CEJ", "Dernier contact")
SORT_ROLE = Qt.ItemDataRole.UserRole


class PeopleModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._people: list[YoungPerson] = []
        self._keys: list[str] = []
        self._rows_by_id: dict[int, int] = {}
        self._today = dt.date.today()

    def set_people(self, people: list[YoungPerson], *, today: dt.date) -> None:
        self.beginResetModel()
        self._people, self._today = list(people), today
        self._keys = [fold(f"{p.last_name} {p.first_name} {p.first_name} {p.external_ref or ''}") for p in people]
        self._rows_by_id = {p.id: row for row, p in enumerate(people) if p.id is not None}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # type: ignore[no-untyped-def]
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid():
            return None
        person = self._people[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(person, index.column())
        if role == SORT_ROLE:
            return self._sort_value(person, index.column())
        return None

    def _display(self, person: YoungPerson, column: int) -> str:
        if column == 2:
            return f"{age_on(person.birth_date, self._today)} ans" if person.birth_date else ""
        if column in (5, 6):
            day = self._cej_end(person) if column == 5 else person.last_contact
            return format_date(day) if day else ""
        return str(self._sort_value(person, column))

    def _sort_value(self, person: YoungPerson, column: int) -> object:
        """Names as text; the age by date of birth (youngest last); dates as day numbers."""
        if column == 0:
            return person.last_name
        if column == 1:
            return person.first_name
        if column == 2:
            return -(person.birth_date or dt.date.max).toordinal()
        if column == 3:
            return person.postal_code
        if column == 4:
            return PROGRAMMES.get(person.programme, person.programme)
        day = self._cej_end(person) if column == 5 else person.last_contact
        return day.toordinal() if day else 0

    @staticmethod
    def _cej_end(person: YoungPerson) -> dt.date | None:
        return person.cej_real_end or person.cej_planned_end

    def person_at(self, row: int) -> YoungPerson | None:
        return self._people[row] if 0 <= row < len(self._people) else None

    def row_of(self, person_id: int) -> int | None:
        return self._rows_by_id.get(person_id)

    def search_key(self, row: int) -> str:
        return self._keys[row]


class PeopleFilter(QSortFilterProxyModel):
    """Keeps the rows whose folded name holds every typed word (any order, any accent)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tokens: list[str] = []
        self.setSortRole(SORT_ROLE)
        self.setSortLocaleAware(True)

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._tokens = typed_words(text)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not self._tokens or not isinstance(model, PeopleModel):
            return True
        return matches(self._tokens, model.search_key(source_row))

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if left.column() in (0, 1):
            return fold(str(a)) < fold(str(b))
        return a < b  # type: ignore[operator]
