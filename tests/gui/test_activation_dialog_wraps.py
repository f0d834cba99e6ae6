"""The activation dialog at 1366×768: long offer titles wrap, nothing is read by scrolling sideways."""

from __future__ import annotations

from pej_desktop.domain import eligibility as rules
from pej_desktop.ops.activations import ActivationChoices, OfferChoice
from pej_desktop.views.young_people.activation_dialog import ActivationDialog

LONG_TITLE = "Abonnement transports en commun à moitié prix pour les jeunes en recherche d'emploi et de formation"
WHY = "Offre réservée à certaines communes du département : vérifiez avec le jeune sa commune de résidence."


def test_long_titles_wrap_inside_the_dialog(qtbot) -> None:  # type: ignore[no-untyped-def]
    offers = tuple(OfferChoice(f"o{i}", LONG_TITLE + " et bien plus" * i, "Mobilités Rhône Métropole et associés",
                               "code", "to_verify" if i % 2 else "eligible", WHY, None) for i in range(6))
    choices = ActivationChoices(1, "Inès Exemple", rules.EligibilityResult(rules.Status.ELIGIBLE, ()), offers,
                                total_open=6, demo=False, to_verify=3)
    dialog = ActivationDialog(choices=choices)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    bar = dialog.offer_list.horizontalScrollBar()
    assert not bar.isVisible() and bar.maximum() == 0
    first = dialog.offer_list.item(0)
    assert dialog.offer_list.visualItemRect(first).height() > dialog.fontMetrics().height() * 1.5  # wrapped
    assert dialog.offer_list.visualItemRect(first).right() <= dialog.offer_list.viewport().width()
