"""Grouped, multi-label stratified folds: every document on one side, themes balanced.

Iterative stratification (Sechidis, Tsoumakas and Vlahavas, 2011) applied to groups: the
rarest theme's groups are dealt first, each to the fold that still wants most of that theme.
"""

from __future__ import annotations

import numpy as np


def grouped_stratified_folds(Y: np.ndarray, groups: list[str], n_folds: int, seed: int = 0) -> list[np.ndarray]:
    """Return a fold number per row (as a list of test-index arrays)."""
    Y = np.asarray(Y, dtype=int)
    rng = np.random.default_rng(seed)
    uniq, inverse = np.unique(np.asarray(groups, dtype=object).astype(str), return_inverse=True)
    n_groups = len(uniq)
    n_folds = max(2, min(n_folds, n_groups))
    G = np.zeros((n_groups, Y.shape[1]), dtype=int)
    np.add.at(G, inverse, Y)
    sizes = np.bincount(inverse, minlength=n_groups)
    want_rows = np.full(n_folds, sizes.sum() / n_folds)
    want = np.tile(G.sum(axis=0) / n_folds, (n_folds, 1)).astype(float)
    fold_of = np.full(n_groups, -1)
    remaining = set(range(n_groups))
    order = rng.permutation(n_groups)
    while remaining:
        left = np.array(sorted(remaining))
        counts = G[left].sum(axis=0)
        if counts.sum() == 0:
            # Groups without any theme: fill the folds that want most rows, biggest groups first.
            for g in sorted(left, key=lambda g: (-sizes[g], order[g])):
                f = int(np.argmax(want_rows + rng.random(n_folds) * 1e-6))
                fold_of[g] = f
                want_rows[f] -= sizes[g]
            break
        label = int(np.argmin(np.where(counts > 0, counts, np.iinfo(int).max)))
        for g in sorted((g for g in left if G[g, label] > 0), key=lambda g: (-G[g, label], order[g])):
            score = want[:, label] * 1e6 + want_rows + rng.random(n_folds) * 1e-3
            f = int(np.argmax(score))
            fold_of[g] = f
            want[f] -= G[g]
            want_rows[f] -= sizes[g]
            remaining.discard(g)
    row_fold = fold_of[inverse]
    return [np.flatnonzero(row_fold == f) for f in range(n_folds)]
