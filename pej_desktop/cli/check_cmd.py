"""``pej-desktop check``: run and record an eligibility check without the window.

    pej-desktop check --young-person 4815162342 --confirm-situation [--rqth yes|no] [--date AAAA-MM-JJ] [--json]

``--confirm-situation`` is the adviser's confirmation that the young person is neither
a student nor in training. ``--rqth`` is asked only when the age at entry in the CEJ
needs it (26 to 29 révolus); the answer is used for this check and never stored, and
what is printed is what is stored (« condition d'âge vérifiée par le conseiller »).

Exit codes: 0 eligible, 3 not eligible, 4 a question must be answered or a point
verified (the reasons say which), 2 unknown file or bad argument, 1 personal file not
opened or no adviser profile.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from pej_desktop.cli import CommandError

EXIT_ELIGIBLE, EXIT_NOT_ELIGIBLE, EXIT_TO_VERIFY = 0, 3, 4
RQTH_ANSWERS = {"yes": True, "oui": True, "no": False, "non": False}
_MARKS = {"eligible": "✓", "not_eligible": "✗", "to_verify": "?"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check", help="vérifier l'éligibilité d'un jeune au Pass et l'enregistrer",
        description="Vérifie l'éligibilité du jeune au Pass Engagement Jeune à la date donnée, enregistre la "
                    "vérification (date, conseiller, version des règles, résultat, raisons) et affiche le "
                    "résultat avec ses raisons. Codes de sortie : 0 éligible, 3 non éligible, 4 une question "
                    "est à poser ou un point à vérifier.")
    parser.add_argument("--young-person", metavar="ID", required=True,
                        help="n° de dossier (i-milo ou France Travail) ou identifiant interne du dossier")
    parser.add_argument("--confirm-situation", action="store_true",
                        help="je confirme que le jeune n'est ni étudiant ni en formation")
    parser.add_argument("--rqth", choices=tuple(RQTH_ANSWERS), metavar="yes|no",
                        help="réponse du jeune à la question RQTH, seulement si elle est demandée ; jamais "
                             "enregistrée")
    parser.add_argument("--date", metavar="AAAA-MM-JJ", help="date de référence (aujourd'hui par défaut)")
    parser.add_argument("--json", action="store_true", help="résultat en JSON (sans nom ni date de naissance)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pej_desktop.cli.common import open_catalogue, person_id_or_fail, reference_date
    from pej_desktop.cli.people_cmd import open_store
    from pej_desktop.domain.eligibility import Confirmations
    from pej_desktop.ops.people import CheckRefused, rqth_question_applies, run_eligibility_check

    on = reference_date(args.date)
    confirmed = True if args.confirm_situation else None
    rqth = RQTH_ANSWERS[args.rqth] if args.rqth else None
    people = open_store(args)
    catalogue = open_catalogue(args)
    try:
        person_id = person_id_or_fail(people, args.young_person)
        if rqth is not None and not rqth_question_applies(people, person_id, on):
            print("Remarque : la question de la RQTH ne se pose pas pour ce jeune (son âge à l'entrée en CEJ "
                  "ne la demande pas) : la réponse --rqth n'a pas été utilisée.", file=sys.stderr)
        outcome = run_eligibility_check(people, catalogue, person_id,
                                        Confirmations(not_student=confirmed, not_in_training=confirmed, rqth=rqth),
                                        on=on)
    except CheckRefused as error:
        raise CommandError(str(error)) from None
    finally:
        people.close()
        catalogue.close()
    if args.json:
        print(json.dumps(_document(outcome, on), ensure_ascii=False, indent=2))
    else:
        _print(outcome, on)
    return {"eligible": EXIT_ELIGIBLE, "not_eligible": EXIT_NOT_ELIGIBLE}.get(
        outcome.programme.status.value, EXIT_TO_VERIFY)


def _reasons(outcome) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(status, wording) as stored: the RQTH answer never shows, not even on screen."""
    return [(r.status.value, r.stored_text) for r in outcome.programme.reasons]


def _print(outcome, on: dt.date) -> None:  # type: ignore[no-untyped-def]
    programme = outcome.programme
    print(f"{outcome.first_name} — {programme.status.label} le {on:%d/%m/%Y} "
          f"(règles {programme.rules_version}, vérification n° {outcome.check_id} enregistrée)")
    for status, text in _reasons(outcome):
        print(f"  {_MARKS[status]} {text}")
    for hint in _next_steps(outcome):
        print(hint)
    print(f"Offres ouvertes à ce jeune : {outcome.eligible_count} sur {len(outcome.marks)}.")


def _next_steps(outcome) -> list[str]:  # type: ignore[no-untyped-def]
    """What to do when a question must be answered: the options that answer it."""
    texts = " ".join(r.text for r in outcome.programme.reasons if r.status.value == "to_verify")
    steps = []
    if "n'a pas confirmé" in texts:
        steps.append("→ Après avoir vérifié avec le jeune qu'il n'est ni étudiant ni en formation, relancez avec "
                     "--confirm-situation.")
    if "RQTH" in texts:
        steps.append("→ Posez la question de la RQTH au jeune, puis relancez avec --rqth yes ou --rqth no "
                     "(réponse jamais enregistrée).")
    return steps


def _document(outcome, on: dt.date) -> dict[str, object]:  # type: ignore[no-untyped-def]
    programme = outcome.programme
    return {
        "young_person": outcome.person_id, "date": on.isoformat(), "result": programme.status.value,
        "label": programme.status.label, "rules_version": programme.rules_version, "check_id": outcome.check_id,
        "reasons": [{"status": status, "text": text} for status, text in _reasons(outcome)],
        "offers_eligible": outcome.eligible_count, "offers_total": len(outcome.marks),
    }
