"""Searches that found nothing: the anonymous form they are counted and sent in.

A catalogue search with no result is counted under its folded words ("Vélo
électrique !" → "velo electrique"), so the national team sees unmet demand. Nothing
that could point at a person is ever counted (documented in docs/companion.md):

- a search holding an e-mail address ("@"), a run of 5 digits or more (phone, dossier
  or social security number, postal code) or something that looks like a date;
- a search with a word that is a first or last name of a young person on file (the
  adviser may have typed a name in the wrong search box) — even if the word is also
  an ordinary one ("rose"): when in doubt, the search is not counted.

Pure functions: no Qt, no SQL.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from pej_desktop.store.text import query_tokens

MAX_KEY_LENGTH = 80
MIN_KEY_LENGTH = 2
_DIGITS = re.compile(r"\d{5,}")
_DATE = re.compile(r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}\b|\b\d{4}-\d{1,2}-\d{1,2}\b")


def unmet_search_key(query: str, *, personal_words: Collection[str] = ()) -> str | None:
    """The folded words counted for a search that found nothing; None when it must not be counted."""
    raw = query[:2000]
    if "@" in raw or _DIGITS.search(raw.replace(" ", "")) or _DATE.search(raw):
        return None
    words = query_tokens(raw)
    if not words or any(word in personal_words for word in words):
        return None
    key = ""
    for word in words:
        candidate = f"{key} {word}" if key else word
        if len(candidate) > MAX_KEY_LENGTH:
            break
        key = candidate
    return key if len(key) >= MIN_KEY_LENGTH else None


def name_words(name_keys: Collection[str]) -> frozenset[str]:
    """The words of the files' folded "last first" names (``young_people.name_key``)."""
    return frozenset(word for key in name_keys for word in key.split() if len(word) >= 2)
