"""Multi-label metrics as plain dicts (no rendering here)."""

from __future__ import annotations

from typing import Sequence

import numpy as np


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def scores_table(Y: np.ndarray, P: np.ndarray, theme_ids: Sequence[str], min_support: int = 1) -> dict:
    """Per-theme precision/recall/F1/support, micro F1 and macro F1 over themes with support
    of at least ``min_support``."""
    Y = np.asarray(Y, dtype=int)
    P = np.asarray(P, dtype=int)
    per = {}
    TP = FP = FN = 0
    for j, t in enumerate(theme_ids):
        tp = int(((Y[:, j] == 1) & (P[:, j] == 1)).sum())
        fp = int(((Y[:, j] == 0) & (P[:, j] == 1)).sum())
        fn = int(((Y[:, j] == 1) & (P[:, j] == 0)).sum())
        p, r, f = _prf(tp, fp, fn)
        per[t] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                  "support": int(Y[:, j].sum()), "predicted": int(P[:, j].sum())}
        TP, FP, FN = TP + tp, FP + fp, FN + fn
    mp, mr, mf = _prf(TP, FP, FN)
    macro_themes = [t for t in theme_ids if per[t]["support"] >= min_support]
    macro = float(np.mean([per[t]["f1"] for t in macro_themes])) if macro_themes else 0.0
    return {"per_theme": per, "micro_precision": round(mp, 4), "micro_recall": round(mr, 4),
            "micro_f1": round(mf, 4), "macro_f1": round(macro, 4), "macro_min_support": min_support}


def reliability(probs: np.ndarray, Y: np.ndarray, bins: int = 10) -> list[dict]:
    """Calibration table over all theme scores: in each score bin, the share that are true."""
    p = np.asarray(probs).ravel()
    y = np.asarray(Y).ravel()
    edges = np.linspace(0, 1, bins + 1)
    rows = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (p >= lo) & ((p < hi) if hi < 1 else (p <= hi))
        if m.sum():
            rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "count": int(m.sum()),
                         "mean_score": round(float(p[m].mean()), 3), "share_true": round(float(y[m].mean()), 3)})
    return rows


def bootstrap_f1(Y: np.ndarray, P: np.ndarray, theme_ids: Sequence[str], rounds: int = 1000,
                 seed: int = 0) -> dict[str, tuple[float, float]]:
    """95% bootstrap intervals of each theme's F1 (paragraphs resampled with replacement)."""
    Y = np.asarray(Y, dtype=int)
    P = np.asarray(P, dtype=int)
    rng = np.random.default_rng(seed)
    n = len(Y)
    out: dict[str, tuple[float, float]] = {}
    idx = rng.integers(0, n, size=(rounds, n))
    for j, t in enumerate(theme_ids):
        y, p = Y[idx, j], P[idx, j]
        tp = (y & p).sum(axis=1)
        denom = y.sum(axis=1) + p.sum(axis=1)
        f1 = np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)
        out[t] = (round(float(np.percentile(f1, 2.5)), 2), round(float(np.percentile(f1, 97.5)), 2))
    return out
