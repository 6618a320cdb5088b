"""Tokens and hashes found in numpy are those of the analyzer's regex, in every process."""

import re
import subprocess
import sys

import numpy as np
import pytest

from themeclf import spans

REGEX = re.compile(r"\w\w+|[.;!?,:()]")
TEXTS = [
    "caseloads are too high; visits (some) are late. drift!",
    "",
    "a b c d e: x.",
    "line one\nline two, with a_name and 16- and 17-year-olds' plans",
    "caf\u00e9 na\u00efve stra\u00dfe \u043f\u043b\u0430\u043d \u25fc \u00a3200",
    "...;;,,",
    "word",
]


def regex_tokens(texts):
    toks, rows = [], []
    for i, t in enumerate(texts):
        found = REGEX.findall(t) + ["."]
        toks += found
        rows += [i] * len(found)
    return toks, rows


@pytest.mark.parametrize("texts", [TEXTS, TEXTS[:1], [""], [], TEXTS + ["astral \U0001f600 plan, late."]])
def test_numpy_tokens_are_the_regex_tokens(texts):
    hashes, stop, rows = spans.tokens(texts)
    toks, want_rows = regex_tokens(texts)
    np.testing.assert_array_equal(hashes, spans.string_hashes(toks))
    np.testing.assert_array_equal(rows, want_rows)
    assert stop.tolist() == [t in ".;!?,:()" for t in toks]


def test_hashes_tell_strings_apart_and_do_not_depend_on_the_process():
    words = ["plan", "plans", "nalp", "pla", "", "a", "\u00e9t\u00e9", "x" * 500]
    h = spans.string_hashes(words)
    assert len(set(h.tolist())) == len(words)
    code = "from themeclf.spans import string_hashes; print(string_hashes(%r).tolist())" % words
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code], env={"PYTHONHASHSEED": seed}, capture_output=True,
                             text=True, check=True).stdout
        assert out.strip() == str(h.tolist())


def test_long_texts_are_hashed_in_blocks_to_the_same_hashes():
    text = " ".join(f"word{i % 997} plan, late." for i in range(3000))
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    found = [(m.start(), m.end()) for m in REGEX.finditer(text)]
    starts, ends = (np.array(x, dtype=np.int64) for x in zip(*found))
    whole = spans.span_hashes(points, starts, ends)
    np.testing.assert_array_equal(spans.span_hashes(points, starts, ends, block=100), whole)
    np.testing.assert_array_equal(spans.span_hashes(points, starts, ends, block=3), whole)  # spans longer than a block
