"""TF-IDF features over the analyzer's terms (themeclf.analyzer): a TfidfVectorizer that pickles
compactly and looks terms up fast."""

from __future__ import annotations

from collections import defaultdict
from itertools import islice

import numpy as np

from sklearn.feature_extraction.text import TfidfVectorizer

from themeclf.analyzer import Analyzer, make_analyzer  # noqa: F401 (models pickled before the split name it here)
from themeclf.scoring import lookup as _lookup
from themeclf.textnorm import clean

_CHUNK = 512  # documents whose tokens are looked up together when tagging


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
