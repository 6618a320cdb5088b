"""Why a theme was flagged: the terms that pushed its score up, and the sentence that carried most.

For a linear model the contribution of a term is its TF-IDF value times the theme's weight, so
the evidence is exact, not an approximation. With a weakness gate, a theme's score combines two
linear models' probabilities (the theme's and the gate's), and a term's contribution is its value
times the sum of its two weights: what it adds to both logits.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from themeclf.model import ThemeModel
from themeclf.textnorm import sentences


def _names(model: ThemeModel) -> tuple[list[str], list[str]]:
    cached = getattr(model, "_feature_names", None)
    if cached is not None:
        return cached
    model._feature_names = names, kinds = model.scorer.names()
    return names, kinds


# Function words (our own list, so that explaining needs no scikit-learn import): they carry
# weight in the model but explain nothing to a reader on their own.
_FUNCTION_WORDS = frozenset("""
a about above across after again against all almost also although always am among an and another
any are as at be because been before being below between both but by can cannot could did do does
doing done down during each either enough even ever every few for from further had has have having
he her here hers herself him himself his how however i if in into is it its itself just least less
many may me might more most much must my myself neither never no nor not now of off often on once
one only or other others our ours ourselves out over own per quite rather same several shall she
should since so some still such than that the their theirs them themselves then there these they
this those though through thus to too under until up upon us very was we well were what whatever
when where whether which while who whom whose why will with within without would yet you your
yours yourself yourselves
""".split())


def _is_filler(term: str) -> bool:
    """A term of function words only."""
    words = term.removeprefix("neg_").removeprefix("con_").removeprefix("crit_").split()
    return all(w in _FUNCTION_WORDS for w in words)


_MARKS = {"neg_": "negated", "con_": "after however/remains", "crit_": "in a critical sentence"}


def _base(term: str) -> tuple[str, str | None]:
    """A word feature's words and the mark it carries, if any ("crit_late" -> "late", ...)."""
    for prefix, mark in _MARKS.items():
        if term.startswith(prefix):
            return term[len(prefix):], mark
    return term, None


def _evidence(contrib: np.ndarray, cols: np.ndarray, names: list[str], kinds: list[str], top: int) -> list:
    """The terms that raised a score most. A word's plain and marked features count as one term,
    with their summed contribution and its strongest mark ("late [in a critical sentence]"), so a
    reader sees each word once; function words are left out."""
    totals: dict[str, float] = {}
    marks: dict[str, dict[str, float]] = {}
    for c, j in zip(contrib, cols):
        if kinds[j] == "chars":
            key, mark = f"\u2026{names[j].strip()}\u2026", None
        else:
            key, mark = _base(names[j])
        totals[key] = totals.get(key, 0.0) + c
        if mark and c > 0:
            marks.setdefault(key, {})[mark] = c
    terms = []
    for key, total in sorted(totals.items(), key=lambda kv: -kv[1]):
        if total <= 0 or len(terms) >= top:
            break
        if _is_filler(key) or (key.startswith("\u2026") and len(terms) >= 3):
            continue
        found = sorted(marks.get(key, {}), key=lambda m: -marks[key][m])
        terms.append((f"{key} [{found[0]}]" if found else key, round(float(total), 3)))  # its strongest mark
    return terms


def explain(model: ThemeModel, text: str, themes: Sequence[str] | None = None, top: int = 6) -> dict[str, dict]:
    """For each theme (default: the flagged ones), its score, top terms and strongest sentence;
    with a weakness gate, also the two readings the score combines: how surely the paragraph
    states a weakness (``weakness``) and, if it does, how surely it is this theme
    (``theme_if_weakness``)."""
    raw = model.decision([text])
    scores = model.scores_from_decision(raw)[0]
    readings, weakness = model.readings(raw)
    ids = model.theme_ids
    if themes is None:
        themes = model.labels_from_scores(scores[None, :])[0]
    names, kinds = _names(model)
    cols, values = model.scorer.features(text)
    sents = sentences(text)
    sent_scores = model.scores(sents) if len(sents) > 1 else scores[None, :]
    # The weakness gate's terms raise every theme's score too: its weights add to each theme's.
    gate_weights = model.scorer.weights[cols, -1] if model.gate is not None else 0
    out: dict[str, dict] = {}
    for tid in themes:
        if tid not in model.trained:
            continue
        j = model.trained.index(tid)
        contrib = values * (model.scorer.weights[cols, j] + gate_weights)
        terms = _evidence(contrib, cols, names, kinds, top)
        col = ids.index(tid)
        best = int(np.argmax(sent_scores[:, col]))
        out[tid] = {"score": round(float(scores[col]), 4), "terms": terms, "sentence": sents[best]}
        if weakness is not None:  # the two readings the gated score combines
            out[tid]["weakness"] = round(float(weakness[0]), 4)
            out[tid]["theme_if_weakness"] = round(float(readings[0, j]), 4)
    return out

