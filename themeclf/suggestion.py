"""What to label next: the paragraphs whose labels would teach the model most.

Uncertainty sampling across themes (scores closest to each theme's threshold, on the logit
scale), spread across documents and themes, with near-duplicates removed. The model only
chooses which paragraphs a person reads next; it never says what they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from themeclf.model import ThemeModel
from themeclf.textnorm import key


@dataclass
class Candidate:
    text: str
    doc_id: str | None
    uncertainty: float
    theme: str
    scores: dict[str, float]
    extra: dict


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def suggest(texts: Sequence[str], model: ThemeModel, n: int = 50, doc_ids: Sequence[str | None] | None = None,
            extras: Sequence[dict] | None = None, per_doc: int | None = None, exclude: set[str] | None = None,
            min_words: int = 6) -> list[Candidate]:
    """Pick ``n`` paragraphs to label next, most informative first."""
    doc_ids = list(doc_ids) if doc_ids is not None else [None] * len(texts)
    extras = list(extras) if extras is not None else [{} for _ in texts]
    exclude = exclude or set()
    keep = [i for i, t in enumerate(texts) if len(t.split()) >= min_words and key(t) not in exclude]
    if not keep or not model.trained:
        return []
    sub = [texts[i] for i in keep]
    scores = model.scores(sub)
    ids = model.theme_ids
    cols = [ids.index(t) for t in model.trained]
    thr = np.array([model.thresholds[ids[c]] for c in cols])
    margin = np.abs(_logit(scores[:, cols]) - _logit(thr))  # small = unsure
    closest = margin.argmin(axis=1)
    # Uncertainty: the closest call, helped a little by other near calls.
    unc = 1.0 / (1.0 + margin.min(axis=1)) + 0.1 * (margin < 1.0).sum(axis=1)
    order = np.argsort(-unc, kind="stable")
    n_docs = len({d for d in doc_ids if d is not None}) or 1
    per_doc = per_doc or max(2, int(np.ceil(2 * n / n_docs)))
    per_theme = max(2, int(np.ceil(1.5 * n / len(cols))))
    chosen: list[int] = []
    taken: set[int] = set()
    seen_keys: set[str] = set()
    doc_count: dict[str | None, int] = {}
    theme_count: dict[int, int] = {}
    for relaxed in (False, True):
        for o in order:
            if len(chosen) >= n:
                break
            if o in taken:
                continue
            i = keep[o]
            d = doc_ids[i]
            if not relaxed and ((d is not None and doc_count.get(d, 0) >= per_doc)
                                or theme_count.get(int(closest[o]), 0) >= per_theme):
                continue
            k = key(texts[i])
            # Near-duplicates (boilerplate repeated across reports) share an opening or an ending.
            if k[:60] in seen_keys or k[-60:] in seen_keys:
                continue
            chosen.append(o)
            taken.add(o)
            seen_keys.update({k[:60], k[-60:]})
            doc_count[d] = doc_count.get(d, 0) + 1
            theme_count[int(closest[o])] = theme_count.get(int(closest[o]), 0) + 1
    out = []
    for o in chosen:
        i = keep[o]
        out.append(Candidate(texts[i], doc_ids[i], round(float(unc[o]), 4), model.trained[int(closest[o])],
                             {t: round(float(s), 4) for t, s in zip(ids, scores[o])}, extras[i]))
    return out
