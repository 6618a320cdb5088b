"""Honest evaluation: grouped, stratified cross-validation with thresholds tuned inside each
training fold, beside a keyword baseline and the all-negative prior."""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from themeclf.baseline import keyword_predict
from themeclf.data import Record, data_hash, document_groups
from themeclf.errors import DataError
from themeclf.folds import grouped_stratified_folds
from themeclf.metrics import reliability, scores_table
from themeclf.model import Settings, fit, fit_features, label_matrix
from themeclf.themes import Theme


@dataclass
class Evaluation:
    """What evaluate found; output renders it."""

    theme_ids: list[str]
    model: dict
    keyword: dict
    prior: dict
    folds: int
    records: int
    documents: int
    data_sha256: str
    settings: dict
    fold_scores: list[dict] = field(default_factory=list)
    reliability: list[dict] = field(default_factory=list)
    confusions: list[dict] = field(default_factory=list)
    errors: dict[str, list[dict]] = field(default_factory=dict)
    learning_curve: list[dict] = field(default_factory=list)
    by: str | None = None
    breakdown: list[dict] = field(default_factory=list)
    probs: np.ndarray | None = None
    Y: np.ndarray | None = None
    seconds: float = 0.0

    def to_dict(self) -> dict:
        d = {k: v for k, v in self.__dict__.items() if k not in {"probs", "Y"}}
        return d


def cross_validate(records: Sequence[Record], themes: Sequence[Theme], folds: int = 5,
                   settings: Settings | None = None, progress=None) -> tuple[np.ndarray, np.ndarray, np.ndarray, list]:
    """Out-of-fold probabilities and predictions; the model of each fold tunes its own thresholds."""
    settings = settings or Settings()
    ids = [t.id for t in themes]
    texts = [r.text for r in records]
    Y = label_matrix([r.labels for r in records], ids)
    groups = document_groups(records)
    splits = grouped_stratified_folds(Y, groups, folds, seed=settings.seed)
    probs = np.zeros(Y.shape)
    pred = np.zeros(Y.shape, dtype=int)
    fold_of = np.zeros(len(records), dtype=int)
    trains = [np.setdiff1d(np.arange(len(records)), test) for test in splits]
    train_texts = [[texts[i] for i in train] for train in trains]
    # Features are fitted in one process while the classifiers train in the others: the next
    # fold's are computed in a thread while this fold's classifiers run (the thread mostly waits
    # on worker processes, so the two share the interpreter well).
    with ThreadPoolExecutor(1) as ahead:
        upcoming = ahead.submit(fit_features, train_texts[0], settings)
        for f, (train, test) in enumerate(zip(trains, splits)):
            fitted = upcoming.result()
            if f + 1 < len(splits):
                upcoming = ahead.submit(fit_features, train_texts[f + 1], settings)
            model, _ = fit(train_texts[f], [records[i].labels for i in train], themes,
                           [groups[i] for i in train], settings, features=fitted)
            s = model.scores([texts[i] for i in test])
            probs[test] = s
            thr = np.array([model.thresholds.get(t, np.inf) for t in ids])
            pred[test] = (s >= thr).astype(int)
            fold_of[test] = f
            if progress:
                progress(f + 1, len(splits))
    return Y, probs, pred, [np.flatnonzero(fold_of == f) for f in range(len(splits))]


def evaluate(records: Sequence[Record], themes: Sequence[Theme], folds: int = 5,
             settings: Settings | None = None, test: Sequence[Record] | None = None,
             learning_curve: bool = False, progress=None, by: str | None = None) -> Evaluation:
    """Cross-validate (or train on ``records`` and score ``test``) and compare with baselines;
    with ``by``, also score each value of that field of the records apart (see ``breakdown``)."""
    settings = settings or Settings()
    if by is not None:
        field_values(test if test is not None else records, by)  # refuse an unknown field before training
    start = time.perf_counter()
    ids = [t.id for t in themes]
    if test is None:
        Y, probs, pred, splits = cross_validate(records, themes, folds, settings, progress)
        scored = list(records)
    else:
        model, _ = fit([r.text for r in records], [r.labels for r in records], themes, document_groups(records), settings)
        scored = list(test)
        Y = label_matrix([r.labels for r in scored], ids)
        probs = model.scores([r.text for r in scored])
        thr = np.array([model.thresholds.get(t, np.inf) for t in ids])
        pred = (probs >= thr).astype(int)
        splits = [np.arange(len(scored))]
    texts = [r.text for r in scored]
    kw = keyword_predict(texts, ids)
    result = Evaluation(
        theme_ids=ids,
        model=scores_table(Y, pred, ids, min_support=5),
        keyword=scores_table(Y, kw, ids, min_support=5),
        prior=scores_table(Y, np.zeros_like(Y), ids, min_support=5),
        folds=len(splits) if test is None else 0,
        records=len(records),
        documents=len(set(document_groups(records))),
        data_sha256=data_hash(records),
        settings=settings.to_dict(),
        fold_scores=[scores_table(Y[s], pred[s], ids) for s in splits] if test is None else [],
        reliability=reliability(probs, Y),
        confusions=confusions(Y, pred, ids),
        errors=worst_errors(scored, Y, probs, pred, ids),
        probs=probs,
        Y=Y,
    )
    if by is not None:
        result.by, result.breakdown = by, breakdown(scored, Y, pred, ids, by)
    if learning_curve and test is None:
        result.learning_curve = _learning_curve(records, themes, settings, folds)
    result.seconds = round(time.perf_counter() - start, 2)
    return result


def field_values(records: Sequence[Record], name: str) -> list[str]:
    """Each record's value of a field of its input line ("genre", "source", ...; "doc_id" too),
    as text; "(none)" where a record lacks it. Refused if no record has it."""
    values = [r.doc_id if name == "doc_id" else r.extra.get(name) for r in records]
    if all(v is None for v in values):
        raise DataError(f"no record has a field {name!r} to break the scores down by")
    return ["(none)" if v is None else str(v) for v in values]


def breakdown(records: Sequence[Record], Y: np.ndarray, P: np.ndarray, ids: Sequence[str], name: str) -> list[dict]:
    """Micro and macro F1 of the paragraphs of each value of field ``name``, commonest first."""
    values = np.array(field_values(records, name), dtype=object)
    rows = []
    for v, n in sorted(Counter(values).items(), key=lambda vn: (-vn[1], vn[0])):
        m = values == v
        s = scores_table(Y[m], P[m], ids, min_support=5)
        rows.append({"value": v, "records": n, "positives": int(Y[m].sum()),
                     "micro_f1": s["micro_f1"], "macro_f1": s["macro_f1"]})
    return rows


def confusions(Y: np.ndarray, P: np.ndarray, ids: Sequence[str], top: int = 10) -> list[dict]:
    """Theme pairs most often mixed up: predicted A where the gold says B (and not A)."""
    rows = []
    for a in range(len(ids)):
        for b in range(len(ids)):
            if a == b:
                continue
            n = int(((P[:, a] == 1) & (Y[:, a] == 0) & (Y[:, b] == 1) & (P[:, b] == 0)).sum())
            if n:
                rows.append({"predicted": ids[a], "gold": ids[b], "count": n})
    return sorted(rows, key=lambda r: -r["count"])[:top]


def worst_errors(records: Sequence[Record], Y: np.ndarray, probs: np.ndarray, P: np.ndarray,
                 ids: Sequence[str], per_theme: int = 3) -> dict[str, list[dict]]:
    """The most confident mistakes per theme, with gold and predicted labels."""
    out: dict[str, list[dict]] = {}
    for j, t in enumerate(ids):
        wrong = np.flatnonzero(P[:, j] != Y[:, j])
        conf = np.abs(probs[wrong, j] - 0.5)
        rows = []
        for i in wrong[np.argsort(-conf)][:per_theme]:
            rows.append({"text": records[i].text, "where": records[i].where, "score": round(float(probs[i, j]), 3),
                         "kind": "false positive" if P[i, j] else "false negative",
                         "gold": [ids[k] for k in np.flatnonzero(Y[i])],
                         "predicted": [ids[k] for k in np.flatnonzero(P[i])]})
        if rows:
            out[t] = rows
    return out


def _learning_curve(records: Sequence[Record], themes: Sequence[Theme], settings: Settings, folds: int) -> list[dict]:
    """Micro/macro F1 when each training fold keeps only a share of its documents."""
    rng = np.random.default_rng(settings.seed)
    ids = [t.id for t in themes]
    groups = document_groups(records)
    docs = sorted(set(groups))
    order = rng.permutation(len(docs))
    Y = label_matrix([r.labels for r in records], ids)
    splits = grouped_stratified_folds(Y, groups, min(folds, 3), seed=settings.seed)
    rows = []
    for share in (0.25, 0.5, 0.75, 1.0):
        keep = {docs[i] for i in order[: max(2, int(round(len(docs) * share)))]}
        P = np.zeros_like(Y)
        sizes = []
        for test in splits:
            train = [i for i in np.setdiff1d(np.arange(len(records)), test) if groups[i] in keep]
            sizes.append(len(train))
            model, _ = fit([records[i].text for i in train], [records[i].labels for i in train], themes,
                           [groups[i] for i in train], settings)
            P[test] = label_matrix(model.predict([records[i].text for i in test]), ids)
        s = scores_table(Y, P, ids, min_support=5)
        rows.append({"share": share, "train_records": int(np.mean(sizes)), "micro_f1": s["micro_f1"],
                     "macro_f1": s["macro_f1"]})
    return rows
