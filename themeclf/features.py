"""Text features that see how inspectors write: word n-grams with negation and contrast scope."""

from __future__ import annotations

import re
from collections import defaultdict

from sklearn.feature_extraction.text import TfidfVectorizer

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


_WORD = re.compile(r"\w\w+")  # the same matches as \b\w\w+\b (greedy runs), found faster


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
        # Tokens ignore whitespace, so plain ASCII text needs no cleaning (only \x02 would matter).
        low = text.lower() if text.isascii() and "\x02" not in text else clean(text).lower()
        words = _WORD.findall(low)
        out = list(words)
        if self.ngrams >= 2:
            out += [a + " " + b for a, b in zip(words, words[1:])]
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


class TfidfTerms(TfidfVectorizer):
    """A TfidfVectorizer whose learned vocabulary pickles as one string instead of a dict of
    100k+ entries: joblib's pure-Python pickler and unpickler handle one string at once, so the
    model file saves and loads about ten times faster (it is loaded on every ``tag``)."""

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        vocab = state.get("vocabulary_")
        if isinstance(vocab, dict) and vocab:
            terms = sorted(vocab, key=vocab.__getitem__)
            if all(vocab[t] == i and "\n" not in t for i, t in enumerate(terms)):
                state = {**state, "vocabulary_": None, "_terms": "\n".join(terms)}
        return state

    def _count_vocab(self, raw_documents, fixed_vocab):
        """Term counts with one C-level map per document instead of scikit-learn's Python loop
        over tokens (both fitting and tagging spend their time here). When fitting, the
        vocabulary grows as terms are met; scikit-learn then sorts and prunes it as usual."""
        import numpy as np
        import scipy.sparse as sp

        if fixed_vocab:
            vocabulary = self.vocabulary_
            get = vocabulary.get

            def ids(tokens: list[str]) -> list[int]:
                return [i for i in map(get, tokens) if i is not None]
        else:
            vocabulary = defaultdict()
            vocabulary.default_factory = vocabulary.__len__

            def ids(tokens: list[str]):
                return map(vocabulary.__getitem__, tokens)
        analyze = self.build_analyzer()
        indices: list[int] = []
        indptr = [0]
        for doc in raw_documents:
            indices.extend(ids(analyze(doc)))
            indptr.append(len(indices))
        if not vocabulary:
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        X = sp.csr_matrix((np.ones(len(indices), dtype=self.dtype), np.asarray(indices, dtype=np.int32),
                           np.asarray(indptr, dtype=np.int64)), shape=(len(indptr) - 1, len(vocabulary)))
        X.sum_duplicates()
        return dict(vocabulary), X

    def __setstate__(self, state: dict) -> None:
        terms = state.pop("_terms", None)
        super().__setstate__(state)
        if terms is not None:
            self.vocabulary_ = {t: i for i, t in enumerate(terms.split("\n"))}
