"""The needs checklist of the young person's file: tick what weighs, optionally how much.

One row per need: a check box and a rough monthly amount ("60" or "12,50"), enabled
once the need is ticked. There is no save button: every tick and every keystroke emits
``edited``, and the interview panel saves what ``read`` gives (a tick at once, an amount
once the typing pauses). An unreadable
amount is shown next to its field, in French, and the checklist is not saved until it
reads; ``readable`` is what a forced save (another person selected, the window closed)
keeps of it: the need ticked, without the unreadable amount.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from pej_desktop.domain.money import format_cents
from pej_desktop.domain.needs import NEEDS, AmountError, NeedEntry, NeedsChecklist, parse_monthly_amount
from pej_desktop.views.look import set_tone


class NeedsChecklistWidget(QWidget):
    edited = Signal(bool)  # changed by the adviser (not by ``set_checklist``): True when typing an amount

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("needs_checklist")
        self.boxes: dict[str, QCheckBox] = {}
        self.amounts: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self._filling = False
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Besoins</b>", self), 0, 0)
        amounts = QLabel("<b>€ par mois</b>", self)
        amounts.setToolTip("Facultatif : environ combien le jeune dépense par mois pour ce besoin.")
        grid.addWidget(amounts, 0, 1)
        for row, need in enumerate(NEEDS, start=1):
            self._add_row(grid, row, need.key, need.label)
        self.status = QLabel(self, objectName="needs_status", wordWrap=True)
        self.status.setAccessibleName("État de l'enregistrement des besoins")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def _add_row(self, grid: QGridLayout, row: int, key: str, label: str) -> None:
        box = QCheckBox(label, self, objectName=f"need_{key}")
        box.setAccessibleName(f"Besoin : {label}")
        box.setAccessibleDescription("Coché : les offres qui y répondent sont recommandées ; enregistré aussitôt")
        amount = QLineEdit(self, objectName=f"need_{key}_amount", enabled=False)
        amount.setPlaceholderText("ex. 60")
        amount.setAccessibleName(f"Montant mensuel, {label}")
        amount.setAccessibleDescription("Environ combien le jeune dépense par mois pour ce besoin, en euros ; "
                                        "facultatif, enregistré aussitôt")
        amount.setMaximumWidth(80)
        error = QLabel(self, objectName=f"need_{key}_error", wordWrap=True, visible=False)
        set_tone(error, "error")
        box.toggled.connect(amount.setEnabled)
        box.toggled.connect(lambda _on, k=key: self._clear_error(k))
        box.toggled.connect(lambda _on: self._edited(typing=False))
        amount.textChanged.connect(lambda _text: self._edited(typing=True))
        grid.addWidget(box, row, 0)
        grid.addWidget(amount, row, 1)
        grid.addWidget(error, row, 2)
        self.boxes[key], self.amounts[key], self.errors[key] = box, amount, error

    def _edited(self, *, typing: bool) -> None:
        if not self._filling:
            self.edited.emit(typing)

    def set_checklist(self, checklist: NeedsChecklist) -> None:
        self._filling = True
        try:
            self._fill(checklist)
        finally:
            self._filling = False

    def _fill(self, checklist: NeedsChecklist) -> None:
        for key, box in self.boxes.items():
            amount = checklist.amount(key)
            box.setChecked(key in checklist.keys)
            self.amounts[key].setText("" if amount is None else format_cents(amount).replace("\u202f€", ""))
            self._clear_error(key)
        self.status.clear()

    def read(self) -> NeedsChecklist | None:
        """The checklist as typed, or None after showing each unreadable amount."""
        entries, valid = [], True
        for key, box in self.boxes.items():
            self._clear_error(key)
            if not box.isChecked():
                continue
            try:
                entries.append(NeedEntry(key, parse_monthly_amount(self.amounts[key].text())))
            except AmountError as error:
                self.errors[key].setText(str(error))
                self.errors[key].setVisible(True)
                valid = False
        return NeedsChecklist.of(entries) if valid else None

    def readable(self) -> NeedsChecklist:
        """What can be saved now: every ticked need, with its amount when it reads (a forced save)."""
        entries = []
        for key, box in self.boxes.items():
            if box.isChecked():
                try:
                    entries.append(NeedEntry(key, parse_monthly_amount(self.amounts[key].text())))
                except AmountError:
                    entries.append(NeedEntry(key, None))
        return NeedsChecklist.of(entries)

    def _clear_error(self, key: str) -> None:
        self.errors[key].clear()
        self.errors[key].setVisible(False)
