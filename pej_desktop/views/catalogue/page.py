"""The catalogue browser: search as you type, categories with counts, filters, detail.

All database work runs on the database worker (QueryOp); results come back as an
array of keys plus the first rows, and the list model loads further rows by blocks.
A generation counter drops results of searches overtaken by newer keystrokes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.domain.catalogue_check import eligible_keys
from pej_desktop.domain.eligibility import OfferState
from pej_desktop.domain.money import format_count
from pej_desktop.domain.territory import DEPARTEMENTS, departement_label
from pej_desktop.ops import catalogue as catalogue_ops
from pej_desktop.ops.background import QueryOp
from pej_desktop.ops.catalogue import CatalogueFacts, CategoryCounts, FirstPage, OfferSummary, SearchFilters, SearchPage
from pej_desktop.views.catalogue.offer_delegate import OfferDelegate
from pej_desktop.views.catalogue.offer_detail import offer_detail_html
from pej_desktop.views.catalogue.offer_model import BLOCK, OfferListModel
from pej_desktop.views.listening import ChangesListener

if TYPE_CHECKING:
    from pej_desktop.domain.records import CategoryRecord
    from pej_desktop.ops.changes import Changes
    from pej_desktop.session import Session

SEARCH_DELAY_MS = 120
ALL = ""


class CataloguePage(ChangesListener, QWidget):
    source_changed = Signal(str)
    selection_changed = Signal(object)  # offer pk or None
    results_shown = Signal(int)  # number of offers listed, after each search

    def __init__(self, session: Session, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("catalogue_page")
        self._generation = 0
        self._categories: list[CategoryRecord] = []
        self._meta: dict[str, str] = {}
        self._marks: Mapping[int, OfferState] = {}
        self._offer_total: int | None = None  # the status bar's « N offres au catalogue »
        self._person_label: str | None = None
        self._home_departement: str | None = None  # the adviser's: its local offers come first
        self._restore_pk: int | None = None
        self._filters = SearchFilters()
        self._ranked = True
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.refresh)
        self._build()
        self._restore_filters()
        self.listen_to_changes()

    # -- layout ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.search_edit = QLineEdit(self, objectName="search_edit", clearButtonEnabled=True)
        self.search_edit.setPlaceholderText("Rechercher une offre, un partenaire, un mot-clé… (Ctrl+F)")
        self.search_edit.setAccessibleName("Recherche d'offres")
        self.search_edit.installEventFilter(self)
        self.channel_combo = QComboBox(self, objectName="channel_combo")
        for label, value in (("Tous", ALL), ("En magasin", "in_store"), ("En ligne", "online")):
            self.channel_combo.addItem(label, value)
        self.channel_combo.setAccessibleName("Canal : en magasin ou en ligne")
        self.departement_combo = QComboBox(self, objectName="departement_combo")
        self.departement_combo.addItem("Tous les départements", ALL)
        for code in DEPARTEMENTS:
            self.departement_combo.addItem(departement_label(code), code)
        self.departement_combo.setAccessibleName("Département")
        self.valid_today_check = QCheckBox("Valables aujourd'hui", self, objectName="valid_today_check")
        self.valid_today_check.setChecked(True)
        self.eligible_only_check = QCheckBox(self, objectName="eligible_only_check")
        self.eligible_only_check.setVisible(False)
        self.category_list = QListWidget(self, objectName="category_list")
        self.category_list.setAccessibleName("Catégories")
        self.result_count_label = QLabel(self, objectName="result_count_label")
        self.result_count_label.setWordWrap(True)  # a long count wraps: it never widens the list's pane
        self.eligibility_label = QLabel(self, objectName="eligibility_label")
        self.eligibility_label.setVisible(False)
        self.eligibility_label.setWordWrap(True)
        self.model = OfferListModel(self._load_block, self._load_page, self)
        self.result_view = QListView(self, objectName="result_view")
        self.result_view.setModel(self.model)
        self.result_view.setItemDelegate(OfferDelegate(self.result_view))
        self.result_view.setUniformItemSizes(True)
        self.result_view.setAccessibleName("Offres trouvées")
        self.detail = QTextBrowser(self, objectName="offer_detail", openExternalLinks=True)
        self.detail.setAccessibleName("Détail de l'offre")
        self.detail.setPlaceholderText("Sélectionnez une offre pour en voir le détail.")
        self._lay_out()
        self._connect()

    def _lay_out(self) -> None:
        filters = QFormLayout()
        filters.addRow("Ca&nal :", self.channel_combo)
        filters.addRow("&Département :", self.departement_combo)
        filters.addRow(self.valid_today_check)
        filters.addRow(self.eligible_only_check)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        categories_label = QLabel("Ca&tégories", self)
        categories_label.setBuddy(self.category_list)
        left_layout.addWidget(categories_label)
        left_layout.addWidget(self.category_list, 1)
        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.eligibility_label)
        middle_layout.addWidget(self.result_count_label)
        middle_layout.addWidget(self.result_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self, objectName="catalogue_splitter")
        for widget, stretch in ((left, 0), (middle, 2), (self.detail, 3)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.splitter.setSizes([240, 420, 520])
        top = QHBoxLayout()
        search_label = QLabel("&Rechercher :", self)
        search_label.setBuddy(self.search_edit)
        top.addWidget(search_label)
        top.addWidget(self.search_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        for first, second in ((self.search_edit, self.channel_combo), (self.channel_combo, self.departement_combo),
                              (self.departement_combo, self.valid_today_check),
                              (self.valid_today_check, self.eligible_only_check),
                              (self.eligible_only_check, self.category_list),
                              (self.category_list, self.result_view), (self.result_view, self.detail)):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self.search_edit.textChanged.connect(lambda _text: self._debounce.start())
        self.channel_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.departement_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.valid_today_check.toggled.connect(lambda _on: self.refresh())
        self.eligible_only_check.toggled.connect(lambda _on: self.refresh())
        self.category_list.currentItemChanged.connect(lambda _cur, _prev: self.refresh())
        self.result_view.selectionModel().currentChanged.connect(lambda cur, _prev: self._show_detail(cur.row()))

    # -- public API -------------------------------------------------------------------------------
    def start(self) -> None:
        """Load the demo catalogue if the store is empty, then the first search."""
        store = self.session.catalogue

        def prepare() -> CatalogueFacts:
            catalogue_ops.load_demo_if_empty(store)
            return catalogue_ops.catalogue_facts(store)

        self.result_count_label.setText("Ouverture du catalogue…")
        QueryOp(parent=self, op=prepare).success(self._facts_loaded).run()

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def current_filters(self) -> SearchFilters:
        item = self.category_list.currentItem()
        category = item.data(Qt.ItemDataRole.UserRole) if item else ALL
        eligible = None
        if self._marks and self.eligible_only_check.isChecked():
            eligible = eligible_keys(self._marks)
        return SearchFilters(
            query=self.search_edit.text(),
            category=category or None,
            channel=self.channel_combo.currentData() or None,
            departement=self.departement_combo.currentData() or None,
            valid_on=dt.date.today() if self.valid_today_check.isChecked() else None,
            offer_pks=eligible,
            home_departement=self._home_departement,
        )

    def set_adviser_departement(self, departement: str | None) -> None:
        """The adviser's département (from the agency code): its local offers are listed first."""
        if departement != self._home_departement:
            self._home_departement = departement
            self.refresh()

    def selected_offer_pk(self) -> int | None:
        index = self.result_view.currentIndex()
        return self.model.pk_at(index.row()) if index.isValid() else None

    def set_eligibility(self, person_label: str | None, marks: Mapping[int, OfferState] | None) -> None:
        """Show which offers are open to a young person (None: nobody selected).

        ``marks`` maps offer keys to where they stand for the person (``OfferState``: open, to
        verify, closed with its reasons, or already theirs); the reasons are shown on the others.
        """
        self._person_label = person_label if marks is not None else None
        self._marks = marks or {}
        self.model.set_marks(self._marks)
        visible = self._person_label is not None
        self.eligible_only_check.setVisible(visible)
        self.eligibility_label.setVisible(visible)
        if visible:
            count = len(eligible_keys(self._marks))
            self.eligible_only_check.setText(f"Accessibles à {person_label}")
            self.eligibility_label.setText(f"<b>{count}</b> offre(s) accessible(s) à {person_label}.")
        else:
            self.eligible_only_check.setChecked(False)
        self.refresh()
        self._show_detail(self.result_view.currentIndex().row())

    def refresh(self) -> None:
        """Search now: the first page on the worker, then the counts in a second step."""
        self._debounce.stop()
        filters = self.current_filters()
        self._generation += 1
        generation = self._generation
        self._filters = filters
        store = self.session.catalogue
        QueryOp(parent=self, op=lambda: catalogue_ops.search_first(store, filters, rows=BLOCK)) \
            .success(lambda outcome: self._show_result(generation, outcome)).run()

    # -- results ----------------------------------------------------------------------------------
    def _show_result(self, generation: int, outcome: FirstPage) -> None:
        if generation != self._generation:
            return
        keep = self._restore_pk if self._restore_pk is not None else self.selected_offer_pk()
        self._restore_pk = None
        page = outcome.page
        self.model.set_result(page.pks, outcome.first_rows, complete=page.complete)
        shown = len(page.pks)
        self._ranked = page.ranked
        if page.complete:
            self._show_count(shown)
        else:
            self.result_count_label.setText(f"Plus de {format_count(shown)} offres…")
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            index = self.model.index(row)
            self.result_view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.result_view.scrollTo(index)
        else:
            self._show_detail(-1)
        self.results_shown.emit(shown)
        self._count(generation, outcome.filters)

    def _count(self, generation: int, filters: SearchFilters) -> None:
        """Category counts and the total, after the results: never delays the list."""
        store = self.session.catalogue

        def run() -> CategoryCounts | None:
            if generation != self._generation:
                return None  # overtaken by a newer search while queued
            return catalogue_ops.category_counts(store, filters)

        def show(counts: CategoryCounts | None) -> None:
            if counts is None or generation != self._generation:
                return
            self._update_category_counts(counts.category_counts, counts.total_without_category)
            self._show_count(counts.total)

        QueryOp(parent=self, op=run).success(show).run()

    def _show_count(self, count: int) -> None:
        """The list's count says it is part of the status bar's « N offres au catalogue » when it differs."""
        total = self._offer_total
        if count == 0:
            text = "Aucune offre ne correspond."
        else:
            text = "1 offre" if count == 1 else f"{format_count(count)} offres"
            if total is not None and count != total:
                text += f" affichée{'s' if count > 1 else ''} sur {format_count(total)} au catalogue"
            if not self._ranked and self._filters.query.strip():
                text += " — précisez la recherche pour les classer par pertinence"
        self.result_count_label.setText(text)

    def _load_page(self, generation: int, offset: int, deliver) -> None:  # type: ignore[no-untyped-def]
        store, filters = self.session.catalogue, self._filters

        def run() -> tuple[SearchPage, list[OfferSummary]]:
            return catalogue_ops.next_page(store, filters, offset=offset)

        QueryOp(parent=self, op=run).success(
            lambda result: deliver(generation, result[0].pks, result[0].complete, result[1])).run()

    def _load_block(self, generation: int, keys: list[int], deliver) -> None:  # type: ignore[no-untyped-def]
        store = self.session.catalogue

        def run() -> list[OfferSummary]:
            return catalogue_ops.summaries(store, keys)

        QueryOp(parent=self, op=run).success(lambda rows: deliver(generation, rows)).run()

    def _show_detail(self, row: int) -> None:
        pk = self.model.pk_at(row)
        self.selection_changed.emit(pk)
        if pk is None:
            self.detail.clear()
            return
        store, demo = self.session.catalogue, catalogue_ops.is_demo(self._meta)

        def load():  # type: ignore[no-untyped-def]
            return catalogue_ops.offer_detail(store, pk)

        def show(detail) -> None:  # type: ignore[no-untyped-def]
            if detail is None or self.selected_offer_pk() != pk:
                return
            self.detail.setHtml(offer_detail_html(detail, today=dt.date.today(), mark=self._marks.get(pk), demo=demo))

        QueryOp(parent=self, op=load).success(show).run()

    # -- categories and source ----------------------------------------------------------------------
    def _facts(self) -> CatalogueFacts:
        return catalogue_ops.catalogue_facts(self.session.catalogue)

    def _facts_loaded(self, facts: CatalogueFacts) -> None:
        self._categories, self._meta = facts.categories, facts.meta
        wanted = self.session.settings.value("catalogue/category", ALL)
        self.category_list.blockSignals(True)
        self.category_list.clear()
        for slug, name in ((ALL, "Toutes les catégories"), *((c.slug, c.name) for c in self._categories)):
            item = QListWidgetItem(name, self.category_list)
            item.setData(Qt.ItemDataRole.UserRole, slug)
            item.setData(Qt.ItemDataRole.UserRole + 1, name)
            if slug == wanted:
                self.category_list.setCurrentItem(item)
        if self.category_list.currentItem() is None:
            self.category_list.setCurrentRow(0)
        self.category_list.blockSignals(False)
        self._offer_total = facts.offer_count
        self.source_changed.emit(source_text(self._meta, facts.offer_count))
        self.refresh()

    def _update_category_counts(self, counts: dict[str, int], total: int) -> None:
        for row in range(self.category_list.count()):
            item = self.category_list.item(row)
            slug = item.data(Qt.ItemDataRole.UserRole)
            count = total if slug == ALL else counts.get(slug, 0)
            item.setText(f"{item.data(Qt.ItemDataRole.UserRole + 1)} ({format_count(count)})")

    def _on_changes(self, changes: Changes) -> None:
        if changes.catalogue:
            self.model.invalidate_rows()
            QueryOp(parent=self, op=self._facts).success(self._facts_loaded).run()

    # -- keyboard and state ---------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        edit: QLineEdit = self.search_edit
        if edit is watched and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key == Qt.Key.Key_Down and self.model.rowCount() > 0:
                self.result_view.setFocus()
                if not self.result_view.currentIndex().isValid():
                    self.result_view.setCurrentIndex(self.model.index(0))
                return True
            if key == Qt.Key.Key_Escape and edit.text():
                edit.clear()
                return True
        return super().eventFilter(watched, event)

    def _restore_filters(self) -> None:
        settings = self.session.settings
        for widget in (self.search_edit, self.channel_combo, self.departement_combo, self.valid_today_check):
            widget.blockSignals(True)
        self.search_edit.setText(str(settings.value("catalogue/query", "")))
        self._select_data(self.channel_combo, settings.value("catalogue/channel", ALL))
        self._select_data(self.departement_combo, settings.value("catalogue/departement", ALL))
        self.valid_today_check.setChecked(str(settings.value("catalogue/valid_today", "true")) == "true")
        for widget in (self.search_edit, self.channel_combo, self.departement_combo, self.valid_today_check):
            widget.blockSignals(False)
        selected = settings.value("catalogue/selected_pk")
        self._restore_pk = int(selected) if selected not in (None, "") else None
        splitter = settings.value("catalogue/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    @staticmethod
    def _select_data(combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))

    def save_state(self) -> None:
        settings = self.session.settings
        filters = self.current_filters()
        settings.setValue("catalogue/query", filters.query)
        settings.setValue("catalogue/category", filters.category or ALL)
        settings.setValue("catalogue/channel", filters.channel or ALL)
        settings.setValue("catalogue/departement", filters.departement or ALL)
        settings.setValue("catalogue/valid_today", "true" if filters.valid_on else "false")
        selected = self.selected_offer_pk()
        settings.setValue("catalogue/selected_pk", "" if selected is None else selected)
        settings.setValue("catalogue/splitter", self.splitter.saveState())


def source_text(meta: dict[str, str], offer_count: int) -> str:
    """The status bar's offer count; the sync indicator beside it names the source and date."""
    count = "1 offre au catalogue" if offer_count == 1 else f"{format_count(offer_count)} offres au catalogue"
    if catalogue_ops.is_demo(meta):
        return f"{count} (données fictives)"
    return count
