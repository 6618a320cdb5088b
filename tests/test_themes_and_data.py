import json

import pytest

from themeclf.data import data_hash, load_records, resolve_standoff, standoff_record, validate
from themeclf.errors import DataError
from themeclf.themes import load_themes, parse_themes

IDS = {t.id for t in load_themes()}


def test_default_schema_is_the_codebooks_fourteen_themes():
    themes = load_themes()
    assert len(themes) == 14
    assert themes[0].id == "excessive_caseloads"
    assert {"agency_reliance", "poor_recording_systems", "child_voice_missing"} <= IDS


def test_schema_from_json_and_toml():
    assert [t.id for t in parse_themes('[{"id": "a", "name": "A"}, {"id": "b"}]')] == ["a", "b"]
    assert parse_themes('[[theme]]\nid = "x"\nname = "X"\n')[0].name == "X"


@pytest.mark.parametrize("text, message", [
    ('[{"id": "a"}, {"id": "a"}]', "appears twice"),
    ('[{"id": "Bad Id"}]', "lower case"),
    ("[[theme]]\nname = 'no id'\n", "has no id"),
    ("not = [valid", "not a valid theme schema"),
])
def test_bad_schemas_are_refused(text, message):
    with pytest.raises(DataError, match=message):
        parse_themes(text, "s.toml")


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_validate_reports_errors_with_file_and_line(tmp_path):
    path = _write(tmp_path, "d.jsonl", "\n".join([
        json.dumps({"text": "Caseloads are too high.", "labels": ["excessive_caseloads"]}),
        "{not json",
        json.dumps({"text": "  ", "labels": []}),
        json.dumps({"text": "Some text.", "labels": ["no_such_theme"]}),
        json.dumps({"text": "caseloads are TOO high", "labels": []}),
    ]) + "\n")
    result = validate([path], IDS)
    got = [(i.where.rsplit(":", 1)[1], i.message) for i in result.errors]
    assert got[0] == ("2", "invalid JSON (Expecting property name enclosed in double quotes)")
    assert got[1] == ("3", "empty or missing text")
    assert got[2] == ("4", "unknown theme id: no_such_theme")
    assert got[3][0] == "5" and "different labels" in got[3][1] and ":1" in got[3][1]
    assert len(result.records) == 1


def test_csv_records_with_semicolon_labels(tmp_path):
    path = _write(tmp_path, "d.csv", 'text,labels,doc_id\n"Plans drift, and visits are late.",drift_and_delay;weak_oversight,r1\n'
                                     "Nothing of note.,,r2\n")
    recs = load_records([path], IDS)
    assert recs[0].labels == ["drift_and_delay", "weak_oversight"] and recs[0].doc_id == "r1"
    assert recs[1].labels == [] and recs[1].where.endswith(":3")


def test_csv_without_text_column_is_an_error(tmp_path):
    path = _write(tmp_path, "d.csv", "body,labels\nx,y\n")
    with pytest.raises(DataError, match="'text' column"):
        load_records([path], IDS)


def test_rare_themes_are_warnings_not_errors(tmp_path):
    path = _write(tmp_path, "d.jsonl", json.dumps({"text": "Agency staff run the team.", "labels": ["agency_reliance"]}) + "\n")
    result = validate([path], IDS)
    assert not result.errors
    assert any("agency_reliance has only 1 positive paragraph " in str(w) for w in result.warnings)


def test_missing_file_is_a_data_error():
    with pytest.raises(DataError, match="no such file"):
        load_records(["/nonexistent/x.jsonl"], IDS)


def test_data_hash_ignores_order_but_not_labels(records, tmp_path):
    path = _write(tmp_path, "d.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    recs = load_records([path], IDS)
    assert data_hash(recs) == data_hash(list(reversed(recs)))
    recs[0].labels = ["agency_reliance"] if recs[0].labels != ["agency_reliance"] else []
    assert data_hash(recs) != data_hash(list(reversed(load_records([path], IDS))))


def test_standoff_records_resolve_through_the_reader(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "c").mkdir(parents=True)
    (corpus / "c" / "r.txt").write_text("First paragraph about caseloads.\n\nSecond paragraph, too long a wait.\n")
    rec = standoff_record("c/r.txt", 1, "Second paragraph, too long a wait.", ["drift_and_delay"])
    gone = standoff_record("c/r.txt", 5, "A paragraph that is not there.", [])
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps(rec) + "\n" + json.dumps(gone) + "\n")
    res = resolve_standoff(path, corpus)
    assert [r.text for r in res.records] == ["Second paragraph, too long a wait."]
    assert res.records[0].labels == ["drift_and_delay"]
    assert len(res.unresolved) == 1 and "no longer found" in res.unresolved[0].message
    assert "text" not in rec


@pytest.mark.parametrize("raw, cleaned", [
    ("Workers\u2019 caseloads \u2013 \u201chigh\u201d", "Workers' caseloads - \"high\""),
    ("a\u00a0b\u2009c  d", "a b c d"),
    ("16\u2033 and \ufb01les", "16'' and files"),       # double prime and ligature need NFKC
    ("plain ascii text", "plain ascii text"),
])
def test_clean_normalises_quotes_spaces_and_compatibility_forms(raw, cleaned):
    from themeclf.textnorm import clean

    assert clean(raw) == cleaned


def test_key_is_the_same_for_ascii_and_typographic_spellings():
    from themeclf.textnorm import key

    assert key("Children\u2019s plans \u2013 late!") == key("Children's plans - late") == "children s plans late"
    assert key("ab\x02cd") == key("abcd")
