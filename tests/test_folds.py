import numpy as np

from themeclf.folds import grouped_stratified_folds


def test_groups_never_straddle_folds_and_themes_are_spread():
    rng = np.random.default_rng(1)
    groups = [f"d{i // 10}" for i in range(300)]
    Y = (rng.random((300, 3)) < [0.3, 0.1, 0.02]).astype(int)
    folds = grouped_stratified_folds(Y, groups, 5)
    assert sorted(np.concatenate(folds).tolist()) == list(range(300))
    for f in folds:
        others = set(np.concatenate([g for g in folds if g is not f]).tolist())
        assert not {groups[i] for i in f} & {groups[i] for i in others}
    per_fold = np.array([Y[f].sum(axis=0) for f in folds])
    assert (per_fold[:, 0] > 0).all() and (per_fold[:, 1] > 0).all()
    assert per_fold[:, 0].max() - per_fold[:, 0].min() <= Y[:, 0].sum() * 0.25


def test_fewer_groups_than_folds_gives_one_fold_per_group():
    folds = grouped_stratified_folds(np.ones((4, 1), int), ["a", "a", "b", "b"], 5)
    assert len(folds) == 2


def test_bootstrap_interval_brackets_f1_and_narrows_with_data():
    from themeclf.metrics import bootstrap_f1, scores_table

    rng = np.random.default_rng(0)
    y = (rng.random((2000, 1)) < 0.2).astype(int)
    p = np.where(rng.random((2000, 1)) < 0.85, y, 1 - y)
    f1 = scores_table(y, p, ["t"])["per_theme"]["t"]["f1"]
    lo, hi = bootstrap_f1(y, p, ["t"])["t"]
    assert lo <= f1 <= hi
    lo_s, hi_s = bootstrap_f1(y[:100], p[:100], ["t"])["t"]
    assert hi_s - lo_s > hi - lo
