"""Shared fixtures: a small hand-written labelled set and a model trained on it once."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "ofsted"

# Our own sentences, combined so that each theme has clear positives and look-alike negatives.
_TEAMS = ["the assessment team", "the north locality", "the disabled children's team", "the duty service",
          "the looked-after children team", "the court team", "the east hub", "the leaving care team"]
_POS = {
    "excessive_caseloads": ["Caseloads in {t} are too high for workers to visit children as often as plans require.",
                            "Social workers in {t} carry unmanageable workloads and say they cannot keep up.",
                            "Capacity in {t} is stretched and workers hold far more cases than the council's own limit."],
    "drift_and_delay": ["Some children in {t} wait too long for their assessments to start.",
                        "Plans for children in {t} drift and permanence is delayed for months.",
                        "Strategy meetings in {t} are held late, leaving children at risk for too long."],
    "weak_oversight": ["Supervision in {t} is infrequent and managers rarely challenge drift.",
                       "Managers in {t} do not provide oversight of plans or record why decisions change.",
                       "Management oversight in {t} lacks reflection and direction."],
    "agency_reliance": ["Most social workers in {t} are agency staff on short contracts.",
                        "The council relies on interim managers and locum workers to run {t}.",
                        "Over half of the posts in {t} are filled by agency workers."],
}
_NEG = ["Caseloads in {t} are manageable and workers know their children well.",
        "Children in {t} are seen promptly and assessments are completed on time.",
        "Supervision in {t} is regular, reflective and well recorded.",
        "Agency use in {t} has fallen to a handful of posts.",
        "The council publishes its annual report on {t} each spring.",
        "Children in {t} told inspectors they enjoy their activities and clubs."]


def make_records(seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    recs = []
    for d, team in enumerate(_TEAMS):
        for theme, templates in _POS.items():
            for tpl in templates:
                recs.append({"text": tpl.format(t=team), "labels": [theme], "doc_id": f"doc{d}"})
        for tpl in _NEG:
            recs.append({"text": tpl.format(t=team), "labels": [], "doc_id": f"doc{d}"})
        both = f"Because caseloads in {team} are too high, some children wait too long to be seen."
        recs.append({"text": both, "labels": ["excessive_caseloads", "drift_and_delay"], "doc_id": f"doc{d}"})
    rng.shuffle(recs)
    for i, r in enumerate(recs):
        r["id"] = f"r{i}"
    return recs


@pytest.fixture(scope="session")
def records() -> list[dict]:
    return make_records()


@pytest.fixture(scope="session")
def data_file(tmp_path_factory, records) -> Path:
    path = tmp_path_factory.mktemp("data") / "labels.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def small_settings():
    from themeclf.model import Settings

    return Settings(use_chars=False, threshold_folds=3)


@pytest.fixture(scope="session")
def trained(tmp_path_factory, records, small_settings):
    """A model trained on the hand-written set and saved: (model, path)."""
    from themeclf.model import fit, save
    from themeclf.themes import load_themes

    model, notes = fit([r["text"] for r in records], [r["labels"] for r in records], load_themes(),
                       [r["doc_id"] for r in records], small_settings)
    path = tmp_path_factory.mktemp("model") / "small.joblib"
    save(model, path)
    return model, path


def needs_shared():
    return pytest.mark.skipif(not (SHARED / "reports").is_dir(),
                              reason="../shared/ofsted is not here (only the project's developers have the report corpus)")


def pipeline_decision(model, texts):
    """The scikit-learn pipelines' raw scores of a freshly trained model, in the scorer's column
    order: one per trained theme, then the weakness gate's when it has one."""
    import numpy as np

    cols = [np.asarray(model.pipeline.decision_function(texts)).reshape(len(texts), -1)]
    if model.gate is not None:
        cols.append(np.asarray(model.gate_pipeline.decision_function(texts)).reshape(len(texts), -1))
    return np.hstack(cols)
