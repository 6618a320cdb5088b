"""scripts/import_rereadings.py settles blind re-readings by majority, per theme."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "import_rereadings.py"


def write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True)


def labels_by_hash(path: Path) -> dict[str, list[str]]:
    return {o["hash"]: o["labels"] for o in map(json.loads, path.read_text().splitlines())}


def test_one_theme_round_settles_only_that_theme(tmp_path):
    standoff = write(tmp_path / "standoff.jsonl", [
        {"report": "a.pdf", "index": 1, "hash": "h1", "labels": ["drift_and_delay", "leadership_failure"]},
        {"report": "a.pdf", "index": 2, "hash": "h2", "labels": ["weak_oversight"]},
        {"report": "b.pdf", "index": 7, "hash": "h2", "labels": ["weak_oversight"]},  # same words, another report
    ])
    items = write(tmp_path / "items.jsonl", [{"id": "x1", "hash": "h1"}, {"id": "x2", "hash": "h2"}])
    read_a = write(tmp_path / "a.jsonl", [{"id": "x1", "leadership_failure": False}, {"id": "x2", "leadership_failure": True}])
    read_b = write(tmp_path / "b.jsonl", [{"id": "x1", "leadership_failure": False}, {"id": "x2", "leadership_failure": True}])
    done = run(items, read_a, read_b, "--theme", "leadership_failure", "--round", "test", "--out", standoff)
    assert done.returncode == 0, done.stderr
    got = labels_by_hash(standoff)
    assert got["h1"] == ["drift_and_delay"]  # two readings against the stored one remove it; drift stays
    assert got["h2"] == ["leadership_failure", "weak_oversight"]
    rows = [json.loads(line) for line in standoff.read_text().splitlines()]
    assert [r.get("reread") for r in rows] == ["test", "test", "test"]  # both copies of h2 follow


def test_split_readers_keep_the_stored_vote_or_the_base_vote(tmp_path):
    rows = [{"report": "a.pdf", "index": 1, "hash": "h1", "labels": ["leadership_failure"]}]
    items = write(tmp_path / "items.jsonl", [{"id": "x1", "hash": "h1"}])
    read_a = write(tmp_path / "a.jsonl", [{"id": "x1", "leadership_failure": True}])
    read_b = write(tmp_path / "b.jsonl", [{"id": "x1", "leadership_failure": False}])
    standoff = write(tmp_path / "standoff.jsonl", rows)
    assert run(items, read_a, read_b, "--theme", "leadership_failure", "--round", "t", "--out", standoff).returncode == 0
    assert labels_by_hash(standoff)["h1"] == ["leadership_failure"]  # stored yes + one yes of two
    base = write(tmp_path / "base.jsonl", [{"report": "a.pdf", "index": 1, "hash": "h1", "labels": []}])
    assert run(items, read_a, read_b, "--theme", "leadership_failure", "--base", base, "--round", "t",
               "--out", standoff).returncode == 0
    assert labels_by_hash(standoff)["h1"] == []  # the earlier copy's "no" is the third vote


def test_a_reading_of_an_unknown_theme_or_id_is_refused(tmp_path):
    standoff = write(tmp_path / "standoff.jsonl", [{"report": "a.pdf", "index": 1, "hash": "h1", "labels": []}])
    items = write(tmp_path / "items.jsonl", [{"id": "x1", "hash": "h1"}])
    bad = write(tmp_path / "a.jsonl", [{"id": "x9", "leadership_failure": True}])
    done = run(items, bad, "--theme", "leadership_failure", "--round", "t", "--out", standoff)
    assert done.returncode != 0 and "unexpected line" in done.stderr
    done = run(items, bad, "--theme", "no_such_theme", "--round", "t", "--out", standoff)
    assert done.returncode != 0 and "unknown theme" in done.stderr
    assert labels_by_hash(standoff)["h1"] == []
