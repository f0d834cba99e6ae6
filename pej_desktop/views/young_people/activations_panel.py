"""The young person's activations, under the eligibility check on the « Jeunes » page.

The list shows each offer activated for the selected person: when, the code (or
« code à venir »), where it stands (en attente d'envoi, transmise, refusée,
démonstration) and the estimated saving. On a laptop's screen (1366×768) the panel is a
narrow column: two columns are shown, the offer (its whole title wrapped, then its state and
date on a line of their own) and the code (never cut); the line under the list says all of
the selected activation, saving included. Nothing is elided, nothing is read by scrolling
sideways. A refusal from the national side stays highlighted, with what to do, until the
adviser says the young person was told.
« Activer des offres… » and « Imprimer le récapitulatif » (Ctrl+P) start here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.ops import activation_status as status_ops
from pej_desktop.ops import activations as activation_ops
from pej_desktop.ops.background import QueryOp, WriteOp
from pej_desktop.ops.changes import ACTIVATIONS, Changes, Written
from pej_desktop.views.errors import show_unexpected_error
from pej_desktop.views.listening import ChangesListener
from pej_desktop.views.wrapped_rows import WrappedRowsTable, fit_row_heights, text_margin, text_width
from pej_desktop.views.young_people.activation_dialog import ActivationDialog

if TYPE_CHECKING:
    from pej_desktop.session import Session

COLUMNS = ("Offre", "Code", "État", "Activée le", "Économie estimée")  # the code next to its offer, always in sight
SHOWN_COLUMNS = (0, 1)  # the offer with its state and date on a second line, and the code
HIDDEN_COLUMNS = (2, 3, 4)  # in the offer's cell, the details line under the list and the row's tooltip
CODE_SHARE = 0.35  # the code's share of the list's width, beyond which « sur présentation du Pass » wraps
_REFUSED = QColor("#B00020")
_WAITING = QColor("#8A5A00")


class ActivationsTable(WrappedRowsTable):
    """The activations' list, sized for a narrow column: the code gets the width it needs (up to
    ``CODE_SHARE`` of the list, wrapped between words beyond, never inside a code), the offer the rest,
    wrapped; rows grow to their text. Nothing is elided and there is no horizontal scrollbar."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(len(COLUMNS), parent, object_name="activations_table")
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setStretchLastSection(False)

    def share_width(self) -> None:
        width, margin = self.viewport().width(), text_margin(self)
        codes = [item.text() for row in range(self.rowCount()) if (item := self.item(row, 1)) is not None]
        whole = max((text_width(self, code) for code in codes), default=0)
        word = max((text_width(self, part) for code in codes for part in code.split()), default=0)
        header = self.horizontalHeader().sectionSizeHint(1)
        code = max(header, min(whole + 2 * margin, max(int(width * CODE_SHARE), word + 2 * margin)))
        self.setColumnWidth(1, code)
        self.setColumnWidth(0, max(width - code, 0))

    def fit_rows(self) -> None:
        fit_row_heights(self, SHOWN_COLUMNS)


class ActivationsPanel(ChangesListener, QWidget):
    activated = Signal(object)  # ActivationReport: something may wait to be sent

    def __init__(self, session: Session, *, page, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.session, self.page = session, page
        self.setObjectName("activations_panel")
        self.person_id: int | None = None
        self.shown_person_id: int | None = None  # whose activations the list shows (loaded on the worker)
        self.views: list[status_ops.ActivationView] = []
        self.dialog: QWidget | None = None
        # The recommendations ticked in the interview companion and the uses a month agreed there:
        # « Activer des offres… » opens with them ticked (set by ``install_companion``).
        self.picked: tuple[str, ...] = ()
        self.picked_uses: Callable[[], int] | None = None
        self._build()
        page.table.selectionModel().selectionChanged.connect(lambda *_: self.show_person(self._selected_id()))
        page.people_loaded.connect(lambda _count: self.show_person(self._selected_id()))
        self.listen_to_changes()

    def _build(self) -> None:
        self.title = QLabel("<b>Offres activées</b>", self)
        self.table = ActivationsTable(self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setTabKeyNavigation(False)
        self.table.setAccessibleName("Offres activées pour le jeune sélectionné")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        for column in HIDDEN_COLUMNS:
            self.table.setColumnHidden(column, True)
        self.table.verticalHeader().setVisible(False)
        self.details_label = QLabel(self, objectName="activation_details", wordWrap=True, visible=False)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refusal_label = QLabel(self, objectName="refusal_label", wordWrap=True, visible=False)
        self.refusal_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.acknowledge_button = QPushButton("J'ai &prévenu le jeune", self, objectName="acknowledge_button",
                                              visible=False)
        self.acknowledge_button.setToolTip("Le refus reste affiché jusqu'à ce que vous indiquiez avoir prévenu "
                                           "le jeune.")
        self.activate_button = QPushButton("&Activer des offres…", self, objectName="activate_button")
        self.activate_button.setAccessibleName("Activer des offres")
        self.activate_button.setAccessibleDescription("Ouvre le choix des offres ouvertes au jeune, les offres "
                                                      "cochées dans les recommandations déjà cochées")
        self.print_button = QPushButton("Imprimer le récapi&tulatif… (Ctrl+P)", self,
                                        objectName="print_summary_button")
        self.print_button.setAccessibleName("Imprimer le récapitulatif")
        self.print_button.setAccessibleDescription("Aperçu du récapitulatif du jeune, à imprimer ou enregistrer")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details_label)
        layout.addWidget(self.refusal_label)
        layout.addWidget(self.acknowledge_button, 0, Qt.AlignmentFlag.AlignRight)
        # « Activer des offres… » and « Imprimer le récapitulatif… » are placed in the page's action bar
        # (ActivationCenter): they stay on screen whatever the size of this panel.
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.acknowledge_button.clicked.connect(self.acknowledge_selected)
        self.activate_button.clicked.connect(lambda: self.open_activation())
        self.print_button.clicked.connect(self.print_summary)
        self._update_buttons()

    # -- the person shown ------------------------------------------------------------------------
    def _selected_id(self) -> int | None:
        return self.page.selected_person_id()

    def show_person(self, person_id: int | None) -> None:
        self.person_id = person_id
        self._update_buttons()
        if person_id is None or self.session.personal is None:
            self._fill(None, [])
            return
        self.reload()

    def reload(self) -> None:
        store, person_id = self.session.personal, self.person_id
        if store is None or person_id is None:
            return
        QueryOp(parent=self, op=lambda: status_ops.load_person_activations(store, person_id)).success(
            lambda views: self._fill(person_id, views) if person_id == self.person_id else None).run()

    def _fill(self, person_id: int | None, views: list[status_ops.ActivationView]) -> None:
        self.shown_person_id, self.views = person_id, views
        self.table.setRowCount(len(views))
        for row, view in enumerate(views):
            state = ("⚠ " if view.needs_attention else "") + view.state_label
            date = f"{view.activated_at:%d/%m/%Y}"
            dated = f"activée\N{NO-BREAK SPACE}le\N{NO-BREAK SPACE}{date}"  # one piece when the line wraps
            cells = (f"{view.title}\n{state} · {dated}", view.code_label, state, date, view.saving_label)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{view.title}\n{view.code_heading} : {view.code_label}\nActivée le {date} — "
                                f"{view.saving_label}")
                if view.refused:
                    item.setForeground(QBrush(_REFUSED))
                    item.setToolTip(f"{view.refusal_title} : {view.refusal_detail}\n{view.advice}")
                elif view.waiting:
                    item.setForeground(QBrush(_WAITING))
                    item.setToolTip("Enregistrée sur ce poste, pas encore reçue par le serveur national.")
                self.table.setItem(row, column, item)
        self.table.refit()
        first = next((row for row, view in enumerate(views) if view.needs_attention), 0 if views else None)
        if first is not None:
            self.table.selectRow(first)
        self._show_selected()

    def selected_view(self) -> status_ops.ActivationView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.views[rows[0].row()] if rows and rows[0].row() < len(self.views) else None

    def _show_selected(self) -> None:
        self._show_details()
        self._show_refusal()

    def _show_details(self) -> None:
        """All of the selected activation in words, saving included: what a mouse reads in the tooltip."""
        view = self.selected_view()
        self.details_label.setVisible(view is not None)
        if view is not None:
            self.details_label.setText(
                f"<b>{escape(view.title)}</b><br>{view.code_heading} : {escape(view.code_label)} — "
                f"{escape(view.state_label)}, "
                f"activée le {view.activated_at:%d/%m/%Y}<br>Économie estimée : {escape(view.saving_label)}")

    def _show_refusal(self) -> None:
        view = self.selected_view()
        refused = view is not None and view.refused
        self.refusal_label.setVisible(refused)
        self.acknowledge_button.setVisible(refused and not view.acknowledged)  # type: ignore[union-attr]
        if refused:
            told = " (le jeune a été prévenu)" if view.acknowledged else ""  # type: ignore[union-attr]
            self.refusal_label.setText(
                f"<p style='color:#B00020'><b>Activation refusée par le serveur national{told} :</b> "
                f"{escape(view.refusal_title)} — {escape(view.refusal_detail)}</p>"  # type: ignore[union-attr]
                f"<p><b>Que faire :</b> {escape(view.advice)}</p>")  # type: ignore[union-attr]

    def _update_buttons(self) -> None:
        ready = self.session.personal is not None and self.person_id is not None
        self.activate_button.setEnabled(ready)
        self.print_button.setEnabled(ready)
        count = len(self.picked) if ready else 0
        self.activate_button.setText(f"&Activer des offres… ({count} cochée{'s' if count > 1 else ''})" if count
                                     else "&Activer des offres…")

    def set_picked(self, offer_ids: list[str]) -> None:
        """The offers ticked in the recommendations: the activation dialog opens with them ticked."""
        self.picked = tuple(offer_ids)
        self._update_buttons()

    def _on_changes(self, changes: Changes) -> None:
        if (changes.activations or changes.people) and changes.source is not self:
            self.show_person(self._selected_id())

    # -- acting --------------------------------------------------------------------------------------
    def acknowledge_selected(self) -> None:
        view, store = self.selected_view(), self.session.personal
        if view is None or not view.needs_attention or store is None:
            return
        WriteOp(parent=self, op=lambda: Written(status_ops.acknowledge_refusal(store, view.id), ACTIVATIONS)) \
            .success(lambda _done: self.reload()).run()

    def open_activation(self, preselect: frozenset[str] = frozenset()) -> None:
        """The choice of offers for the selected person (computed on the worker), then the activation.

        Without ``preselect``, the recommendations ticked in the companion come ticked (and listed first)."""
        store, person_id = self.session.personal, self.person_id
        if store is None or person_id is None:
            return
        preselect = preselect or frozenset(self.picked)
        catalogue, first = self.session.catalogue, tuple(preselect)
        QueryOp(parent=self, op=lambda: activation_ops.activation_choices(store, catalogue, person_id,
                                                                          first=first)).success(
            lambda choices: self._choose(choices, preselect)).failure(self._failed).run()

    def _choose(self, choices: activation_ops.ActivationChoices, preselect: frozenset[str]) -> None:
        dialog = ActivationDialog(choices=choices, preselect=preselect, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None) if self.dialog is dialog else None)
        dialog.submitted.connect(lambda ids, verified: self._activate(dialog, choices.person_id, ids, verified))
        self.dialog = dialog
        dialog.open()

    def _activate(self, dialog: ActivationDialog, person_id: int, offer_ids: list[str], verified: bool) -> None:
        store, catalogue = self.session.personal, self.session.catalogue
        if store is None:  # closed while the dialog was open (a backup being restored)
            dialog.show_error("Le fichier des jeunes est fermé : rouvrez-le depuis la page Jeunes, puis recommencez.")
            return
        agreed = self.picked_uses() if self.picked_uses is not None else None
        uses = dict.fromkeys(offer_ids, agreed) if agreed is not None else None
        WriteOp(parent=self, op=lambda: Written(activation_ops.activate_offers(
            store, catalogue, person_id, offer_ids, accept_to_verify=verified, uses_per_month=uses),
            ACTIVATIONS)).success(
            lambda report: self._activated(dialog, report)).failure(
            lambda error: self._activation_failed(dialog, error)).run()

    def _activated(self, dialog: ActivationDialog, report: activation_ops.ActivationReport) -> None:
        dialog.show_report(report)
        self.reload()
        self.activated.emit(report)

    def _activation_failed(self, dialog: ActivationDialog, error: BaseException) -> None:
        if isinstance(error, activation_ops.ActivationRefused):
            dialog.show_error(str(error))
        else:
            dialog.reject()
            show_unexpected_error(error, parent=self)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, activation_ops.ActivationRefused):
            box = QMessageBox(QMessageBox.Icon.Warning, "Activation impossible", str(error),
                              QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dialog = box
            box.open()
            return
        show_unexpected_error(error, parent=self)

    # -- the summary ----------------------------------------------------------------------------------
    def print_summary(self) -> None:
        store, person_id = self.session.personal, self.person_id
        if store is None or person_id is None:
            return
        from pej_desktop.views.young_people.summary_printing import open_summary_preview

        open_summary_preview(self, store=store, catalogue=self.session.catalogue, person_id=person_id,
                             on=dt.date.today())
