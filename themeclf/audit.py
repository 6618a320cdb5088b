"""Label audit: labelled paragraphs whose cross-validated scores strongly disagree with their
labels. Likely label errors or codebook gaps, ranked for a person to re-read; never changed here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from themeclf.data import Record
from themeclf.evaluation import cross_validate
from themeclf.model import Settings
from themeclf.themes import Theme


@dataclass
class Suspect:
    record: Record
    theme: str
    label: bool       # what the data says
    score: float      # cross-validated probability of the theme
    disagreement: float
    evidence: list[tuple[str, float]]


def audit(records: Sequence[Record], themes: Sequence[Theme], folds: int = 5, settings: Settings | None = None,
          top: int = 50, min_disagreement: float = 0.7) -> list[Suspect]:
    """Rank (paragraph, theme) pairs whose out-of-fold score contradicts the label."""
    Y, probs, _, _ = cross_validate(records, themes, folds, settings)
    ids = [t.id for t in themes]
    # Disagreement: the probability the model gives to the opposite of the label.
    dis = np.where(Y == 1, 1 - probs, probs)
    trained_cols = [j for j in range(len(ids)) if probs[:, j].any()]
    cand = [(i, j) for j in trained_cols for i in np.flatnonzero(dis[:, j] >= min_disagreement)]
    cand.sort(key=lambda ij: -dis[ij])
    out = []
    for i, j in cand[:top]:
        out.append(Suspect(records[i], ids[j], bool(Y[i, j]), round(float(probs[i, j]), 3),
                           round(float(dis[i, j]), 3), []))
    return out
