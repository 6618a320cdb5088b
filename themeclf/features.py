"""TF-IDF features over the analyzer's terms (themeclf.analyzer): a TfidfVectorizer that pickles
compactly and looks terms up fast."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from sklearn.feature_extraction.text import TfidfVectorizer

from themeclf.analyzer import Analyzer, make_analyzer  # noqa: F401 (models pickled before the split name it here)
from themeclf.scoring import hashed_terms, term_counts
from themeclf.textnorm import clean



def plain(text: str) -> str:
    """Lower-cased, normalised text."""
    return clean(text).lower()


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
        terms of a chunk of documents are looked up at once in the terms' hash table (scoring.term_counts)."""
        import scipy.sparse as sp

        analyze = self.build_analyzer()
        if fixed_vocab and isinstance(self.analyzer, Analyzer) and self.input == "content":
            analyze = self.analyzer  # the same terms, and numeric keys for them
        if fixed_vocab:
            vocabulary = self.vocabulary_
            cached = self.__dict__.get("_hashed")
            if cached is None or cached[0] is not vocabulary:  # built once per process, never pickled
                cached = self._hashed = (vocabulary, hashed_terms(list(vocabulary), vocabulary.values(), analyze))
            X = term_counts(raw_documents, analyze, cached[1], len(vocabulary), self.dtype)
            return vocabulary, X  # transform discards it: no copy of the vocabulary per call
        vocabulary = defaultdict()
        vocabulary.default_factory = vocabulary.__len__
        ids: list[int] = []
        ptr_list = [0]
        for doc in raw_documents:
            ids.extend(map(vocabulary.__getitem__, analyze(doc)))
            ptr_list.append(len(ids))
        if not vocabulary:
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        X = sp.csr_matrix((np.ones(len(ids), dtype=self.dtype), np.asarray(ids, dtype=np.int32), ptr_list),
                          shape=(len(ptr_list) - 1, len(vocabulary)))
        X.sum_duplicates()
        return dict(vocabulary), X

    def __setstate__(self, state: dict) -> None:
        terms = state.pop("_terms", None)
        super().__setstate__(state)
        if terms is not None:
            self.vocabulary_ = {t: i for i, t in enumerate(terms.split("\n"))}
