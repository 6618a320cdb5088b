"""scripts/import_own.py settles our own paragraphs by the majority of writer and blind readers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "import_own.py"
OLD = '{"id": "own-news-001", "text": "Caf\u00e9 talk.", "labels": [], "doc_id": "own-news-00", "genre": "news"}\n'


def write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True)


def para(i: str, labels: list[str]) -> dict:
    return {"id": i, "text": f"Paragraph {i}.", "labels": labels, "doc_id": "own-news-10", "genre": "news"}


def test_majority_of_writer_and_readers_decides_and_old_lines_stay(tmp_path):
    out = tmp_path / "own.jsonl"
    out.write_text(OLD, encoding="utf-8")
    written = write(tmp_path / "w.jsonl", [para("n1", ["agency_reliance"]), para("n2", [])])
    read_a = write(tmp_path / "a.jsonl", [{"id": "n2", "labels": ["unallocated_cases"]}, {"id": "n1", "labels": []}])
    read_b = write(tmp_path / "b.jsonl", [{"id": "n1", "labels": []}, {"id": "n2", "labels": ["unallocated_cases"]}])
    done = run(written, read_a, read_b, "--round", "t", "--out", out)
    assert done.returncode == 0, done.stderr
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[0] == OLD  # untouched
    new = [json.loads(line) for line in lines[1:]]
    assert [(r["id"], r["labels"], r["settled"]) for r in new] == [("n1", [], "t"), ("n2", ["unallocated_cases"], "t")]
    assert "changed the writer's labels on 2" in done.stderr


def test_incomplete_reading_unknown_theme_and_known_id_are_refused(tmp_path):
    out = tmp_path / "own.jsonl"
    out.write_text(OLD, encoding="utf-8")
    written = write(tmp_path / "w.jsonl", [para("n1", ["agency_reliance"]), para("n2", [])])
    full = write(tmp_path / "a.jsonl", [{"id": "n1", "labels": []}, {"id": "n2", "labels": []}])
    short = write(tmp_path / "b.jsonl", [{"id": "n1", "labels": []}])
    odd = write(tmp_path / "c.jsonl", [{"id": "n1", "labels": ["bad_theme"]}, {"id": "n2", "labels": []}])
    again = write(tmp_path / "w2.jsonl", [{**para("own-news-001", [])}])
    for args, message in [((written, full, short), "does not read every written id"),
                          ((written, full, odd), "unknown theme 'bad_theme'"),
                          ((again, full, full), "already in")]:
        done = run(*args, "--round", "t", "--out", out)
        assert done.returncode == 1 and message in done.stderr, done.stderr
        assert out.read_text(encoding="utf-8") == OLD
