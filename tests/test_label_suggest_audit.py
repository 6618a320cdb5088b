import json

from click.testing import CliRunner

from themeclf.cli import cli
from themeclf.labelling import Session

ITEMS = [{"id": "p1", "text": "Caseloads in the south team are too high."},
         {"id": "p2", "text": "Children enjoy their clubs."},
         {"id": "p3", "text": "Most workers in the south team are agency staff."}]


def _items(tmp_path):
    p = tmp_path / "todo.jsonl"
    p.write_text("".join(json.dumps(i) + "\n" for i in ITEMS))
    return p


def _labels(path):
    return [json.loads(l) for l in path.read_text().splitlines()]


def test_label_loop_driven_by_keystrokes(tmp_path, trained):
    out = tmp_path / "out.jsonl"
    # p1: toggle key 1 (excessive_caseloads) and save; p2: skip; p3: toggle 4 (agency_reliance), toggle 1 on and off, save.
    res = CliRunner().invoke(cli, ["label", str(_items(tmp_path)), "-o", str(out), "--model", str(trained[1])],
                             input="1\rs411\r")
    assert res.exit_code == 0, res.output
    got = _labels(out)
    assert [(r["id"], r["labels"], r.get("skipped", False)) for r in got] == [
        ("p1", ["excessive_caseloads"], False), ("p2", [], True), ("p3", ["agency_reliance"], False)]
    assert "All 3 paragraphs done" in res.output
    assert "scores" not in got[0]


def test_quit_and_resume_loses_nothing(tmp_path):
    out = tmp_path / "out.jsonl"
    todo = _items(tmp_path)
    res = CliRunner().invoke(cli, ["label", str(todo), "-o", str(out), "--no-model"], input="1\rq")
    assert "Saved 1 decisions" in res.output
    res = CliRunner().invoke(cli, ["label", str(todo), "-o", str(out), "--no-model"], input="\r\r")
    assert [r["id"] for r in _labels(out)] == ["p1", "p2", "p3"]
    assert "[2/3]" in res.output


def test_undo_takes_back_the_last_decision(tmp_path):
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(cli, ["label", str(_items(tmp_path)), "-o", str(out), "--no-model"],
                             input="1\ru2\r\r\r")
    assert res.exit_code == 0
    got = _labels(out)
    assert [(r["id"], r["labels"]) for r in got] == [("p1", ["weak_oversight"]), ("p2", []), ("p3", [])]


def test_a_line_cut_by_a_crash_is_dropped_on_resume(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"id": "p1", "text": "x", "labels": []}) + "\n" + '{"id": "p2", "te')
    s = Session.open(ITEMS, out)
    assert [i["id"] for i in s.remaining()] == ["p2", "p3"]
    assert out.read_text().count("\n") == 1


def test_suggest_writes_jsonl_ready_for_labelling(tmp_path, trained):
    doc = tmp_path / "r.txt"
    doc.write_text("\n\n".join([
        "Caseloads in the west team are too high for workers to visit children as often as plans require.",
        "Workers in the west team are stretched and some agency staff cover posts while children wait.",
        "The annual report on the west team was published in spring and discussed by councillors.",
        "Supervision in the west team happens but managers seldom reflect on drift in children's plans.",
    ]))
    res = CliRunner().invoke(cli, ["suggest", str(doc), "--model", str(trained[1]), "-n", "2"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(l) for l in res.stdout.splitlines()]
    assert len(rows) == 2
    assert all({"text", "doc_id", "source", "index", "scores", "uncertain_about"} <= set(r) for r in rows)
    assert len({r["text"] for r in rows}) == 2


def test_audit_ranks_a_planted_label_error(tmp_path, records):
    bad = [dict(r) for r in records]
    target = next(r for r in bad if r["labels"] == ["agency_reliance"])
    target["labels"] = []  # a reading error planted on purpose
    p = tmp_path / "d.jsonl"
    p.write_text("".join(json.dumps(r) + "\n" for r in bad))
    res = CliRunner().invoke(cli, ["audit", str(p), "--no-chars", "--folds", "3", "-n", "5", "--json"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(l) for l in res.output.splitlines()]
    assert any(r["text"] == target["text"] and r["theme"] == "agency_reliance" and not r["labelled"] for r in rows)


def test_majority_of_readings_settles_each_theme():
    from themeclf.labelling import majority_labels

    stored, first, second = ["drift_and_delay", "weak_oversight"], ["drift_and_delay"], ["drift_and_delay", "weak_risk_assessment"]
    assert majority_labels([stored, first, second]) == ["drift_and_delay"]  # two of three, per theme
    assert majority_labels([[], ["exploitation_risk"], ["exploitation_risk"]]) == ["exploitation_risk"]
    assert majority_labels([["agency_reliance"], []]) == []  # a tie of two is not a majority


def test_tied_themes_are_those_half_the_readings_tick():
    from themeclf.labelling import tied_themes

    first, second = ["drift_and_delay", "weak_oversight"], ["weak_oversight", "agency_reliance", "agency_reliance"]
    assert tied_themes([first, second]) == ["agency_reliance", "drift_and_delay"]  # a repeated tick counts once
    assert tied_themes([first, first]) == []
    assert tied_themes([first, second, ["drift_and_delay"]]) == []  # three readings never tie
