"""The dashboard's one-page PDF, read back with pypdf."""

from __future__ import annotations

import datetime as dt
import random

from pej_desktop.domain.dashboard import (
    ActivationFact,
    DashboardFilter,
    FeedbackFact,
    OfferInfo,
    compute_dashboard,
)
from pej_desktop.reports.dashboard_pdf import build_dashboard_pdf
from tests.support.pdf_reading import all_text, embedded_fonts, page_texts, reader

STRUCTURE = "Mission Locale de Lyon (69001)"
EDITED = dt.date(2026, 11, 28)


def test_known_figures_print_on_one_page() -> None:
    offers = {"bus": OfferInfo("Abonnement bus à 25 €", "Mobilité"), "cine": OfferInfo("Cinéma", "Sport")}
    facts = [ActivationFact("2026-09-03", 1, "bus", adviser_id=1, monthly_cents=4300, once_cents=0, state="active"),
             ActivationFact("2026-10-03", 2, "bus", adviser_id=1, monthly_cents=4300, once_cents=0, state="used"),
             ActivationFact("2026-10-09", 2, "cine", adviser_id=1, monthly_cents=0, once_cents=650, state="rejected"),
             ActivationFact("2026-10-10", 3, "cine", adviser_id=1, monthly_cents=0, once_cents=650, state="active")]
    feedback = [FeedbackFact("bus", "code_failed", "2026-10-05", 1)]
    figures = compute_dashboard(facts, feedback, offers, DashboardFilter(start=dt.date(2026, 9, 1),
                                                                         end=dt.date(2026, 10, 31)))
    pdf = build_dashboard_pdf(figures, structure=STRUCTURE, edited_on=EDITED)
    [page] = page_texts(pdf)
    assert "Tableau de bord du Pass Engagement Jeune" in page
    assert "du 01/09/2026 au 31/10/2026 · tous les conseillers" in page
    # The figures the engine computed, each with its unit: 86 € a month and 6,50 € once, never 92,50 €.
    assert figures.monthly_cents == 8600 and figures.once_cents == 650
    assert "92,50" not in page
    for expected in ("86,00 € par mois", "6,50 € en une fois", "Économies estimées par mois",
                     "Économies estimées en une fois", "sept. 2026", "oct. 2026", "Mobilité",
                     "2 · 86 € par mois · 0 € en une fois", "1 · 0 € par mois · 6,50 € en une fois",
                     "Économies par mois : offres renouvelables", "Jamais additionnées",
                     "Hauteur des barres", "Longueur des barres", "Abonnement bus à 25 €",
                     "code qui ne marchait pas : 1", "refusées par l'API nationale : 1", "Édité le 28/11/2026",
                     "sans aucune donnée personnelle"):
        assert expected in page, expected
    meta = reader(pdf).metadata
    assert meta.title == "Tableau de bord du Pass Engagement Jeune" and meta.author == STRUCTURE
    assert all(embedded_fonts(pdf).values())


def test_a_long_period_and_many_offers_still_fit_one_page() -> None:
    rng = random.Random(4)
    offers = {f"o{i}": OfferInfo(f"Offre {i} " + "au titre très long " * 6, f"Catégorie {i % 11}") for i in range(60)}
    facts = [ActivationFact((dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(1400))).isoformat(),
                            rng.randrange(900),
                            f"o{rng.randrange(60)}", adviser_id=1, monthly_cents=rng.randrange(9000),
                            once_cents=rng.randrange(9000),
                            state=rng.choice(("active", "rejected")))
             for _ in range(4000)]
    feedback = [FeedbackFact(f"o{rng.randrange(60)}", "not_understood", "2025-05-01", 1) for _ in range(50)]
    pdf = build_dashboard_pdf(compute_dashboard(facts, feedback, offers, DashboardFilter()), structure=STRUCTURE,
                              edited_on=EDITED)
    assert len(reader(pdf).pages) == 1
    assert "Autres catégories" in all_text(pdf)


def test_an_empty_period_says_so() -> None:
    figures = compute_dashboard([], [], {}, DashboardFilter(start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31)))
    text = all_text(build_dashboard_pdf(figures, structure=STRUCTURE, edited_on=EDITED))
    assert "Aucune activation sur la période." in text and "Aucun échec signalé sur la période." in text
