"""Turn positioned lines of a paged document into paragraphs as the author wrote them.

Drops running headers, footers, page numbers and publisher boilerplate; splits on vertical
gaps, numbered paragraphs and bullets; joins paragraphs broken by a page end; undoes
line-end hyphenation only where the document itself spells the word unbroken.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from themeclf.document import Paragraph
from themeclf.textnorm import clean, strip_bullet

NUMBERED_RE = re.compile(r"^(\d{1,3})\.(?:\s+(?=\S)|(?=[A-Z]))")
_BULLET_START = re.compile(r"^\s*(?:[\u2022\u25aa\u25cf\u25e6\u2023\u25a0\u27a2\u2219\ue000-\uf8ff]|[-\u2013o]\s)")
_PAGE_NO_RE = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_LINE_END_HYPHEN = re.compile(r"([A-Za-z]+)-$")
_TERMINAL = tuple('.!?:;"\')')
BOILERPLATE = (
    "ofsted produces this report",
    "the office for standards in education, children's services and skills (ofsted) regulates",
    "if you would like a copy of this document in a different format",
    "you may reuse this information",
    "this publication is available at",
    "interested in our work? you can subscribe",
    "piccadilly gate",
    "crown copyright",
    "ofsted has published this report",
    "textphone",
    "this report is available at",
    "www.gov.uk/ofsted",
    "raising standards, improving lives",
    "you may copy all or parts of this document",
    "any complaints about the inspection or the report",
    "to receive regular email alerts",
    "the inspection team consisted of",
)
# Sections that describe the inspection itself, not the service: no findings in them.
BOILERPLATE_SECTIONS = (
    "what the inspection judgements mean",
    "information about this inspection",
    "contents",
    "the lscb",
    "the local authority 4",
)
_CLAUSE_BREAK = re.compile(r"[.;] ")
_TOC_RE = re.compile(r"(?:[A-Za-z?)'] \d{1,3}(?: |$)){2,}")


@dataclass(slots=True)
class Line:
    """One printed line, with its page and position (PDF units, y grows upwards)."""

    text: str
    page: int
    x0: float
    top: float
    bottom: float
    size: float
    bold: bool = False


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def drop_running_lines(lines: list[Line], page_heights: dict[int, float]) -> list[Line]:
    """Remove page numbers and text repeated at the top or bottom of many pages."""
    n_pages = max(1, len(page_heights))
    margin_shapes: Counter[str] = Counter()

    margin: dict[int, str] = {}  # line number -> shape, for lines in a page's top or bottom margin
    for i, ln in enumerate(lines):
        h = page_heights.get(ln.page, 842.0)
        if ln.top > h * 0.90 or ln.bottom < h * 0.09:
            margin[i] = shape = _shape(ln.text)
            margin_shapes[shape] += 1
    repeated = {s for s, c in margin_shapes.items() if c >= 3 and c >= 0.3 * n_pages}
    drop = {i for i, shape in margin.items() if shape in repeated or _PAGE_NO_RE.match(lines[i].text.strip())}
    return [ln for i, ln in enumerate(lines) if i not in drop] if drop else lines


def _body_size(lines: list[Line]) -> float:
    """The commonest font size, to the point: the body text's."""
    exact = Counter(ln.size for ln in lines)  # a few distinct sizes: round each once
    sizes: Counter[int] = Counter()
    for size, n in exact.items():
        if size > 0:
            sizes[round(size)] += n
    return float(sizes.most_common(1)[0][0]) if sizes else 11.0


class _Vocabulary:
    """The words a document spells (runs of three or more letters), asked only when a hyphenated
    line end needs them: each word asked is searched for once in the document's text."""

    def __init__(self, lines: list[Line]):
        self._lines: list[Line] | None = lines
        self._text = ""
        self._known: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        found = self._known.get(word)
        if found is None:
            if self._lines is not None:
                self._text = "\n".join(ln.text for ln in self._lines).lower()
                self._lines = None
            found = self._known[word] = len(word) >= 3 and word.isascii() and word.isalpha() and \
                word.islower() and self._spelt(word)
        return found

    def _spelt(self, word: str) -> bool:
        """Whether ``word`` stands alone (not inside a longer run of letters) in the text."""
        text, at, n = self._text, 0, len(word)
        while (at := text.find(word, at)) >= 0:
            if not ("a" <= text[at - 1: at] <= "z" or "a" <= text[at + n: at + n + 1] <= "z"):
                return True
            at += 1
        return False


def _soft_hyphens(text: str, vocab: _Vocabulary) -> str:
    """PDFium marks a line-end hyphen as U+FFFE and runs the lines together."""

    def fix(m: re.Match[str]) -> str:
        joined = m.group(1) + m.group(2)
        return joined if joined.lower() in vocab else m.group(1) + "-" + m.group(2)

    return re.sub(r"([A-Za-z]*)\ufffe\s*([A-Za-z]*)", fix, text)


def _join_lines(parts: list[str], vocab: _Vocabulary) -> str:
    parts = [_soft_hyphens(p, vocab) if "\ufffe" in p else p for p in parts]
    text = ""
    for part in parts:
        part = part.strip()
        if not text:
            text = part
            continue
        # Only the end of the text so far can hold a line-end hyphen (searching all of it made
        # long paragraphs quadratic).
        m = _LINE_END_HYPHEN.search(text[-64:]) if text.endswith("-") else None
        if m and part[:1].islower():
            head = m.group(1)
            tail = re.match(r"[A-Za-z]+", part)
            joined = head + (tail.group(0) if tail else "")
            if joined.lower() in vocab:
                text = text[:-1] + part
            else:
                text = text + part
        else:
            text = text + " " + part
    return text


def _is_heading(block: list[Line], body: float) -> bool:
    if len(block) > 3:  # a heading runs to three lines at most (every test below asks that)
        return False
    text = " ".join(ln.text.strip() for ln in block)
    words = text.split()
    if not words or len(words) > 20 or NUMBERED_RE.match(text) or _BULLET_START.match(text):
        return False
    if not text[0].isupper() and not text[0].isdigit():
        return False
    if all(ln.bold for ln in block) and len(block) <= 3:
        return True
    if max(ln.size for ln in block) >= body * 1.25 and len(block) <= 3:
        return True
    return len(block) == 1 and len(words) <= 12 and not text.endswith(_TERMINAL) and not text.endswith(",")


def paragraphs_from_lines(lines: list[Line], page_heights: dict[int, float]) -> list[Paragraph]:
    """Group lines into paragraphs with page, index and section heading."""
    lines = [ln for ln in lines if ln.text.strip()]
    lines = drop_running_lines(lines, page_heights)
    if not lines:
        return []
    body = _body_size(lines)
    # Footnotes and tiny print: smaller than body text.
    lines = [ln for ln in lines if ln.size == 0 or ln.size >= body * 0.8]
    vocab = _Vocabulary(lines)

    blocks: list[list[Line]] = []
    prev: Line | None = None
    for ln in lines:
        text = ln.text.strip()
        new = prev is None or ln.page != prev.page
        if not new:
            leading = prev.bottom - ln.bottom
            size = max(ln.size, prev.size, 1.0)
            if leading > size * 1.75 or leading < -size:  # gap, or a jump back up (columns)
                # ...unless the sentence plainly runs on (PDFium sometimes merges a line away).
                new = not (text[:1].islower() and not prev.text.rstrip().endswith(_TERMINAL))
            elif NUMBERED_RE.match(text) or _BULLET_START.match(text):
                new = True
            elif ln.bold != prev.bold and (ln.bold or len(text.split()) > 3):
                new = True
            elif ln.x0 > prev.x0 + 150:  # a table cell to the right
                new = True
        if new:
            blocks.append([ln])
        else:
            blocks[-1].append(ln)
        prev = ln

    paragraphs: list[Paragraph] = []
    section: str | None = None
    last_was_heading = True
    for block in blocks:
        text = clean(_join_lines([ln.text for ln in block], vocab))
        if not text:
            continue
        low = text.lower()
        if any(b in low for b in BOILERPLATE):
            last_was_heading = False
            continue
        if not _CLAUSE_BREAK.search(text) and _TOC_RE.search(text):
            continue  # a table of contents
        if _is_heading(block, body):
            section = text.rstrip(":")
            last_was_heading = True
            continue
        if section and section.lower().startswith(BOILERPLATE_SECTIONS[:3]):
            continue
        page = block[0].page
        starts_new = bool(NUMBERED_RE.match(text) or _BULLET_START.match(block[0].text.strip()))
        text, _ = strip_bullet(text)
        text = NUMBERED_RE.sub("", text, count=1)
        if (
            paragraphs
            and not last_was_heading
            and not starts_new
            and page != paragraphs[-1].page
            and (not paragraphs[-1].text.endswith(_TERMINAL) or text[:1].islower())
        ):
            prev_par = paragraphs[-1]
            prev_par.text = clean(_join_lines([prev_par.text, text], vocab))
            continue
        paragraphs.append(Paragraph(text=text, index=len(paragraphs), page=page, section=section))
        last_was_heading = False
    return [p for p in paragraphs if re.search(r"[A-Za-z]{2,}", p.text)]
