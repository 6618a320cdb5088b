"""Reading documents: bytes in, Documents of paragraphs out. The format is decided from content.

``read(path_or_file)`` is the one entry point; ``read_many`` reads a batch in parallel and
reports failures per file without stopping.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from themeclf.document import Document
from themeclf.errors import ReadError

MAX_BYTES = 200 * 1024 * 1024
SUFFIXES = {".pdf", ".docx", ".html", ".htm", ".xhtml", ".txt", ".md", ".markdown", ".text", ".rst"}


def sniff(data: bytes, name: str = "") -> str:
    """Decide the format from the bytes: pdf, docx, html or text (the name only breaks ties)."""
    head = data[:2048].lstrip()
    if data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        if b"word/" in data[:65536] or name.lower().endswith(".docx"):
            return "docx"
        return "zip"
    low = head.lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in low[:1024] or b"<body" in low[:2048]:
        return "html"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "doc"
    sample = data[:4096]
    if sample.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return "text"
    if b"\x00" in sample and not (len(sample) > 3 and sample[1:2] == b"\x00"):
        return "binary"
    bad = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return "binary" if sample and bad / len(sample) > 0.05 else "text"


def read_bytes(data: bytes, source: str) -> Document:
    """Read a document held in memory."""
    if not data.strip():
        raise ReadError(f"{source}: the file is empty")
    kind = sniff(data, source)
    if kind == "pdf":
        from themeclf.reading.pdf import read_pdf

        doc = read_pdf(data, source)
    elif kind == "docx":
        from themeclf.reading.word import read_docx

        doc = read_docx(data, source)
    elif kind == "html":
        if source.lower().endswith(".pdf"):
            raise ReadError(f"{source}: a web page saved with a .pdf name, not a PDF (a failed download?)")
        from themeclf.reading.webpage import read_html

        doc = read_html(data, source)
    elif kind == "text":
        from themeclf.reading.plain import read_text

        doc = read_text(data, source)
    elif kind == "doc":
        raise ReadError(f"{source}: old Word (.doc) format is not supported; save it as .docx or PDF")
    elif kind == "zip":
        raise ReadError(f"{source}: a zip archive, not a document; unpack it first")
    else:
        what = "not a PDF (its content is not PDF)" if source.lower().endswith(".pdf") else "not a document themeclf can read"
        raise ReadError(f"{source}: {what}")
    if not doc.paragraphs:
        raise ReadError(f"{source}: no text found" + ("; it may be a scan and need OCR" if kind == "pdf" else ""))
    return doc


def read_file(fh: BinaryIO, source: str) -> Document:
    """Read from a binary file object (``-`` style stdin included)."""
    data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ReadError(f"{source}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    return read_bytes(data, source)


def read_path(path: str | Path, source: str | None = None) -> Document:
    """Read one file from disk."""
    path = Path(path)
    src = source or str(path)
    try:
        with open(path, "rb") as fh:
            return read_file(fh, src)
    except FileNotFoundError:
        raise ReadError(f"{src}: no such file") from None
    except IsADirectoryError:
        raise ReadError(f"{src}: is a directory") from None
    except PermissionError:
        raise ReadError(f"{src}: permission denied") from None
    except OSError as exc:
        raise ReadError(f"{src}: cannot be read ({exc.strerror or exc})") from None


def read(source: str | Path | BinaryIO, name: str | None = None) -> Document:
    """Read a path, ``-`` (stdin) or a binary file object."""
    if hasattr(source, "read"):
        return read_file(source, name or getattr(source, "name", "<stream>"))
    if str(source) == "-":
        import sys

        return read_file(sys.stdin.buffer, name or "<stdin>")
    return read_path(source, name)


def expand(paths: Iterable[str]) -> tuple[list[str], list[ReadError]]:
    """Expand directories (recursively, readable suffixes, hidden files skipped) into files."""
    files: list[str] = []
    errors: list[ReadError] = []
    for p in paths:
        if p == "-":
            files.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            found = sorted(
                str(f) for f in path.rglob("*")
                if f.is_file() and f.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(path).parts)
            )
            if not found:
                errors.append(ReadError(f"{p}: no readable files in this directory (PDF, Word, HTML, text)"))
            files.extend(found)
        elif not path.exists():
            errors.append(ReadError(f"{p}: no such file or directory"))
        else:
            files.append(p)
    return files, errors


def _read_one(path: str) -> Document | ReadError:
    try:
        return read_path(path)
    except ReadError as exc:
        return exc
    except Exception as exc:  # a reader bug must not stop a batch
        return ReadError(f"{path}: could not be read ({type(exc).__name__}: {exc})")


# What each worker does with a document it has read (set before the workers start).
_THEN: Callable[[Document], object] | None = None


def _set_then(then: Callable[[Document], object] | None) -> None:
    global _THEN
    _THEN = then


def _work(path: str, then: Callable[[Document], object] | None = None) -> object:
    """Read one file and apply ``then`` (default: the worker's) unless it failed."""
    result = _read_one(path)
    then = then or _THEN
    return result if then is None or isinstance(result, ReadError) else then(result)


def read_many(paths: list[str], jobs: int | None = None,
              then: Callable[[Document], object] | None = None) -> Iterator[tuple[str, object]]:
    """Read files in parallel, yielding ``(path, Document or ReadError)`` in input order.

    ``then``, when given, runs on each Document inside the worker that read it and its result
    is yielded instead: tagging there spreads the model's work over the cores with the reading
    (only the scores travel back). With ``fork`` the workers inherit ``then`` (and the model it
    holds) without copying it; elsewhere it is pickled once per worker."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(paths) <= 1:
        for p in paths:
            yield p, _work(p, then)
        return
    import multiprocessing

    if hasattr(os, "fork"):
        ctx, init, args = multiprocessing.get_context("fork"), None, ()
        _set_then(then)  # inherited by the forked workers
    else:
        ctx, init, args = None, _set_then, (then,)
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(paths)), mp_context=ctx,
                                 initializer=init, initargs=args) as pool:
            yield from zip(paths, pool.map(_work, paths, chunksize=1))
    finally:
        _set_then(None)
