"""Plain French: dates in words and partners' « vous » turned into « tu » for the summary."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from pej_desktop.reports.plain_french import long_date, tutoyer

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "catalogue.json"


def test_dates_are_written_in_words() -> None:
    assert long_date(dt.date(2026, 12, 6)) == "6 décembre 2026"
    assert long_date(dt.date(2027, 6, 1)) == "1er juin 2027"
    assert long_date(dt.date(2026, 8, 15)) == "15 août 2026"
    assert long_date(None) == "--"


@pytest.mark.parametrize(("written", "said"), [
    ("Présentez votre code en caisse.", "Présente ton code en caisse."),
    ("Créez votre compte ou connectez-vous.", "Crée ton compte ou connecte-toi."),
    ("Payez le prix réduit : la carte vous est envoyée par courriel.",
     "Paie le prix réduit : la carte t'est envoyée par courriel."),
    ("Si vous avez moins de 18 ans, vous devez venir avec un parent.",
     "Si tu as moins de 18 ans, tu dois venir avec un parent."),
    ("Saisissez le code : vous ne payez que 10 €.", "Saisis le code : tu ne paies que 10 €."),
    ("Prenez rendez-vous en ligne ou passez à l'atelier.", "Prends rendez-vous en ligne ou passe à l'atelier."),
    ("Rendez-vous dans une agence avec votre Pass.", "Rends-toi dans une agence avec ton Pass."),
    ("10 € offerts sur vos courses, livrées chez vous", "10 € offerts sur tes courses, livrées chez toi"),
    ("Choisissez votre formule et votre ordonnance.", "Choisis ta formule et ton ordonnance."),
    ("Le personnel applique la réduction.", "Le personnel applique la réduction."),
])
def test_vous_becomes_tu(written: str, said: str) -> None:
    assert tutoyer(written) == said


def test_no_vous_is_left_in_any_text_of_the_demo_catalogue() -> None:
    offers = json.loads(DEMO.read_text(encoding="utf-8"))["offers"]
    texts = [t for o in offers for t in (o["title"], o.get("subtitle", ""), *o.get("how_to_use", ()),
                                         *(c["text"] for c in o.get("conditions", ())))]
    assert len(texts) > 300
    said = [tutoyer(t).replace("rendez-vous", "") for t in texts]  # the noun « (prendre) rendez-vous » stays
    left = [t for t in said if re.search(r"\b(vous|votre|vos)\b", t, re.IGNORECASE)
            or re.search(r"\b(?!chez\b)\w+ez\b", t)]
    assert left == []
