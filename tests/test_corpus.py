"""Checks over the real report corpus in ../shared (skipped where it is absent)."""

import json
import re
from pathlib import Path

import pytest

from conftest import SHARED, needs_shared
from themeclf.errors import ReadError
from themeclf.reading import read_many

pytestmark = needs_shared()
ROOT = Path(__file__).resolve().parent.parent
HTML_AS_PDF = {"80431_blackpool", "80490_bromley", "80543_rotherham"}


@pytest.fixture(scope="module")
def corpus():
    files = sorted(str(p) for p in (SHARED / "reports").glob("*/*.pdf"))
    return dict(read_many(files, jobs=2))


def test_every_report_reads_or_fails_with_a_clear_reason(corpus):
    assert len(corpus) == 326
    failed = {p: r for p, r in corpus.items() if isinstance(r, ReadError)}
    assert {Path(p).parent.name for p in failed} == HTML_AS_PDF
    assert all("a web page saved with a .pdf name" in str(r) for r in failed.values())


def test_paragraph_counts_are_sane(corpus):
    for path, doc in corpus.items():
        if isinstance(doc, ReadError):
            continue
        assert 15 <= len(doc.paragraphs) <= 400, (path, len(doc.paragraphs))


def test_no_running_headers_or_page_numbers_inside_paragraphs(corpus):
    bad = []
    for path, doc in corpus.items():
        if isinstance(doc, ReadError):
            continue
        for p in doc.paragraphs:
            if re.fullmatch(r"(page )?\d{1,3}( of \d+)?", p.text.lower()) or "Ofsted has published this report" in p.text:
                bad.append((path, p.text[:80]))
    assert not bad, bad[:5]


def test_paragraphs_are_not_broken_at_page_ends(corpus):
    """A paragraph that opens a page mid-sentence, after one that stopped mid-sentence, was broken."""
    broken = []
    total = 0
    for path, doc in corpus.items():
        if isinstance(doc, ReadError):
            continue
        for prev, p in zip(doc.paragraphs, doc.paragraphs[1:]):
            total += 1
            if p.page != prev.page and p.text[:1].islower() and not prev.text.endswith((".", ":", ";", "?", "!")):
                broken.append((path, prev.text[-40:], p.text[:40]))
    assert len(broken) <= total * 0.002, broken[:5]


_resolved: dict = {}


def _resolve(name: str):
    """Stand-off records of labels/NAME with their text, read once per test run."""
    from themeclf.data import resolve_standoff

    if name not in _resolved:
        _resolved[name] = resolve_standoff(ROOT / "labels" / name, SHARED / "reports")
    return _resolved[name]


@pytest.mark.parametrize("name, at_least", [("standoff.jsonl", 3000), ("second_pass.jsonl", 200)])
def test_every_standoff_label_still_resolves(name, at_least):
    res = _resolve(name)
    assert not res.unresolved, [str(u) for u in res.unresolved[:5]]
    assert len(res.records) >= at_least


def test_no_dev_gold_paragraph_is_in_the_training_labels():
    from themeclf.textnorm import key

    gold = {key(json.loads(l)["text"]) for l in (SHARED / "dev_gold.jsonl").read_text().splitlines()}
    res = _resolve("standoff.jsonl")
    own = [json.loads(l)["text"] for l in (ROOT / "labels" / "own.jsonl").read_text().splitlines()]
    assert not [r.text for r in res.records if key(r.text) in gold]
    assert not [t for t in own if key(t) in gold]


def test_the_same_paragraph_carries_the_same_labels_everywhere():
    """Councils that share a safeguarding board print the same paragraphs: one reading each."""
    from themeclf.textnorm import key

    seen: dict[str, list[str]] = {}
    own = [json.loads(l) for l in (ROOT / "labels" / "own.jsonl").read_text().splitlines() if l.strip()]
    conflicts = []
    for text, labels in [(r.text, r.labels) for r in _resolve("standoff.jsonl").records] + \
            [(o["text"], sorted(o["labels"])) for o in own]:
        first = seen.setdefault(key(text), labels)
        if first != labels:
            conflicts.append((text[:60], first, labels))
    assert not conflicts, conflicts[:5]
