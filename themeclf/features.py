"""Text features that see how inspectors write: word n-grams with negation and contrast scope."""

from __future__ import annotations

import re

from themeclf.textnorm import clean

# A negation cue opens a scope that runs to the end of its clause ("not", "too few", "lack of").
_NEG = {
    "not", "no", "never", "nor", "cannot", "can't", "without", "lack", "lacks", "lacking", "absence",
    "insufficient", "insufficiently", "too", "unable", "fail", "fails", "failed", "failing", "limited",
    "inconsistent", "inconsistently", "poor", "poorly", "weak", "isn't", "aren't", "don't", "doesn't",
    "didn't", "wasn't", "weren't", "hasn't", "haven't", "few", "little", "rarely", "seldom",
}
# A contrast cue marks the rest of its sentence: what follows "however" is what counts.
_CONTRAST = {"however", "but", "although", "though", "despite", "yet", "remain", "remains", "still", "continue", "continues"}
_TOKEN = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]|[.;!?]|[,:()]")


def plain(text: str) -> str:
    """Lower-cased, normalised text."""
    return clean(text).lower()


_WORD = re.compile(r"\b\w\w+\b")


def make_analyzer(ngrams: int = 2, scope: bool = True):
    """One pass over the text: word n-grams, plus negation/contrast scope tokens."""
    return Analyzer(ngrams, scope)


class Analyzer:
    """Picklable text analyzer for TfidfVectorizer: word n-grams, and with ``scope`` the words of a
    negated clause as ``neg_word`` and the words after a contrast cue as ``con_word``."""

    def __init__(self, ngrams: int = 2, scope: bool = True):
        self.ngrams = ngrams
        self.scope = scope

    def __call__(self, text: str) -> list[str]:
        low = clean(text).lower()
        words = _WORD.findall(low)
        out = list(words)
        if self.ngrams >= 2:
            out += [f"{a} {b}" for a, b in zip(words, words[1:])]
        if self.ngrams >= 3:
            out += [f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:])]
        if self.scope:
            neg = con = False
            for tok in _TOKEN.findall(low):
                if tok in ".;!?":
                    neg = con = False
                    continue
                if tok in ",:()":
                    neg = False
                    continue
                if neg:
                    out.append("neg_" + tok)
                if con:
                    out.append("con_" + tok)
                if tok in _NEG:
                    neg = True
                if tok in _CONTRAST:
                    con = True
        return out
