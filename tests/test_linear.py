"""The NB-weighted logistic regression behaves as a scikit-learn linear classifier."""

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression

from themeclf.linear import NBLogisticRegression, nb_scale


def _data(seed: int = 0):
    rng = np.random.default_rng(seed)
    X = sp.random(200, 30, density=0.2, random_state=seed, format="csr")
    y = (X[:, 0].toarray().ravel() + X[:, 1].toarray().ravel() + 0.1 * rng.random(200) > 0.3).astype(int)
    return X, y


def test_clone_keeps_parameters_and_drops_what_was_learned():
    est = NBLogisticRegression(C=4.0, beta=2.0, alpha=0.5, class_weight="balanced", random_state=3).fit(*_data())
    twin = clone(est)
    assert twin.get_params() == est.get_params()
    assert not hasattr(twin, "coef_")


def test_not_fitted_refuses_to_predict():
    with pytest.raises(NotFittedError):
        NBLogisticRegression().decision_function(sp.csr_matrix((1, 3)))


def test_scale_favours_features_that_tell_the_classes_apart():
    X = sp.csr_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 1, 1], [0, 1, 1]], dtype=float))
    scale = nb_scale(X, np.array([1, 1, 0, 0]), alpha=1.0, beta=1.0)
    assert scale[1] == pytest.approx(1.0)  # on both sides alike: no boost
    assert scale[0] > 1.5 and scale[2] > 1.5


def test_coefficients_score_the_unscaled_features():
    X, y = _data()
    est = NBLogisticRegression(C=2.0, random_state=0).fit(X, y)
    scale = nb_scale(X, y == 1, 1.0, 1.0)
    plain = LogisticRegression(C=2.0, solver="liblinear", dual=True, tol=0.1, max_iter=2000,
                               random_state=0).fit(X @ sp.diags(scale), y)
    np.testing.assert_allclose(est.decision_function(X), plain.decision_function(X @ sp.diags(scale)), rtol=1e-6)
    assert list(est.predict(X)) == list(plain.predict(X @ sp.diags(scale)))
    assert np.allclose(est.predict_proba(X).sum(axis=1), 1.0)


def test_without_beta_it_is_plain_logistic_regression():
    X, y = _data(1)
    est = NBLogisticRegression(C=2.0, beta=None, random_state=0).fit(X, y)
    plain = LogisticRegression(C=2.0, solver="liblinear", dual=True, tol=0.1, max_iter=2000, random_state=0).fit(X, y)
    np.testing.assert_allclose(est.coef_, plain.coef_)
    np.testing.assert_allclose(est.intercept_, plain.intercept_)
