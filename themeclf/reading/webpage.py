"""HTML: the main text of a page (article or main element when present), navigation dropped.
BeautifulSoup with lxml: tolerant of broken markup and fast."""

from __future__ import annotations

from themeclf.document import Document, Paragraph
from themeclf.reading.plain import decode
from themeclf.textnorm import clean, strip_bullet

_DROP = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg", "iframe", "template"]
_BLOCKS = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "dd", "pre"]
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def read_html(data: bytes, source: str) -> Document:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode(data, source), "lxml")
    title = clean(soup.title.get_text()) if soup.title else None
    for tag in soup(_DROP):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": ["navigation", "banner", "contentinfo"]}):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    paragraphs: list[Paragraph] = []
    section = None
    for el in root.find_all(_BLOCKS):
        if el.find(_BLOCKS):  # an outer block: its inner blocks are read on their own
            continue
        text = clean(el.get_text(" "))
        if not text:
            continue
        if el.name in _HEADINGS:
            section = text
            continue
        text, _ = strip_bullet(text)
        paragraphs.append(Paragraph(text, len(paragraphs), None, section))
    meta = {"title": title} if title else {}
    return Document(source, paragraphs, kind="html", metadata=meta)
