"""The interview companion in the young person's file: needs, recommended offers, follow-up.

Two tabs: « Besoins et offres » (the checklist beside the recommendations) and « Suivi »
(activations and their state, offers ending soon, news since the last interview, the young
person's feedback). Everything is computed on the database worker.

The companion answers at once: a tick is saved at once, an amount ``NEEDS_SAVE_DELAY_MS`` after the
last keystroke (a ``WriteOp``), then the ranked offers reload. Nothing typed is lost: selecting
another young person or closing the window saves what is pending first (``flush_needs``). The
ticked recommendations go to the page's « Activer des offres… » (``ticks_changed``), the one
path of an activation.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.domain.clock import utc_now
from pej_desktop.domain.eligibility import Status
from pej_desktop.domain.needs import NeedsChecklist
from pej_desktop.ops import interview as interview_ops
from pej_desktop.ops import offer_feedback
from pej_desktop.ops.background import QueryOp, WriteOp, on_database_worker
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

NEEDS_SAVE_DELAY_MS = 400  # after the last keystroke of an amount (a tick is saved at once): the file is not hammered


class InterviewPanel(ChangesListener, QWidget):
    interview_shown = Signal(object)  # interview_ops.Interview
    needs_saved = Signal(int)  # the person whose needs were written

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
        self._filled_for: int | None = None  # whose needs the checklist shows: it stays the source while shown
        self._pending: tuple[object, int] | None = None  # (store, person) whose edited needs wait to be saved
        self.typing_delay_ms = NEEDS_SAVE_DELAY_MS
        self.save_timer = QTimer(self, singleShot=True)
        self.save_timer.timeout.connect(self._save_edited_needs)
        # The person is named in the page's action bar; this line only speaks when something is wrong.
        self.title = QLabel(self, objectName="interview_title", wordWrap=True, visible=False)
        self.notice = QLabel(self, objectName="interview_notice", wordWrap=True)
        self.checklist = NeedsChecklistWidget(parent=self)
        self.recommendations = RecommendationsPanel(parent=self)
        self.followup = FollowupPanel(parent=self)
        self.tabs = QTabWidget(self, objectName="interview_tabs")
        # Its tab bar takes the focus itself, in screen order (not through the tab widget, placed elsewhere in
        # the window's focus chain when the panel was moved onto the page).
        self.tabs.setFocusProxy(None)  # type: ignore[arg-type]  # None is Qt's « no proxy »
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.TabFocus)
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
        self.checklist.edited.connect(self._needs_edited)
        session.personal_closed.connect(lambda: self.flush_needs(wait=True))  # a backup restored, the file locked
        self.followup.feedback_requested.connect(self.ask_feedback)
        self.listen_to_changes()
        self.setEnabled(False)

    # -- which file -----------------------------------------------------------------------------
    def show_person(self, store, person_id: int | None, *, name: str = "") -> None:  # type: ignore[no-untyped-def]
        """``name`` is for screen readers: the panel says whose interview it is."""
        if person_id != self.person_id:
            self.flush_needs()  # the previous person's last keystrokes are saved before anything else
            self._first_look, self._filled_for = True, None
            # The previous person's ticks never reach this one, not even while loading: the needs wait, disabled,
            # for this person's own; the ticked offers never reach « Activer des offres… ».
            self.checklist.set_checklist(NeedsChecklist())
            self.checklist.setEnabled(False)
            self.recommendations.show_recommendations((), needs_ticked=False)
        self.store, self.person_id, self.interview = store, person_id, None
        self.notice.clear()
        self.title.setVisible(False)
        self.setEnabled(store is not None and person_id is not None)
        self.setAccessibleName(f"Entretien avec {name}" if person_id is not None and name else "Entretien")
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
        if self._filled_for != interview.person_id and self._pending is None:
            self.checklist.set_checklist(interview.needs)  # once per person: then the adviser's edits rule
            self._filled_for = interview.person_id
            self.checklist.setEnabled(True)
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
            self.title.setVisible(True)
            return
        show_unexpected_error(error, parent=self)

    # -- needs: saved as they are typed ------------------------------------------------------------
    def _needs_edited(self, typing: bool) -> None:
        """A tick is saved at once (then the ranked offers follow, ~30 ms); an amount once the typing pauses."""
        if self.store is None or self.person_id is None:
            return
        self._pending = (self.store, self.person_id)
        self.checklist.status.setText("Modification en cours…")
        self.save_timer.start(self.typing_delay_ms if typing else 0)

    def _save_edited_needs(self) -> None:
        checklist = self.checklist.read()
        if checklist is None:
            self.checklist.status.setText("Corrigez le montant signalé : les besoins seront enregistrés dès "
                                          "qu'il sera lisible.")
            return
        self._write_needs(checklist)

    def flush_needs(self, *, wait: bool = False) -> None:
        """Save now what waits for the timer: another person selected, or (``wait``) the file about to close,
        when the write must be done before the close that is queued next on the database worker.

        An amount that does not read is left out, the need stays ticked, and the adviser is told."""
        if self._pending is None:
            return
        self.save_timer.stop()
        checklist = self.checklist.read()
        if checklist is None:
            checklist = self.checklist.readable()
            self.notice.setText("Besoins enregistrés, sans le montant illisible : saisissez-le à nouveau.")
        if wait:
            (store, person_id), self._pending = self._pending, None
            on_database_worker(lambda: _needs_saving(store, person_id, checklist, utc_now()))
            return
        self._write_needs(checklist)

    def _write_needs(self, checklist: NeedsChecklist) -> None:
        if self._pending is None:
            return
        (store, person_id), self._pending = self._pending, None
        now = utc_now()
        WriteOp(parent=self, op=lambda: _needs_saving(store, person_id, checklist, now)) \
            .success(lambda _changes: self._needs_written(person_id)).failure(self._failed).run()

    def _needs_written(self, person_id: int) -> None:
        self.needs_saved.emit(person_id)
        if person_id != self.person_id:
            return
        if self._pending is None:
            self.checklist.status.setText("Besoins enregistrés.")
        self.reload()

    def stop_listening(self) -> None:
        """The window closes the stores next: what was typed is written first, and waited for."""
        self.flush_needs(wait=True)
        super().stop_listening()

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
            store, person_id, line.activation_id, kind, now=utc_now()), ACTIVATIONS)) \
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


def _needs_saving(store, person_id: int, checklist: NeedsChecklist, now: dt.datetime) -> Changes:  # type: ignore[no-untyped-def]
    """The needs written; no other screen shows them, so nothing is announced."""
    interview_ops.save_needs(store, person_id, checklist, now=now)
    return Changes()


def _scrolled(widget: QWidget) -> QScrollArea:
    """Up and down only: the content shrinks to the width (elided columns), it never scrolls sideways."""
    area = QScrollArea(objectName=f"{widget.objectName() or 'interview'}_scroll", widgetResizable=True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to what it holds, not to the frame
    area.setWidget(widget)
    return area


def install_companion(window: Any) -> tuple[InterviewPanel, UnmetSearchCounter, DashboardPage]:
    """Plug the companion in: the interview panel in the « Jeunes » page, the counting of
    searches that found nothing, the dashboard tab; the window keeps all three."""
    from pej_desktop.views.dashboard.page import install_dashboard
    from pej_desktop.views.interview.unmet_searches import install_unmet_search_counter

    panel = install_interview_panel(window.young_people_page)
    activations = window.activations.panel
    activations.picked_uses = panel.recommendations.uses_per_month
    panel.recommendations.ticks_changed.connect(activations.set_picked)
    panel.interview_shown.connect(lambda interview: _next_step(window.young_people_page, activations, interview))
    window.young_people_page.order_tab_chain()
    return panel, install_unmet_search_counter(window), install_dashboard(window)


def _next_step(page, activations, interview: interview_ops.Interview) -> None:  # type: ignore[no-untyped-def]
    """The default button is the interview's next step: check first, then activate once the check holds."""
    checked = interview.programme.status is Status.ELIGIBLE
    page.action_bar.set_primary(activations.activate_button if checked else page.check_button)


def install_interview_panel(page) -> InterviewPanel:  # type: ignore[no-untyped-def]
    """Under the list of the « Jeunes » page, following its selection."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QSplitter

    panel = InterviewPanel(page.session, parent=page)
    outer = page.table.parentWidget()  # the page's splitter: list | check and activations
    assert isinstance(outer, QSplitter)
    column = QSplitter(Qt.Orientation.Vertical, page, objectName="people_interview_splitter")
    column.setChildrenCollapsible(False)
    index = outer.indexOf(page.table)
    outer.replaceWidget(index, column)
    column.addWidget(page.table)
    column.addWidget(panel)
    column.setStretchFactor(1, 1)
    column.setSizes([150, 450])  # a few rows of the list; the interview gets the height

    def follow() -> None:
        person = page.selected_person()
        name = person.display_name if person else ""
        panel.show_person(page.session.personal, person.id if person else None, name=name)

    page.table.selectionModel().selectionChanged.connect(lambda *_: follow())
    page.people_loaded.connect(lambda _count: follow())
    return panel
