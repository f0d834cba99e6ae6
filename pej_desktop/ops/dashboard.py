"""The adviser's dashboard: figures from this computer's data only, and their CSV and PDF exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from pej_desktop.domain.dashboard import (
    ActivationFact,
    DashboardFigures,
    DashboardFilter,
    FeedbackFact,
    OfferInfo,
    compute_dashboard,
    dashboard_csv,
)
from pej_desktop.domain.people import STRUCTURES
from pej_desktop.domain.text import fold
from pej_desktop.ops.catalogue_facts import cached
from pej_desktop.reports.files import write_atomically
from pej_desktop.store import dashboard as dashboard_rows
from pej_desktop.store import interview as interview_rows
from pej_desktop.store import offer_feedback as feedback_rows
from pej_desktop.store import personal
from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.store.personal import PersonalStore


# -- dashboard ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DashboardData:
    figures: DashboardFigures
    advisers: list[tuple[int, str]]  # (id, label) of the advisers who activated something
    structure: str


def load_dashboard(store: PersonalStore, catalogue: CatalogueStore, filters: DashboardFilter, *,
                   adviser_label: str = "tous les conseillers") -> DashboardData:
    """The dashboard's figures from this computer's data only (no network, no name leaves the worker)."""
    offers = _offer_infos(catalogue)
    with store.read() as conn:
        facts = [ActivationFact._make(row) for row in dashboard_rows.activation_facts(conn, filters.start, filters.end)]
        feedback = [FeedbackFact._make(row) for row in feedback_rows.all_feedback(conn)]
        gone = {f.offer_id for f in facts}.union(f.offer_id for f in feedback).difference(offers)
        titles = dashboard_rows.activation_titles(conn, gone) if gone else {}
        advisers = _advisers(conn)
        adviser = personal.current_adviser(conn)
    if titles:  # offers no longer in the catalogue: the title they had when activated
        offers = {**offers, **{offer_id: OfferInfo(title, "") for offer_id, title in titles.items()}}
    figures = compute_dashboard(facts, feedback, offers, filters, adviser_label=adviser_label)
    return DashboardData(figures=figures, advisers=advisers, structure=_structure(adviser))


def _offer_infos(catalogue: CatalogueStore) -> dict[str, OfferInfo]:
    """Title and first category of every offer."""
    return cached(catalogue, "names", lambda conn: {ident: OfferInfo(title, category) for ident, (title, category)
                                                     in interview_rows.offer_names(conn).items()})


def advisers_of(store: PersonalStore) -> list[tuple[int, str]]:
    """(id, "First Last") of every adviser profile of this computer."""
    with store.read() as conn:
        return _advisers(conn)


def _advisers(conn) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """Every adviser profile of this computer, for the filter."""
    rows = conn.execute(select(personal.ADVISERS.c.id, personal.ADVISERS.c.first_name,
                               personal.ADVISERS.c.last_name)).all()
    return sorted(((i, f"{first} {last}") for i, first, last in rows), key=lambda item: (fold(item[1]), item[0]))


def _structure(adviser) -> str:  # type: ignore[no-untyped-def]
    if adviser is None:
        return "Structure non renseignée"
    structure = STRUCTURES.get(adviser.structure, adviser.structure)
    name = adviser.agency_name if fold(adviser.agency_name).startswith(fold(structure)) else \
        f"{structure} {adviser.agency_name}"
    return f"{name} ({adviser.agency_code})"


def export_dashboard_csv(data: DashboardData, path: Path, *, edited_on: dt.date) -> Path:
    write_atomically(path, dashboard_csv(data.figures))
    return path


def export_dashboard_pdf(data: DashboardData, path: Path, *, edited_on: dt.date) -> Path:
    from pej_desktop.reports.dashboard_pdf import build_dashboard_pdf

    write_atomically(path, build_dashboard_pdf(data.figures, structure=data.structure, edited_on=edited_on))
    return path
