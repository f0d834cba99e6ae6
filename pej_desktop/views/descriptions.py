"""What each control does, for screen readers: one table of accessible descriptions.

A screen reader says a control's name (its text, or the label leading to it) and then its
description: what it does and what comes next. The descriptions of every screen and dialog
are kept here, by object name (``window/object`` when two windows use the same name for
different things), so that they read as one voice and a review sees them all. A control with
its own description or tooltip keeps it.

One mechanism gives them: an application-wide filter of show events (``install_descriptions``)
describes a widget when it is shown, whoever built it and whenever — the window's screens,
those built after the first listing, a dialog opened an hour later. A screen reader only
reaches widgets that are shown, so nothing walks the widgets ahead of time: the start pays
only for what it shows. A « Fermer » button says it closes; the other buttons of a dialog's
row (``views/dialog_buttons.py``) are described by their role.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QTabBar, QWidget

DESCRIPTIONS: dict[str, str] = {
    # -- catalogue --------------------------------------------------------------------------
    "result_view": "Offres trouvées ; flèches pour choisir, le détail de l'offre s'affiche à côté.",
    "offer_detail": "Détail de l'offre choisie : conditions, mode d'emploi, validité.",
    "channel_combo": "Limite la liste aux offres en magasin ou en ligne.",
    "departement_combo": "Limite la liste aux offres valables dans ce département.",
    "valid_today_check": "Cochée, la liste ne montre que les offres valables aujourd'hui.",
    "category_list": "Catégories d'offres ; choisir une catégorie filtre la liste.",
    # -- young people -----------------------------------------------------------------------
    "people_table": "Dossiers des jeunes ; flèches pour choisir un jeune, son entretien s'affiche à droite.",
    "adviser_button": "Vos nom, structure et coordonnées professionnelles, imprimés sur les récapitulatifs.",
    "new_person_button": "Crée le dossier d'un jeune.",
    "edit_person_button": "Modifie le dossier du jeune choisi.",
    "delete_person_button": "Supprime le dossier du jeune choisi, après confirmation.",
    "import_button": "Importe des dossiers depuis un fichier CSV ; rien n'est remplacé sans votre accord.",
    "interview_scroll": "Entretien du jeune choisi : éligibilité, besoins, offres conseillées, activations.",
    "check_eligibility_button": "Vérifie l'éligibilité du jeune au Pass et enregistre le résultat.",
    "eligibility_result": "Résultat de la dernière vérification d'éligibilité, avec ses raisons.",
    "show_catalogue_button": "Montre dans le catalogue les offres ouvertes à ce jeune.",
    "clear_eligibility_button": "Le catalogue cesse de marquer les offres pour ce jeune.",
    "need_food": "Besoin du jeune ; cochée, les offres qui y répondent remontent dans les conseils.",
    "need_hygiene": "Besoin du jeune ; cochée, les offres qui y répondent remontent dans les conseils.",
    "need_transport": "Besoin du jeune ; cochée, les offres qui y répondent remontent dans les conseils.",
    "need_licence": "Besoin du jeune ; cochée, les offres qui y répondent remontent dans les conseils.",
    "need_housing": "Besoin du jeune ; cochée, les offres qui y répondent remontent dans les conseils.",
    "need_health": "Besoin du jeune ; cochée, les offres qui y répondent remontent dans les conseils.",
    "need_phone": "Besoin du jeune ; cochée, les offres qui y répondent remontent dans les conseils.",
    "need_equipment": "Besoin du jeune ; cochée, les offres qui y répondent remontent dans les conseils.",
    "need_sport_culture": "Besoin du jeune ; cochée, les offres qui y répondent remontent dans les conseils.",
    "needs_save": "Enregistre les besoins cochés et les montants.",
    "recommendations_list": "Offres qui répondent à ses besoins, de la plus utile à la moins utile ; "
                            "Espace pour cocher celles à activer.",
    "recommendations_uses": "Nombre d'utilisations par mois convenu avec le jeune pour les offres renouvelables.",
    "recommendations_activate": "Active les offres cochées et affiche les codes à remettre.",
    "activations_table": "Offres déjà activées pour ce jeune, avec leur code et leur état d'envoi ; flèches pour "
                         "choisir une activation, son détail s'affiche sous la liste.",
    "activation_details": "Détail de l'activation choisie : offre, code, état, date et économie estimée.",
    "recommendation_details": "Détail de l'offre recommandée choisie : titre, partenaire, économie, validité.",
    "activate_button": "Choisit des offres ouvertes au jeune et les active.",
    "print_summary_button": "Prépare le récapitulatif du jeune : ses codes et ses économies estimées.",
    # -- dashboard --------------------------------------------------------------------------
    "dashboard_scroll": "Tableau de bord : activations, économies estimées et offres qui posent problème.",
    "dashboard_period": "Période comptée par le tableau de bord.",
    "dashboard_start": "Premier jour de la période.",
    "dashboard_end": "Dernier jour de la période.",
    "dashboard_adviser": "Limite les chiffres à un conseiller, ou à toute la structure.",
    "dashboard_csv": "Enregistre les chiffres affichés dans un fichier CSV.",
    "dashboard_pdf": "Enregistre le tableau de bord dans un fichier PDF.",
    "dashboard_top_offers": "Offres les plus activées sur la période.",
    "dashboard_failing_offers": "Offres signalées comme ne marchant pas, à vérifier.",
    # -- offer sheets, backups, sync --------------------------------------------------------
    "list_radio": "Imprime toutes les offres de la liste affichée.",
    "include_expired_check": "Cochée, les offres expirées ou à venir sont imprimées aussi.",
    "pages_radio": "Une page complète par offre.",
    "listing_radio": "Un tableau court, une ligne par offre.",
    "with_sheets_check": "Ajoute la fiche complète de chaque offre après le tableau.",
    "backups_list": "Sauvegardes du fichier des jeunes, de la plus récente à la plus ancienne.",
    "backups_keep": "Au-delà de ce nombre, les plus anciennes sauvegardes sont effacées.",
    "backup_now_button": "Fait une sauvegarde chiffrée maintenant.",
    "restore_button": "Remplace le fichier des jeunes par la sauvegarde choisie, après confirmation.",
    "backups_folder_button": "Ouvre le dossier des sauvegardes.",
    "sync_auto": "Cochée, le catalogue se met à jour seul au démarrage et à intervalles réguliers.",
    "sync_interval": "Minutes entre deux synchronisations automatiques.",
    "test_connection": "Essaie l'adresse et le jeton sans rien enregistrer.",
    # -- personal data duties, activations waiting -----------------------------------------
    "audit_table": "Qui a lu ou modifié des données personnelles, et quand.",
    "audit_export_button": "Enregistre le journal affiché dans un fichier CSV.",
    "expired_table": "Dossiers sans contact depuis plus de deux ans : à supprimer.",
    "archive_table": "Dossiers dont le contrat est fini, à archiver.",
    "purge_button": "Supprime définitivement les dossiers listés, après confirmation.",
    "pending_table": "Activations enregistrées sur ce poste, pas encore reçues par le serveur national.",
    "refusals_table": "Activations refusées par le serveur national, avec la raison et quoi faire.",
    "dialog_acknowledge_button": "Indique que le jeune a été prévenu du refus choisi.",
    # -- forms ------------------------------------------------------------------------------
    "young_person_form/first_name": "Prénom du jeune, imprimé sur son récapitulatif.",
    "young_person_form/last_name": "Nom du jeune, imprimé sur son récapitulatif.",
    "adviser_dialog/first_name": "Votre prénom, imprimé sur les récapitulatifs.",
    "adviser_dialog/last_name": "Votre nom, imprimé sur les récapitulatifs.",
    "structure": "Mission Locale ou France Travail.",
    "external_ref_kind": "Type de référence : dossier i-milo ou identifiant France Travail.",
    "programme": "Accompagnement suivi par le jeune (CEJ, PACEA ou autre).",
    "extended": "Cochée, le contrat peut durer jusqu'à 18 mois ; le motif est alors demandé.",
    "extension_reason": "Motif écrit de la prolongation ; aucune donnée de santé.",
    "save_button": "Enregistre et ferme la fenêtre ; une erreur s'affiche sous le champ concerné.",
    "reference_date": "Jour où l'éligibilité est jugée, aujourd'hui par défaut.",
    "not_student": "À cocher après l'avoir vérifié avec le jeune.",
    "not_in_training": "À cocher après l'avoir vérifié avec le jeune.",
    "check_button": "Vérifie l'éligibilité et enregistre le résultat.",
    "activation_offer_list": "Offres ouvertes au jeune ; Espace pour cocher celles à activer.",
    "confirm_activation_button": "Active les offres cochées et affiche les codes à remettre.",
    "pdf_view": "Aperçu du document ; Ctrl++ et Ctrl+- pour le zoom.",
    "print_button": "Envoie le document à l'imprimante choisie.",
    "pdf_preview/save_button": "Enregistre le document dans un fichier PDF.",
    "close_button": "Ferme l'aperçu sans imprimer.",
    "feedback_worked": "L'offre a marché pour le jeune.",
    "passphrase": "Au moins une phrase de plusieurs mots ; elle protège le fichier des jeunes.",
    "passphrase_confirmation": "La même phrase, une seconde fois.",
    "ok_button": "Protège le fichier des jeunes avec cette phrase.",
    "__qt__passive_wizardbutton0": "Revient à l'étape précédente.",
    "__qt__passive_wizardbutton1": "Passe à l'étape suivante.",
    "qt_wizard_finish": "Termine l'assistant et enregistre vos choix.",
    "qt_wizard_cancel": "Ferme l'assistant ; il reviendra au prochain démarrage.",
}
# Scroll areas take the focus (arrows scroll them) and need a name of their own.
NAMES: dict[str, str] = {
    "interview_scroll": "Entretien du jeune",
    "dashboard_scroll": "Tableau de bord",
}
# « Fermer » closes, whatever its role: after an activation or a purge, « sans rien changer » would be false.
BY_TEXT: dict[str, str] = {"Fermer": "Ferme la fenêtre (Échap)."}
ROLE_DESCRIPTIONS = {
    QDialogButtonBox.ButtonRole.AcceptRole: "Valide et ferme la fenêtre.",
    QDialogButtonBox.ButtonRole.RejectRole: "Ferme la fenêtre sans rien changer (Échap).",
    QDialogButtonBox.ButtonRole.YesRole: "Répond oui.",
    QDialogButtonBox.ButtonRole.NoRole: "Répond non.",
    QDialogButtonBox.ButtonRole.ApplyRole: "Applique les changements.",
    QDialogButtonBox.ButtonRole.ActionRole: "Prépare le document pour le voir avant de l'imprimer.",
}


def description_for(widget: QWidget) -> str:
    name = widget.objectName()
    window = widget.window().objectName()
    if text := DESCRIPTIONS.get(f"{window}/{name}") or DESCRIPTIONS.get(name):
        return text
    if not isinstance(widget, QAbstractButton):
        return ""
    if text := BY_TEXT.get(widget.text().replace("&", "")):
        return text
    box = widget.parentWidget()
    return ROLE_DESCRIPTIONS.get(box.buttonRole(widget), "") if isinstance(box, QDialogButtonBox) else ""


def describe(widget: QWidget) -> None:
    if not widget.accessibleName() and (name := NAMES.get(widget.objectName())):
        widget.setAccessibleName(name)
    if isinstance(widget, QTabBar):
        describe_tabs(widget)
    if widget.accessibleDescription() or widget.toolTip():
        return
    if text := description_for(widget):
        widget.setAccessibleDescription(text)


def describe_tabs(bar: QTabBar) -> None:
    """Qt gives a screen reader a tab bar's description from its current tab's tooltip."""
    for index in range(bar.count()):
        if not bar.tabToolTip(index):
            title = bar.tabText(index).replace("&", "")
            bar.setTabToolTip(index, f"Onglet « {title} » ; flèches gauche et droite pour changer d'onglet.")


class _Describer(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            describe(watched)
        return False


_describer: _Describer | None = None


def install_descriptions(app: QApplication) -> None:
    """Once per process: the filter only looks at show events and returns at once otherwise."""
    global _describer
    if _describer is None:
        _describer = _Describer(app)
        app.installEventFilter(_describer)
