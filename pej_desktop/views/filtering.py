"""One matching rule for every list an adviser filters by typing: accents, case and word order ignored.

« ecole » finds « École », « martin lea » finds « Léa MARTIN »: the typed words are
folded by ``domain.text`` (the same folding as the catalogue's search index) and each
must appear in the folded text of the row.
"""

from __future__ import annotations

from pej_desktop.domain.text import fold, query_tokens


def typed_words(text: str) -> list[str]:
    """The words of what the adviser typed, folded."""
    return query_tokens(text)


def matches(words: list[str], folded: str) -> bool:
    """Every typed word appears in the row's folded text (no word: every row matches)."""
    return all(word in folded for word in words)


def folded(text: str) -> str:
    """A row's text in the form ``matches`` compares against (fold it once, match it often)."""
    return fold(text)
