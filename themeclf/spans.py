"""Tokens and their 64-bit hashes found in numpy, over a text's code points: the words (runs of
two or more ``\\w`` characters) and the clause and sentence stops that the analyzer's regex
``\\w\\w+|[.;!?,:()]`` finds, without making a Python string per token. The hash is our own
(polynomial over the code points, then mixed), so it is the same in every process."""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

_BASE = 0xD6E8FEB86659FD93  # odd, so it has an inverse modulo 2**64
_BASE_INV = pow(_BASE, -1, 1 << 64)
_LENGTH = np.uint64(0x9FB21C651E98DF25)
SENTENCE_STOPS = ".;!?"
CLAUSE_STOPS = ",:()"
_STOP_CHARS = SENTENCE_STOPS + CLAUSE_STOPS
# What the analyzer's shared tokens are, by definition; tokens() finds the same in numpy.
WORD_OR_STOP = re.compile(r"\w\w+|[" + re.escape(_STOP_CHARS) + "]")
# Character classes of the Basic Multilingual Plane: 1 a word character (as re's \w), 2 a stop.
_classes: np.ndarray | None = None
_powers: tuple[np.ndarray, np.ndarray] = (np.ones(1, dtype=np.uint64), np.ones(1, dtype=np.uint64))


def _class_table() -> np.ndarray:
    global _classes
    if _classes is None:
        word = re.compile(r"\w")
        table = np.fromiter((word.match(chr(c)) is not None for c in range(0x10000)), dtype=np.uint8, count=0x10000)
        table[[ord(c) for c in _STOP_CHARS]] = 2
        _classes = table
    return _classes


def _power_tables(n: int) -> tuple[np.ndarray, np.ndarray]:
    """BASE**k and BASE**-k for k = 0..n (wrapping), grown as longer texts come."""
    global _powers
    if len(_powers[0]) <= n:
        size = max(n + 1, 2 * len(_powers[0]))
        up = np.empty(size, dtype=np.uint64)
        down = np.empty(size, dtype=np.uint64)
        up[0] = down[0] = 1
        up[1:] = np.cumprod(np.full(size - 1, _BASE, dtype=np.uint64))
        down[1:] = np.cumprod(np.full(size - 1, _BASE_INV, dtype=np.uint64))
        _powers = (up, down)
    return _powers


def _mix(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser: every input bit reaches every output bit."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xC4CEB9FE1A85EC53)
    h ^= h >> np.uint64(33)
    return h


def span_hashes(points: np.ndarray, starts: np.ndarray, ends: np.ndarray, block: int = 1 << 20) -> np.ndarray:
    """The hash of each span points[start:end] (spans in order, not overlapping): the sum of
    point * BASE**-(position - start), with the length mixed in. Long texts are hashed a block of
    about ``block`` points at a time, so that the tables of powers stay small."""
    if len(points) <= block:
        return _hash_spans(points, starts, ends)
    out = np.empty(len(starts), dtype=np.uint64)
    i = 0
    while i < len(starts):
        base = starts[i]
        j = max(int(np.searchsorted(ends, base + block, side="right")), i + 1)  # a longer span alone
        out[i:j] = _hash_spans(points[base:ends[j - 1]], starts[i:j] - base, ends[i:j] - base)
        i = j
    return out


def _hash_spans(points: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    up, down = _power_tables(len(points))
    prefix = np.zeros(len(points) + 1, dtype=np.uint64)
    np.cumsum(points.astype(np.uint64) * down[:len(points)], out=prefix[1:])
    h = (prefix[ends] - prefix[starts]) * up[starts]
    return _mix(h + (ends - starts).astype(np.uint64) * _LENGTH)


def _points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def string_hashes(strings: Sequence[str]) -> np.ndarray:
    """Each string's hash (the hash of a token that spells it)."""
    if not strings:
        return np.zeros(0, dtype=np.uint64)
    lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    ends = np.cumsum(lengths)
    return span_hashes(_points("".join(strings)), ends - lengths, ends)


def tokens(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The tokens of lower-cased texts in order: their hashes, whether each is a stop, and each
    one's text. Each text ends with a sentence stop "." of its own."""
    joined = "\n".join(texts) + "\n"  # "\n" is neither a word character nor a stop
    points = _points(joined)
    if points.max(initial=0) > 0xFFFF:  # beyond the table: let the regex find the tokens
        return _tokens_by_regex(texts)
    text_ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1) - 1
    cls = _class_table()[points]
    word = cls == 1
    edge = np.diff(word.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    run_starts, run_ends = np.flatnonzero(edge == 1), np.flatnonzero(edge == -1)
    long = run_ends - run_starts >= 2
    run_starts, run_ends = run_starts[long], run_ends[long]
    begins = np.zeros(len(points), dtype=bool)
    begins[run_starts] = True
    begins[cls == 2] = True
    begins[text_ends] = True
    at = np.flatnonzero(begins)
    ends = at + 1
    is_word = word[at]
    ends[is_word] = run_ends
    hashes = span_hashes(points, at, ends)
    hashes[np.searchsorted(at, text_ends)] = _DOT  # each text's own "."
    return hashes, ~is_word, np.searchsorted(text_ends, at)


def _tokens_by_regex(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    found = [WORD_OR_STOP.findall(t) + ["."] for t in texts]
    flat = [t for ts in found for t in ts]
    stop = np.fromiter((t in _STOP_CHARS and len(t) == 1 for t in flat), dtype=bool, count=len(flat))
    rows = np.repeat(np.arange(len(texts)), [len(ts) for ts in found])
    return string_hashes(flat), stop, rows


_DOT = string_hashes(["."])[0]
