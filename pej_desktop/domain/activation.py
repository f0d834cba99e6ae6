"""Rules of offer activation that need neither a database nor a network.

- Which offers hand out a code from a pool (``voucher``, ``code``: the national
  catalogue imports codes for these kinds only; a gift card is bought through the
  offer's link, a pass offer is shown at the till, a code space is a private link).
- When a failed send is tried again: exponential backoff with jitter, stored with the
  outbox entry so that a restart does not reset it.
- What the adviser should do after each refusal of the national side, in French.
- The programme part of the rules at activation time: the confirmations of the last
  conclusive check, re-judged on the day (CEJ still in progress, age).
"""

from __future__ import annotations

import datetime as dt
import random

from pej_desktop.domain import eligibility as rules
from pej_desktop.domain.people import YoungPerson
from sync.protocol.records import POOL_KINDS as POOL_KINDS

BACKOFF_BASE = dt.timedelta(seconds=30)
BACKOFF_MAX = dt.timedelta(hours=1)
CODE_TO_COME = "code à venir"


def needs_code(kind: str) -> bool:
    return kind in POOL_KINDS


_WITHOUT_CODE = {"voucher_pass": "sur présentation du Pass", "gift_card": "carte cadeau via le lien de l'offre",
                 "code_space": "lien personnel de l'offre"}


def code_label(kind: str, code: str | None) -> str:
    """The code, « code à venir », or how an offer that hands no code is used."""
    if code:
        return code
    if needs_code(kind):
        return CODE_TO_COME
    return _WITHOUT_CODE.get(kind, "sans code")


def handed_as(kind: str) -> str:
    """What the result of an activation calls what the young person takes away: a code, or how to use it."""
    return "Code à remettre au jeune" if needs_code(kind) else "À utiliser"


def code_heading(kind: str) -> str:
    """« Code » before a code (or « code à venir »), « À utiliser » before how an offer without code is used."""
    return "Code" if needs_code(kind) else "À utiliser"


def next_attempt(attempts: int, now: dt.datetime, rng: random.Random | None = None) -> dt.datetime:
    """After ``attempts`` failures: base × 2^(attempts-1), capped, "equal jitter" (half fixed, half random)."""
    ceiling = min(BACKOFF_MAX, BACKOFF_BASE * (1 << max(0, attempts - 1)))
    share = 0.5 + (rng.random() if rng is not None else random.random()) / 2
    return now + ceiling * share


_ADVICE = {
    "offre-retiree": "Prévenez le jeune que cette offre n'est plus proposée et que son code ne fonctionnera pas ; "
                     "proposez-lui une autre offre du catalogue.",
    "offre-inconnue": "Synchronisez le catalogue : cette offre n'existe plus. Proposez une autre offre au jeune.",
    "offre-expiree": "L'offre avait expiré : prévenez le jeune que son code ne fonctionnera pas et proposez-lui "
                     "une autre offre.",
    "offre-pas-encore-valable": "Réactivez l'offre à partir de sa date de début de validité.",
    "deja-activee": "Cette offre ne s'active qu'une fois par jeune : il garde le code de sa première activation ; "
                    "celui remis cette fois ne fonctionnera pas, prévenez-le.",
    "code-precedent-non-utilise": "Le jeune doit d'abord utiliser son code précédent. Le code remis cette fois "
                                  "ne fonctionnera pas : prévenez-le, puis réactivez l'offre après utilisation.",
    "renouvellement-trop-tot": "Un nouveau code n'est possible que 24 h après l'utilisation du précédent : le code "
                               "remis ne fonctionnera pas ; réactivez l'offre après la date indiquée.",
    "code-deja-utilise": "Ce code a été attribué à un autre jeune : prévenez le jeune qu'il ne fonctionnera pas, "
                         "puis activez à nouveau l'offre pour lui remettre un nouveau code.",
    "code-inconnu": "Le code remis n'est pas reconnu : prévenez le jeune et activez à nouveau l'offre.",
    "quota-atteint": "Plus aucun code n'est disponible pour cette offre : proposez une autre offre au jeune.",
    "date-invalide": "Vérifiez la date et l'heure de cet ordinateur, puis activez à nouveau l'offre.",
}
_DEFAULT_ADVICE = ("Le serveur national a refusé cette activation. Si le problème se répète, contactez "
                   "l'assistance nationale en indiquant la référence de l'activation.")


def refusal_advice(slug: str | None) -> str:
    """What to do next, for the adviser: never a dead end."""
    return _ADVICE.get(slug or "", _DEFAULT_ADVICE)


def programme_at_activation(person: YoungPerson, on: dt.date, last_check: object | None) -> rules.EligibilityResult:
    """The Pass as judged at the last conclusive check, re-judged on ``on`` (CEJ dates, age).

    ``last_check`` is the latest recorded check (``result``, ``reference_date``,
    ``not_student``, ``not_in_training``). The RQTH answer is never stored: a check found
    eligible for someone already over 25 on its date means it was answered yes, so it is
    taken as yes; otherwise nothing is assumed (the age rule then asks for a new check).
    The age at entry is judged on the CEJ start, so it does not change between the
    check and the activation.
    """
    if last_check is None or getattr(last_check, "result", None) != rules.Status.ELIGIBLE.value:
        return rules.EligibilityResult.from_reasons([rules.Reason(
            rules.Status.NOT_ELIGIBLE, "Aucune vérification d'éligibilité concluante pour ce jeune.",
            advice="Lancez « Vérifier l'éligibilité » (Alt+V) avant d'activer une offre.")])
    checked_on = getattr(last_check, "reference_date", None)
    answered_rqth = checked_on is not None and rules.rqth_needed(person, checked_on)
    confirmations = rules.Confirmations(not_student=getattr(last_check, "not_student", None),
                                        not_in_training=getattr(last_check, "not_in_training", None),
                                        rqth=True if answered_rqth else None)
    return rules.check_programme(person, on, confirmations)
