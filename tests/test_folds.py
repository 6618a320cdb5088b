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
