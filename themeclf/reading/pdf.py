"""PDF text layer to positioned lines, with pypdfium2 (PDFium: fast, robust, permissive licence)."""

from __future__ import annotations

import ctypes
import re
from codecs import decode

from themeclf.document import Document
from themeclf.errors import ReadError
from themeclf.reading.layout import Line, paragraphs_from_lines

_LINE_RE = re.compile(r"[^\r\n]+")


def _page_text(handle) -> str:
    """A text page's text, as pypdfium2's ``get_text_range()`` gives it (chars without a text
    index at either end are left out, as it does), from raw calls."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    n = raw.FPDFText_CountChars(handle)
    if n < 0:
        raise pdfium.PdfiumError("Failed to get character count.")
    to_text = raw.FPDFText_GetTextIndexFromCharIndex
    first, last = 0, n - 1
    while first <= last and to_text(handle, first) == -1:
        first += 1
    while first <= last and to_text(handle, last) == -1:
        last -= 1
    if first > last:
        return ""
    size = to_text(handle, last) + 2 - to_text(handle, first)  # with the terminating NUL
    buffer = (ctypes.c_ushort * size)()
    written = raw.FPDFText_GetText(handle, first, last - first + 1, buffer)
    return decode(memoryview(buffer)[:written - 1], "utf-16-le", "ignore") if written > 0 else ""


_calls: tuple | None = None


def _per_line_calls() -> tuple:
    """FPDFText_GetCharBox, GetFontSize and GetFontWeight without ctypes' argument checks
    (the same functions, called with a void pointer, an int and pointers to doubles): they run
    three times per printed line, and the checks more than double the cost of each call."""
    global _calls
    if _calls is None:
        import pypdfium2.raw as raw

        calls = []
        for fn in (raw.FPDFText_GetCharBox, raw.FPDFText_GetFontSize, raw.FPDFText_GetFontWeight):
            bare = type(fn)(ctypes.cast(fn, ctypes.c_void_p).value)  # same library, same convention
            bare.restype = fn.restype
            calls.append(bare)
        _calls = tuple(calls)
    return _calls


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
    box_left, box_right, box_bottom, box_top = (ctypes.byref(v) for v in (left, right, bottom, top))
    get_box, get_size, get_weight = _per_line_calls()
    try:
        lines: list[Line] = []
        heights: dict[int, float] = {}
        sizes: dict[float, float] = {}  # each font size as shown (to 0.1 pt), rounded once
        n_chars = 0
        first_page = ""
        for pno in range(len(pdf)):
            # Raw pages and text pages, closed here: pypdfium2's objects for them cost more than
            # PDFium's own page handling in a loop over thousands of pages.
            page = raw.FPDF_LoadPage(pdf.raw, pno)
            if not page:
                raise pdfium.PdfiumError("Failed to load page.")
            try:
                heights[pno + 1] = raw.FPDF_GetPageHeightF(page)
                handle = raw.FPDFText_LoadPage(page)
                if not handle:
                    raise pdfium.PdfiumError("Failed to load text page.")
                try:
                    text = _page_text(handle)
                    n_chars += len(text.strip())
                    if pno == 0:
                        first_page = text
                    # Raw calls into reused doubles: this loop runs once per printed line.
                    tp = ctypes.cast(handle, ctypes.c_void_p)
                    for m in _LINE_RE.finditer(text):
                        first = m.start()
                        s = m.group()
                        if s[0].isspace():
                            stripped = s.lstrip()
                            if not stripped:
                                continue
                            first += len(s) - len(stripped)
                        if not get_box(tp, first, box_left, box_right, box_bottom, box_top):
                            raise pdfium.PdfiumError("Failed to get charbox.")
                        size = get_size(tp, first)
                        shown = sizes.get(size)
                        if shown is None:
                            shown = sizes[size] = round(size, 1)
                        lines.append(Line(s, pno + 1, left.value, top.value, bottom.value, shown,
                                          get_weight(tp, first) >= 600))
                finally:
                    raw.FPDFText_ClosePage(handle)
            finally:
                raw.FPDF_ClosePage(page)
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
