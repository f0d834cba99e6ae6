"""« Activer des offres » for one young person: tick the open offers, see the codes handed out.

The list holds the offers the engine says are open today (eligible, or « à vérifier »
with the condition to check in the interview: ticking one means it was checked). The
activation itself runs on the database worker; the dialog then shows each result —
the code to give, « code à venir », or why an offer was refused — until it is closed.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.views.dialog_buttons import DialogButtons
from pej_desktop.views.filtering import folded, matches, typed_words
from pej_desktop.views.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from pej_desktop.ops.activations import ActivationChoices, ActivationReport, OfferChoice

_OFFER_ID = Qt.ItemDataRole.UserRole
_STATUS = Qt.ItemDataRole.UserRole + 1


class ActivationDialog(QDialog):
    submitted = Signal(list, bool)  # offer ids, the « à vérifier » conditions were checked

    def __init__(self, *, choices: ActivationChoices, preselect: frozenset[str] = frozenset(),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices
        self.setObjectName("activation_dialog")
        self.setWindowTitle(f"Activer des offres — {choices.person_name}")
        fit_to_screen(self, 720, 620)
        self.pages = QStackedWidget(self)
        results = self._result_page()  # first: the choice page's « Activer » is the default button then
        self.pages.addWidget(self._choice_page(preselect))
        self.pages.addWidget(results)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    # -- choosing ----------------------------------------------------------------------------
    def _choice_page(self, preselect: frozenset[str]) -> QWidget:
        page = QWidget(self)
        intro = QLabel(self._intro_text(), page, objectName="activation_intro", wordWrap=True)
        self.filter_edit = QLineEdit(page, objectName="activation_filter", clearButtonEnabled=True)
        self.filter_edit.setPlaceholderText("Filtrer les offres par titre ou partenaire")
        self.filter_edit.setAccessibleName("Filtrer les offres")
        self.offer_list = QListWidget(page, objectName="activation_offer_list")
        self.offer_list.setAccessibleName("Offres ouvertes au jeune : cochez celles à activer")
        # Long titles wrap within the dialog: nothing is read by scrolling sideways.
        self.offer_list.setWordWrap(True)
        self.offer_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.offer_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for choice in self.choices.offers:
            self.offer_list.addItem(self._item(choice, checked=choice.offer_id in preselect))
        self.buttons = DialogButtons(self, accept="&Activer", cancel="A&nnuler", on_accept=self._submit,
                                     valid=lambda: bool(self.checked_items()), parent=page,
                                     accept_name="confirm_activation_button")
        self.activate_button = self.buttons.accept_button
        self.filter_edit.textChanged.connect(self._filter)
        self.offer_list.itemChanged.connect(lambda _item: self.buttons.recheck())
        label = QLabel("&Offres :", page)
        label.setBuddy(self.offer_list)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.filter_edit)
        layout.addWidget(label)
        layout.addWidget(self.offer_list, 1)
        layout.addWidget(self.buttons)
        return page

    def _intro_text(self) -> str:
        choices = self.choices
        if choices.blocked:
            return f"Aucune offre ne peut être activée : {choices.blocked}"
        text = (f"{choices.total_open} offre(s) ouverte(s) à {choices.person_name} aujourd'hui"
                f"{open_parts(choices.total_open - choices.to_verify, choices.to_verify)}. Cochez celles à "
                "activer : le code est remis tout de suite, même hors ligne, ou « code à venir » si la réserve "
                "de ce poste est vide.")
        if choices.total_open > len(choices.offers):
            text += f" Seules les {len(choices.offers)} premières sont listées : filtrez pour trouver les autres."
        if choices.demo:
            text += " Catalogue de démonstration : codes fictifs, rien n'est transmis au serveur national."
        return text

    @staticmethod
    def _item(choice: OfferChoice, *, checked: bool) -> QListWidgetItem:
        text = f"{choice.title} — {choice.partner} ({choice.code_note})"
        if choice.status == "to_verify":
            text += f"\n    À vérifier avec le jeune : {choice.reason}"
        item = QListWidgetItem(text)
        item.setData(_OFFER_ID, choice.offer_id)
        item.setData(_STATUS, choice.status)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        if choice.status == "to_verify":
            item.setToolTip("Cocher cette offre vaut confirmation que la condition a été vérifiée avec le jeune.")
        return item

    def _filter(self, text: str) -> None:
        """Accents and case ignored, any word order: the rule of every filtered list."""
        words = typed_words(text)
        for row in range(self.offer_list.count()):
            item = self.offer_list.item(row)
            item.setHidden(not matches(words, folded(item.text())))

    def checked_items(self) -> list[QListWidgetItem]:
        return [self.offer_list.item(r) for r in range(self.offer_list.count())
                if self.offer_list.item(r).checkState() == Qt.CheckState.Checked]

    def check_offer(self, offer_id: str) -> bool:
        for row in range(self.offer_list.count()):
            item = self.offer_list.item(row)
            if item.data(_OFFER_ID) == offer_id:
                item.setCheckState(Qt.CheckState.Checked)
                return True
        return False

    def _submit(self) -> None:
        items = self.checked_items()
        if not items:
            return
        self.activate_button.setEnabled(False)
        self.activate_button.setText("Activation…")
        verified = any(item.data(_STATUS) == "to_verify" for item in items)
        self.submitted.emit([item.data(_OFFER_ID) for item in items], verified)

    # -- results -----------------------------------------------------------------------------
    def _result_page(self) -> QWidget:
        page = QWidget(self)
        self.result_view = QTextBrowser(page, objectName="activation_results")
        self.result_view.setAccessibleName("Résultat des activations")
        row = DialogButtons(self, cancel="&Fermer", parent=page)
        self.close_button = row.cancel_button
        self.close_button.setObjectName("close_activation_button")
        layout = QVBoxLayout(page)
        layout.addWidget(self.result_view, 1)
        layout.addWidget(row)
        return page

    def show_report(self, report: ActivationReport) -> None:
        self._show_results(report_html(report))

    def show_error(self, message: str) -> None:
        self._show_results(f"<p style='color:#B00020'><b>Activation impossible</b> : {escape(message)}</p>")

    def _show_results(self, html: str) -> None:
        """The result page's « Fermer » becomes the default and takes the focus: Enter closes."""
        self.result_view.setHtml(html)
        self.pages.setCurrentIndex(1)
        self.close_button.setDefault(True)
        self.close_button.setFocus()


def open_parts(eligible: int, to_verify: int) -> str:
    """« : 50 accessible(s) et 1 à vérifier »: the same words and figures as the check's result and the
    catalogue (« accessible » there never counts the offers to verify)."""
    return f" : {eligible} accessible(s) et {to_verify} à vérifier" if to_verify else ""


def report_html(report: ActivationReport) -> str:
    parts = []
    for result in report.activated:
        code = f"<span style='font-size:large'><b>{escape(result.code_label)}</b></span>"
        note = (" — sera complété à la prochaine synchronisation" if result.code_to_come else "")
        parts.append(f"<p>✔ <b>{escape(result.title)}</b><br>{result.handed_as} : {code}{note}</p>")
    for result in report.refused:
        parts.append(f"<p style='color:#B00020'>✘ <b>{escape(result.title)}</b> : non activée. "
                     f"{escape(result.reason)}</p>")
    if report.demo and report.activated:
        parts.append("<p><i>Catalogue de démonstration : codes fictifs, activation non transmise.</i></p>")
    elif report.activated:
        parts.append("<p><i>Activation enregistrée sur ce poste ; elle sera transmise au serveur national à la "
                     "prochaine synchronisation (« en attente d'envoi » d'ici là).</i></p>")
    return "\n".join(parts)
