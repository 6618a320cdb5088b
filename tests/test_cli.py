import csv
import io
import json

import numpy as np
import pytest
from click.testing import CliRunner

from themeclf.cli import cli


@pytest.fixture()
def run():
    def _run(*args, input=None):
        return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)
    return _run


def _text(tmp_path, body, name="doc.txt"):
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


DOC = ("Caseloads in the assessment team are too high for workers to visit children as often as plans require.\n\n"
       "Children in the east hub told inspectors they enjoy their activities and clubs.\n\n"
       "Most social workers in the court team are agency staff on short contracts.\n")


def test_help_lists_commands_and_each_has_an_example(run):
    out = run("--help").output
    for cmd in ("tag", "train", "evaluate", "validate", "themes", "explain"):
        assert cmd in out
        assert "Example" in run(cmd, "--help").output


def test_themes_lists_the_codebook(run):
    res = run("themes")
    assert res.exit_code == 0
    assert res.output.splitlines()[0].startswith("excessive_caseloads")
    assert len(json.loads(run("themes", "--json").output)) == 14


def test_themes_of_a_model_marks_never_predicted(run, trained):
    res = run("themes", "--model", trained[1])
    assert "exploitation_risk" in res.output and "(never predicted by this model)" in res.output


def test_validate_ok_and_summary(run, data_file):
    res = run("validate", data_file)
    assert res.exit_code == 0
    assert "152 valid records, 0 errors" in res.output
    assert "warning: data: theme exploitation_risk has only 0 positive paragraphs" in res.output


def test_validate_errors_exit_1_with_line_numbers(run, tmp_path):
    p = _text(tmp_path, '{"text": "ok", "labels": []}\n{"text": "x", "labels": ["nope"]}\n', "bad.jsonl")
    res = run("validate", p)
    assert res.exit_code == 1
    assert f"error: {p}:2: unknown theme id: nope" in res.output


def test_validate_reads_stdin(run):
    res = run("validate", "-", input='{"text": "Plans drift.", "labels": ["drift_and_delay"]}\n')
    assert res.exit_code == 0 and "1 valid record," in res.output


def test_train_writes_model_and_manifest(run, data_file, tmp_path):
    out = tmp_path / "m.joblib"
    res = run("train", data_file, "-o", out, "--no-chars")
    assert res.exit_code == 0, res.output
    assert out.exists() and out.with_suffix(".json").exists()
    assert "never predicted" in res.output
    assert "micro F1" in res.output
    manifest = json.loads(out.with_suffix(".json").read_text())
    assert manifest["training_data_sha256"] and manifest["records"] == 152


def test_train_options_reach_the_model_settings(run, data_file, tmp_path):
    out = tmp_path / "m.joblib"
    assert run("train", data_file, "-o", out, "--stacking", "--no-nb", "-C", "4").exit_code == 0
    settings = json.loads(out.with_suffix(".json").read_text())["settings"]
    assert settings["stacking"] is True and settings["nb_beta"] is None and settings["C"] == 4.0
    res = run("tag", "-", "--model", out, "-f", "jsonl",
              input="Most social workers in the court team are agency staff on short contracts.\n")
    assert json.loads(res.output)["labels"] == ["agency_reliance"]


def test_train_gate_options_reach_the_model(run, data_file, tmp_path):
    for args, gate, power in ((["--no-gate"], False, 0.5), (["--gate-power", "1"], True, 1.0), ([], True, 0.5)):
        out = tmp_path / f"m{len(args)}{gate}.joblib"
        assert run("train", data_file, "-o", out, *args).exit_code == 0
        manifest = json.loads(out.with_suffix(".json").read_text())
        assert manifest["gate"] is gate and manifest["settings"]["gate_power"] == power
    res = CliRunner().invoke(cli, ["train", str(data_file), "-o", str(tmp_path / "x.joblib"), "--gate-power", "0"])
    assert res.exit_code == 2 and "--gate-power" in res.output


def test_train_on_bad_data_is_one_line_error(run, tmp_path):
    p = _text(tmp_path, "{broken\n", "bad.jsonl")
    res = run("train", p, "-o", tmp_path / "m.joblib")
    assert res.exit_code == 1
    assert res.output.strip().startswith("Error: ") and "Traceback" not in res.output
    assert not (tmp_path / "m.joblib").exists()


def test_tag_jsonl_output_has_provenance_and_scores(run, trained, tmp_path):
    res = run("tag", _text(tmp_path, DOC), "--model", trained[1], "-f", "jsonl")
    assert res.exit_code == 0
    rows = [json.loads(l) for l in res.output.splitlines()]
    assert [r["index"] for r in rows] == [0, 1, 2]
    assert "excessive_caseloads" in rows[0]["labels"]
    assert rows[1]["labels"] == []
    assert rows[2]["labels"] == ["agency_reliance"]
    assert len(rows[0]["scores"]) == 14 and rows[0]["source"].endswith("doc.txt")


def test_tag_table_shows_only_flagged(run, trained, tmp_path):
    res = run("tag", _text(tmp_path, DOC), "--model", trained[1], "-f", "table")
    assert "2 of 3 paragraphs flagged" in res.output
    assert "agency_reliance" in res.output and "enjoy their activities" not in res.output


def test_tag_csv_has_a_row_per_paragraph(run, trained, tmp_path):
    res = run("tag", _text(tmp_path, DOC), "--model", trained[1], "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert len(rows) == 3 and rows[2]["labels"] == "agency_reliance"
    assert float(rows[2]["score_agency_reliance"]) > 0.5


def test_tag_records_keep_ids_and_pass_through_keys(run, trained, tmp_path):
    recs = [{"id": "a1", "text": "Most social workers in the court team are agency staff.", "council": "X"},
            {"id": 7, "text": "Children enjoy their clubs."}]
    p = _text(tmp_path, "".join(json.dumps(r) + "\n" for r in recs), "in.jsonl")
    rows = [json.loads(l) for l in run("tag", p, "--model", trained[1], "-f", "jsonl").output.splitlines()]
    assert [r["id"] for r in rows] == ["a1", 7]
    assert rows[0]["council"] == "X" and rows[0]["labels"] == ["agency_reliance"]
    assert set(rows[0]) == {"id", "council", "labels", "scores"} and len(rows[1]["scores"]) == 14


def test_tag_stdin_records_with_input_format(run, trained):
    res = run("tag", "-", "--input-format", "jsonl", "--model", trained[1], "-f", "jsonl",
              input='{"id": 1, "text": "Supervision is infrequent and managers rarely challenge drift."}\n')
    assert json.loads(res.output)["labels"] == ["weak_oversight"]


def test_tag_stdin_text(run, trained):
    res = run("tag", "-", "--model", trained[1], "-f", "jsonl", input=DOC)
    assert len(res.output.splitlines()) == 3


def test_tag_batch_goes_on_past_a_bad_file(run, trained, tmp_path):
    good = _text(tmp_path, DOC)
    empty = _text(tmp_path, "", "empty.txt")
    res = CliRunner().invoke(cli, ["tag", str(good), str(empty), str(tmp_path / "missing.pdf"),
                                   "--model", str(trained[1]), "-f", "jsonl", "-j", "1"])
    assert res.exit_code == 1
    assert len([l for l in res.stdout.splitlines() if l.startswith("{")]) == 3
    assert f"Error: {empty}: the file is empty" in res.stderr
    assert "missing.pdf: no such file or directory" in res.stderr
    assert "2 inputs could not be read" in res.stderr


def test_tag_in_parallel_workers_matches_one_process(run, trained, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(4):
        _text(folder, DOC.replace("east hub", f"hub {i}"), f"doc{i}.txt")
    _text(folder, "", "empty.txt")
    outs = {}
    for jobs in ("1", "2"):
        res = CliRunner().invoke(cli, ["tag", str(folder), "--model", str(trained[1]), "-f", "jsonl",
                                       "--explain", "-j", jobs])
        assert res.exit_code == 1 and "empty.txt: the file is empty" in res.stderr
        outs[jobs] = [json.loads(l) for l in res.stdout.splitlines()]
    assert outs["1"] == outs["2"]
    assert [r["source"].rsplit("/", 1)[1] for r in outs["2"][::3]] == [f"doc{i}.txt" for i in range(4)]
    assert "hub 2" in outs["2"][7]["text"] and outs["2"][8]["evidence"]["agency_reliance"]["terms"]


def test_tag_csv_from_parallel_workers_has_one_header_and_every_document(run, trained, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(3):
        _text(folder, DOC.replace("east hub", f"hub {i}"), f"doc{i}.txt")
    outs = {}
    for jobs in ("1", "2"):
        res = CliRunner().invoke(cli, ["tag", str(folder), "--model", str(trained[1]), "-f", "csv", "-j", jobs])
        assert res.exit_code == 0, res.stderr
        outs[jobs] = list(csv.reader(io.StringIO(res.stdout)))
    assert outs["1"] == outs["2"]
    rows = outs["2"]
    assert rows[0][:5] == ["source", "page", "index", "section", "labels"] and rows.count(rows[0]) == 1
    assert [r[0].rsplit("/", 1)[1] for r in rows[1::3]] == [f"doc{i}.txt" for i in range(3)]


def test_tag_output_file_is_written(run, trained, tmp_path):
    out = tmp_path / "o.csv"
    res = run("tag", _text(tmp_path, DOC), "--model", trained[1], "-f", "csv", "-o", out)
    assert res.exit_code == 0 and out.read_text().startswith("source,page,index")


def test_tag_with_missing_model_is_one_line_error(run, tmp_path):
    res = CliRunner().invoke(cli, ["tag", str(_text(tmp_path, DOC)), "--model", str(tmp_path / "nope.joblib")])
    assert res.exit_code == 1 and res.stderr.strip() == f"Error: {tmp_path / 'nope.joblib'}: no such model file"


def test_tag_explain_shows_evidence(run, trained, tmp_path):
    res = run("tag", _text(tmp_path, DOC), "--model", trained[1], "-f", "jsonl", "--explain")
    row = json.loads(res.output.splitlines()[2])
    ev = row["evidence"]["agency_reliance"]
    assert any("agency" in term for term, _ in ev["terms"])
    assert "agency staff" in ev["sentence"]


def test_unknown_format_is_usage_error(run, tmp_path):
    res = CliRunner().invoke(cli, ["tag", "x.txt", "-f", "xml"])
    assert res.exit_code == 2


def test_evaluate_prints_model_beside_baselines(run, data_file):
    res = run("evaluate", data_file, "--folds", "3", "--no-chars")
    assert res.exit_code == 0, res.output
    assert "3-fold grouped CV: 152 paragraphs, 8 documents" in res.output
    assert "keywords" in res.output and "all-negative" in res.output and "micro F1" in res.output
    assert "reliability of scores" in res.output and "0.9-1.0" in res.output


def test_evaluate_json_and_test_file(run, data_file, tmp_path):
    test = _text(tmp_path, json.dumps({"text": "Most workers in the new team are agency staff.",
                                       "labels": ["agency_reliance"]}) + "\n", "t.jsonl")
    res = run("evaluate", data_file, "--test", test, "--json", "--no-chars")
    d = json.loads(res.output)
    assert d["model"]["per_theme"]["agency_reliance"]["support"] == 1
    assert d["model"]["per_theme"]["agency_reliance"]["recall"] == 1.0
    assert d["prior"]["micro_f1"] == 0.0


def test_explain_command(run, trained):
    res = run("explain", "Caseloads in the court team are too high and children wait too long.", "--model", trained[1])
    assert res.exit_code == 0
    assert "excessive_caseloads" in res.output and "caseloads" in res.output


def test_evaluate_report_and_learning_curve(run, data_file, tmp_path):
    out = tmp_path / "report.html"
    res = run("evaluate", data_file, "--folds", "3", "--report", out, "--learning-curve")
    assert res.exit_code == 0, res.output
    html = out.read_text()
    for part in ("Per theme", "Precision-recall curves", "<svg", "Reliability of scores", "Themes mixed up",
                 "Worst errors per theme", "Learning curve", "data sha256"):
        assert part in html
    assert "learning curve" in res.output and " 25% (" in res.output


def test_explanations_give_the_two_readings_of_a_gated_score(trained, run):
    from themeclf.explanation import explain

    text = "Caseloads are too high and supervision is rare."
    ev = explain(trained[0], text, ["excessive_caseloads", "agency_reliance"])
    gate = trained[0].gate
    for tid, theme in ev.items():
        want = gate.score(tid, np.array([theme["theme_if_weakness"]]), np.array([theme["weakness"]]))[0]
        assert theme["score"] == pytest.approx(want, abs=2e-3)
    assert ev["excessive_caseloads"]["theme_if_weakness"] > ev["agency_reliance"]["theme_if_weakness"]
    out = run("explain", text, "--model", str(trained[1])).output
    assert "reads as a weakness" in out and "as this theme if so" in out
