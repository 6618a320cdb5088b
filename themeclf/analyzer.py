"""The text analyzer: word n-grams, the scope of negation and contrast, and the words of
sentences that state a shortfall. Plain Python: tagging loads it without scikit-learn."""

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
# A sentence with one of these (or a negation cue) states a shortfall, and its words are marked
# ``crit_word``: "management oversight" then counts differently in "management oversight is
# regular and effective" and "management oversight is not consistently effective", whichever side
# of the cue the topic sits. Hedges of scope ("some", "a minority") count: inspectors use them
# for weaknesses that affect some children.
_SHORTFALL = {
    "delay", "delays", "delayed", "drift", "variable", "inadequate", "gaps", "slow", "late", "weaknesses",
    "deficits", "shortfalls", "concerns", "vacancies", "unclear", "ineffective", "requires", "minority", "some",
}
_CRITICAL = frozenset(_NEG | _SHORTFALL)
_TOKEN = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]|[.;!?]|[,:()]")


_WORD = re.compile(r"\w\w+")  # the same matches as \b\w\w+\b (greedy runs), found faster


def make_analyzer(ngrams: int = 2, scope: bool = True, sentences: bool = False):
    """One pass over the text: word n-grams, plus negation/contrast scope and sentence marks."""
    return Analyzer(ngrams, scope, sentences)


class Analyzer:
    """Picklable text analyzer (for TfidfTerms and the scorer): word n-grams; with ``scope`` the words of a
    negated clause as ``neg_word`` and the words after a contrast cue as ``con_word``; with
    ``sentences`` (and ``scope``) the words of a sentence that states a shortfall as ``crit_word``."""

    sentences = False  # analyzers pickled before sentence marks existed

    def __init__(self, ngrams: int = 2, scope: bool = True, sentences: bool = False):
        self.ngrams = ngrams
        self.scope = scope
        self.sentences = sentences

    def __call__(self, text: str) -> list[str]:
        # Tokens ignore whitespace, so plain ASCII text needs no cleaning (only \x02 would matter).
        low = text.lower() if text.isascii() and "\x02" not in text else clean(text).lower()
        words = _WORD.findall(low)
        out = list(words)
        if self.ngrams >= 2:
            out += [a + " " + b for a, b in zip(words, words[1:])]
        if self.ngrams >= 3:
            out += [f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:])]
        if self.scope:
            marks = self.sentences
            neg = con = critical = False
            sentence: list[str] = []
            for tok in _TOKEN.findall(low) + ["."]:
                if tok in ".;!?":
                    if critical:
                        out += ["crit_" + w for w in sentence]
                    neg = con = critical = False
                    sentence = []
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
                if marks:
                    sentence.append(tok)
                    if tok in _CRITICAL:
                        critical = True
        return out
