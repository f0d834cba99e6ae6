"""The needs checklist of an interview, and which catalogue offers answer each need.

The adviser ticks, with the young person, what weighs on their budget (food, hygiene,
transport to work or training, driving licence, housing or a first move-in, health and
mental health, phone and internet, equipment, sport and culture), optionally with a
rough monthly amount ("transport : 60 € par mois").

Matching a need to offers (documented for advisers in docs/companion.md):

- Each need lives in one or more catalogue categories and has keywords. An offer
  answers a need when one of its tags, folded (case, accents, ligatures), contains one
  of the need's keywords as a word sequence ("carte de réduction train" → transport).
- Each category also has a *default need* (``mobilite`` → transport, ``logement`` →
  housing…). An offer of a category answers that default need when none of its tags
  matched another need living in the same category: a car insurance offer in
  ``mobilite`` is about transport, a driving-school offer is about the licence only.

Pure data and functions: no Qt, no SQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from pej_desktop.domain.errors import UserError
from pej_desktop.domain.text import fold

MAX_MONTHLY_CENTS = 500_000  # 5 000 € a month: anything above is a typing slip


@dataclass(frozen=True)
class Need:
    key: str
    label: str  # checklist label
    short: str  # in sentences: "couvre ton besoin transport"
    categories: tuple[str, ...]
    keywords: tuple[str, ...]


NEEDS: tuple[Need, ...] = (
    Need("food", "Alimentation", "alimentation", ("alimentation-hygiene",),
         ("courses", "alimentation", "epicerie", "repas", "dejeuner", "restaurant", "panier", "legumes",
          "fruits", "boulangerie", "pain", "produits frais", "anti gaspi", "drive", "colis", "petit dejeuner",
          "essentiels", "bebe")),
    Need("hygiene", "Hygiène", "hygiène", ("alimentation-hygiene", "sante"),
         ("hygiene", "toilette", "regles", "protections", "precarite menstruelle", "beaute", "lessive",
          "menage", "laverie")),
    Need("transport", "Transport (travail, formation)", "transport", ("mobilite",),
         ("transport", "bus", "tram", "metro", "train", "velo", "covoiturage", "ticket", "car", "trajet",
          "mobilite", "trottinette", "voyage")),
    Need("licence", "Permis de conduire", "permis de conduire", ("mobilite",),
         ("permis", "conduite", "auto ecole", "code de la route")),
    Need("housing", "Logement, première installation", "logement", ("logement",),
         ("logement", "loyer", "studio", "residence", "colocation", "demenagement", "hebergement", "foyer",
          "caution", "garant", "energie", "electricite", "gaz", "habitation", "installation")),
    Need("health", "Santé, santé mentale", "santé", ("sante",),
         ("sante", "psychologue", "mutuelle", "complementaire sante", "pharmacie", "optique", "lunettes",
          "dentaire", "dentiste", "teleconsultation", "medecin", "ecoute", "stress", "soins",
          "parapharmacie", "bien etre")),
    Need("phone", "Téléphone et internet", "téléphone et internet", ("equipement", "logement"),
         ("telephone", "smartphone", "mobile", "forfait", "internet", "box", "fibre", "4g")),
    Need("equipment", "Équipement", "équipement", ("equipement",),
         ("equipement", "electromenager", "ordinateur", "informatique", "vetements", "chaussures",
          "reconditionne", "cuisine", "tenue", "mobilier", "matelas")),
    Need("sport_culture", "Sport et culture", "sport et culture", ("sport-loisirs-culture",),
         ("sport", "cinema", "musee", "concert", "lecture", "livres", "culture", "piscine", "theatre",
          "festival", "spectacle", "sortie", "exposition")),
)
NEEDS_BY_KEY: dict[str, Need] = {need.key: need for need in NEEDS}
DEFAULT_NEED_OF_CATEGORY: dict[str, str] = {
    "alimentation-hygiene": "food",
    "mobilite": "transport",
    "logement": "housing",
    "sante": "health",
    "sport-loisirs-culture": "sport_culture",
    "equipement": "equipment",
}
_WORDS = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class NeedEntry:
    """One ticked need; ``monthly_cents`` is the rough monthly spend, if the young person gave one."""

    key: str
    monthly_cents: int | None = None

    @property
    def need(self) -> Need:
        return NEEDS_BY_KEY[self.key]


@dataclass(frozen=True)
class NeedsChecklist:
    """The needs ticked at an interview, in checklist order."""

    entries: tuple[NeedEntry, ...] = ()

    @classmethod
    def of(cls, entries: Iterable[NeedEntry]) -> NeedsChecklist:
        """Known needs only, one entry per need, in checklist order."""
        by_key = {e.key: e for e in entries if e.key in NEEDS_BY_KEY}
        return cls(tuple(by_key[n.key] for n in NEEDS if n.key in by_key))

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(e.key for e in self.entries)

    def amount(self, key: str) -> int | None:
        return next((e.monthly_cents for e in self.entries if e.key == key), None)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def describe(self) -> str:
        """"transport : 60 € par mois ; alimentation" — for lists and the follow-up."""
        return " ; ".join(_describe_entry(e) for e in self.entries)


def _describe_entry(entry: NeedEntry) -> str:
    from pej_desktop.domain.money import format_cents

    if entry.monthly_cents is None:
        return entry.need.short
    return f"{entry.need.short} : {format_cents(entry.monthly_cents, with_cents=False)} par mois"


# -- amounts ----------------------------------------------------------------------------------
class AmountError(UserError, ValueError):
    """A monthly amount that cannot be read; the message is French."""


_AMOUNT = re.compile(r"^(\d{1,3}(?:[ \u00a0\u202f]?\d{3})*|\d+)(?:[,.](\d{1,2}))?$")


def parse_monthly_amount(text: str) -> int | None:
    """"60", "60 €", "12,50 €/mois" → cents; "" → None; AmountError otherwise."""
    raw = text.strip().lower()
    for suffix in ("par mois", "/mois", "/ mois", "€", "eur", "euros"):
        raw = raw.removesuffix(suffix).strip()
    raw = raw.removesuffix("€").strip()
    if not raw:
        return None
    match = _AMOUNT.match(raw)
    if match is None:
        raise AmountError(f"Montant illisible « {text.strip()[:40]} » : écrivez par exemple 60 ou 12,50.")
    euros = int(re.sub(r"\D", "", match.group(1)))
    cents = euros * 100 + int((match.group(2) or "0").ljust(2, "0"))
    if cents <= 0:
        raise AmountError("Le montant doit être supérieur à 0 € (laissez vide si vous ne le connaissez pas).")
    if cents > MAX_MONTHLY_CENTS:
        raise AmountError("Montant trop élevé pour une dépense mensuelle (5 000 € au plus).")
    return cents


# -- matching -----------------------------------------------------------------------------------
class NeedMatcher:
    """Which needs an offer answers, from its categories and tags (see the module docstring).

    Folded keyword sequences are compared word by word, so "car" matches the tag
    "car" but not "carte cadeau". Answers are remembered per (categories, tags): a
    national catalogue repeats the same few hundred combinations across its offers.
    """

    def __init__(self, needs: tuple[Need, ...] = NEEDS, defaults: Mapping[str, str] | None = None) -> None:
        self.needs = needs
        self.defaults = dict(DEFAULT_NEED_OF_CATEGORY if defaults is None else defaults)
        self._single: dict[str, set[str]] = {}  # one-word keyword → needs
        self._multi: list[tuple[tuple[str, ...], str]] = []  # several words, in order → need
        for need in needs:
            for keyword in need.keywords:
                words = tuple(keyword.split())
                if len(words) == 1:
                    self._single.setdefault(words[0], set()).add(need.key)
                else:
                    self._multi.append((words, need.key))
        self._known: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[str, ...]] = {}

    def needs_of(self, categories: Sequence[str], tags: Sequence[str]) -> tuple[str, ...]:
        """The keys of the needs the offer answers, in checklist order."""
        key = (tuple(categories), tuple(tags))
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = self._judge(*key)
        return found

    def _judge(self, categories: tuple[str, ...], tags: tuple[str, ...]) -> tuple[str, ...]:
        by_tags: set[str] = set()
        for tag in tags:
            words = tuple(_WORDS.findall(fold(tag)))
            for word in words:
                by_tags |= self._single.get(word, set())
            by_tags.update(need for sequence, need in self._multi if _contains(words, sequence))
        claimed = {c for key in by_tags for c in NEEDS_BY_KEY[key].categories}
        found = set(by_tags)
        for category in categories:
            default = self.defaults.get(category)
            if default is not None and category not in claimed:
                found.add(default)
        return tuple(n.key for n in self.needs if n.key in found)


def _contains(words: tuple[str, ...], sequence: tuple[str, ...]) -> bool:
    size = len(sequence)
    return any(words[i:i + size] == sequence for i in range(len(words) - size + 1))


MATCHER = NeedMatcher()


def needs_of_offer(categories: Sequence[str], tags: Sequence[str]) -> tuple[str, ...]:
    return MATCHER.needs_of(categories, tags)
