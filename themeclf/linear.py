"""Logistic regression on naive-Bayes-weighted features (after Wang and Manning's NBSVM, 2012).

For one theme, each feature's column is scaled by ``beta + |r|``, where ``r`` is the log ratio of
how often the feature occurs in positive and in negative paragraphs. An L2 penalty then costs
less for features that tell the classes apart and more for those that occur on both sides alike,
which suits themes named by a few telling phrases among many shared words. The scale is folded
back into ``coef_``, so the fitted model is an ordinary linear classifier over the unscaled
features: scoring costs nothing more and each term's contribution is still weight x value.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted


def nb_scale(X, y: np.ndarray, alpha: float = 1.0, beta: float = 1.0) -> np.ndarray:
    """``beta + |log ratio|`` per feature of sparse ``X``, with presence counts smoothed by ``alpha``."""
    y = np.asarray(y).astype(bool)
    pos, neg = X[y], X[~y]  # presence counts per column, without copying all of X once more
    p = np.bincount(pos.indices[pos.data > 0], minlength=X.shape[1]) + alpha
    q = np.bincount(neg.indices[neg.data > 0], minlength=X.shape[1]) + alpha
    return beta + np.abs(np.log(p / p.sum()) - np.log(q / q.sum()))


class NBLogisticRegression(ClassifierMixin, BaseEstimator):
    """Binary L2 logistic regression (liblinear, dual) on NB-weighted features; ``beta=None``
    leaves the features as they are (plain logistic regression)."""

    def __init__(self, C: float = 1.0, beta: float | None = 1.0, alpha: float = 1.0,
                 class_weight=None, tol: float = 0.1, max_iter: int = 2000, random_state=None):
        self.C = C
        self.beta = beta
        self.alpha = alpha
        self.class_weight = class_weight
        self.tol = tol
        self.max_iter = max_iter
        self.random_state = random_state

    def fit(self, X, y):
        import scipy.sparse as sp
        from sklearn.linear_model import LogisticRegression

        X = sp.csr_matrix(X, dtype=np.float64)
        y = np.asarray(y)
        lr = LogisticRegression(C=self.C, class_weight=self.class_weight, solver="liblinear", dual=True,
                                tol=self.tol, max_iter=self.max_iter, random_state=self.random_state)
        classes = np.unique(y)
        if self.beta is None or len(classes) < 2:
            scale = np.ones(X.shape[1])
            lr.fit(X, y)  # one class: liblinear raises its own clear error
        else:
            scale = nb_scale(X, y == classes[1], self.alpha, self.beta)
            scaled = X.copy()
            scaled.data *= scale[scaled.indices]  # X @ diag(scale), keeping X's sorted indices
            lr.fit(scaled, y)
        self.classes_ = lr.classes_
        self.coef_ = lr.coef_ * scale
        self.intercept_ = lr.intercept_
        self.n_iter_ = lr.n_iter_
        return self

    def decision_function(self, X) -> np.ndarray:
        check_is_fitted(self, "coef_")
        return np.asarray(X @ self.coef_.T).ravel() + self.intercept_[0]

    def predict_proba(self, X) -> np.ndarray:
        p = 1.0 / (1.0 + np.exp(-self.decision_function(X)))
        return np.column_stack([1 - p, p])

    def predict(self, X) -> np.ndarray:
        return self.classes_[(self.decision_function(X) > 0).astype(int)]
