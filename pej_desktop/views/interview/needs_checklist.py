"""The needs checklist of the young person's file: tick what weighs, optionally how much.

One row per need: a check box and a rough monthly amount ("60" or "12,50"), enabled
once the need is ticked. ``submitted`` carries the checklist once every amount reads;
otherwise the unreadable amount is shown next to its field, in French, and nothing is
sent.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from pej_desktop.domain.money import format_cents
from pej_desktop.domain.needs import NEEDS, AmountError, NeedEntry, NeedsChecklist, parse_monthly_amount
from pej_desktop.views.look import set_tone


class NeedsChecklistWidget(QWidget):
    submitted = Signal(object)  # NeedsChecklist

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("needs_checklist")
        self.boxes: dict[str, QCheckBox] = {}
        self.amounts: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Besoins</b>", self), 0, 0)
        grid.addWidget(QLabel("<b>Environ, par mois (facultatif)</b>", self), 0, 1)
        for row, need in enumerate(NEEDS, start=1):
            self._add_row(grid, row, need.key, need.label)
        self.save_button = QPushButton("Enregistrer les besoins", self, objectName="needs_save")
        self.save_button.clicked.connect(self.submit)
        self.status = QLabel(self, objectName="needs_status", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.save_button)
        layout.addWidget(self.status)

    def _add_row(self, grid: QGridLayout, row: int, key: str, label: str) -> None:
        box = QCheckBox(label, self, objectName=f"need_{key}")
        box.setAccessibleName(f"Besoin : {label}")
        amount = QLineEdit(self, objectName=f"need_{key}_amount", enabled=False)
        amount.setPlaceholderText("ex. 60")
        amount.setAccessibleName(f"Montant mensuel, {label}")
        amount.setMaximumWidth(110)
        error = QLabel(self, objectName=f"need_{key}_error", wordWrap=True, visible=False)
        set_tone(error, "error")
        box.toggled.connect(amount.setEnabled)
        box.toggled.connect(lambda _on, k=key: self._clear_error(k))
        amount.returnPressed.connect(self.submit)
        grid.addWidget(box, row, 0)
        grid.addWidget(amount, row, 1)
        grid.addWidget(error, row, 2)
        self.boxes[key], self.amounts[key], self.errors[key] = box, amount, error

    def set_checklist(self, checklist: NeedsChecklist) -> None:
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

    def submit(self) -> None:
        checklist = self.read()
        if checklist is None:
            self.status.setText("Corrigez le montant signalé : les besoins n'ont pas été enregistrés.")
            return
        self.status.setText("Enregistrement…")
        self.submitted.emit(checklist)

    def _clear_error(self, key: str) -> None:
        self.errors[key].clear()
        self.errors[key].setVisible(False)
