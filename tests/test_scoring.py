"""Model files hold the scorer: the same scores as the scikit-learn pipeline, loaded without it."""

import subprocess
import sys

import joblib
import numpy as np

from conftest import pipeline_decision

from themeclf import scoring
from themeclf.model import FORMAT, Settings, fit, load, manifest_path, save, sha256_file
from themeclf.themes import load_themes

TEXTS = ["Caseloads are not manageable, however supervision is regular.", "", "Agency staff remain.",
         "Zyxwv qwerty unknownword.", "Caseloads are too high; visits are late and plans drift drift drift.",
         "Most social workers in the east hub are agency staff on short contracts."]


def test_scorer_scores_as_the_pipeline_does(trained, monkeypatch):
    model = trained[0]
    monkeypatch.setattr(scoring, "_CHUNK", 2)  # paragraphs split over three lookups
    ours = model.scorer.decision(TEXTS)
    np.testing.assert_allclose(ours, pipeline_decision(model, TEXTS), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ours[[1, 3]], np.tile(model.scorer.intercepts, (2, 1)))  # no known terms


def test_scorer_of_a_model_with_character_ngrams(records):
    model, _ = fit([r["text"] for r in records], [r["labels"] for r in records], load_themes(),
                   [r["doc_id"] for r in records], Settings(use_chars=True, C=4.0))
    assert [p.name for p in model.scorer.parts] == ["words", "chars"]
    np.testing.assert_allclose(model.scorer.decision(TEXTS), pipeline_decision(model, TEXTS), rtol=1e-5, atol=1e-6)


def test_scorer_features_and_names_explain_the_score(trained):
    scorer = trained[0].scorer
    cols, values = scorer.features(TEXTS[4])
    names, kinds = scorer.names()
    assert "caseloads" in {names[c] for c in cols} and set(kinds) == {"words"}
    assert np.allclose(values @ scorer.weights[cols] + scorer.intercepts, scorer.decision([TEXTS[4]])[0])


def test_scorer_pickles_terms_as_one_string_without_its_hashes(trained):
    import pickle

    part = trained[0].scorer.parts[0]
    part.tfidf(["Caseloads are high."])  # builds the hashed lookup table
    state = part.__getstate__()
    assert isinstance(state["terms"], str) and "_table" not in state
    copy = pickle.loads(pickle.dumps(trained[0].scorer))
    assert copy.parts[0].terms == part.terms
    np.testing.assert_array_equal(copy.decision(TEXTS), trained[0].scorer.decision(TEXTS))


def test_a_model_file_loads_scores_and_explains_without_scikit_learn(trained):
    code = ("import sys\nfrom themeclf.model import load\nfrom themeclf.explanation import explain\n"
            "m = load(sys.argv[1])\ntext = 'Most social workers are agency staff on short contracts.'\n"
            "print(m.predict([text]))\nprint(explain(m, text))\n"
            "print('SKLEARN', 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(trained[1])], capture_output=True, text=True, check=True).stdout
    assert "agency_reliance" in out and "'agency staff'" in out and "SKLEARN False" in out


def test_a_model_file_of_the_first_format_still_loads(records, trained, tmp_path):
    # Format 1 had no weakness gate: a model trained without one, saved as a pipeline.
    model, _ = fit([r["text"] for r in records], [r["labels"] for r in records], load_themes(),
                   [r["doc_id"] for r in records], Settings(gate=False))
    path = tmp_path / "model.joblib"
    save(model, path)
    old = tmp_path / "old.joblib"
    joblib.dump({"format": 1, "pipeline": model.pipeline, "themes": [t.to_dict() for t in model.themes],
                 "trained": model.trained, "calibration": model.calibration, "thresholds": model.thresholds}, old)
    manifest = manifest_path(path).read_text().replace(sha256_file(path), sha256_file(old))
    manifest_path(old).write_text(manifest)
    np.testing.assert_allclose(load(old).scores(TEXTS), model.scores(TEXTS))
    save(load(old), tmp_path / "new.joblib")  # and saves in the current format
    assert joblib.load(tmp_path / "new.joblib")["format"] == FORMAT


def test_explanations_name_each_word_once_with_its_marks_summed(trained):
    from themeclf.explanation import explain

    model = trained[0]
    text = "Caseloads in the west team are too high, and visits are not made on time."
    ev = explain(model, text, ["excessive_caseloads"])["excessive_caseloads"]
    words = [term.split(" [")[0] for term, _ in ev["terms"]]
    assert len(words) == len(set(words)) and "caseloads" in words
    # The word's entry is the sum of its plain and marked features' contributions.
    cols, values = model.scorer.features(text)
    names, _ = model.scorer.names()
    j = model.trained.index("excessive_caseloads")
    variants = {"caseloads", "neg_caseloads", "con_caseloads", "crit_caseloads"}
    total = sum(v * (model.scorer.weights[c, j] + model.scorer.weights[c, -1])  # the theme's and the gate's
                for c, v in zip(cols, values) if names[c] in variants)
    assert dict((t.split(" [")[0], w) for t, w in ev["terms"])["caseloads"] == round(float(total), 3)
    assert any(t.startswith("caseloads [in a critical sentence]") for t, _ in ev["terms"])
