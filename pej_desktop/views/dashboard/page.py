"""The "Tableau de bord" page: what the Pass delivered for the structure, from local data.

Filters (period, adviser) recompute the figures on the database worker; the page shows
totals, two charts and two lists, and exports the same figures as CSV or as a one-page
PDF. Nothing here names a young person: the figures are counts and sums.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.domain.dashboard import (
    CATEGORY_LEGEND,
    LEGENDS,
    MONTH_LEGEND,
    PERIODS,
    DashboardFigures,
    DashboardFilter,
    OfferFigure,
    period_range,
)
from pej_desktop.domain.dashboard import describe_failures as failure_detail
from pej_desktop.domain.describe import os_reason
from pej_desktop.domain.money import format_cents
from pej_desktop.ops import dashboard
from pej_desktop.ops.background import QueryOp
from pej_desktop.views.dashboard.chart import BarChart, ChartBar
from pej_desktop.views.errors import show_unexpected_error
from pej_desktop.views.listening import ChangesListener
from pej_desktop.views.look import enlarge, set_tone

if TYPE_CHECKING:
    from pej_desktop.ops.changes import Changes
    from pej_desktop.session import Session

CUSTOM = "custom"


class DashboardPage(ChangesListener, QWidget):
    figures_shown = Signal(object)  # DashboardFigures
    exported = Signal(object)  # Path

    def __init__(self, session: Session, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("dashboard_page")
        self.figures: DashboardFigures | None = None
        self.data: dashboard.DashboardData | None = None
        self.dialog: QMessageBox | None = None
        self._generation = 0
        self._stale = True
        self._build()
        self.listen_to_changes()

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.period_combo = QComboBox(self, objectName="dashboard_period")
        for key, label in (*PERIODS.items(), (CUSTOM, "Dates choisies")):
            self.period_combo.addItem(label, key)
        self.period_combo.setAccessibleName("Période")
        self.start_edit = self._date_edit("dashboard_start", "Début de la période")
        self.end_edit = self._date_edit("dashboard_end", "Fin de la période")
        self.adviser_combo = QComboBox(self, objectName="dashboard_adviser")
        self.adviser_combo.addItem("Tous les conseillers", None)
        self.adviser_combo.setAccessibleName("Conseiller")
        self.csv_button = QPushButton("Exporter en CS&V…", self, objectName="dashboard_csv")
        self.pdf_button = QPushButton("Exporter en P&DF…", self, objectName="dashboard_pdf")
        self.status = QLabel(self, objectName="dashboard_status", wordWrap=True)
        self.activations_value = self._figure("dashboard_activations", "Activations")
        self.people_value = self._figure("dashboard_people", "Jeunes accompagnés")
        self.monthly_value = self._figure("dashboard_saving_monthly", "Économies estimées par mois")
        self.once_value = self._figure("dashboard_saving_once", "Économies estimées en une fois")
        self.rejected_value = self._figure("dashboard_rejected", "Refusées par l'API nationale")
        self.month_chart = BarChart(title="Activations par mois", horizontal=False, parent=self)
        self.month_chart.setObjectName("dashboard_month_chart")
        self.category_chart = BarChart(title="Activations par catégorie", horizontal=True, parent=self)
        self.category_chart.setObjectName("dashboard_category_chart")
        self.top_table = self._table("dashboard_top_offers", "Offres les plus utilisées",
                                     ("Offre", "Activations", "Échecs"))
        self.failing_table = self._table("dashboard_failing_offers", "Offres qui échouent le plus",
                                         ("Offre", "Activations", "Échecs", "Détail"))
        self._lay_out()
        self.period_combo.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.start_edit.dateChanged.connect(lambda _d: self.refresh())
        self.end_edit.dateChanged.connect(lambda _d: self.refresh())
        self.adviser_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.csv_button.clicked.connect(lambda: self.choose_export("csv"))
        self.pdf_button.clicked.connect(lambda: self.choose_export("pdf"))
        self._period_changed(refresh=False)

    def _date_edit(self, name: str, accessible: str) -> QDateEdit:
        edit = QDateEdit(self, objectName=name, calendarPopup=True, displayFormat="dd/MM/yyyy")
        edit.setDate(QDate.currentDate())
        edit.setAccessibleName(accessible)
        return edit

    def _figure(self, name: str, caption: str) -> QLabel:
        value = QLabel("--", self, objectName=name)
        value.setAccessibleName(caption)
        enlarge(value, 1.6)  # before the tone: the stylesheet's polish keeps a font set before it
        set_tone(value, "figure")
        value.setProperty("caption", caption)
        return value

    def _table(self, name: str, title: str, headers: tuple[str, ...]) -> QTableWidget:
        table = QTableWidget(0, len(headers), self, objectName=name)
        table.setHorizontalHeaderLabels(list(headers))
        table.setTabKeyNavigation(False)
        table.setAccessibleName(title)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        return table

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        for text, widget in (("&Période :", self.period_combo), ("du", self.start_edit), ("au", self.end_edit),
                             ("C&onseiller :", self.adviser_combo)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.csv_button)
        filters.addWidget(self.pdf_button)
        totals = QGridLayout()
        for column, (value, legend) in enumerate(zip(
                (self.activations_value, self.people_value, self.monthly_value, self.once_value,
                 self.rejected_value), ("activations", "people", "monthly", "once", "rejected"))):
            totals.addWidget(QLabel(value.property("caption"), self), 0, column)
            totals.addWidget(value, 1, column)
            note = QLabel(LEGENDS[legend], self, objectName=f"legend_{legend}", wordWrap=True)
            set_tone(note, "note")
            value.setToolTip(LEGENDS[legend])
            totals.addWidget(note, 2, column, Qt.AlignmentFlag.AlignTop)
        grid = QGridLayout()
        for column, (title, legend, chart) in enumerate((
                ("Activations par mois", MONTH_LEGEND, self.month_chart),
                ("Activations et économies par catégorie", CATEGORY_LEGEND, self.category_chart))):
            heading = QLabel(f"<b>{title}</b><br/><small>{legend}</small>", self, wordWrap=True)
            grid.addWidget(heading, 0, column)
            grid.addWidget(chart, 1, column)
        for column, (title, table) in enumerate((("Offres les plus utilisées", self.top_table),
                                                  ("Offres qui échouent le plus", self.failing_table))):
            grid.addWidget(QLabel(f"<b>{title}</b>", self), 2, column)
            grid.addWidget(table, 3, column)
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.addLayout(filters)
        layout.addWidget(self.status)
        layout.addLayout(totals)
        layout.addLayout(grid, 1)
        note = QLabel("Chiffres calculés à partir des seules données de ce poste, sans donnée personnelle. "
                      "Économies estimées à l'activation, non contractuelles : par mois pour une offre "
                      "renouvelable, en une fois pour une offre à usage unique ; jamais additionnées.", self)
        note.setWordWrap(True)
        layout.addWidget(note)
        # Scrolled: a small window stays possible (the page forces no minimum size on it).
        area = QScrollArea(self, objectName="dashboard_scroll", widgetResizable=True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(area)

    # -- filters -------------------------------------------------------------------------------
    def current_filter(self, today: dt.date | None = None) -> DashboardFilter:
        key = self.period_combo.currentData()
        if key == CUSTOM:
            start, end = self.start_edit.date().toPython(), self.end_edit.date().toPython()
            start, end = min(start, end), max(start, end)
        else:
            start, end = period_range(key, today or dt.date.today())
        return DashboardFilter(start=start, end=end, adviser_id=self.adviser_combo.currentData())

    def _period_changed(self, *, refresh: bool = True) -> None:
        custom = self.period_combo.currentData() == CUSTOM
        self.start_edit.setEnabled(custom)
        self.end_edit.setEnabled(custom)
        if not custom:
            start, end = period_range(self.period_combo.currentData(), dt.date.today())
            for edit, day in ((self.start_edit, start), (self.end_edit, end)):
                edit.blockSignals(True)
                edit.setDate(QDate(day) if day else QDate.currentDate())
                edit.blockSignals(False)
        if refresh:
            self.refresh()

    def select_period(self, key: str) -> None:
        self.period_combo.setCurrentIndex(self.period_combo.findData(key))

    # -- loading ---------------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        store = self.session.personal
        if store is None:
            self.status.setText("Le fichier des jeunes n'est pas encore ouvert (onglet Jeunes).")
            self._stale = True
            return
        self._stale = False
        self._generation += 1
        generation, catalogue, filters = self._generation, self.session.catalogue, self.current_filter()
        adviser = self.adviser_combo.currentText()
        self.status.setText("Calcul en cours…")
        QueryOp(parent=self, op=lambda: dashboard.load_dashboard(store, catalogue, filters, adviser_label=adviser)) \
            .success(lambda data: self._show(generation, data)).failure(self._failed).run()

    def _failed(self, error: BaseException) -> None:
        self.status.setText("Le tableau de bord n'a pas pu être calculé.")
        show_unexpected_error(error, parent=self)

    def _show(self, generation: int, data: dashboard.DashboardData) -> None:
        if generation != self._generation:
            return
        self.data, self.figures = data, data.figures
        self._fill_advisers(data.advisers)
        figures = data.figures
        self.status.setText(f"{figures.period.capitalize()} · {figures.adviser}")
        self.activations_value.setText(str(figures.activations))
        self.people_value.setText(str(figures.people_reached))
        self.monthly_value.setText(f"{format_cents(figures.monthly_cents)} par mois")
        self.once_value.setText(f"{format_cents(figures.once_cents)} en une fois")
        self.rejected_value.setText(str(figures.rejected))
        self.month_chart.set_bars([ChartBar(b.label, b.activations, str(b.activations)) for b in figures.by_month])
        self.category_chart.set_bars([ChartBar(b.label, b.activations, f"{b.activations} · {b.saving_text}")
                                      for b in figures.by_category])
        self._fill(self.top_table, figures.top_offers, failing=False)
        self._fill(self.failing_table, figures.failing_offers, failing=True)
        self.figures_shown.emit(figures)

    def _fill_advisers(self, advisers: list[tuple[int, str]]) -> None:
        current = self.adviser_combo.currentData()
        known = [self.adviser_combo.itemData(i) for i in range(1, self.adviser_combo.count())]
        if known == [a for a, _ in advisers]:
            return
        self.adviser_combo.blockSignals(True)
        while self.adviser_combo.count() > 1:
            self.adviser_combo.removeItem(1)
        for adviser_id, label in advisers:
            self.adviser_combo.addItem(label, adviser_id)
        self.adviser_combo.setCurrentIndex(max(0, self.adviser_combo.findData(current)))
        self.adviser_combo.blockSignals(False)

    @staticmethod
    def _fill(table: QTableWidget, offers: tuple[OfferFigure, ...], *, failing: bool) -> None:
        table.setRowCount(len(offers))
        for row, offer in enumerate(offers):
            cells = [offer.title, str(offer.activations), str(offer.failures)]
            if failing:
                cells.append(failure_detail(offer))
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, column, item)

    def _on_changes(self, changes: Changes) -> None:
        if changes.activations or changes.people or changes.catalogue:
            self._stale = True
            if self.isVisible():
                self.refresh()

    # -- export ----------------------------------------------------------------------------------
    def choose_export(self, kind: str) -> None:
        if self.data is None:
            return
        suffix, label = (".csv", "Fichiers CSV (*.csv)") if kind == "csv" else (".pdf", "Documents PDF (*.pdf)")
        name = f"tableau-de-bord-pej-{dt.date.today():%Y-%m-%d}{suffix}"
        path, _filter = QFileDialog.getSaveFileName(self, "Exporter le tableau de bord", str(Path.home() / name),
                                                    label)
        if path:
            self.export(kind, Path(path))

    def export(self, kind: str, path: Path) -> None:
        """Write the figures shown as CSV or PDF, off the GUI thread; whole file or nothing."""
        data = self.data
        if data is None:
            return
        write = dashboard.export_dashboard_csv if kind == "csv" else dashboard.export_dashboard_pdf
        QueryOp(parent=self, op=lambda: write(data, path, edited_on=dt.date.today())) \
            .success(lambda _none: self._exported(path)).failure(self._export_failed).run()

    def _exported(self, path: Path) -> None:
        self.status.setText(f"Tableau de bord exporté : {path}")
        self.exported.emit(path)

    def _export_failed(self, error: BaseException) -> None:
        if not isinstance(error, OSError):
            show_unexpected_error(error, parent=self)
            return
        self.dialog = QMessageBox(QMessageBox.Icon.Warning, "Export impossible",
                                  f"Le fichier n'a pas pu être écrit ({os_reason(error)}). "
                                  "Choisissez un autre dossier.", QMessageBox.StandardButton.Ok, self)
        self.dialog.open()


def install_dashboard(window) -> DashboardPage:  # type: ignore[no-untyped-def]
    """Plug the page into the main window as the "Tableau de bord" tab."""
    page = DashboardPage(window.session, parent=window)
    window.add_page(page, "Tableau de &bord")
    return page
