"""A fitted model's scoring as plain arrays: each feature part's terms and IDF weights, and the
linear weights of every theme. This is what a model file holds: tagging loads it with numpy
alone (no scikit-learn import, so ``tag`` starts fast) and scores a paragraph in one numpy pass,
with the same numbers as the scikit-learn pipeline it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Callable, Sequence

import numpy as np

_CHUNK = 512  # paragraphs whose tokens are looked up together


@dataclass
class TermPart:
    """One TF-IDF feature block: how text becomes terms, the terms in column order, their IDF."""

    analyze: Callable[[str], list[str]]
    terms: list[str]
    idf: np.ndarray
    sublinear: bool = True
    name: str = "words"
    _hashed: tuple | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict:
        # One string instead of a list of 100k+ strings: pickles and unpickles ten times faster.
        # The hashes are never pickled: Python salts string hashes per process.
        state = {k: v for k, v in self.__dict__.items() if k != "_hashed"}
        state["terms"] = "\n".join(self.terms)
        return state

    def __setstate__(self, state: dict) -> None:
        state["terms"] = state["terms"].split("\n") if state["terms"] else []
        self.__dict__.update(state, _hashed=None)

    def _sorted_hashes(self) -> tuple[np.ndarray, np.ndarray]:
        if self._hashed is None:
            hashes = np.fromiter(map(hash, self.terms), dtype=np.int64, count=len(self.terms))
            order = np.argsort(hashes, kind="stable")
            self._hashed = (hashes[order], order.astype(np.int64))
        return self._hashed

    def tfidf(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The l2-normalised TF-IDF vectors of ``texts`` as (row, column, value) arrays, sorted by
        row then column: what TfidfVectorizer(sublinear_tf, norm="l2").transform gives."""
        hashes, columns = self._sorted_hashes()
        n_terms = len(self.terms)
        rows, cols = [], []
        docs = iter(texts)
        first = 0
        while chunk := list(islice(docs, _CHUNK)):
            tokens: list[str] = []
            lengths = []
            for doc in chunk:
                before = len(tokens)
                tokens += self.analyze(doc)
                lengths.append(len(tokens) - before)
            found = lookup(tokens, hashes, columns)
            owner = np.repeat(np.arange(first, first + len(chunk), dtype=np.int64), lengths)
            hit = found >= 0
            rows.append(owner[hit])
            cols.append(found[hit])
            first += len(chunk)
        if not rows:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0)
        keys, counts = np.unique(np.concatenate(rows) * n_terms + np.concatenate(cols), return_counts=True)
        row, col = np.divmod(keys, n_terms)
        val = counts.astype(np.float64)
        if self.sublinear:
            val = np.log(val) + 1.0
        val *= self.idf[col]
        norm = np.sqrt(np.bincount(row, val * val, minlength=first))
        val /= norm[row]
        return row, col, val


def lookup(tokens: list[str], hashes: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Each token's column, or -1 when it is not a term. Matching 64-bit hashes stand for matching
    terms; two distinct terms sharing a hash is a one-in-10^19 event per pair, far rarer than the
    collisions scikit-learn's HashingVectorizer accepts by design."""
    if not tokens or not len(hashes):
        return np.full(len(tokens), -1, dtype=np.int64)
    wanted = np.fromiter(map(hash, tokens), dtype=np.int64, count=len(tokens))
    pos = np.minimum(np.searchsorted(hashes, wanted), len(hashes) - 1)
    return np.where(hashes[pos] == wanted, columns[pos], -1)


@dataclass
class LinearScorer:
    """Decision scores of one linear model per theme over concatenated TF-IDF parts."""

    parts: list[TermPart]
    weights: np.ndarray  # features x themes, float32 in C order
    intercepts: np.ndarray  # one per theme

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
        for part, offset in zip(self.parts, self.offsets):
            row, col, val = part.tfidf(texts)
            if not len(row):
                continue
            contrib = self.weights[col + offset] * val[:, None]
            starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
            out[row[starts]] += np.add.reduceat(contrib, starts, axis=0)
        return out

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """One text's non-zero feature columns (over all parts) and their values."""
        cols, vals = [], []
        for part, offset in zip(self.parts, self.offsets):
            _, col, val = part.tfidf([text])
            cols.append(col + offset)
            vals.append(val)
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
