"""Text normalisation shared by reading, data and models."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-",
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200b": "",
    "\u00ad": "", "\ufeff": "", "\x02": "",
})
_COMMON = [(c, _QUOTES[ord(c)]) for c in "\u2019\u2018\u2013\u201c\u201d\u00a0"]
# Private-use symbols (Wingdings bullets) and common bullet glyphs.
BULLETS = "\u2022\u25aa\u25cf\u25e6\u2023\u2043\u25a0\u25a1\u27a2\u2219\u00b7\u2666\u25c6\u2713\u2714"
_BULLET_RE = re.compile(rf"^\s*(?:[{BULLETS}\ue000-\uf8ff]|[-*o](?=\s))\s*")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")
_PRIVATE_RE = re.compile("[\x02\ue000-\uf8ff]")
_NONWORD_RE = re.compile(r"\W+")


def clean(text: str) -> str:
    """Normalise quotes, dashes, ligatures and whitespace; keep the words as written."""
    if not text.isascii():
        # The commonest marks first, by plain replacement (each as the quote table maps it);
        # most text is then ASCII and needs nothing more.
        for mark, plain in _COMMON:
            if mark in text:
                text = text.replace(mark, plain)
    if not text.isascii():
        # Only the runs of non-ASCII characters go through the quote table, not the whole text.
        quick = _NON_ASCII_RE.sub(lambda m: m.group().translate(_QUOTES), text)
        # Where the quote table alone leaves plain ASCII, NFKC would change nothing more
        # (except the double prime, which NFKC splits into two primes first).
        text = quick if quick.isascii() and "\u2033" not in text else \
            unicodedata.normalize("NFKC", text).translate(_QUOTES)
    if "\x02" in text or not text.isascii():
        text = _PRIVATE_RE.sub("", text)
    return " ".join(text.split())  # str.split() splits on exactly the characters that \s matches


def strip_bullet(text: str) -> tuple[str, bool]:
    """Remove a leading bullet glyph; say whether there was one."""
    m = _BULLET_RE.match(text)
    if m and m.end() < len(text):
        return text[m.end():], True
    return text, False


def key(text: str) -> str:
    """A matching key: lower case, words only. Robust to punctuation and bullets."""
    if text.isascii() and "\x02" not in text:  # NFKC and the quote table leave such text unchanged
        return _NONWORD_RE.sub(" ", text.lower()).strip()
    return _NONWORD_RE.sub(" ", unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()).strip()


def text_hash(text: str) -> str:
    """Short stable hash of a paragraph's normalised words (locates stand-off labels)."""
    return hashlib.sha256(key(text).encode("utf-8")).hexdigest()[:16]


_SENTENCE_BREAK = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9\"'(])")


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (at . ! ? ; before a capital, digit or quote)."""
    parts = [s.strip() for s in _SENTENCE_BREAK.split(text) if s.strip()]
    return parts or [text]
