"""Word (.docx) with python-docx: paragraphs, list items and headings in document order."""

from __future__ import annotations

import io

from themeclf.document import Document, Paragraph
from themeclf.errors import ReadError
from themeclf.textnorm import clean


def read_docx(data: bytes, source: str) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        d = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise ReadError(f"{source}: not a readable Word document ({type(exc).__name__})") from None
    except Exception as exc:  # zip and XML errors from a damaged package
        raise ReadError(f"{source}: damaged Word document ({type(exc).__name__})") from None
    paragraphs: list[Paragraph] = []
    section = None
    for p in d.paragraphs:
        text = clean(p.text)
        if not text:
            continue
        style = (p.style.name if p.style is not None else "") or ""
        if style.lower().startswith(("heading", "title")):
            section = text
            continue
        paragraphs.append(Paragraph(text, len(paragraphs), None, section))
    for table in d.tables:
        for row in table.rows:
            for cell in row.cells:
                text = clean(cell.text)
                if len(text.split()) >= 6:
                    paragraphs.append(Paragraph(text, len(paragraphs), None, section))
    return Document(source, paragraphs, kind="docx")
