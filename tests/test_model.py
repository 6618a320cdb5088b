import json
from functools import partial

import numpy as np
import pytest
from conftest import pipeline_decision
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from themeclf.errors import ModelError
from themeclf.model import ModelWarning, Settings, best_threshold, build_pipeline, fit, label_matrix, load, save
from themeclf.themes import Theme, load_themes


def test_pipeline_clones_with_same_params(small_settings):
    pipe = build_pipeline(small_settings)
    twin = clone(pipe)
    assert twin is not pipe
    assert twin.get_params()["clf__estimator__C"] == small_settings.C


def test_unfitted_pipeline_refuses_to_predict(small_settings):
    with pytest.raises(NotFittedError):
        build_pipeline(small_settings).decision_function(["caseloads are too high"])


def test_model_learns_the_hand_written_themes(trained):
    model, _ = trained
    pred = model.predict(["Caseloads in the west team are too high for workers to visit children.",
                          "Most social workers in the west team are agency staff on short contracts.",
                          "Children in the west team enjoy their activities and clubs."])
    assert "excessive_caseloads" in pred[0]
    assert pred[1] == ["agency_reliance"]
    assert pred[2] == []


def test_untrainable_themes_are_never_predicted(trained):
    model, _ = trained
    assert "exploitation_risk" not in model.trained
    assert "exploitation_risk" in model.manifest["never_predicted"]
    scores = model.scores(["Children missing from care are not offered return home interviews."])
    assert scores[0, model.theme_ids.index("exploitation_risk")] == 0.0


def test_fit_warns_about_rare_themes(records, small_settings):
    _, notes = fit([r["text"] for r in records], [r["labels"] for r in records], load_themes(),
                   [r["doc_id"] for r in records], small_settings)
    assert any("exploitation_risk" in n and "never predicted" in n for n in notes)


def test_fit_refuses_data_without_any_positive(small_settings):
    with pytest.raises(ModelError, match="no theme has enough"):
        fit(["a", "b", "c"], [[], [], []], [Theme("x", "X")], None, small_settings)


def test_save_load_round_trip_predicts_the_same(trained, tmp_path):
    model, path = trained
    texts = ["Supervision is infrequent and managers rarely challenge drift.", "Nothing to see here at all."]
    loaded = load(path)
    np.testing.assert_allclose(loaded.scores(texts), model.scores(texts))
    assert loaded.predict(texts) == model.predict(texts)
    assert loaded.thresholds == model.thresholds


def test_manifest_carries_metadata(trained, records):
    _, path = trained
    manifest = json.loads(path.with_suffix(".json").read_text())
    for field in ("themes", "thresholds", "sklearn_version", "python_version", "themeclf_version",
                  "model_sha256", "records", "cv", "created"):
        assert field in manifest
    assert manifest["records"] == len(records)
    assert 0 < manifest["cv"]["micro_f1"] <= 1


def test_tampered_model_is_refused(trained, tmp_path):
    _, path = trained
    bad = tmp_path / "bad.joblib"
    bad.write_bytes(path.read_bytes() + b"\0")
    bad.with_suffix(".json").write_text(path.with_suffix(".json").read_text())
    with pytest.raises(ModelError, match="sha256"):
        load(bad)


def test_model_without_manifest_is_refused(trained, tmp_path):
    _, path = trained
    lone = tmp_path / "lone.joblib"
    lone.write_bytes(path.read_bytes())
    with pytest.raises(ModelError, match="manifest"):
        load(lone)


def test_version_mismatch_is_a_warning(trained, tmp_path):
    _, path = trained
    copy = tmp_path / "old.joblib"
    copy.write_bytes(path.read_bytes())
    manifest = json.loads(path.with_suffix(".json").read_text())
    manifest["sklearn_version"] = "0.0.1"
    copy.with_suffix(".json").write_text(json.dumps(manifest))
    with pytest.warns(ModelWarning, match="0.0.1"):
        load(copy)


def test_save_is_atomic_and_leaves_no_temp_files(trained, tmp_path):
    model, _ = trained
    out = tmp_path / "m.joblib"
    save(model, out)
    save(model, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.joblib", "m.json"]


def test_best_threshold_separates_scores():
    probs = np.array([0.9, 0.8, 0.3, 0.2, 0.1])
    y = np.array([1, 1, 0, 0, 0])
    t = best_threshold(probs, y)
    assert 0.3 < t < 0.8


def test_stacker_folds_into_one_linear_model_per_theme(records, small_settings):
    from themeclf.model import _fold_stacker, label_matrix

    texts = [r["text"] for r in records]
    ids = [t.id for t in load_themes()][:4]
    pipe = build_pipeline(small_settings).fit(texts, label_matrix([r["labels"] for r in records], ids))
    before = pipe.decision_function(texts)
    rng = np.random.default_rng(0)
    A, c = rng.normal(size=(4, 4)), rng.normal(size=4)
    _fold_stacker(pipe.named_steps["clf"], A, c)
    assert np.allclose(pipe.decision_function(texts), before @ A.T + c)


def test_stacked_scores_are_the_folded_linear_scores(records):
    model, _ = fit([r["text"] for r in records], [r["labels"] for r in records], load_themes(),
                   [r["doc_id"] for r in records], Settings(stacking=True))
    texts = ["Caseloads are too high and supervision is rare.", "Children enjoy their clubs."]
    assert model.manifest["settings"]["stacking"] is True
    raw = model.decision(texts)
    probs = model.scores(texts)[:, [model.theme_ids.index(t) for t in model.trained]]
    assert np.allclose(probs, 1 / (1 + np.exp(-raw)))


def test_vectorizer_pickles_compactly_and_transforms_like_sklearn(trained):
    import pickle

    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = trained[0].pipeline.named_steps["features"].transformer_list[0][1]
    state = vec.__getstate__()
    assert state["vocabulary_"] is None and isinstance(state["_terms"], str)
    copy = pickle.loads(pickle.dumps(vec))
    assert copy.vocabulary_ == vec.vocabulary_
    texts = ["Caseloads are not manageable, however supervision is regular.", "Agency staff remain.", "",
             "Zyxwv qwerty unknownword.", "Caseloads are not manageable."]
    sklearns = TfidfVectorizer(**vec.get_params())
    sklearns.__dict__.update(vec.__dict__)  # the same fitted state, scikit-learn's own counting
    theirs = sklearns.transform(texts)
    assert theirs[3].nnz == 0 and theirs[0].nnz > 0
    for ours in (copy.transform(texts), vec.transform(texts)):
        assert ours.shape == theirs.shape and abs(ours - theirs).max() == 0
        assert np.array_equal(ours.indptr, theirs.indptr)


def test_vectorizer_looks_up_terms_across_chunks(trained, monkeypatch):
    import pickle

    from sklearn.feature_extraction.text import TfidfVectorizer

    from themeclf import scoring

    vec = trained[0].pipeline.named_steps["features"].transformer_list[0][1]
    texts = ["Caseloads are high.", "", "Visits are late; plans drift.", "Nothing known here xq.", "Agency staff."]
    sklearns = TfidfVectorizer(**vec.get_params())
    sklearns.__dict__.update({k: v for k, v in vec.__dict__.items() if k != "_hashed"})
    monkeypatch.setattr(scoring, "_CHUNK", 2)  # documents split over three lookups
    assert abs(vec.transform(texts) - sklearns.transform(texts)).max() == 0
    assert "_hashed" in vec.__dict__ and "_hashed" not in vec.__getstate__()  # salted per process
    assert pickle.loads(pickle.dumps(vec)).transform(texts).nnz == vec.transform(texts).nnz


def test_model_decision_is_the_pipelines_decision_function(trained):
    texts = ["Caseloads are too high.", "Children enjoy clubs.", "Plans drift and visits are late."]
    assert trained[0].gate is not None  # the hand-written set has paragraphs with and without themes
    assert np.allclose(trained[0].decision(texts), pipeline_decision(trained[0], texts))


def test_training_is_deterministic(records, small_settings, trained):
    texts = [r["text"] for r in records]
    again, _ = fit(texts, [r["labels"] for r in records], load_themes(), [r["doc_id"] for r in records], small_settings)
    assert np.array_equal(again.scores(texts), trained[0].scores(texts))
    assert again.thresholds == trained[0].thresholds


def test_vectorizer_learns_exactly_what_sklearn_learns(records):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from themeclf.features import TfidfTerms, make_analyzer

    texts = [r["text"] for r in records]
    kw = dict(analyzer=make_analyzer(2, True), min_df=2, sublinear_tf=True, max_df=0.9, dtype=np.float32)
    ours, theirs = TfidfTerms(**kw), TfidfVectorizer(**kw)
    X, Z = ours.fit_transform(texts), theirs.fit_transform(texts)
    assert ours.vocabulary_ == theirs.vocabulary_ and abs(X - Z).max() == 0
    with pytest.raises(ValueError, match="empty vocabulary"):
        TfidfTerms(analyzer=make_analyzer(2, True)).fit(["", " "])


@pytest.mark.parametrize("text", ["Ab\x02cd  too   few staff.", "Caseloads\tare\nnot manageable; however visits remain late.",
                                  "Children\u2019s plans \u2013 not \u201cSMART\u201d, however reviews are late."])
def test_analyzer_tokens_do_not_depend_on_cleaning(text):
    from collections import Counter

    from themeclf.features import Analyzer
    from themeclf.textnorm import clean

    a = Analyzer()
    assert Counter(a(text)) == Counter(a(clean(text)))
    assert "neg_manageable" in a("Caseloads are not manageable.") and "con_late" in a("However, visits are late.")


def test_words_of_a_critical_sentence_are_marked_on_both_sides_of_the_cue():
    from themeclf.features import Analyzer

    a = Analyzer(2, True, sentences=True)
    critical = a("Management oversight is not consistently effective. Children enjoy clubs.")
    assert {"crit_management", "crit_oversight", "crit_effective"} <= set(critical)
    assert "crit_children" not in critical and "crit_clubs" not in critical  # the next sentence is plain
    assert not any(t.startswith("crit_") for t in a("Management oversight is regular and effective."))
    assert "crit_visits" in a("Some visits are late")  # a hedge of scope, and no full stop
    assert not any(t.startswith("crit_") for t in Analyzer(2, True)("Oversight is not effective."))


def test_an_analyzer_pickled_before_sentence_marks_reads_as_before():
    import pickle

    from themeclf.features import Analyzer

    old = Analyzer(2, True)
    del old.__dict__["sentences"]  # the state an older model file holds
    copy = pickle.loads(pickle.dumps(old))
    assert copy("Caseloads are not manageable.") == Analyzer(2, True, False)("Caseloads are not manageable.")


def test_scope_tokens_are_the_ngram_words_and_older_analyzers_keep_letter_tokens():
    import pickle

    from themeclf.features import Analyzer

    text = "Children don't see well-being workers."
    new = Analyzer(2, True)
    assert {"neg_see", "neg_well", "neg_being"} <= set(new(text)) and "neg_well-being" not in new(text)
    old = Analyzer(2, True)
    del old.__dict__["shared_tokens"]  # the state a model file from before session 5 holds
    copy = pickle.loads(pickle.dumps(old))
    assert {"neg_see", "neg_well-being"} <= set(copy(text)) and "neg_well" not in copy(text)
    assert "neg_see" in Analyzer(2, True)("Children isn't see.")  # the stem of a contraction is the cue


def test_settings_switch_sentence_marks_on_and_off():
    def analyzer(settings):
        return build_pipeline(settings).named_steps["features"].transformer_list[0][1].analyzer

    text = "Oversight is not effective."
    assert "crit_oversight" in analyzer(Settings())(text)
    assert "crit_oversight" not in analyzer(Settings(sentence_marks=False))(text)
    assert not any(t.startswith(("crit_", "neg_")) for t in analyzer(Settings(use_scope=False))(text))


def test_fit_on_features_computed_beforehand_is_the_same_fit(records, small_settings, trained):
    from themeclf.model import fit_features

    texts = [r["text"] for r in records]
    ready = fit_features(texts, small_settings)
    again, _ = fit(texts, [r["labels"] for r in records], load_themes(), [r["doc_id"] for r in records],
                   small_settings, features=ready)
    assert again.pipeline.named_steps["features"] is ready[0]
    assert np.array_equal(again.scores(texts), trained[0].scores(texts))
    assert again.thresholds == trained[0].thresholds


def test_nb_weighting_is_folded_into_plain_linear_weights(trained):
    from themeclf.linear import NBLogisticRegression

    model = trained[0]
    assert model.manifest["settings"]["nb_beta"] == 1.0
    clf = model.pipeline.named_steps["clf"]
    assert all(isinstance(e, NBLogisticRegression) for e in clf.estimators_)
    texts = ["Caseloads are too high and supervision is rare.", "Children enjoy their clubs."]
    X = model.pipeline.named_steps["features"].transform(texts)
    estimators = clf.estimators_ + model.gate_pipeline.named_steps["clf"].estimators_
    W = np.vstack([e.coef_ for e in estimators])
    b = np.array([e.intercept_[0] for e in estimators])
    assert np.allclose(model.decision(texts), X @ W.T + b)


def test_settings_switch_nb_weighting_off(records):
    from sklearn.linear_model import LogisticRegression

    texts, labels = [r["text"] for r in records], [r["labels"] for r in records]
    groups = [r["doc_id"] for r in records]
    plain, _ = fit(texts, labels, load_themes(), groups, Settings(nb_beta=None, C=4.0, gate=False))
    weighted, _ = fit(texts, labels, load_themes(), groups, Settings(C=4.0, gate=False))
    one = "Supervision is infrequent and managers rarely challenge drift."
    assert not np.allclose(plain.decision([one]), weighted.decision([one]))
    est = plain.pipeline.named_steps["clf"].estimators_[0]
    X = plain.pipeline.named_steps["features"].transform(texts)
    y = label_matrix(labels, plain.trained)[:, 0]
    ref = LogisticRegression(C=4.0, class_weight="balanced", solver="liblinear", dual=True, tol=0.1,
                             max_iter=2000, random_state=0).fit(X.astype(np.float64), y)
    np.testing.assert_allclose(est.coef_, ref.coef_, rtol=1e-5, atol=1e-8)


def test_sentence_pooling_averages_the_paragraph_with_its_best_sentence(records):
    model, _ = fit([r["text"] for r in records], [r["labels"] for r in records], load_themes(),
                   [r["doc_id"] for r in records], Settings(sentence_pooling=True, C=4.0))
    first, second = "Children in the east hub enjoy their clubs.", "Caseloads in the east hub are too high."
    text = f"{first} {second}"
    para = model.scorer.decision([text])[0]
    best = model.scorer.decision([first, second]).max(axis=0)
    np.testing.assert_allclose(model.decision([text])[0], (para + best) / 2)
    assert "excessive_caseloads" in model.predict([text])[0]


def test_beta_calibration_bends_where_platt_cannot_and_stays_increasing():
    from themeclf.model import _beta, _platt, calibrated

    rng = np.random.default_rng(0)
    s = rng.normal(0, 3, 4000)
    # A truth steep at the bottom and flat at the top, which no single sigmoid follows.
    p_true = calibrated(s, (2.0, -0.5, 0.0))
    y = (rng.random(4000) < p_true).astype(int)
    beta, platt = _beta(s, y), _platt(s, y)
    assert len(beta) == 3 and len(platt) == 2
    top = np.array([6.0])
    truth = calibrated(top, (2.0, -0.5, 0.0))[0]
    assert abs(calibrated(top, beta)[0] - truth) < abs(calibrated(top, platt)[0] - truth) / 2
    grid = np.linspace(-10, 10, 201)
    assert np.all(np.diff(calibrated(grid, beta)) >= 0)
    assert np.allclose(calibrated(grid, (2.0, -1.0)), 1 / (1 + np.exp(-(2.0 * grid - 1.0))))  # Platt pairs


def test_beta_calibration_falls_back_to_platt_when_it_would_not_increase():
    from themeclf.model import _beta

    s = np.r_[np.linspace(-5, 5, 200)]
    y = (np.abs(s) > 3).astype(int)  # both ends positive: no increasing curve fits
    assert len(_beta(s, y)) == 2
    few = (s > 4.5).astype(int)  # 10 positives: too few for a second slope
    assert len(_beta(s, few)) == 2


@pytest.mark.parametrize("explain", [False, True])
def test_packed_tagging_unpacks_to_what_tag_document_gives(trained, explain):
    import pickle

    from themeclf.document import Document, Paragraph
    from themeclf.tagging import tag_document, tag_packed, unpack

    doc = Document("r.pdf", [Paragraph("Caseloads are too high and visits are late.", 0, 1, "Help"),
                             Paragraph("Children enjoy their clubs.", 1, 2, None)], "pdf", {"pages": 2})
    want = tag_document(doc, trained[0], explain)
    assert unpack(pickle.loads(pickle.dumps(tag_packed(doc, trained[0], explain)))) == want
    assert want[1][0].labels and (want[1][0].evidence is not None) == explain
    assert unpack(tag_packed(Document("e.txt", []), trained[0])) == (Document("e.txt", []), [])


def test_rendered_tagging_is_the_writers_output_without_a_header(trained):
    import io

    from themeclf.document import Document, Paragraph
    from themeclf.output import CsvOut, render, write_jsonl
    from themeclf.tagging import tag_document, tag_rendered

    m = trained[0]
    doc = Document("r.pdf", [Paragraph('Caseloads are too high, "and" visits are late.', 0, 1, "Help"),
                             Paragraph("Children enjoy their clubs.", 1, 2, None)], "pdf", {"pages": 2})
    items = tag_document(doc, m)[1]
    with_header, lines = io.StringIO(), io.StringIO()
    CsvOut(with_header, m.theme_ids).write(items)
    write_jsonl(lines, items)
    csv_text = render("csv", m.theme_ids, items)
    assert with_header.getvalue().split("\r\n", 1)[1] == csv_text and csv_text.count("\r\n") == 2
    assert tag_rendered(doc, m, partial(render, "jsonl", m.theme_ids)) == ("r.pdf", lines.getvalue())
    with pytest.raises(ValueError):
        render("table", m.theme_ids, items)


def test_gated_scores_combine_the_theme_given_a_weakness_with_the_gate(trained):
    from themeclf.model import _logit, calibrated

    model = trained[0]
    texts = ["Caseloads are too high and supervision is rare.", "Children enjoy their clubs.", ""]
    raw = model.decision(texts)
    assert raw.shape == (3, len(model.trained) + 1) and model.manifest["gate"] is True
    gate = model.gate
    assert gate.power == 0.5 and set(gate.combined) == set(model.trained)
    weakness = calibrated(raw[:, -1], gate.calibration)
    scores = model.scores(texts)
    for j, tid in enumerate(model.trained):
        product = calibrated(raw[:, j], model.calibration[tid]) * np.sqrt(weakness)
        np.testing.assert_allclose(scores[:, model.theme_ids.index(tid)], calibrated(_logit(product), gate.combined[tid]))
        # Calibrated again, the product keeps its order (the calibration is increasing).
        grid = np.linspace(1e-6, 1 - 1e-6, 201)
        assert np.all(np.diff(calibrated(_logit(grid), gate.combined[tid])) >= 0)
    # The gate reads weakness: the critical paragraph is far likelier to state one than the praise.
    assert weakness[0] > 0.5 > weakness[1]


def test_the_gate_is_off_when_asked_or_when_the_labels_cannot_teach_it(records):
    texts, labels, groups = [r["text"] for r in records], [r["labels"] for r in records], [r["doc_id"] for r in records]
    off, notes = fit(texts, labels, load_themes(), groups, Settings(gate=False))
    assert off.gate is None and off.manifest["gate"] is False and not any("gate" in n for n in notes)
    assert off.decision(["Caseloads are high."]).shape == (1, len(off.trained))
    # Only paragraphs that state a weakness: nothing to tell the gate what a strength reads like.
    weak = [i for i, ls in enumerate(labels) if ls]
    model, notes = fit([texts[i] for i in weak], [labels[i] for i in weak], load_themes(), [groups[i] for i in weak])
    assert model.gate is None and any(n.startswith("no weakness gate (almost every paragraph states") for n in notes)
    assert model.scores(["Caseloads are high."]).max() > 0


def test_a_model_file_of_the_second_format_loads_without_a_gate(records, tmp_path):
    import joblib

    from themeclf.model import load, manifest_path, save, sha256_file

    model, _ = fit([r["text"] for r in records], [r["labels"] for r in records], load_themes(),
                   [r["doc_id"] for r in records], Settings(gate=False))
    path = tmp_path / "m.joblib"
    save(model, path)
    payload = joblib.load(path)
    payload["format"] = 2
    del payload["gate"]
    joblib.dump(payload, path)
    manifest_path(path).write_text(manifest_path(path).read_text().replace(model.manifest["model_sha256"], sha256_file(path)))
    loaded = load(path)
    texts = ["Caseloads are too high.", "Children enjoy their clubs."]
    assert loaded.gate is None
    np.testing.assert_allclose(loaded.scores(texts), model.scores(texts))

