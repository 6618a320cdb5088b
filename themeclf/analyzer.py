"""The text analyzer: word n-grams, the scope of negation and contrast, and the words of
sentences that state a shortfall. Plain Python: tagging loads it without scikit-learn."""

from __future__ import annotations

import re
from itertools import compress, repeat
from operator import contains
from typing import Sequence

import numpy as np

from themeclf.keytable import KeyTable, python_hashes
from themeclf.spans import CLAUSE_STOPS, SENTENCE_STOPS, WORD_OR_STOP, string_hashes
from themeclf.spans import tokens as find_tokens
from themeclf.textnorm import clean

# A negation cue opens a scope that runs to the end of its clause ("not", "too few", "lack of").
_NEG = {
    "not", "no", "never", "nor", "cannot", "can't", "without", "lack", "lacks", "lacking", "absence",
    "insufficient", "insufficiently", "too", "unable", "fail", "fails", "failed", "failing", "limited",
    "inconsistent", "inconsistently", "poor", "poorly", "weak", "isn't", "aren't", "don't", "doesn't",
    "didn't", "wasn't", "weren't", "hasn't", "haven't", "few", "little", "rarely", "seldom",
}
# A contrast cue marks the rest of its sentence: what follows "however" is what counts.
_CONTRAST = {"however", "but", "although", "though", "despite", "yet", "remain", "remains", "still", "continue", "continues"}
# A sentence with one of these (or a negation cue) states a shortfall, and its words are marked
# ``crit_word``: "management oversight" then counts differently in "management oversight is
# regular and effective" and "management oversight is not consistently effective", whichever side
# of the cue the topic sits. Hedges of scope ("some", "a minority") count: inspectors use them
# for weaknesses that affect some children.
_SHORTFALL = {
    "delay", "delays", "delayed", "drift", "variable", "inadequate", "gaps", "slow", "late", "weaknesses",
    "deficits", "shortfalls", "concerns", "vacancies", "unclear", "ineffective", "requires", "minority", "some",
}
_CRITICAL = frozenset(_NEG | _SHORTFALL)
# The words of n-grams: runs of two or more word characters (the matches of \b\w\w+\b, found faster).
_WORD = re.compile(r"\w\w+")
# Scope tokens are those same words with the punctuation that ends a clause or sentence
# (spans.WORD_OR_STOP): one pass over the text gives both. A contraction is split
# ("isn't" -> "isn"), so its stem is the cue.
_STOPS = frozenset(SENTENCE_STOPS + CLAUSE_STOPS)
_NEG_STEMS = frozenset({t for t in _NEG if "'" not in t} | {"isn", "aren", "don", "doesn", "didn", "wasn", "weren", "hasn", "haven"})
_CRITICAL_STEMS = frozenset(_NEG_STEMS | _SHORTFALL)
# Analyzers pickled before shared tokens made scope tokens of letters and inner ' and - instead.
_TOKEN = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]|[.;!?]|[,:()]")

# Numeric keys (see Analyzer.keys): a word's key is its string hash; a bigram's and a marked
# word's are mixed from its words' hashes with odd 64-bit multipliers, wrapping.
_BIGRAM = np.uint64(0x9E3779B97F4A7C15)
_MARKED = np.uint64(0xC2B2AE3D27D4EB4F)
_MARKS = {"neg_": 0x165667B19E3779F9, "con_": 0x27D4EB2F165667C5, "crit_": 0x85EBCA77C2B2AE63}
# The classes of scope tokens, as bits.
_SENT, _CLAUSE, _NEGB, _CONB, _CRITB = 1, 2, 4, 8, 16
_cues: dict[bool, object] = {}  # per process (string hashes are salted): KeyTables of cue tokens' class bits


def _hash_function(shared: bool):
    """Token hashes: our own numpy hash with shared tokens; Python's (salted) string hash before."""
    return string_hashes if shared else python_hashes


def _lower(text: str) -> str:
    """Lower case; tokens ignore whitespace, so plain ASCII text needs no cleaning (only \x02 would matter)."""
    return text.lower() if text.isascii() and "\x02" not in text else clean(text).lower()


def _cue_sets(shared: bool) -> tuple[frozenset, frozenset]:
    """The negation cues and the critical words, for shared or (older) letter tokens."""
    return (_NEG_STEMS, _CRITICAL_STEMS) if shared else (frozenset(_NEG), _CRITICAL)


def _classes(h: np.ndarray, shared: bool) -> np.ndarray:
    """The class bits of each scope token (0 for a word that is no cue)."""
    table = _cues.get(shared)
    if table is None:
        neg, critical = _cue_sets(shared)
        bits: dict[str, int] = {}
        for toks, bit in ((SENTENCE_STOPS, _SENT), (CLAUSE_STOPS, _CLAUSE), (neg, _NEGB), (_CONTRAST, _CONB), (critical, _CRITB)):
            for t in toks:
                bits[t] = bits.get(t, 0) | bit
        table = _cues[shared] = KeyTable(_hash_function(shared)(list(bits)), list(bits.values()))
    return np.maximum(table.find(h), 0)


def _after(flag: np.ndarray, reset: np.ndarray) -> np.ndarray:
    """Whether a flagged position comes before each position, with no reset in between."""
    idx = np.arange(len(flag))
    last_flag = np.maximum.accumulate(np.where(flag, idx, -1))
    before = np.empty_like(last_flag)
    before[:1] = -1
    before[1:] = last_flag[:-1]
    return before > np.maximum.accumulate(np.where(reset, idx, -1))


def make_analyzer(ngrams: int = 2, scope: bool = True, sentences: bool = False, shared_tokens: bool = True):
    """One pass over the text: word n-grams, plus negation/contrast scope and sentence marks."""
    return Analyzer(ngrams, scope, sentences, shared_tokens)


class Analyzer:
    """Picklable text analyzer (for TfidfTerms and the scorer): word n-grams; with ``scope`` the words of a
    negated clause as ``neg_word`` and the words after a contrast cue as ``con_word``; with
    ``sentences`` (and ``scope``) the words of a sentence that states a shortfall as ``crit_word``.
    With ``shared_tokens`` the marked words are the n-grams' own words, found in the same pass."""

    sentences = False  # analyzers pickled before sentence marks existed
    shared_tokens = False  # ... and before scope tokens were the n-grams' words

    def __init__(self, ngrams: int = 2, scope: bool = True, sentences: bool = False, shared_tokens: bool = True):
        self.ngrams = ngrams
        self.scope = scope
        self.sentences = sentences
        self.shared_tokens = shared_tokens

    @property
    def can_key(self) -> bool:
        """Whether ``keys`` gives this analyzer's terms (it does for uni- and bigrams)."""
        return self.ngrams <= 2

    def term_keys(self, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The numeric keys that terms stand for in ``keys``, and the position of each key's term
        (a word that a text may spell like a mark, "neg_x", has both keys). C-level maps only:
        this runs for 100k+ terms when a model is first used."""
        def having(strings: list[str], test, arg: str) -> np.ndarray:
            return np.fromiter(map(test, strings, repeat(arg)), dtype=bool, count=len(strings))

        hashes = _hash_function(self.shared_tokens)
        index = np.arange(len(terms))
        bigram = having(terms, contains, " ")
        words = list(compress(terms, ~bigram))
        halves = " ".join(compress(terms, bigram)).split(" ")  # a bigram holds exactly one space
        keys = [hashes(words), hashes(halves[0::2]) * _BIGRAM + hashes(halves[1::2]) if len(halves) > 1
                else np.zeros(0, dtype=np.uint64)]
        where = [index[~bigram], index[bigram]]
        for mark, code in _MARKS.items():
            marked = having(words, str.startswith, mark)
            rest = [w[len(mark):] for w in compress(words, marked)]
            keys.append(hashes(rest) * _MARKED + np.uint64(code))
            where.append(where[0][marked])
        return np.concatenate(keys), np.concatenate(where)

    def keys(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Every term of every text as a 64-bit key, with the text's row: the multiset of terms
        ``__call__`` gives, computed in numpy (no Python loop over tokens), for uni- and bigrams."""
        scope, shared = self.scope, self.shared_tokens
        lows = [_lower(text) for text in texts]
        rows = np.arange(len(texts))
        if shared:  # tokens and their hashes found in numpy (themeclf.spans)
            ht, _, rowt = find_tokens(lows)
        else:
            words: list[str] = []
            toks: list[str] = []
            n_words, n_toks = [], []
            for low in lows:
                w = _WORD.findall(low)
                words += w
                n_words.append(len(w))
                if scope:
                    t = _TOKEN.findall(low)
                    toks += t
                    toks.append(".")  # a text ends its last sentence
                    n_toks.append(len(t) + 1)
            ht = python_hashes(toks)
            rowt = np.repeat(rows, n_toks) if n_toks else np.zeros(0, dtype=np.int64)
        cls = _classes(ht, shared) if len(ht) else np.zeros(0, dtype=np.int64)
        word = (cls & (_SENT | _CLAUSE)) == 0
        if shared:
            hw, roww = ht[word], rowt[word]
        else:
            hw, roww = python_hashes(words), np.repeat(rows, n_words)
        keys, where = [hw], [roww]
        if self.ngrams >= 2 and len(hw) > 1:
            same = roww[:-1] == roww[1:]
            keys.append(hw[:-1][same] * _BIGRAM + hw[1:][same])
            where.append(roww[:-1][same])
        if scope and len(ht):
            sent = (cls & _SENT) > 0
            marked = [
                ("neg_", word & _after((cls & _NEGB) > 0, ~word)),
                ("con_", word & _after((cls & _CONB) > 0, sent)),
            ]
            if self.sentences:
                sid = np.cumsum(sent) - sent  # a sentence end belongs to the sentence it ends
                critical = np.bincount(sid, weights=(cls & _CRITB) > 0, minlength=sid[-1] + 1) > 0
                marked.append(("crit_", word & critical[sid]))
            for mark, m in marked:
                keys.append(ht[m] * _MARKED + np.uint64(_MARKS[mark]))
                where.append(rowt[m])
        return np.concatenate(keys), np.concatenate(where)

    def __call__(self, text: str) -> list[str]:
        low = _lower(text)
        if self.shared_tokens:
            tokens = WORD_OR_STOP.findall(low)
            words = [t for t in tokens if t not in _STOPS]
        else:
            words = _WORD.findall(low)
            tokens = _TOKEN.findall(low) if self.scope else []
        out = list(words)
        if self.ngrams >= 2:
            out += [a + " " + b for a, b in zip(words, words[1:])]
        if self.ngrams >= 3:
            out += [f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:])]
        if self.scope:
            marks = self.sentences
            neg = con = critical = False
            sentence: list[str] = []
            negations, critical_words = _cue_sets(self.shared_tokens)
            for tok in tokens + ["."]:
                if tok in SENTENCE_STOPS:
                    if critical:
                        out += ["crit_" + w for w in sentence]
                    neg = con = critical = False
                    sentence = []
                    continue
                if tok in CLAUSE_STOPS:
                    neg = False
                    continue
                if neg:
                    out.append("neg_" + tok)
                if con:
                    out.append("con_" + tok)
                if tok in negations:
                    neg = True
                if tok in _CONTRAST:
                    con = True
                if marks:
                    sentence.append(tok)
                    if tok in critical_words:
                        critical = True
        return out
