"""evaluate's breakdown by a field of the records (genre, source, ...)."""

import json

import numpy as np
import pytest
from click.testing import CliRunner

from themeclf.cli import cli
from themeclf.data import Record
from themeclf.errors import DataError
from themeclf.evaluation import breakdown, field_values


@pytest.fixture
def run():
    return lambda *args: CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_breakdown_scores_each_value_apart_commonest_first():
    records = [Record("a", ["x"], extra={"genre": "news"}), Record("b", ["y"], extra={"genre": "news"}),
               Record("c", ["x"], extra={"genre": "report"}), Record("d", [], doc_id="d1")]
    Y = np.array([[1, 0], [0, 1], [1, 0], [0, 0]])
    P = np.array([[1, 0], [0, 0], [1, 0], [0, 1]])
    rows = breakdown(records, Y, P, ["x", "y"], "genre")
    assert [(r["value"], r["records"], r["positives"]) for r in rows] == [("news", 2, 2), ("(none)", 1, 0), ("report", 1, 1)]
    assert rows[0]["micro_f1"] == pytest.approx(2 / 3, abs=1e-4)  # one of two themes found, nothing wrong flagged
    assert rows[1]["micro_f1"] == 0.0 and rows[2]["micro_f1"] == 1.0
    assert field_values(records, "doc_id") == ["(none)", "(none)", "(none)", "d1"]


def test_a_field_no_record_has_is_refused():
    with pytest.raises(DataError, match="no record has a field 'genre'"):
        field_values([Record("a", [])], "genre")


def test_evaluate_by_a_field_of_the_input_lines(run, records, tmp_path):
    path = tmp_path / "labels.jsonl"
    rows = [{**r, "genre": "news" if r["doc_id"] in ("doc0", "doc1") else "report"} for r in records]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    res = run("evaluate", path, "--folds", "3", "--by", "genre", "--json")
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert d["by"] == "genre" and [r["value"] for r in d["breakdown"]] == ["report", "news"]
    assert sum(r["records"] for r in d["breakdown"]) == d["records"] == len(records)
    text = run("evaluate", path, "--folds", "3", "--by", "genre", "--report", tmp_path / "r.html")
    assert "<h2>By genre</h2>" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "by genre (paragraphs, theme labels: micro F1 / macro F1):" in text.output
    assert "  news    " in text.output and "  report  " in text.output


def test_evaluate_by_an_unknown_field_is_a_one_line_error(run, data_file):
    res = run("evaluate", data_file, "--by", "genre")
    assert res.exit_code == 1
    assert res.stderr.strip() == "Error: no record has a field 'genre' to break the scores down by"
