"""``pej-desktop adviser``: the adviser profile without the window (the same profile it uses).

    pej-desktop adviser --first-name Camille --last-name Durand --structure mission_locale \
        --agency-name "Mission Locale de Lyon" --agency-code 69001 [--phone "04 72 00 00 00"] [--email …]
    pej-desktop adviser            # shows the current profile

Options left out keep the current profile's values, so one field can be changed
alone. Exit codes: 0 saved (or shown), 2 invalid value (one French line per field),
1 personal file not opened, 3 data written by a newer version.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pej_desktop.cli import CommandError

EXIT_INVALID = 2
STRUCTURE_CHOICES = {"mission_locale": "MISSION_LOCALE", "france_travail": "FRANCE_TRAVAIL"}
# Profile field → the option that sets it, to name it in an error.
_OPTIONS = {"first_name": "--first-name", "last_name": "--last-name", "structure": "--structure",
            "agency_name": "--agency-name", "agency_code": "--agency-code", "phone": "--phone", "email": "--email"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "adviser", help="renseigner ou afficher le profil du conseiller (sans fenêtre)",
        description="Enregistre le profil du conseiller utilisé sur ce poste, le même que dans la fenêtre : "
                    "il figure sur les récapitulatifs et est enregistré avec chaque vérification et activation. "
                    "Sans option, affiche le profil actuel ; une option omise garde sa valeur actuelle.")
    parser.add_argument("--first-name", metavar="PRÉNOM", help="prénom du conseiller")
    parser.add_argument("--last-name", metavar="NOM", help="nom du conseiller")
    parser.add_argument("--structure", choices=tuple(STRUCTURE_CHOICES), help="structure du conseiller")
    parser.add_argument("--agency-name", metavar="NOM", help="nom de l'agence (ex. « Mission Locale de Lyon »)")
    parser.add_argument("--agency-code", metavar="CODE",
                        help="code de l'agence, commençant par son département (ex. 69001, 2A004, 974B01)")
    parser.add_argument("--phone", metavar="TÉLÉPHONE", help="téléphone professionnel (imprimé sur les récapitulatifs)")
    parser.add_argument("--email", metavar="COURRIEL", help="adresse électronique professionnelle")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pej_desktop.cli.people_cmd import open_store
    from pej_desktop.ops.people import current_adviser, save_adviser

    store = open_store(args)
    try:
        current = current_adviser(store)
        changes = _changes(args)
        if not changes:
            return _show(current)
        saved, errors = save_adviser(store, _draft(current, changes))
    finally:
        store.close()
    if errors:
        for field, message in errors.items():
            print(f"{_OPTIONS.get(field, field)} : {message}", file=sys.stderr)
        raise CommandError("profil du conseiller non enregistré : corrigez les valeurs ci-dessus.",
                           exit_code=EXIT_INVALID)
    assert saved is not None
    print(f"Profil du conseiller enregistré : {saved.label}.")
    contact = " · ".join(p for p in (saved.phone, saved.email) if p)
    print(f"Contact professionnel imprimé sur les récapitulatifs : {contact or 'aucun'}.")
    return 0


def _changes(args: argparse.Namespace) -> dict[str, str]:
    values = {field: getattr(args, field) for field in _OPTIONS}
    if values["structure"] is not None:
        values["structure"] = STRUCTURE_CHOICES[values["structure"]]
    return {field: value for field, value in values.items() if value is not None}


def _draft(current, changes: dict[str, Any]):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from pej_desktop.domain.people import Adviser

    if current is None:
        blank = Adviser(first_name="", last_name="", structure="", agency_name="", agency_code="")
        return replace(blank, **changes)
    return replace(current, **changes)


def _show(current) -> int:  # type: ignore[no-untyped-def]
    if current is None:
        print("Aucun profil de conseiller sur ce poste. Renseignez-le : pej-desktop adviser --first-name … "
              "--last-name … --structure mission_locale --agency-name … --agency-code …")
        return 0
    print(f"Conseiller : {current.label} (code agence {current.agency_code}).")
    contact = " · ".join(p for p in (current.phone, current.email) if p)
    print(f"Contact professionnel : {contact or 'aucun'}.")
    return 0
