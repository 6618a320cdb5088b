"""Plain text and Markdown: decode any common encoding, split on blank lines."""

from __future__ import annotations

import codecs
import re

from themeclf.document import Document, Paragraph
from themeclf.errors import ReadError
from themeclf.textnorm import clean, strip_bullet

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+")
_BULLET = re.compile(r"^\s*(?:[-*+\u2022]|\d{1,3}[.)])\s+")
MAX_PARAGRAPH_CHARS = 20_000


def decode(data: bytes, source: str) -> str:
    """Bytes to text: BOMs first (UTF-8, UTF-16, UTF-32), then UTF-8, then Windows-1252."""
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                raise ReadError(f"{source}: text claims {enc} but does not decode") from None
    if len(data) >= 4 and data[1:2] == b"\x00" and data[3:4] == b"\x00":
        try:
            return data.decode("utf-16-le")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def paragraphs_from_text(text: str) -> list[Paragraph]:
    """Blank-line separated paragraphs; Markdown headings become sections; list items are units."""
    paragraphs: list[Paragraph] = []
    section: str | None = None
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        units: list[str] = []
        for ln in lines:
            m = _MD_HEADING.match(ln)
            if m:
                section = clean(m.group(1)) or section
                continue
            if _BULLET.match(ln) or not units:
                units.append(_NUMBERED.sub("", ln))
            else:
                units[-1] += "\n" + ln
        for unit in units:
            t, _ = strip_bullet(clean(unit))
            t = clean(t)
            if not t:
                continue
            for start in range(0, len(t), MAX_PARAGRAPH_CHARS):
                paragraphs.append(Paragraph(t[start:start + MAX_PARAGRAPH_CHARS], len(paragraphs), None, section))
    return paragraphs


def read_text(data: bytes, source: str) -> Document:
    text = decode(data, source)
    if len(text) > 1_000_000 and text.count("\n") * 100_000 < len(text):
        mb = len(data) / (1024 * 1024)
        raise ReadError(f"{source}: {mb:.0f} MB on one line with no paragraph breaks; not a document themeclf can split")
    return Document(source, paragraphs_from_text(text), kind="text")
