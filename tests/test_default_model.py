"""The shipped default model: present, verified, current with the committed labels."""

from pathlib import Path

from themeclf.data import files_sha256
from themeclf.model import load, read_manifest

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "default.joblib"
LABELS = [ROOT / "labels" / "themes.toml", ROOT / "labels" / "standoff.jsonl", ROOT / "labels" / "own.jsonl"]


def test_default_model_is_built_from_the_committed_labels():
    manifest = read_manifest(MODEL)
    assert manifest["labels_sha256"] == files_sha256(LABELS), (
        "labels/ changed since models/default.joblib was built: run 'python scripts/build_default_model.py'")
    assert manifest["provisional"] is False


def test_default_model_loads_and_reads_a_finding():
    model = load(MODEL)
    assert len(model.themes) == 14 and set(model.trained) == {t.id for t in model.themes}
    labels = model.predict(["Social workers' caseloads remain too high, and some children wait too long to be seen."])[0]
    assert "excessive_caseloads" in labels


def test_model_card_is_generated_with_the_model():
    card = (ROOT / "models" / "default.md").read_text()
    manifest = read_manifest(MODEL)
    assert "Out-of-scope use" in card and "individual child" in card
    assert manifest["model_sha256"][:12] in card
