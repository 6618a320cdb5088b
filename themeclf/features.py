"""Text features that see how inspectors write: word n-grams with negation and contrast scope, and
the words of sentences that state a shortfall."""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import islice

import numpy as np

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
_CHUNK = 512  # documents whose tokens are looked up together when tagging
_TOKEN = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]|[.;!?]|[,:()]")


def plain(text: str) -> str:
    """Lower-cased, normalised text."""
    return clean(text).lower()


_WORD = re.compile(r"\w\w+")  # the same matches as \b\w\w+\b (greedy runs), found faster


def make_analyzer(ngrams: int = 2, scope: bool = True, sentences: bool = False):
    """One pass over the text: word n-grams, plus negation/contrast scope and sentence marks."""
    return Analyzer(ngrams, scope, sentences)


class Analyzer:
    """Picklable text analyzer for TfidfVectorizer: word n-grams; with ``scope`` the words of a
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


class TfidfTerms(TfidfVectorizer):
    """A TfidfVectorizer whose learned vocabulary pickles as one string instead of a dict of
    100k+ entries: joblib's pure-Python pickler and unpickler handle one string at once, so the
    model file saves and loads about ten times faster (it is loaded on every ``tag``)."""

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        state.pop("_hashed", None)
        vocab = state.get("vocabulary_")
        if isinstance(vocab, dict) and vocab:
            terms = sorted(vocab, key=vocab.__getitem__)
            if all(vocab[t] == i and "\n" not in t for i, t in enumerate(terms)):
                state = {**state, "vocabulary_": None, "_terms": "\n".join(terms)}
        return state

    def _count_vocab(self, raw_documents, fixed_vocab):
        """Term counts without scikit-learn's Python loop over tokens (both fitting and tagging
        spend their time here). When fitting, one C-level map per document grows the vocabulary
        as terms are met (scikit-learn then sorts and prunes it as usual); when tagging, the
        tokens of a chunk of documents are looked up at once among the vocabulary's sorted hashes."""
        import scipy.sparse as sp

        analyze = self.build_analyzer()
        if fixed_vocab:
            vocabulary = self.vocabulary_
            hashes, columns = self._hashed_terms()
            indices, indptr = [], [np.zeros(1, dtype=np.int64)]
            docs = iter(raw_documents)
            while chunk := list(islice(docs, _CHUNK)):
                tokens: list[str] = []
                ends = []
                for doc in chunk:
                    tokens += analyze(doc)
                    ends.append(len(tokens))
                found = _lookup(tokens, hashes, columns)
                # Found tokens before each document's end: its share of the indices.
                hits = np.flatnonzero(found >= 0)
                indices.append(found[hits])
                indptr.append(np.searchsorted(hits, ends) + indptr[-1][-1])
            cols = np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64)
            ptr = np.concatenate(indptr)
        else:
            vocabulary = defaultdict()
            vocabulary.default_factory = vocabulary.__len__
            ids: list[int] = []
            ptr_list = [0]
            for doc in raw_documents:
                ids.extend(map(vocabulary.__getitem__, analyze(doc)))
                ptr_list.append(len(ids))
            if not vocabulary:
                raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
            cols, ptr = np.asarray(ids, dtype=np.int64), np.asarray(ptr_list, dtype=np.int64)
        X = sp.csr_matrix((np.ones(len(cols), dtype=self.dtype), cols.astype(np.int32), ptr),
                          shape=(len(ptr) - 1, len(vocabulary)))
        X.sum_duplicates()
        # transform discards the vocabulary returned: no copy of it per call
        return (vocabulary if fixed_vocab else dict(vocabulary)), X

    def tfidf(self, texts: list[str]):
        """What ``transform`` returns, without scikit-learn's checks on every call: tagging calls
        this once per document, and the checks cost more than scoring a short one."""
        from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

        if self.binary or self.norm not in ("l2", None):
            return self.transform(texts)
        _, X = self._count_vocab(texts, fixed_vocab=True)
        if self.sublinear_tf:
            np.log(X.data, X.data)
            X.data += 1.0
        if self.use_idf:
            X.data *= self.idf_[X.indices]
        if self.norm == "l2":
            inplace_csr_row_normalize_l2(X)
        return X

    def _hashed_terms(self) -> tuple[np.ndarray, np.ndarray]:
        """The vocabulary's term hashes, sorted, and their columns. Built once per process and
        never pickled: Python salts string hashes per process."""
        cached = self.__dict__.get("_hashed")
        if cached is None or cached[0] is not self.vocabulary_:
            vocab = self.vocabulary_
            hashes = np.fromiter(map(hash, vocab), dtype=np.int64, count=len(vocab))
            columns = np.fromiter(vocab.values(), dtype=np.int64, count=len(vocab))
            order = np.argsort(hashes, kind="stable")
            cached = (vocab, hashes[order], columns[order])
            self._hashed = cached
        return cached[1], cached[2]

    def __setstate__(self, state: dict) -> None:
        terms = state.pop("_terms", None)
        super().__setstate__(state)
        if terms is not None:
            self.vocabulary_ = {t: i for i, t in enumerate(terms.split("\n"))}


def _lookup(tokens: list[str], hashes: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Each token's column, or -1 when it is not in the vocabulary. Matching 64-bit hashes stand
    for matching terms; two distinct terms sharing a hash is a one-in-10^19 event per pair, far
    rarer than the hash collisions scikit-learn's HashingVectorizer accepts by design."""
    if not tokens or not len(hashes):
        return np.full(len(tokens), -1, dtype=np.int64)
    wanted = np.fromiter(map(hash, tokens), dtype=np.int64, count=len(tokens))
    pos = np.minimum(np.searchsorted(hashes, wanted), len(hashes) - 1)
    return np.where(hashes[pos] == wanted, columns[pos], -1)
