"""The model: fitted as a scikit-learn Pipeline (TF-IDF features, one-vs-rest NB-weighted logistic
regression), with per-theme calibration and thresholds chosen on cross-validated scores; saved as
the scorer's arrays (themeclf.scoring) with a manifest.

Knows nothing of files except the model file it saves and checks.
"""

from __future__ import annotations

import hashlib
import json
import platform
import sys
import warnings
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from itertools import compress
from pathlib import Path
from typing import Sequence

import numpy as np

from themeclf import __version__
from themeclf.atomic import atomic_open
from themeclf.errors import ModelError
from themeclf.scoring import LinearScorer
from themeclf.themes import Theme

FORMAT = 3  # 1: the scikit-learn pipeline was pickled; 2: its scorer's arrays; 3: and the gate
MIN_TRAIN_POSITIVES = 3
MIN_BETA_POSITIVES = 50  # fewer positive out-of-fold scores: Platt scaling (one slope)


class ModelWarning(UserWarning):
    """A model loads but something about it deserves attention (versions, untrained themes)."""


@dataclass
class Settings:
    """The model's hyper-parameters (what ``train`` options set)."""

    C: float = 16.0
    nb_beta: float | None = 1.0  # features weighted by beta + |NB log ratio| per theme; None: plain
    word_ngrams: int = 2
    char_ngrams: tuple[int, int] = (3, 5)
    use_chars: bool = False
    use_scope: bool = True
    sentence_marks: bool = True  # crit_ words of critical sentences (with use_scope only)
    shared_tokens: bool = True  # scope marks on the n-grams' words (one pass); False: on letter tokens
    sentence_pooling: bool = False
    min_df: int = 2
    class_weight: str | None = "balanced"
    threshold_folds: int = 3
    stacking: bool = False
    gate: bool = True  # P(theme) from P(any weakness) and P(theme | a weakness); see fit()
    gate_power: float = 0.5  # the gate's weight: scores rank by P(theme | weakness) x P(weakness) ** power
    calibration: str = "beta"  # "beta" or "platt": how each theme's raw score becomes a probability
    seed: int = 0
    n_jobs: int | None = None

    def to_dict(self) -> dict:
        d = self.__dict__.copy()
        d["char_ngrams"] = list(self.char_ngrams)
        return d


def build_pipeline(settings: Settings):
    """A plain, unfitted Pipeline: features then one-vs-rest logistic regression."""
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline

    from themeclf.features import TfidfTerms, make_analyzer, plain
    from themeclf.linear import NBLogisticRegression

    parts = [("words", TfidfTerms(analyzer=make_analyzer(settings.word_ngrams, settings.use_scope, settings.sentence_marks,
                                                                    settings.shared_tokens),
                                       min_df=settings.min_df, sublinear_tf=True, max_df=0.9, dtype=np.float32))]
    if settings.use_chars:
        parts.append(("chars", TfidfTerms(preprocessor=plain, analyzer="char_wb",
                                               ngram_range=tuple(settings.char_ngrams), min_df=settings.min_df,
                                               sublinear_tf=True, max_features=150_000, dtype=np.float32)))
    # dual=True: the same L2 logistic regression, solved in the dual, which is 3x faster than the
    # primal when features outnumber paragraphs (126k features, 28k paragraphs). tol=0.1 is
    # LIBLINEAR's own default for this solver; on dev_gold it ranks exactly as well as 1e-2 and
    # 1e-4 (mean average precision 0.776 for all three) in a half and a third of the time.
    clf = OneVsRestClassifier(NBLogisticRegression(C=settings.C, beta=settings.nb_beta,
                                                   class_weight=settings.class_weight, tol=0.1,
                                                   random_state=settings.seed),
                              n_jobs=settings.n_jobs)
    return Pipeline([("features", FeatureUnion(parts)), ("clf", clf)])


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _log_sigmoids(s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """log(sigmoid(s)) and log(1 - sigmoid(s)), without overflow: beta calibration's inputs."""
    return -np.logaddexp(0.0, -s), -np.logaddexp(0.0, s)


def calibrated(raw: np.ndarray, cal: Sequence[float]) -> np.ndarray:
    """Probabilities from raw scores: ``(a, b)`` is Platt scaling, ``(a, c, b)`` beta calibration."""
    return calibrated_columns(np.asarray(raw, dtype=float)[..., None], [cal])[..., 0]


def calibrated_columns(raw: np.ndarray, cals: Sequence[Sequence[float]]) -> np.ndarray:
    """Probabilities from the columns of ``raw``, each with its own calibration, in one pass:
    beta calibration sigmoid(a log sigmoid(s) + c log(1 - sigmoid(s)) + b), of which Platt's
    sigmoid(a s + b) is the case c = -a (as log sigmoid(s) - log(1 - sigmoid(s)) = s)."""
    a = np.array([c[0] for c in cals], dtype=float)
    c = np.array([c[1] if len(c) == 3 else -c[0] for c in cals], dtype=float)
    b = np.array([c[-1] for c in cals], dtype=float)
    log_p, log_q = _log_sigmoids(raw)
    return _sigmoid(log_p * a + log_q * c + b)


def _beta(scores: np.ndarray, y: np.ndarray) -> tuple[float, ...]:
    """Beta calibration (Kull, Silva Filho and Flach, 2017) on out-of-fold scores: logit p =
    a log(sigmoid(s)) + c log(1 - sigmoid(s)) + b. Platt scaling is the case c = -a; the two
    slopes let the curve flatten at either end, where a single sigmoid of the NB-weighted scores
    is too sure of itself (paragraphs it scored 0.85 carried the theme 80% of the time). Falls
    back to Platt scaling when the fit would not be increasing (a < 0 or c > 0), and for a theme
    with too few positives to place a second slope (small training sets)."""
    from sklearn.linear_model import LogisticRegression

    if y.sum() < MIN_BETA_POSITIVES or y.sum() == len(y):
        return _platt(scores, y)
    log_p, log_q = _log_sigmoids(scores)
    lr = LogisticRegression(C=1e4, solver="newton-cholesky").fit(np.column_stack([log_p, log_q]), y)
    a, c = (float(v) for v in lr.coef_[0])
    if a < 0 or c > 0:
        return _platt(scores, y)
    return a, c, float(lr.intercept_[0])


def _platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Fit p = sigmoid(a * score + b) on out-of-fold scores (Platt scaling)."""
    from sklearn.linear_model import LogisticRegression

    if y.sum() == 0 or y.sum() == len(y):
        return 1.0, 0.0
    lr = LogisticRegression(C=1e4, solver="newton-cholesky").fit(scores.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def best_threshold(probs: np.ndarray, y: np.ndarray) -> float:
    """The probability cut that maximises F1 on these scores (0.5 when there is nothing to learn)."""
    if y.sum() == 0:
        return 0.5
    order = np.argsort(-probs)
    p_sorted, y_sorted = probs[order], y[order]
    tp = np.cumsum(y_sorted)
    k = np.arange(1, len(y) + 1)
    f1 = 2 * tp / (k + y.sum())
    # Only cut between distinct scores.
    distinct = np.r_[p_sorted[1:] < p_sorted[:-1], True]
    f1 = np.where(distinct, f1, -1)
    i = int(np.argmax(f1))
    nxt = p_sorted[i + 1] if i + 1 < len(p_sorted) else 0.0
    return float(np.clip((p_sorted[i] + nxt) / 2, 0.05, 0.95))


def _stacker(oof: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per theme, a logistic regression on every theme's out-of-fold score (stacking): the
    calibrated score of "weak oversight" may then also lean on how much the paragraph reads
    like "drift and delay". Returns ``A`` (themes x themes) and ``c`` with
    logit_j = sum_k A[j, k] * score_k + c[j]; for one theme this is Platt scaling."""
    from sklearn.linear_model import LogisticRegression

    m = Y.shape[1]
    A, c = np.eye(m), np.zeros(m)
    for j in range(m):
        if 0 < Y[:, j].sum() < len(Y):
            lr = LogisticRegression(C=1.0, solver="newton-cholesky").fit(oof, Y[:, j])
            A[j], c[j] = lr.coef_[0], lr.intercept_[0]
    return A, c


def _fold_stacker(clf, A: np.ndarray, c: np.ndarray) -> None:
    """Fold the stacker into the one-vs-rest coefficients (a linear map of linear models is
    linear): each theme stays one logistic regression over the TF-IDF features, so tagging
    costs nothing more and explanations show the terms behind the final score."""
    W, b = _weights(clf)
    W2, b2 = A @ W, A @ b + c
    for j, e in enumerate(clf.estimators_):
        e.coef_ = W2[j:j + 1].astype(W.dtype)
        e.intercept_ = np.array([b2[j]])


@dataclass
class Gate:
    """A model's weakness gate: the calibration of its raw score (the scorer's last column), the
    power it is raised to, and per theme the calibration of P(theme | weakness) x P(weakness) **
    power, which makes that product a probability again."""

    calibration: tuple[float, ...]
    power: float
    combined: dict[str, tuple[float, ...]]

    @classmethod
    def from_dict(cls, d: dict) -> "Gate":
        """The gate that ``dataclasses.asdict`` stored in a model file."""
        return cls(tuple(d["calibration"]), d["power"], {k: tuple(v) for k, v in d["combined"].items()})

    def weakness(self, raw: np.ndarray) -> np.ndarray:
        """P(the paragraph states a weakness), from the gate's raw scores."""
        return calibrated(raw, self.calibration)

    def score(self, tid: str, theme_if_weakness: np.ndarray, weakness: np.ndarray) -> np.ndarray:
        """A theme's probability from its two halves."""
        return self.scores(np.asarray(theme_if_weakness)[:, None], weakness, [tid])[:, 0]

    def scores(self, themes_if_weakness: np.ndarray, weakness: np.ndarray, trained: Sequence[str]) -> np.ndarray:
        """``score`` for every trained theme (a column each) at once."""
        product = themes_if_weakness * (weakness ** self.power)[:, None]
        return calibrated_columns(_logit(product), [self.combined[t] for t in trained])


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return np.log(p) - np.log1p(-p)


@dataclass
class ThemeModel:
    """A fitted model: its scorer (arrays, see themeclf.scoring), themes, calibration, thresholds
    and manifest. ``pipeline`` is the scikit-learn Pipeline it was fitted as (``gate_pipeline``
    the gate's, on the same features); they live only in the process that trained it (model
    files hold the scorer, which loads without scikit-learn)."""

    scorer: LinearScorer
    themes: list[Theme]
    trained: list[str]
    calibration: dict[str, tuple[float, ...]]  # per theme: (a, b) Platt or (a, c, b) beta
    thresholds: dict[str, float]
    manifest: dict = field(default_factory=dict)
    pipeline: object = field(default=None, repr=False, compare=False)
    # With a weakness gate, the scorer's last column is the gate's raw score, each theme's own
    # calibration gives P(theme | a weakness), and the gate combines the two (see Gate).
    gate: Gate | None = None
    gate_pipeline: object = field(default=None, repr=False, compare=False)  # like ``pipeline``

    @property
    def theme_ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        """Raw linear scores, one column per trained theme (then the gate's, when it has one)."""
        pooling = self.manifest.get("settings", {}).get("sentence_pooling", False)
        return pooled(self.scorer.decision, list(texts), pooling)

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities, one column per theme of the schema (0 for untrained)."""
        if not len(texts) or not self.trained:
            return np.zeros((len(texts), len(self.themes)), dtype=float)
        return self.scores_from_decision(self.decision(texts))

    def readings(self, raw: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """From ``decision``'s raw scores: each trained theme's calibrated probability (with a
        gate, P(theme | a weakness)), and the gate's P(a weakness), or None without a gate."""
        probs = calibrated_columns(raw[:, :len(self.trained)], [self.calibration[t] for t in self.trained])
        return probs, self.gate.weakness(raw[:, -1]) if self.gate is not None else None

    def scores_from_decision(self, raw: np.ndarray) -> np.ndarray:
        """``scores`` from ``decision``'s raw scores."""
        out = np.zeros((len(raw), len(self.themes)), dtype=float)
        probs, weakness = self.readings(raw)
        if weakness is not None:
            probs = self.gate.scores(probs, weakness, self.trained)
        ids = self.theme_ids
        out[:, [ids.index(t) for t in self.trained]] = probs
        return out

    def labels_from_scores(self, scores: np.ndarray) -> list[list[str]]:
        ids = self.theme_ids
        thr = np.array([self.thresholds.get(t, np.inf) for t in ids])
        return [list(compress(ids, row)) for row in (np.asarray(scores) >= thr).tolist()]

    def predict(self, texts: Sequence[str]) -> list[list[str]]:
        return self.labels_from_scores(self.scores(texts))


def label_matrix(labels: Sequence[Sequence[str]], theme_ids: Sequence[str]) -> np.ndarray:
    col = {t: i for i, t in enumerate(theme_ids)}
    Y = np.zeros((len(labels), len(theme_ids)), dtype=int)
    for i, ls in enumerate(labels):
        for t in ls:
            if t in col:
                Y[i, col[t]] = 1
    return Y


def _weights(clf) -> tuple[np.ndarray, np.ndarray]:
    """The one-vs-rest weights as one matrix (themes x features) and the intercepts."""
    return np.vstack([e.coef_ for e in clf.estimators_]), np.array([e.intercept_[0] for e in clf.estimators_])


def pooled(decide, texts: list[str], sentence_pooling: bool) -> np.ndarray:
    """``decide(texts)``, the paragraphs' linear scores; with sentence pooling, averaged with each
    one's best sentence's score, so that one clear finding in a long paragraph is not diluted."""
    para = decide(texts)
    if not sentence_pooling:
        return para
    from themeclf.textnorm import sentences

    sents, owner = [], []
    for i, t in enumerate(texts):
        for snt in sentences(t):
            sents.append(snt)
            owner.append(i)
    d = decide(sents)
    best = np.full_like(para, -np.inf)
    np.maximum.at(best, np.asarray(owner), d)
    return (para + best) / 2


def oof_decision(pipe, texts: list[str], X, Y: np.ndarray, folds: list[np.ndarray], settings: Settings,
                 train_rows: np.ndarray | None = None) -> np.ndarray:
    """Out-of-fold decision scores of every row, from ``folds`` (test rows of each).

    ``pipe``'s feature step is already fitted on all of ``texts`` (``X`` is its output): the inner
    folds refit only the classifier on row slices of ``X``. The vocabulary and IDF weights see the
    held-out rows, but never their labels; this makes the calibration and threshold folds four
    times cheaper, and ``evaluate``'s outer folds stay strictly separate. With ``train_rows``,
    each fold's classifier learns only from those of its training rows (but scores all its test
    rows)."""
    from sklearn.base import clone
    from sklearn.pipeline import Pipeline

    out = np.zeros(Y.shape, dtype=float)
    idx = np.arange(len(texts))
    for test in folds:
        train = np.setdiff1d(idx, test)
        if train_rows is not None:
            train = np.intersect1d(train, train_rows)
        clf = _fit_classifier(clone(pipe.named_steps["clf"]), X[train], Y[train], settings)
        fold_pipe = Pipeline([("features", pipe.named_steps["features"]), ("clf", clf)])
        if settings.sentence_pooling:
            out[test] = pooled(LinearScorer.from_pipeline(fold_pipe).decision, [texts[i] for i in test], True)
        else:
            out[test] = np.asarray(clf.decision_function(X[test])).reshape(len(test), -1)
    return out


def _fit_classifier(clf, X, Y: np.ndarray, settings: Settings):
    """Fit the one-vs-rest classifier, themes spread over worker processes.

    Processes, not threads: liblinear's dual solver draws its coordinate order from one global
    random generator, so threads sharing it would make training irreproducible."""
    from joblib import parallel_config

    # liblinear wants float64 CSR with sorted indices; convert once here, not in every worker.
    X = X.astype(np.float64).tocsr()
    X.sort_indices()
    with warnings.catch_warnings(), parallel_config(backend="loky", n_jobs=settings.n_jobs or -1):
        warnings.simplefilter("ignore")
        clf.fit(X, Y)
    clf.set_params(n_jobs=None)  # predicting is cheap: no workers at tag time
    return clf


def fit_features(texts: Sequence[str], settings: Settings):
    """The fitted feature step of a new pipeline and its output for ``texts``."""
    step = build_pipeline(settings).named_steps["features"]
    return step, step.fit_transform(list(texts))


def fit(texts: Sequence[str], labels: Sequence[Sequence[str]], themes: Sequence[Theme],
        groups: Sequence[str] | None = None, settings: Settings | None = None,
        features: tuple | None = None) -> tuple[ThemeModel, list[str]]:
    """Train a model; return it and warnings (themes too rare to learn). ``features``, when
    given, is ``fit_features(texts, settings)`` computed beforehand (cross-validation computes
    the next fold's while this one's classifiers train)."""
    settings = settings or Settings()
    texts = list(texts)
    if not texts:
        raise ModelError("no training paragraphs")
    theme_ids = [t.id for t in themes]
    Y_all = label_matrix(labels, theme_ids)
    notes: list[str] = []
    trained = []
    for j, tid in enumerate(theme_ids):
        n = int(Y_all[:, j].sum())
        if n < MIN_TRAIN_POSITIVES:
            notes.append(f"theme {tid} has {n} positive paragraph{'s' if n != 1 else ''}: "
                         f"not trained, never predicted")
        elif n == len(texts):
            notes.append(f"theme {tid} is on every paragraph: not trained, never predicted")
        else:
            trained.append(tid)
    if not trained:
        raise ModelError("no theme has enough positive paragraphs to train on "
                         f"(each needs at least {MIN_TRAIN_POSITIVES})")
    cols = [theme_ids.index(t) for t in trained]
    Y = Y_all[:, cols]
    groups = list(groups) if groups is not None else [str(i) for i in range(len(texts))]
    n_groups = len(set(groups))
    calibration: dict[str, tuple[float, ...]] = {}
    thresholds: dict[str, float] = {}
    cv: dict = {}
    pipeline = build_pipeline(settings)
    step, X = features or fit_features(texts, settings)
    pipeline.steps[0] = ("features", step)
    can_cv = n_groups >= 2 and len(texts) >= 10
    # Stacking needs scores that are linear in the features (sentence pooling takes a max).
    stack = can_cv and settings.stacking and not settings.sentence_pooling
    weak = Y_all.any(axis=1)  # the paragraph states some weakness (any theme, trained or not)
    gated = False
    if settings.gate and not stack:
        problem = _gate_problem(weak, Y, trained, can_cv)
        gated = problem is None
        if problem:
            notes.append(f"no weakness gate ({problem}): each theme is scored on its own")
    # With the gate, the theme models learn from the paragraphs that state a weakness (which
    # theme it is), and the gate from all of them (whether there is one).
    theme_rows = np.flatnonzero(weak) if gated else None
    Y_gate = weak[:, None].astype(int)  # the gate's one label column
    gate: Gate | None = None
    fit_calibration = _beta if settings.calibration == "beta" else _platt
    if can_cv:
        from themeclf.folds import grouped_stratified_folds

        folds = grouped_stratified_folds(Y, groups, min(settings.threshold_folds, n_groups), seed=settings.seed)
        oof = oof_decision(pipeline, texts, X, Y, folds, settings, theme_rows)
        probs = np.zeros_like(oof)
        if gated:
            gate_oof = oof_decision(pipeline, texts, X, Y_gate, folds, settings)[:, 0]
            gate = Gate(fit_calibration(gate_oof, weak.astype(int)), settings.gate_power, {})
            gate_weight = gate.weakness(gate_oof) ** gate.power  # the same for every theme
        if stack:
            A, c = _stacker(oof, Y)
            probs = _sigmoid(oof @ A.T + c)
        for j, tid in enumerate(trained):
            if stack:
                calibration[tid] = (1.0, 0.0)  # the stacker, folded into the coefficients below
            else:
                # With the gate: calibrated among the paragraphs that state a weakness, as
                # P(theme | a weakness); the product with the gate's P(a weakness) ** power is
                # calibrated again over all paragraphs (with power 1 it is P(theme) already).
                rows = theme_rows if gated else slice(None)
                calibration[tid] = fit_calibration(oof[rows, j], Y[rows, j])
                probs[:, j] = calibrated(oof[:, j], calibration[tid])
                if gated:
                    z = _logit(probs[:, j] * gate_weight)
                    gate.combined[tid] = fit_calibration(z, Y[:, j])
                    probs[:, j] = calibrated(z, gate.combined[tid])
            thresholds[tid] = best_threshold(probs[:, j], Y[:, j])
        from themeclf.metrics import scores_table

        pred = np.column_stack([probs[:, j] >= thresholds[t] for j, t in enumerate(trained)]).astype(int)
        cv = scores_table(Y, pred, trained)
    else:
        notes.append("too few documents to cross-validate: thresholds left at 0.5, scores uncalibrated")
        for tid in trained:
            calibration[tid] = (1.0, 0.0)
            thresholds[tid] = 0.5
    clf = pipeline.named_steps["clf"]
    if gated:
        from sklearn.base import clone
        from sklearn.pipeline import Pipeline

        _fit_classifier(clf, X[theme_rows], Y[theme_rows], settings)
        gate_clf = _fit_classifier(clone(clf), X, Y_gate, settings)
    else:
        _fit_classifier(clf, X, Y, settings)
    if stack:
        _fold_stacker(clf, A, c)
    scorer = LinearScorer.from_pipeline(pipeline)
    if gated:
        scorer.add_column(*_weights(gate_clf))
    import sklearn

    manifest = {
        "format": FORMAT,
        "themeclf_version": __version__,
        "sklearn_version": sklearn.__version__,
        "python_version": platform.python_version(),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "themes": [t.to_dict() for t in themes],
        "trained_themes": trained,
        "never_predicted": [t for t in theme_ids if t not in trained],
        "thresholds": thresholds,
        "settings": settings.to_dict(),
        "records": len(texts),
        "documents": n_groups,
        "positives": {t: int(Y_all[:, j].sum()) for j, t in enumerate(theme_ids)},
        "gate": gated,
        "cv": cv,
    }
    gate_pipeline = Pipeline([("features", step), ("clf", gate_clf)]) if gated else None
    model = ThemeModel(scorer, list(themes), trained, calibration, thresholds, manifest, pipeline, gate, gate_pipeline)
    return model, notes


def _gate_problem(weak: np.ndarray, Y: np.ndarray, trained: list[str], can_cv: bool) -> str | None:
    """Why the weakness gate cannot be used on these labels, or None when it can."""
    if not can_cv:
        return "too few documents to calibrate it"
    if (~weak).sum() < MIN_TRAIN_POSITIVES:
        return "almost every paragraph states a weakness"
    for j, tid in enumerate(trained):
        if (weak & (Y[:, j] == 0)).sum() < MIN_TRAIN_POSITIVES:
            return f"almost every paragraph that states a weakness has {tid}"
    return None


# --- files ------------------------------------------------------------------------------------


def manifest_path(path: str | Path) -> Path:
    return Path(path).with_suffix(".json")


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def save(model: ThemeModel, path: str | Path, extra: dict | None = None) -> dict:
    """Write the model file and its JSON manifest atomically; return the manifest."""
    import joblib

    path = Path(path)
    payload = {"format": FORMAT, "scorer": model.scorer, "themes": [t.to_dict() for t in model.themes],
               "trained": model.trained, "calibration": model.calibration, "thresholds": model.thresholds,
               "gate": asdict(model.gate) if model.gate is not None else None}
    try:
        with atomic_open(path, "wb") as fh:
            joblib.dump(payload, fh)  # uncompressed: loads faster, and stays well under 25 MB
        manifest = {**model.manifest, **(extra or {}), "model_file": path.name, "model_sha256": sha256_file(path)}
        with atomic_open(manifest_path(path)) as fh:
            fh.write(json.dumps(manifest, indent=2) + "\n")
    except OSError as exc:
        raise ModelError(f"{path}: cannot write model ({exc.strerror or exc})") from None
    model.manifest = manifest
    return manifest


def read_manifest(path: str | Path) -> dict:
    """The manifest beside a model file (no unpickling, no scikit-learn import)."""
    mpath = manifest_path(path)
    if not Path(path).exists():
        raise ModelError(f"{path}: no such model file")
    try:
        return json.loads(mpath.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{path}: its manifest {mpath.name} is missing; refusing to load an unverified model") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"{mpath}: unreadable manifest ({exc})") from None


def load(path: str | Path) -> ThemeModel:
    """Check the file's sha256 against its manifest, then load it."""
    import joblib

    path = Path(path)
    manifest = read_manifest(path)
    digest = sha256_file(path)
    if digest != manifest.get("model_sha256"):
        raise ModelError(f"{path}: file does not match the sha256 in its manifest; "
                         "refusing to load it (it may have been changed or corrupted)")
    try:
        payload = joblib.load(path)
    except Exception as exc:  # a damaged file with a matching hash is still possible
        raise ModelError(f"{path}: cannot load model ({type(exc).__name__})") from None
    if not isinstance(payload, dict) or payload.get("format") not in (1, 2, FORMAT):
        raise ModelError(f"{path}: not a themeclf model of format {FORMAT}")
    # Only a file that holds scikit-learn objects (format 1, character n-grams) imports it.
    sklearn = sys.modules.get("sklearn")
    if sklearn is not None and manifest.get("sklearn_version") != sklearn.__version__:
        warnings.warn(f"{path} was built with scikit-learn {manifest.get('sklearn_version')}, "
                      f"this is {sklearn.__version__}; predictions may differ", ModelWarning, stacklevel=2)
    themes = [Theme(**t) for t in payload["themes"]]
    calibration = {k: tuple(v) for k, v in payload["calibration"].items()}
    scorer = payload["scorer"] if payload["format"] > 1 else LinearScorer.from_pipeline(payload["pipeline"])
    gate = Gate.from_dict(payload["gate"]) if payload.get("gate") else None
    return ThemeModel(scorer, themes, payload["trained"], calibration, payload["thresholds"], manifest, gate=gate)
