"""Reading documents: bytes in, Documents of paragraphs out. The format is decided from content."""

from __future__ import annotations

from pathlib import Path

from themeclf.document import Document
from themeclf.errors import ReadError


def read_path(path: str | Path, source: str | None = None) -> Document:
    """Read one file from disk."""
    path = Path(path)
    src = source or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(f"{src}: no such file") from None
    except IsADirectoryError:
        raise ReadError(f"{src}: is a directory") from None
    except OSError as exc:
        raise ReadError(f"{src}: cannot be read ({exc.strerror or exc})") from None
    return read_bytes(data, src)


def read_bytes(data: bytes, source: str) -> Document:
    from themeclf.reading.pdf import read_pdf

    return read_pdf(data, source)
