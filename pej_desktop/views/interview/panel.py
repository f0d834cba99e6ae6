"""The interview companion in the young person's file: needs, recommended offers, follow-up.

Two tabs: « Besoins et offres » (the checklist beside the recommendations, the top ones
activated in one click through the activation operation of ``pej_desktop.ops.activations``)
and « Suivi » (activations and their state, offers ending soon, news since the last
interview, the young person's feedback). Everything is computed on the database worker.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.domain.eligibility import Status
from pej_desktop.domain.needs import NeedsChecklist
from pej_desktop.ops import activations as activation_ops
from pej_desktop.ops import interview as interview_ops
from pej_desktop.ops import offer_feedback
from pej_desktop.ops.background import QueryOp, WriteOp
from pej_desktop.ops.changes import ACTIVATIONS, Changes, Written
from pej_desktop.views.errors import show_unexpected_error
from pej_desktop.views.interview.followup_panel import FollowupPanel
from pej_desktop.views.interview.needs_checklist import NeedsChecklistWidget
from pej_desktop.views.interview.offer_feedback_dialog import FeedbackDialog
from pej_desktop.views.interview.recommendations_panel import RecommendationsPanel
from pej_desktop.views.listening import ChangesListener

if TYPE_CHECKING:
    from pej_desktop.domain.followup import ActivationLine
    from pej_desktop.session import Session
    from pej_desktop.views.dashboard.page import DashboardPage
    from pej_desktop.views.interview.unmet_searches import UnmetSearchCounter


class InterviewPanel(ChangesListener, QWidget):
    interview_shown = Signal(object)  # interview_ops.Interview
    activated = Signal(object)  # activation_ops.ActivationReport

    def __init__(self, session: Session, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("interview_panel")
        self.store = None
        self.person_id: int | None = None
        self.interview: interview_ops.Interview | None = None
        self.dialog: QWidget | None = None
        self._generation = 0
        self._first_look = True  # the person's recommendations not shown yet: the best ones come ticked
        self.title = QLabel("Sélectionnez un jeune pour préparer l'entretien.", self, objectName="interview_title",
                            wordWrap=True)
        self.notice = QLabel(self, objectName="interview_notice", wordWrap=True)
        self.checklist = NeedsChecklistWidget(parent=self)
        self.recommendations = RecommendationsPanel(parent=self)
        self.followup = FollowupPanel(parent=self)
        self.tabs = QTabWidget(self, objectName="interview_tabs")
        needs_tab = QWidget(self)
        row = QHBoxLayout(needs_tab)
        row.addWidget(self.checklist)
        row.addWidget(self.recommendations, 1)
        # Scrolled: the file's page stays usable in a small window (no minimum size forced on it).
        self.tabs.addTab(_scrolled(needs_tab), "Besoins et &offres")
        self.tabs.addTab(_scrolled(self.followup), "S&uivi")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs, 1)
        self.checklist.submitted.connect(self.save_needs)
        self.recommendations.activate_requested.connect(self.activate)
        self.followup.feedback_requested.connect(self.ask_feedback)
        self.listen_to_changes()
        self.setEnabled(False)

    # -- which file -----------------------------------------------------------------------------
    def show_person(self, store, person_id: int | None, *, name: str = "") -> None:  # type: ignore[no-untyped-def]
        if person_id != self.person_id:
            self._first_look = True
        self.store, self.person_id, self.interview = store, person_id, None
        self.notice.clear()
        self.setEnabled(store is not None and person_id is not None)
        self.title.setText(f"Entretien avec {name}" if person_id is not None and name else
                           "Sélectionnez un jeune pour préparer l'entretien.")
        if person_id is None:
            self.checklist.set_checklist(NeedsChecklist())
            self.recommendations.show_recommendations((), needs_ticked=False)
            return
        self.reload()

    def reload(self) -> None:
        store, person_id = self.store, self.person_id
        if store is None or person_id is None:
            return
        self._generation += 1
        generation, catalogue = self._generation, self.session.catalogue
        QueryOp(parent=self, op=lambda: interview_ops.load_interview(store, catalogue, person_id,
                                                                 today=dt.date.today())) \
            .success(lambda interview: self._show(generation, interview)).failure(self._failed).run()

    def _show(self, generation: int, interview: interview_ops.Interview) -> None:
        if generation != self._generation or interview.person_id != self.person_id:
            return
        self.interview = interview
        self.checklist.set_checklist(interview.needs)
        self.recommendations.show_recommendations(interview.recommendations, needs_ticked=bool(interview.needs),
                                                  pretick=self._first_look)
        self._first_look = self._first_look and not interview.recommendations
        if interview.needs and interview.programme.status is not Status.ELIGIBLE:
            self.recommendations.summary.setText(interview.programme.summary())
        self.followup.show_followup(lines=interview.lines, feedback=interview.feedback, expiring=interview.expiring,
                                    news=interview.news, since=interview.since, today=dt.date.today())
        self.interview_shown.emit(interview)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, interview_ops.InterviewRefused):
            self.title.setText(str(error))
            return
        show_unexpected_error(error, parent=self)

    # -- needs -------------------------------------------------------------------------------------
    def save_needs(self, checklist: NeedsChecklist) -> None:
        store, person_id = self.store, self.person_id
        if store is None or person_id is None:
            return
        QueryOp(parent=self, op=lambda: interview_ops.save_needs(store, person_id, checklist,
                                                             now=activation_ops.utc_now())) \
            .success(lambda _none: self._needs_saved()).failure(self._failed).run()

    def _needs_saved(self) -> None:
        self.checklist.status.setText("Besoins enregistrés.")
        self.reload()

    # -- one-click activation ---------------------------------------------------------------------------
    def activate(self, keys: list[int]) -> None:
        store, person_id, interview = self.store, self.person_id, self.interview
        if store is None or person_id is None or interview is None:
            return
        by_key = {r.key: r.offer_id for r in interview.recommendations}
        offer_ids = [by_key[k] for k in keys if k in by_key]
        uses = dict.fromkeys(offer_ids, self.recommendations.uses_per_month())
        catalogue = self.session.catalogue
        self.recommendations.set_busy(True)
        WriteOp(parent=self, op=lambda: Written(activation_ops.activate_offers(
            store, catalogue, person_id, offer_ids, uses_per_month=uses), ACTIVATIONS)) \
            .success(self._activated).failure(self._activation_failed).run()

    def _activated(self, report: activation_ops.ActivationReport) -> None:
        self.recommendations.set_busy(False)
        lines = [f"• {r.title} : {r.code_label}" for r in report.activated]
        lines += [f"• {r.title} : non activée — {r.reason}" for r in report.refused]
        box = QMessageBox(QMessageBox.Icon.Information if not report.refused else QMessageBox.Icon.Warning,
                          "Offres activées", f"{len(report.activated)} offre(s) activée(s).\n\n" + "\n".join(lines),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("activation_report")
        self._open(box)
        self.activated.emit(report)
        self.reload()

    def _activation_failed(self, error: BaseException) -> None:
        self.recommendations.set_busy(False)
        if isinstance(error, activation_ops.ActivationRefused):
            self._open(QMessageBox(QMessageBox.Icon.Warning, "Activation impossible", str(error),
                                   QMessageBox.StandardButton.Ok, self))
            return
        show_unexpected_error(error, parent=self)

    # -- feedback ---------------------------------------------------------------------------------------
    def ask_feedback(self, line: ActivationLine) -> None:
        dialog = FeedbackDialog(offer_title=line.title, parent=self)
        dialog.submitted.connect(lambda kind: self.record_feedback(line, kind))
        self._open(dialog)

    def record_feedback(self, line: ActivationLine, kind: str) -> None:
        store, person_id = self.store, self.person_id
        if store is None or person_id is None:
            return
        WriteOp(parent=self, op=lambda: Written(offer_feedback.record_feedback(
            store, person_id, line.activation_id, kind, now=activation_ops.utc_now()), ACTIVATIONS)) \
            .success(lambda queued: self._feedback_recorded(queued)).failure(self._failed).run()

    def _feedback_recorded(self, queued: bool) -> None:
        self.notice.setText("Retour du jeune enregistré" + (" ; il sera transmis à l'équipe nationale à la "
                                                             "prochaine synchronisation." if queued else "."))
        self.reload()

    # -- plumbing ---------------------------------------------------------------------------------------------
    def _on_changes(self, changes: Changes) -> None:
        if changes.activations:  # whoever activated: the next offers are the adviser's choice
            self.recommendations.untick_all()
            self._first_look = False
        if changes.source is self:
            return
        if changes.activations or changes.catalogue or changes.people:
            self.reload()

    def _open(self, dialog: QDialog) -> None:
        from PySide6.QtCore import Qt

        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None) if self.dialog is dialog else None)
        self.dialog = dialog
        dialog.open()


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea(objectName=f"{widget.objectName() or 'interview'}_scroll", widgetResizable=True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


def install_companion(window: Any) -> tuple[InterviewPanel, UnmetSearchCounter, DashboardPage]:
    """Plug the companion in: the interview panel in the « Jeunes » page, the counting of
    searches that found nothing, the dashboard tab; the window keeps all three."""
    from pej_desktop.views.dashboard.page import install_dashboard
    from pej_desktop.views.interview.unmet_searches import install_unmet_search_counter

    panel = install_interview_panel(window.young_people_page)
    return panel, install_unmet_search_counter(window), install_dashboard(window)


def install_interview_panel(page) -> InterviewPanel:  # type: ignore[no-untyped-def]
    """Under the list of the « Jeunes » page, following its selection."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QSplitter

    panel = InterviewPanel(page.session, parent=page)
    outer = page.table.parentWidget()  # the page's splitter: list | check and activations
    assert isinstance(outer, QSplitter)
    column = QSplitter(Qt.Orientation.Vertical, page, objectName="people_interview_splitter")
    index = outer.indexOf(page.table)
    outer.replaceWidget(index, column)
    column.addWidget(page.table)
    column.addWidget(panel)
    column.setSizes([300, 400])

    def follow() -> None:
        person = page.selected_person()
        name = person.display_name if person else ""
        panel.show_person(page.session.personal, person.id if person else None, name=name)

    page.table.selectionModel().selectionChanged.connect(lambda *_: follow())
    page.people_loaded.connect(lambda _count: follow())
    return panel
