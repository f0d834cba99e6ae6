"""Every dialog's button row, with the keyboard only: Enter accepts when the dialog is ready and
does nothing harmful when it is not, Escape cancels, Alt+letter presses the row's buttons.

Real dialogs, real widgets; only key events reach them (sent to the widget that has the focus,
as a keyboard would)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QWidget

from pej_desktop.domain import eligibility as rules
from pej_desktop.domain.people import YoungPerson, format_date
from pej_desktop.ops.activations import ActivationChoices, OfferChoice
from pej_desktop.ops.retention import RetentionReport
from pej_desktop.ops.sync_settings import SyncPreferences
from pej_desktop.views.catalogue.offer_sheets_dialog import OfferSheetsDialog
from pej_desktop.views.dialog_buttons import DialogButtons
from pej_desktop.views.dialogs.audit_dialog import AuditDialog
from pej_desktop.views.dialogs.backups_dialog import BackupsDialog
from pej_desktop.views.dialogs.help import HelpDialog
from pej_desktop.views.dialogs.pdf_preview import PdfPreviewDialog
from pej_desktop.views.dialogs.retention_dialog import RetentionDialog
from pej_desktop.views.dialogs.sync_settings_dialog import SettingsDialog
from pej_desktop.views.interview.offer_feedback_dialog import FeedbackDialog
from pej_desktop.views.young_people.activation_dialog import ActivationDialog
from pej_desktop.views.young_people.adviser_dialog import AdviserDialog
from pej_desktop.views.young_people.eligibility_dialog import EligibilityDialog
from pej_desktop.views.young_people.form import YoungPersonForm
from pej_desktop.views.young_people.passphrase import PassphraseDialog

ALT, NONE = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.NoModifier
TODAY = dt.date.today()
PERSON = YoungPerson(first_name="Léa", last_name="Martin", birth_date=TODAY.replace(year=TODAY.year - 20),
                     postal_code="69003", cej_start=TODAY - dt.timedelta(days=30))


def _choices(count: int = 2) -> ActivationChoices:
    offers = tuple(OfferChoice(f"o{i}", f"Offre {i}", "Partenaire", "code", "eligible", "", None)
                   for i in range(count))
    return ActivationChoices(1, "Léa Martin", rules.EligibilityResult(rules.Status.ELIGIBLE, ()), offers,
                             total_open=count, demo=True, to_verify=0)


def _pdf() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    page = Canvas(out)
    page.drawString(72, 720, "Fiche")
    page.save()
    return out.getvalue()


_PARENTS: list[QWidget] = []  # the help page needs a parent window; kept alive while its dialog is open


def _help() -> HelpDialog:
    _PARENTS.append(QWidget())
    return HelpDialog(title="Aide", body="<p>Texte de l'aide.</p>", parent=_PARENTS[-1])


DIALOGS: dict[str, Callable[[], QDialog]] = {
    "form": lambda: YoungPersonForm(person=None),
    "passphrase": lambda: PassphraseDialog(message="Choisissez une phrase de passe.", creating=True),
    "eligibility": lambda: EligibilityDialog(person=PERSON),
    "adviser": lambda: AdviserDialog(adviser=None),
    "activation": lambda: ActivationDialog(choices=_choices()),
    "feedback": lambda: FeedbackDialog(offer_title="Épicerie solidaire"),
    "offer_sheets": lambda: OfferSheetsDialog(has_selection=True, list_count=3),
    "sync_settings": lambda: SettingsDialog(preferences=SyncPreferences()),
    "audit": lambda: AuditDialog(),
    "retention": lambda: RetentionDialog(report=RetentionReport(TODAY, TODAY.replace(year=TODAY.year - 2), [], [])),
    "backups": lambda: BackupsDialog(keep=7),
    "help": lambda: _help(),
    "pdf_preview": lambda: PdfPreviewDialog(_pdf(), title="Fiches offres", file_name="fiches.pdf"),
}


def _open(qtbot, dialog: QDialog) -> QDialog:  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(3):  # offscreen, activation comes a moment after the window shows
        dialog.activateWindow()
        qtbot.waitActive(dialog)
        qtbot.wait(100)
        if QApplication.activeWindow() is dialog:
            break
    assert QApplication.activeWindow() is dialog
    return dialog


def _key(qtbot, dialog: QDialog, key: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget() or dialog, key, modifier)
    qtbot.wait(150 if modifier == ALT else 20)  # a mnemonic « clicks » its button after a short animation


def _row(dialog: QDialog) -> DialogButtons:
    rows = [row for row in dialog.findChildren(DialogButtons) if row.isVisibleTo(dialog)]
    assert len(rows) == 1, rows
    return rows[0]


def _letter(button: QAbstractButton) -> Qt.Key:
    found = re.search(r"&(\w)", button.text().replace("&&", ""))
    assert found, button.text()
    return Qt.Key(ord(found.group(1).upper()))


def _mnemonics(dialog: QDialog) -> list[str]:
    texts = [w.text() for w in dialog.findChildren(QAbstractButton) if w.isVisibleTo(dialog)]
    texts += [w.text() for w in dialog.findChildren(QLabel) if w.isVisibleTo(dialog) and w.buddy() is not None]
    return [m.lower() for text in texts for m in re.findall(r"&(\w)", text.replace("&&", ""))]


@pytest.mark.parametrize("name", DIALOGS)
def test_each_dialog_has_the_one_row_escape_cancels_and_its_letters_are_its_own(qtbot, name: str) -> None:
    dialog = _open(qtbot, DIALOGS[name]())
    row = _row(dialog)
    default = row.accept_button or row.cancel_button
    assert default.isDefault() and not (row.accept_button and row.cancel_button.isDefault())
    letters = _mnemonics(dialog)
    for button in filter(None, (row.accept_button, row.cancel_button)):
        assert letters.count(chr(_letter(button)).lower()) == 1, (button.text(), letters)
    assert len(letters) == len(set(letters)), sorted(letters)  # every field's letter is its own too
    _key(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


@pytest.mark.parametrize("name", [name for name in DIALOGS if name != "pdf_preview"])
def test_alt_and_the_cancel_letter_closes_without_accepting(qtbot, name: str) -> None:
    dialog = _open(qtbot, DIALOGS[name]())
    _key(qtbot, dialog, _letter(_row(dialog).cancel_button), ALT)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


@pytest.mark.parametrize("name", ["audit", "retention", "backups", "help"])
def test_enter_closes_a_dialog_with_nothing_to_accept(qtbot, name: str) -> None:
    dialog = _open(qtbot, DIALOGS[name]())
    _key(qtbot, dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible()


def _type(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    field.setFocus()
    qtbot.keyClicks(field, text)


def test_person_form_enter_refuses_an_empty_file_then_saves_a_valid_one(qtbot) -> None:
    form = _open(qtbot, YoungPersonForm(person=None))
    submitted: list[YoungPerson] = []
    form.submitted.connect(submitted.append)
    _key(qtbot, form, Qt.Key.Key_Return)  # empty: refused, said under the field, still open
    assert submitted == [] and form.isVisible() and "obligatoire" in form.errors.text("first_name")
    _type(qtbot, form.first_name, "Lea")
    _type(qtbot, form.last_name, "Martin")
    _type(qtbot, form.dates["birth_date"], format_date(PERSON.birth_date))
    _type(qtbot, form.postal_code, "69003")
    _key(qtbot, form, Qt.Key.Key_Return)
    assert [(p.first_name, p.postal_code) for p in submitted] == [("Lea", "69003")]
    form.save_button.setEnabled(True)  # as the page does when the store refuses it
    _key(qtbot, form, Qt.Key.Key_E, ALT)  # « &Enregistrer »
    assert len(submitted) == 2


def test_passphrase_enter_refuses_an_empty_phrase_then_alt_protects(qtbot) -> None:
    dialog = _open(qtbot, PassphraseDialog(message="Choisissez une phrase de passe.", creating=True))
    keys: list[object] = []
    dialog.submitted.connect(keys.append)
    _key(qtbot, dialog, Qt.Key.Key_Return)
    assert keys == [] and dialog.isVisible() and dialog.error.isVisible()
    phrase = "les pommes de terre du jardin"
    _type(qtbot, dialog.passphrase, phrase)
    _type(qtbot, dialog.confirmation, phrase)
    _key(qtbot, dialog, Qt.Key.Key_R, ALT)  # « P&rotéger le fichier »
    assert len(keys) == 1 and not dialog.ok_button.isEnabled()  # one key, the button waits for the file


def test_eligibility_enter_and_alt_check(qtbot) -> None:
    for key, modifier in ((Qt.Key.Key_Return, NONE), (Qt.Key.Key_V, ALT)):
        dialog = _open(qtbot, EligibilityDialog(person=PERSON))
        with qtbot.waitSignal(dialog.submitted, timeout=2000):
            _key(qtbot, dialog, key, modifier)
        assert dialog.result() == QDialog.DialogCode.Accepted


def test_adviser_enter_refuses_an_empty_profile(qtbot) -> None:
    dialog = _open(qtbot, AdviserDialog(adviser=None))
    saved: list[object] = []
    dialog.submitted.connect(saved.append)
    _key(qtbot, dialog, Qt.Key.Key_Return)
    assert saved == [] and dialog.isVisible() and "obligatoire" in dialog.errors.text("first_name")
    for field, text in ((dialog.first_name, "Camille"), (dialog.last_name, "Durand"),
                        (dialog.agency_name, "Mission Locale de Lyon"), (dialog.agency_code, "69001")):
        _type(qtbot, field, text)
    _key(qtbot, dialog, Qt.Key.Key_E, ALT)  # « &Enregistrer »
    assert len(saved) == 1


def test_activation_enter_does_nothing_until_an_offer_is_ticked(qtbot) -> None:
    dialog = _open(qtbot, ActivationDialog(choices=_choices()))
    sent: list[list[str]] = []
    dialog.submitted.connect(lambda ids, _verified: sent.append(ids))
    assert not dialog.activate_button.isEnabled()
    _key(qtbot, dialog, Qt.Key.Key_Return)
    assert sent == [] and dialog.isVisible()
    _key(qtbot, dialog, Qt.Key.Key_O, ALT)  # « &Offres : »
    assert dialog.focusWidget() is dialog.offer_list
    if dialog.offer_list.currentRow() < 0:
        _key(qtbot, dialog, Qt.Key.Key_Down)
    _key(qtbot, dialog, Qt.Key.Key_Space)
    assert dialog.activate_button.isEnabled()
    _key(qtbot, dialog, Qt.Key.Key_Return)
    assert sent == [["o0"]] and not dialog.activate_button.isEnabled()  # once: the button waits for the result
    _key(qtbot, dialog, Qt.Key.Key_Return)
    assert len(sent) == 1


def test_activation_result_page_enter_closes(qtbot) -> None:
    dialog = _open(qtbot, ActivationDialog(choices=_choices()))
    dialog.show_error("Le fichier des jeunes est fermé.")
    assert _row(dialog).cancel_button is dialog.close_button and dialog.close_button.isDefault()
    _key(qtbot, dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible()


def test_feedback_enter_does_nothing_until_a_kind_is_chosen(qtbot) -> None:
    dialog = _open(qtbot, FeedbackDialog(offer_title="Épicerie solidaire"))
    kinds: list[str] = []
    dialog.submitted.connect(kinds.append)
    _key(qtbot, dialog, Qt.Key.Key_Return)
    assert kinds == [] and dialog.isVisible()
    _key(qtbot, dialog, Qt.Key.Key_M, ALT)  # « Ça a &marché »
    _key(qtbot, dialog, Qt.Key.Key_Return)
    assert kinds == ["worked"] and not dialog.isVisible()


def test_offer_sheets_enter_opens_the_preview_only_with_something_to_print(qtbot) -> None:
    nothing = _open(qtbot, OfferSheetsDialog(has_selection=False, list_count=0))
    _key(qtbot, nothing, Qt.Key.Key_Return)
    assert nothing.isVisible()
    ready = _open(qtbot, OfferSheetsDialog(has_selection=True, list_count=3))
    _key(qtbot, ready, Qt.Key.Key_A, ALT)  # « &Aperçu… »
    assert ready.result() == QDialog.DialogCode.Accepted


def test_sync_settings_enter_saves(qtbot) -> None:
    dialog = _open(qtbot, SettingsDialog(preferences=SyncPreferences()))
    _key(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_pdf_preview_alt_closes_and_printing_is_the_default(qtbot) -> None:
    preview = _open(qtbot, PdfPreviewDialog(_pdf(), title="Fiches offres", file_name="fiches.pdf"))
    assert preview.print_button.isDefault() and preview.print_button.accessibleName() == "Imprimer"
    _key(qtbot, preview, Qt.Key.Key_F, ALT)  # « &Fermer »
    assert not preview.isVisible()


def test_a_label_without_a_letter_is_refused(qtbot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    with pytest.raises(ValueError, match="mnemonic"):
        DialogButtons(dialog, accept="Enregistrer")


def test_the_adviser_dialog_shows_its_examples_and_errors_whole_at_1366x768(qtbot) -> None:
    """It opened 320 px wide: the examples were cut, and the errors of an empty profile, squeezed
    into a narrow column, were clipped."""
    dialog = _open(qtbot, AdviserDialog(adviser=None))
    _key(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.wait(50)
    assert dialog.height() <= 768
    for field in (dialog.agency_name, dialog.agency_code, dialog.fields.phone, dialog.fields.email):
        assert field.width() >= field.fontMetrics().horizontalAdvance(field.placeholderText())
    for key in ("first_name", "last_name", "agency_name", "agency_code"):
        label = dialog.findChild(QLabel, f"{key}_error")
        assert label.isVisible() and label.height() >= label.heightForWidth(label.width()), key


def test_the_person_form_shows_its_examples_whole(qtbot) -> None:
    """The reference's example was cut (« …ou ide… ») and the extension reason's example lost its last
    line under a 70-pixel box."""
    from PySide6.QtCore import QRect

    form = _open(qtbot, YoungPersonForm(person=None))
    reference = form.external_ref
    assert reference.width() >= reference.fontMetrics().horizontalAdvance(reference.placeholderText())
    reason = form.extension_reason
    viewport = reason.viewport()
    needed = reason.fontMetrics().boundingRect(QRect(0, 0, viewport.width() - 8, 10_000), Qt.TextFlag.TextWordWrap,
                                               reason.placeholderText()).height()
    assert needed <= viewport.height()
