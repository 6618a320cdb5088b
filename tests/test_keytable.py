"""The numpy hash table that looks terms up, and the analyzer's numeric keys that feed it."""

from collections import Counter

import numpy as np
import pytest

from themeclf.analyzer import Analyzer
from themeclf.keytable import KeyTable
from themeclf.scoring import hashed_terms, term_counts


def test_keytable_finds_every_key_and_nothing_else():
    rng = np.random.default_rng(1)
    keys = rng.integers(-2**63, 2**63 - 1, size=5000, dtype=np.int64)
    table = KeyTable(keys, np.arange(5000))
    assert len(table) == 5000
    np.testing.assert_array_equal(table.find(keys), np.arange(5000))
    others = rng.integers(-2**63, 2**63 - 1, size=5000, dtype=np.int64)
    assert (table.find(others[~np.isin(others, keys)]) == -1).all()


def test_keytable_walks_past_keys_that_share_a_home_slot():
    # Keys equal in their low 20 bits all want the same slot of any table this size.
    keys = (np.arange(1, 41, dtype=np.uint64) << np.uint64(40)) + np.uint64(7)
    table = KeyTable(keys, np.arange(40) * 3)
    assert table.probes >= 40
    np.testing.assert_array_equal(table.find(keys[::-1]), (np.arange(40) * 3)[::-1])
    assert table.find(np.array([np.uint64(7) + (np.uint64(99) << np.uint64(40))]))[0] == -1


def test_keytable_keeps_key_zero_aside():
    table = KeyTable(np.array([0, 5, 9], dtype=np.int64), [4, 1, 3])
    np.testing.assert_array_equal(table.find(np.array([0, 5, 9, 6], dtype=np.int64)), [4, 1, 3, -1])
    assert (KeyTable(np.array([5], dtype=np.int64), [1]).find(np.zeros(3, dtype=np.int64)) == -1).all()
    assert (KeyTable(np.zeros(0, dtype=np.int64), []).find(np.arange(4)) == -1).all()
    assert KeyTable(np.array([5, 5, 9]), [1, 2, 3]).find(np.array([5, 9])).tolist() in ([1, 3], [2, 3])
    with pytest.raises(ValueError):
        KeyTable(np.array([1, 2]), [0, -1])


TEXTS = [
    "Management oversight is not consistently effective, however supervision remains regular. "
    "Too few children see an advocate; some plans drift!",
    "Visits are late (not always) but records: are clear. Despite this, delay persists?",
    "",
    "Caf\u00e9 na\u00efve \u2013 don't stop; the 16- and 17-year-olds' plans aren't reviewed",
    "A word spelt like a mark: neg_visits and crit_plans, then not neg_visits.",
    "one",
]


@pytest.mark.parametrize("analyzer", [Analyzer(2, True, True), Analyzer(2, True, False), Analyzer(1, True, True),
                                      Analyzer(2, False, False), Analyzer(2, True, True, shared_tokens=False),
                                      Analyzer(2, False, False, shared_tokens=False)])
def test_numeric_keys_count_exactly_the_terms_the_analyzer_gives(analyzer):
    terms = sorted({t for text in TEXTS for t in analyzer(text)} | {"never seen", "neg_never"})
    plain = lambda text: analyzer(text)  # noqa: E731  (a plain callable: the string path)
    keyed = term_counts(TEXTS, analyzer, hashed_terms(terms, analyze=analyzer), len(terms))
    strings = term_counts(TEXTS, plain, hashed_terms(terms), len(terms))
    assert keyed.nnz > 0 and (keyed != strings).nnz == 0
    for i, text in enumerate(TEXTS):  # and both are the analyzer's own counts
        row = keyed.getrow(i)
        assert Counter({terms[c]: v for c, v in zip(row.indices, row.data)}) == Counter(analyzer(text))


def test_terms_of_other_texts_are_not_counted():
    a = Analyzer(2, True, True)
    terms = sorted(set(a("Caseloads are high.")))
    X = term_counts(["Plans are reviewed."], a, hashed_terms(terms, analyze=a), len(terms))
    assert X.getrow(0).nnz == 1 and terms[X.indices[0]] == "are"
