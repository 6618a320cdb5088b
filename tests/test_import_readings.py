"""scripts/import_readings.py turns readings into stand-off records, settling several by majority."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from themeclf.textnorm import text_hash

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "import_readings.py"
TEXTS = {
    "p1": "Caseloads in the assessment team are too high for social workers to visit children often enough.",
    "p2": "The council has 48,000 children living in the area, and 12% of them live in poverty.",
    "p3": "Managers do not check plans, and visits to children are often late.",
}


def write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def batch(tmp_path: Path) -> Path:
    return write(tmp_path / "batch.jsonl", [
        {"id": pid, "report": "a.pdf", "index": n, "page": 1, "section": None, "text": text, "why": "unread"}
        for n, (pid, text) in enumerate(TEXTS.items())
    ])


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True)


def stored(path: Path) -> dict[str, dict]:
    by_hash = {text_hash(t): pid for pid, t in TEXTS.items()}
    return {by_hash[o["hash"]]: o for o in map(json.loads, path.read_text().splitlines())}


def test_one_reading_is_stored_stand_off_without_the_text(tmp_path):
    reader = write(tmp_path / "out_1.jsonl", [{"id": "p1", "labels": ["excessive_caseloads"]}, {"id": "p2", "labels": []}])
    out = tmp_path / "standoff.jsonl"
    done = run(f"{batch(tmp_path)}:{reader}", "--out", out)
    assert done.returncode == 0, done.stderr
    got = stored(out)
    assert set(got) == {"p1", "p2"}  # p3 was not read, so it is not stored
    assert got["p1"]["labels"] == ["excessive_caseloads"] and got["p1"]["reading"] == "out_1"
    assert got["p1"]["sampled"] == "unread" and "text" not in got["p1"]


def test_two_readings_agreeing_are_stored_and_a_split_is_held_back(tmp_path):
    a = write(tmp_path / "read_A.jsonl", [{"id": "p1", "labels": ["excessive_caseloads"]}, {"id": "p2", "labels": []},
                                         {"id": "p3", "labels": ["drift_and_delay", "weak_oversight"]}])
    b = write(tmp_path / "read_B.jsonl", [{"id": "p1", "labels": ["excessive_caseloads"]}, {"id": "p2", "labels": []},
                                         {"id": "p3", "labels": ["weak_oversight"]}])
    out, ties = tmp_path / "standoff.jsonl", tmp_path / "ties.jsonl"
    done = run(f"{batch(tmp_path)}:{a},{b}", "--out", out, "--ties", ties)
    assert done.returncode == 0, done.stderr
    assert set(stored(out)) == {"p1", "p2"}
    assert stored(out)["p1"]["reading"] == "read_A+read_B"
    assert [json.loads(line)["id"] for line in ties.read_text().splitlines()] == ["p3"]
    assert "agree at micro F1" in done.stderr


def test_a_third_reading_of_the_ties_settles_them_by_majority(tmp_path):
    a = write(tmp_path / "read_A.jsonl", [{"id": "p3", "labels": ["drift_and_delay", "weak_oversight"]}])
    b = write(tmp_path / "read_B.jsonl", [{"id": "p3", "labels": ["weak_oversight"]}])
    c = write(tmp_path / "read_C.jsonl", [{"id": "p3", "labels": ["drift_and_delay", "weak_oversight"]}])
    out = tmp_path / "standoff.jsonl"
    done = run(f"{batch(tmp_path)}:{a},{b},{c}", "--out", out, "--reading", "round 10")
    assert done.returncode == 0, done.stderr
    assert stored(out)["p3"]["labels"] == ["drift_and_delay", "weak_oversight"]
    assert stored(out)["p3"]["reading"] == "round 10"


def test_append_keeps_earlier_records_and_their_first_reading(tmp_path):
    out = tmp_path / "standoff.jsonl"
    first = write(tmp_path / "out_1.jsonl", [{"id": "p1", "labels": ["excessive_caseloads"]}])
    assert run(f"{batch(tmp_path)}:{first}", "--out", out).returncode == 0
    again = write(tmp_path / "out_2.jsonl", [{"id": "p1", "labels": []}, {"id": "p2", "labels": []}])
    assert run("--append", f"{batch(tmp_path)}:{again}", "--out", out).returncode == 0
    got = stored(out)
    assert got["p1"]["labels"] == ["excessive_caseloads"] and got["p2"]["reading"] == "out_2"


def test_an_existing_file_is_not_rewritten_without_append_or_replace(tmp_path):
    out = write(tmp_path / "standoff.jsonl", [{"report": "b.pdf", "index": 0, "hash": "h0", "labels": []}])
    reader = write(tmp_path / "out_1.jsonl", [{"id": "p1", "labels": []}])
    done = run(f"{batch(tmp_path)}:{reader}", "--out", out)
    assert done.returncode == 1 and "--append" in done.stderr
    assert len(out.read_text().splitlines()) == 1
    assert run(f"{batch(tmp_path)}:{reader}", "--out", out, "--replace").returncode == 0
    assert set(stored(out)) == {"p1"}


def test_unknown_themes_and_ids_are_skipped_and_said(tmp_path):
    reader = write(tmp_path / "out_1.jsonl", [{"id": "p1", "labels": ["made_up_theme"]}, {"id": "zz", "labels": []},
                                              {"id": "p2", "labels": []}])
    out = tmp_path / "standoff.jsonl"
    done = run(f"{batch(tmp_path)}:{reader}", "--out", out)
    assert done.returncode == 0
    assert set(stored(out)) == {"p2"}
    assert done.stderr.count("skipping") == 2
