"""The project's own training set: stand-off report paragraphs plus our own paragraphs.

Shared by the build, quality and bench scripts. Needs ../shared/ofsted for the report text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from themeclf.data import Record, files_sha256, load_records, resolve_standoff  # noqa: E402
from themeclf.themes import load_themes  # noqa: E402

SHARED = ROOT.parent / "shared" / "ofsted"
CORPUS = SHARED / "reports"
GOLD = SHARED / "dev_gold.jsonl"
LABEL_FILES = [ROOT / "labels" / "themes.toml", ROOT / "labels" / "standoff.jsonl", ROOT / "labels" / "own.jsonl"]
MODEL = ROOT / "models" / "default.joblib"


def jsonl_rows(text: str) -> list[dict]:
    """The objects of a JSON Lines text, blank lines skipped."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def read_jsonl(path: Path) -> list[dict]:
    return jsonl_rows(path.read_text(encoding="utf-8"))


def agreement(first: list[list[str]], second: list[list[str]], theme_ids: list[str]) -> float:
    """Micro F1 of one reading of some paragraphs against another reading of the same ones."""
    from themeclf.metrics import scores_table
    from themeclf.model import label_matrix

    if not first:
        return float("nan")
    return scores_table(label_matrix(first, theme_ids), label_matrix(second, theme_ids), theme_ids)["micro_f1"]


def need_shared() -> None:
    if not CORPUS.is_dir():
        sys.exit(f"skipped: {CORPUS} is not here; this script needs the shared report corpus "
                 "(users of the package do not have it)")


def labels_sha256() -> str:
    return files_sha256(LABEL_FILES)


def training_records(report_unresolved: bool = True) -> list[Record]:
    """Resolve the stand-off labels through the reader and add our own paragraphs."""
    need_shared()
    themes = load_themes(LABEL_FILES[0])
    res = resolve_standoff(LABEL_FILES[1], CORPUS)
    if report_unresolved and res.unresolved:
        print(f"{len(res.unresolved)} stand-off records no longer resolve, e.g. {res.unresolved[0]}", file=sys.stderr)
    own = load_records([str(LABEL_FILES[2])], {t.id for t in themes})
    for r in own:
        r.extra["source"] = "own"
    return res.records + own


def gold_records() -> list[Record]:
    """dev_gold, for measuring only."""
    need_shared()
    out = []
    for n, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines(), 1):
        obj = json.loads(line)
        out.append(Record(obj["text"], sorted(obj["labels"]), obj["report"], None, f"dev_gold:{n}"))
    return out
