"""A fitted model's scoring as plain arrays: each feature part's terms and IDF weights, and the
linear weights of every theme. This is what a model file holds: tagging loads and scores it with
numpy and scipy.sparse (no scikit-learn import, so ``tag`` starts fast), with the same numbers as
the scikit-learn pipeline it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Callable, Sequence

import numpy as np

from themeclf.keytable import KeyTable, python_hashes

_CHUNK = 512  # paragraphs whose tokens are looked up together


@dataclass
class TermPart:
    """One TF-IDF feature block: how text becomes terms, the terms in column order, their IDF."""

    analyze: Callable[[str], list[str]]
    terms: list[str]
    idf: np.ndarray
    sublinear: bool = True
    name: str = "words"
    _table: tuple | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict:
        # One string instead of a list of 100k+ strings: pickles and unpickles ten times faster.
        state = {k: v for k, v in self.__dict__.items() if k != "_table"}
        state["terms"] = "\n".join(self.terms)
        return state

    def __setstate__(self, state: dict) -> None:
        state["terms"] = state["terms"].split("\n") if state["terms"] else []
        self.__dict__.update(state, _table=None)

    @property
    def table(self) -> KeyTable:
        """The terms' lookup table (see ``lookup``), built on first use, never pickled."""
        if self._table is None:
            self._table = hashed_terms(self.terms, analyze=self.analyze)
        return self._table

    def tfidf(self, texts: Sequence[str]):
        """The l2-normalised TF-IDF matrix of ``texts`` (scipy CSR, float64): what
        TfidfVectorizer(sublinear_tf=..., norm="l2").transform gives."""
        X = term_counts(texts, self.analyze, self.table, len(self.terms), np.float64)
        return weigh(X, self.idf, self.sublinear)


def term_counts(texts: Sequence[str], analyze: Callable[[str], list[str]], table: KeyTable,
                n_terms: int, dtype=np.float64):
    """Counts of the terms in each text (CSR), ``table`` from ``hashed_terms`` with the same
    ``analyze``. A chunk of texts is looked up at once in numpy: no Python loop over tokens. An
    analyzer that gives numeric keys (``can_key``) also makes its n-grams and marks in numpy."""
    import scipy.sparse as sp

    keyed = getattr(analyze, "can_key", False)
    indices, indptr, counts = [], [np.zeros(1, dtype=np.int64)], []
    docs = iter(texts)
    while chunk := list(islice(docs, _CHUNK)):
        if keyed:
            # One sort of (row, column) codes gives each row's distinct columns in order and
            # their counts: the CSR matrix directly, without sorting and summing it afterwards.
            keys, rows = analyze.keys(chunk)
            found = table.find(keys)
            hits = found >= 0
            codes, n = np.unique(rows[hits] * n_terms + found[hits], return_counts=True)
            rows = codes // n_terms
            indices.append(codes - rows * n_terms)
            counts.append(n)
            indptr.append(np.cumsum(np.bincount(rows, minlength=len(chunk))) + indptr[-1][-1])
            continue
        tokens: list[str] = []
        ends = []
        for doc in chunk:
            tokens += analyze(doc)
            ends.append(len(tokens))
        found = lookup(tokens, table)
        hits = np.flatnonzero(found >= 0)  # found tokens before each text's end: its share
        indices.append(found[hits])
        indptr.append(np.searchsorted(hits, ends) + indptr[-1][-1])
    cols = np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64)
    ptr = np.concatenate(indptr)
    data = np.concatenate(counts).astype(dtype) if keyed and counts else np.ones(len(cols), dtype=dtype)
    X = sp.csr_matrix((data, cols.astype(np.int32), ptr), shape=(len(ptr) - 1, n_terms))
    if not keyed:
        X.sum_duplicates()
    return X


def weigh(X, idf: np.ndarray, sublinear: bool):
    """Counts to l2-normalised TF-IDF, in place (as scikit-learn's TfidfTransformer does)."""
    if sublinear:
        np.log(X.data, X.data)
        X.data += 1.0
    X.data *= idf[X.indices]
    rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    # Squares in the data's type, summed and divided in float64: scikit-learn's arithmetic exactly.
    norms = np.sqrt(np.bincount(rows, X.data * X.data, minlength=X.shape[0]))
    X.data[:] = X.data / norms[rows]
    return X


def hashed_terms(terms: Sequence[str], columns: Sequence[int] | None = None,
                 analyze: Callable | None = None) -> KeyTable:
    """The terms' columns (default: their positions) in a table keyed by the terms' string
    hashes; for an analyzer that gives numeric keys, by the keys of its terms. Never pickle it:
    Python salts string hashes per process."""
    cols = np.arange(len(terms)) if columns is None else np.fromiter(columns, dtype=np.int64, count=len(terms))
    if getattr(analyze, "can_key", False):
        hashes, which = analyze.term_keys(list(terms))
        cols = cols[which]
    else:
        hashes = python_hashes(terms)
    return KeyTable(hashes, cols)


def lookup(tokens: list[str], table: KeyTable) -> np.ndarray:
    """Each token's column, or -1 when it is not a term: its string hash looked up in the table.
    Two distinct terms sharing a 64-bit hash is a one-in-10^19 event per pair, far rarer than the
    collisions scikit-learn's HashingVectorizer accepts by design."""
    return table.find(python_hashes(tokens))


@dataclass
class LinearScorer:
    """Decision scores of one linear model per theme over concatenated TF-IDF parts."""

    parts: list[TermPart]
    weights: np.ndarray  # features x themes, float32 in C order
    intercepts: np.ndarray  # one per theme

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_w64"}

    @property
    def offsets(self) -> list[int]:
        out, at = [], 0
        for part in self.parts:
            out.append(at)
            at += len(part.terms)
        return out

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        """Raw linear scores, paragraphs x themes."""
        texts = list(texts)
        out = np.tile(self.intercepts.astype(np.float64), (len(texts), 1))
        W = self._weights64()
        for part, offset in zip(self.parts, self.offsets):
            out += part.tfidf(texts) @ W[offset:offset + len(part.terms)]
        return out

    def add_column(self, coef: np.ndarray, intercept: float | np.ndarray) -> None:
        """One more linear score over the same features (a model's weakness gate)."""
        column = np.asarray(coef, dtype=np.float32).reshape(-1, 1)
        self.weights = np.ascontiguousarray(np.hstack([self.weights, column]))
        self.intercepts = np.append(self.intercepts, np.ravel(intercept))
        self.__dict__.pop("_w64", None)

    def _weights64(self) -> np.ndarray:
        """The weights as float64 in C order, converted once: scipy would copy any other layout
        (15 MB) on every product."""
        cached = self.__dict__.get("_w64")
        if cached is None:
            cached = self.__dict__["_w64"] = np.ascontiguousarray(self.weights, dtype=np.float64)
        return cached

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """One text's non-zero feature columns (over all parts) and their values."""
        cols, vals = [], []
        for part, offset in zip(self.parts, self.offsets):
            X = part.tfidf([text])
            cols.append(X.indices + offset)
            vals.append(X.data)
        return np.concatenate(cols), np.concatenate(vals)

    def names(self) -> tuple[list[str], list[str]]:
        """Every feature's term and the part it belongs to, in column order."""
        names: list[str] = []
        kinds: list[str] = []
        for part in self.parts:
            names += part.terms
            kinds += [part.name] * len(part.terms)
        return names, kinds

    @classmethod
    def from_pipeline(cls, pipeline) -> LinearScorer:
        """The scorer of a fitted Pipeline of TfidfVectorizers (in a FeatureUnion) and a
        one-vs-rest linear classifier."""
        from sklearn.base import clone

        union = pipeline.named_steps["features"]
        parts = []
        for name, vec in union.transformer_list:
            if vec.binary or vec.norm != "l2" or not vec.use_idf:
                raise ValueError(f"feature part {name}: only l2-normalised TF-IDF can be scored as arrays")
            vocab = vec.vocabulary_
            terms = sorted(vocab, key=vocab.__getitem__)
            # Our own analyzer is plain Python; scikit-learn's needs only the parameters (a clone).
            analyze = vec.analyzer if callable(vec.analyzer) else clone(vec).build_analyzer()
            parts.append(TermPart(analyze, terms, np.asarray(vec.idf_, dtype=np.float64), vec.sublinear_tf, name))
        estimators = pipeline.named_steps["clf"].estimators_
        W = np.vstack([np.asarray(e.coef_, dtype=np.float64).reshape(1, -1) for e in estimators])
        b = np.array([float(np.ravel(e.intercept_)[0]) for e in estimators])
        return cls(parts, np.ascontiguousarray(W.T, dtype=np.float32), b)  # float32: half the file, same ranks
