"""scripts/sample_for_labelling.py --unread draws every paragraph nobody has read, and only those."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pdfmaker import make_pdf

from themeclf.data import standoff_record
from themeclf.reading import read_path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "sample_for_labelling.py"

REPORT_A = [[
    "Caseloads in the assessment teams are too high for the social workers who hold them.",
    "Managers check plans every month and record the reasons for their decisions clearly.",
    "Children who go missing are offered a return home interview within three days.",
    "Contents",
]]
REPORT_B = [[
    "The council has recruited permanent social workers and its reliance on agency staff has fallen.",
    "Some children wait too long for an assessment after concerns are first raised with the council.",
]]


def corpus(tmp_path: Path) -> tuple[Path, Path, dict[str, list[str]]]:
    shared = tmp_path / "shared"
    texts = {}
    for name, pages in (("c1/a.pdf", REPORT_A), ("c2/b.pdf", REPORT_B)):
        path = shared / "reports" / name
        path.parent.mkdir(parents=True)
        make_pdf(path, pages)
        texts[name] = [p.text for p in read_path(path, source=name).paragraphs]
    a = texts["c1/a.pdf"]
    # One paragraph of report a has been read already, another is a dev_gold paragraph.
    standoff = tmp_path / "standoff.jsonl"
    standoff.write_text(json.dumps(standoff_record("c1/a.pdf", 0, a[0], ["excessive_caseloads"])) + "\n")
    (shared / "dev_gold.jsonl").write_text(json.dumps({"report": "c1/a.pdf", "text": a[1], "labels": []}) + "\n")
    return shared, standoff, texts


def test_unread_draws_every_unread_paragraph_whole_reports_together(tmp_path):
    shared, standoff, texts = corpus(tmp_path)
    out = tmp_path / "batches"
    done = subprocess.run([sys.executable, str(SCRIPT), "--unread", "--shared", str(shared), "--standoff", str(standoff),
                           "--out", str(out), "--batches", "2"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    batches = [[json.loads(line) for line in (out / f"batch_{b}.jsonl").read_text().splitlines()] for b in range(2)]
    drawn = [item for batch in batches for item in batch]
    a, b = texts["c1/a.pdf"], texts["c2/b.pdf"]
    long_enough = [t for t in a[2:] + b if len(t.split()) >= 6]
    assert sorted(item["text"] for item in drawn) == sorted(long_enough)
    assert a[0] not in {item["text"] for item in drawn}  # read already
    assert a[1] not in {item["text"] for item in drawn}  # dev_gold
    assert all(item["why"] == "unread" and "labels" not in item for item in drawn)
    for batch in batches:  # each report's paragraphs sit in one batch, in report order
        for report in {item["report"] for item in batch}:
            mine = [item["index"] for item in batch if item["report"] == report]
            assert mine == sorted(mine) and len(mine) == sum(item["report"] == report for item in drawn)
    assert len({item["id"] for item in drawn}) == len(drawn)


def test_a_missing_corpus_is_a_one_line_error(tmp_path):
    done = subprocess.run([sys.executable, str(SCRIPT), "--unread", "--shared", str(tmp_path / "nowhere"),
                           "--out", str(tmp_path / "b")], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.strip().startswith("error:") and len(done.stderr.strip().splitlines()) == 1
