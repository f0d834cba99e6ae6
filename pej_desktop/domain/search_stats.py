"""Searches that found nothing: the anonymous form they are counted and sent in.

A catalogue search with no result is counted so the national team sees unmet demand.
Before it is counted it is **reduced to words the catalogue itself uses** — words of
the offers' titles, subtitles, tags and category names (never partner names) — and
everything else is dropped (documented in docs/companion.md):

- e-mail addresses, dates and any word holding a digit (phone, dossier, social
  security or postal code, year) are removed first, whole;
- a word that is a first or last name of a young person on file is dropped, even if
  the catalogue also uses it ("rose"): the adviser may have typed a name in the wrong box;
- any word the catalogue does not use is dropped: an unknown word may be a name.

"Vélo Léa Dupont 12/03/2004" becomes "velo" (when Léa Dupont is on file or simply
unknown to the catalogue); a search left with no word is not counted at all.

Pure functions: no Qt, no SQL (the catalogue's words come in as ``vocabulary``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Container

from pej_desktop.domain.text import query_tokens

MAX_KEY_LENGTH = 80
MIN_WORD_LENGTH = 2
_EMAIL = re.compile(r"\S+@\S*|\S*@\S+")
_DATE = re.compile(r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}\b|\b\d{4}-\d{1,2}-\d{1,2}\b")


def candidate_words(query: str) -> list[str]:
    """The folded words that may be counted, before the vocabulary decides (no address, date, digit)."""
    text = _DATE.sub(" ", _EMAIL.sub(" ", query[:2000]))
    words: list[str] = []
    for word in query_tokens(text):
        if len(word) >= MIN_WORD_LENGTH and not any(c.isdigit() for c in word) and word not in words:
            words.append(word)
    return words


def unmet_search_key(query: str, *, vocabulary: Container[str],
                     personal_words: Collection[str] = ()) -> str | None:
    """The catalogue's words of a search that found nothing; None when none is left to count."""
    key = ""
    for word in candidate_words(query):
        if word in personal_words or word not in vocabulary:
            continue
        candidate = f"{key} {word}" if key else word
        if len(candidate) > MAX_KEY_LENGTH:
            break
        key = candidate
    return key or None


def name_words(name_keys: Collection[str]) -> frozenset[str]:
    """The words of the files' folded "last first" names (``young_people.name_key``)."""
    return frozenset(word for key in name_keys for word in key.split() if len(word) >= 2)
