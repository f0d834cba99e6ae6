"""Plain French for the people who read the documents: dates in words, « tu » instead of « vous ».

The partners write their offers for the national catalogue with « vous » (« Présentez
votre code en caisse »). The young person's summary speaks to them with « tu »
throughout (FALC), so the partners' texts are turned into « tu » when they are printed
there: imperatives (« Présentez » → « Présente »), subjects (« si vous avez » → « si tu
as »), objects (« vous est envoyée » → « t'est envoyée »), possessives (« votre carte »
→ « ta carte », « vos achats » → « tes achats »). The rules cover every text of the
demo catalogue (tested); a text they do not know is printed as written.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")

# Verbs whose « tu » form is not the « vous » form minus "z" (imperative, then present).
_IRREGULAR = {
    "prenez": ("prends", "prends"), "rendez": ("rends", "rends"), "choisissez": ("choisis", "choisis"),
    "saisissez": ("saisis", "saisis"), "inscrivez": ("inscris", "inscris"), "appelez": ("appelle", "appelles"),
    "réglez": ("règle", "règles"), "payez": ("paie", "paies"), "avez": ("aie", "as"), "pouvez": ("peux", "peux"),
    "devez": ("dois", "dois"), "êtes": ("sois", "es"), "faites": ("fais", "fais"), "allez": ("va", "vas"),
    "venez": ("viens", "viens"), "recevez": ("reçois", "reçois"), "remplissez": ("remplis", "remplis"),
    "finissez": ("finis", "finis"), "dites": ("dis", "dis"), "mettez": ("mets", "mets"),
    "voulez": ("veuille", "veux"), "obtenez": ("obtiens", "obtiens"), "bénéficiez": ("bénéficie", "bénéficies"),
    "recevrez": ("recevras", "recevras"), "pourrez": ("pourras", "pourras"), "aurez": ("auras", "auras"),
    "serez": ("seras", "seras"),
}
_NOT_VERBS = {"chez", "nez", "assez", "rez"}
# Feminine nouns that start with a consonant take « ta »; the rest take « ton » (« ton ordonnance »).
_FEMININE = {"carte", "formule", "première", "vue", "commande", "réservation", "demande", "pièce", "attestation",
             "adresse", "inscription", "facture", "boutique", "séance", "visite", "consultation", "place",
             "photo", "ville", "banque", "mutuelle", "santé", "famille", "structure", "mission", "recharge",
             "liste", "semaine", "journée", "date", "caisse", "situation"}
_BEFORE_NOUN = {"prenez", "prends", "prendre", "un", "le", "du", "des", "les", "de", "sur", "au", "ton", "votre",
                "d'un", "premier", "sans", "avec"}
_CHEZ = re.compile(r"\bchez vous\b", re.IGNORECASE)
_WORD = r"[A-Za-zÀ-ÖØ-öø-ÿœŒ]+"
_PRONOUN_VERB = re.compile(rf"\b({_WORD}ez)-vous\b")
_SUBJECT = re.compile(
    rf"(^|[.:;!?,]\s*|\b(?i:si|que|qu'|quand|où|dont|et|ou|mais|lorsque)\s+)([Vv])ous ((?:ne |n')?)({_WORD})\b"
)
_OBJECT = re.compile(rf"(?<!-)\b([Vv])ous ({_WORD})\b")
_POSSESSIVE = re.compile(rf"\b([Vv])otre ({_WORD})")
_PLURAL = re.compile(r"\b([Vv])os\b")
_IMPERATIVE = re.compile(rf"(^|[.:;!?,(]\s*|\b(?:puis|et|ou)\s+)({_WORD}ez)\b")


def long_date(day: dt.date | None, *, missing: str = "--") -> str:
    """« 6 décembre 2026 », « 1er juin 2027 »: the way a date is said, not coded."""
    if day is None:
        return missing
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS[day.month - 1]} {day.year}"


def tutoyer(text: str) -> str:
    """The same text addressed with « tu » (see the module's docstring for what is covered)."""
    text = _CHEZ.sub(lambda m: m.group(0)[:5] + "toi", text)
    text = _PRONOUN_VERB.sub(_pronominal, text)
    text = _SUBJECT.sub(lambda m: f"{m.group(1)}{_cased('tu', m.group(2))} {m.group(3)}{_present(m.group(4))}", text)
    text = _OBJECT.sub(_object, text)
    text = _POSSESSIVE.sub(lambda m: f"{_cased(_possessive(m.group(2)), m.group(1))} {m.group(2)}", text)
    text = _PLURAL.sub(lambda m: _cased("tes", m.group(1)), text)
    return _IMPERATIVE.sub(lambda m: m.group(1) + _imperative(m.group(2)), text)


def _pronominal(match: re.Match[str]) -> str:
    """« connectez-vous » → « connecte-toi »; the noun « (prendre) rendez-vous » stays."""
    before = match.string[: match.start()].rstrip().rsplit(" ", 1)[-1].lower()
    if match.group(1).lower() == "rendez" and before in _BEFORE_NOUN:
        return match.group(0)
    return f"{_imperative(match.group(1))}-toi"


def _imperative(verb: str) -> str:
    lower = verb.lower()
    if lower in _NOT_VERBS or not lower.endswith("ez"):
        return verb
    form = _IRREGULAR.get(lower, (lower[:-2] + "e", ""))[0]
    return _cased(form, verb[0])


def _present(word: str) -> str:
    """« avez » → « as », « présentez » → « présentes »; other words unchanged (« ne », « y »)."""
    lower = word.lower()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower][1]
    if lower.endswith("ez") and lower not in _NOT_VERBS:
        return lower[:-2] + "es"
    return word


def _object(match: re.Match[str]) -> str:
    """« vous est » → « t'est », « vous aident » → « t'aident », « chez vous » is handled before."""
    case, following = match.group(1), match.group(2)
    if following[0].lower() in "aeéèêiîoôuyh":
        return f"{_cased('t', case)}'{following}"
    return f"{_cased('te', case)} {following}"


def _possessive(noun: str) -> str:
    lower = noun.lower()
    if lower in _FEMININE and lower[0] not in "aeéèêiîoôuyh":
        return "ta"
    return "ton"


def _cased(word: str, like: str) -> str:
    return word[0].upper() + word[1:] if like[:1].isupper() else word
