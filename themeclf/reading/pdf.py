"""PDF text layer to positioned lines, with pypdfium2 (PDFium: fast, robust, permissive licence)."""

from __future__ import annotations

import ctypes
import re

from themeclf.document import Document
from themeclf.errors import ReadError
from themeclf.reading.layout import Line, paragraphs_from_lines

_LINE_RE = re.compile(r"[^\r\n]+")


def read_pdf(data: bytes, source: str) -> Document:
    """Read a PDF's text layer into a Document of paragraphs."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise ReadError(f"{source}: the PDF is encrypted (password protected)") from None
        raise ReadError(f"{source}: not a readable PDF (damaged or truncated)") from None
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    get_box, get_size, get_weight = raw.FPDFText_GetCharBox, raw.FPDFText_GetFontSize, raw.FPDFText_GetFontWeight
    try:
        lines: list[Line] = []
        heights: dict[int, float] = {}
        n_chars = 0
        first_page = ""
        for pno in range(len(pdf)):
            page = pdf[pno]
            heights[pno + 1] = page.get_height()
            tp = page.get_textpage()
            text = tp.get_text_range()
            n_chars += len(text.strip())
            if pno == 0:
                first_page = text
            handle = tp.raw
            # Raw calls into reused doubles: this loop runs once per printed line.
            for m in _LINE_RE.finditer(text):
                first = m.start()
                s = m.group()
                if s[0].isspace():
                    stripped = s.lstrip()
                    if not stripped:
                        continue
                    first += len(s) - len(stripped)
                if not get_box(handle, first, left, right, bottom, top):
                    raise pdfium.PdfiumError("Failed to get charbox.")
                lines.append(Line(s, pno + 1, left.value, top.value, bottom.value,
                                  round(get_size(handle, first), 1), get_weight(handle, first) >= 600))
            tp.close()
            page.close()
        n_pages = len(pdf)
    except pdfium.PdfiumError:
        raise ReadError(f"{source}: the PDF is damaged and its text could not be read") from None
    finally:
        pdf.close()
    if n_chars == 0:
        raise ReadError(f"{source}: no text found; it may be a scan and need OCR")
    paragraphs = paragraphs_from_lines(lines, heights)
    doc = Document(source=source, paragraphs=paragraphs, kind="pdf", metadata={"pages": n_pages})
    from themeclf.reading.ofsted import add_ofsted_metadata

    add_ofsted_metadata(doc, first_page)
    return doc
