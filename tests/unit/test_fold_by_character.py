"""``fold`` folds a text character by character (a translate table): the same result as
normalising the whole text, which it replaced for speed (a sync folds 50 000 offers)."""

from __future__ import annotations

import random
import unicodedata

from pej_desktop.domain.text import _LIGATURES, fold, fold_character


def _whole_text_fold(text: str) -> str:
    """The definition as it was written before: the whole text normalised at once."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def test_every_character_folds_as_the_whole_text_definition_says() -> None:
    for code in range(0x110000):
        ch = chr(code)
        assert fold(ch) == fold_character(ch) == _whole_text_fold(ch), hex(code)


def test_texts_with_accents_ligatures_and_stray_combining_marks_fold_the_same() -> None:
    texts = ["Cœur de la Forêt — ÉCOLE naïve", "Straße ﬁne ﬃ ǅ Ǆ İstanbul ΣΑΣ ς", "x\u0301\u0327y\u0300",
             "ﬀ\u0300 café\u0327 ½ ²", "ＡＢＣ ｶﾀｶﾅ 한국어 ﷺ"]
    rng = random.Random(17)
    alphabet = "aeiouyçéèêëàâîïôûùœæÉÈÀÇŒß’'-" + "\u0301\u0300\u0327\u0308" + "ﬁﬂ½ǅ한ｶ"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(2000)]
    for text in texts:
        assert fold(text) == _whole_text_fold(text), text
    assert fold("Cœur ÉTÉ") == "coeur ete"
