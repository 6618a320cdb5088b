"""Labelled data: JSON Lines and CSV records in, validated records out.

A record is ``{"text", "labels", "doc_id"?, "id"?}``. Stand-off records locate a report
paragraph instead of holding its text: ``{"report", "index", "hash", "labels"}``; they are
resolved through the project's own reader (see :func:`resolve_standoff`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO, Iterable, Iterator

from themeclf.errors import DataError, ReadError
from themeclf.textnorm import key, text_hash

MIN_POSITIVES = 5


@dataclass
class Record:
    text: str
    labels: list[str]
    doc_id: str | None = None
    id: str | None = None
    where: str = ""  # "file:line"
    extra: dict[str, object] = field(default_factory=dict)

    @cached_property
    def match_key(self) -> str:
        """The text's matching key (``textnorm.key``), computed once: validation, the data hash
        and the dev_gold checks all compare on it."""
        return key(self.text)


def document_groups(records: Iterable[Record]) -> list[str]:
    """Each record's document (its doc_id, else its id, else its row): what grouped
    cross-validation keeps on one side of every split."""
    return [r.doc_id or r.id or f"row{i}" for i, r in enumerate(records)]


@dataclass
class Issue:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Validation:
    records: list[Record]
    errors: list[Issue]
    warnings: list[Issue]
    positives: dict[str, int]

    @property
    def no_theme_share(self) -> float:
        n = len(self.records)
        return sum(1 for r in self.records if not r.labels) / n if n else 0.0


def _open_text(path: str) -> tuple[IO[str], str]:
    if path == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig"), "<stdin>"
    try:
        return open(path, encoding="utf-8-sig", newline=""), path
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a directory, not a data file") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _split_labels(value: object) -> list[str] | None:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()] if all(isinstance(v, str) for v in value) else None
    if isinstance(value, str):
        return [v.strip() for v in value.replace(",", ";").split(";") if v.strip()]
    if value is None:
        return []
    return None


def iter_raw(fh: IO[str], name: str, fmt: str | None = None) -> Iterator[tuple[str, dict | None, str | None]]:
    """Yield ``(where, record dict or None, error or None)`` for each JSONL line or CSV row."""
    if fmt is None:
        lower = name.lower()
        if lower.endswith(".csv"):
            fmt = "csv"
        elif lower.endswith((".jsonl", ".ndjson", ".json")):
            fmt = "jsonl"
        else:
            head = fh.read(1)
            while head and head.isspace():
                head = fh.read(1)
            rest = fh.read()
            fh = io.StringIO(head + rest)
            fmt = "jsonl" if head == "{" else "csv"
    if fmt == "jsonl":
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield f"{name}:{n}", None, f"invalid JSON ({exc.msg})"
                continue
            if not isinstance(obj, dict):
                yield f"{name}:{n}", None, "a record must be a JSON object"
                continue
            yield f"{name}:{n}", obj, None
    else:
        try:
            reader = csv.DictReader(fh)
            fields = reader.fieldnames or []
            if "text" not in fields:
                yield f"{name}:1", None, "CSV needs a 'text' column (and 'labels')"
                return
            for row in reader:
                yield f"{name}:{reader.line_num}", dict(row), None
        except csv.Error as exc:
            yield f"{name}:{reader.line_num}", None, f"invalid CSV ({exc})"


def parse_record(obj: dict, where: str, theme_ids: set[str] | None) -> tuple[Record | None, str | None]:
    """Turn one raw dict into a Record, or say what is wrong with it."""
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return None, "empty or missing text"
    labels = _split_labels(obj.get("labels"))
    if labels is None:
        return None, "labels must be a list of theme ids (or ';'-separated in CSV)"
    if theme_ids is not None:
        unknown = sorted(set(labels) - theme_ids)
        if unknown:
            return None, f"unknown theme id{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}"
    extra = {k: v for k, v in obj.items() if k not in {"text", "labels", "doc_id", "id"}}
    doc_id = obj.get("doc_id")
    rid = obj.get("id")
    return Record(text.strip(), sorted(set(labels)), str(doc_id) if doc_id not in (None, "") else None,
                  str(rid) if rid not in (None, "") else None, where, extra), None


def validate(paths: Iterable[str], theme_ids: set[str] | None) -> Validation:
    """Read every record of every file; collect errors and warnings with ``file:line``."""
    records: list[Record] = []
    errors: list[Issue] = []
    seen: dict[str, Record] = {}
    for path in paths:
        fh, name = _open_text(path)
        try:
            for where, obj, err in iter_raw(fh, name):
                if err:
                    errors.append(Issue(where, err))
                    continue
                rec, err = parse_record(obj, where, theme_ids)
                if err:
                    errors.append(Issue(where, err))
                    continue
                k = rec.match_key
                first = seen.get(k)
                if first is not None and first.labels != rec.labels:
                    errors.append(Issue(where, f"same text as {first.where} with different labels "
                                               f"({';'.join(rec.labels) or 'none'} vs {';'.join(first.labels) or 'none'})"))
                    continue
                seen.setdefault(k, rec)
                records.append(rec)
        except UnicodeDecodeError:
            errors.append(Issue(name, "not UTF-8 text"))
        finally:
            if path != "-":
                fh.close()
    positives = Counter(label for r in records for label in r.labels)
    pos = {t: positives.get(t, 0) for t in sorted(theme_ids)} if theme_ids else dict(positives)
    warnings = [Issue("data", f"theme {t} has only {n} positive paragraph{'s' if n != 1 else ''} "
                              f"(fewer than {MIN_POSITIVES})") for t, n in pos.items() if n < MIN_POSITIVES]
    return Validation(records, errors, warnings, pos)


def load_records(paths: Iterable[str], theme_ids: set[str] | None) -> list[Record]:
    """Load records, refusing the data with the first error (``file:line: message``)."""
    result = validate(paths, theme_ids)
    if result.errors:
        more = f" (and {len(result.errors) - 1} more; run 'themeclf validate')" if len(result.errors) > 1 else ""
        raise DataError(f"{result.errors[0]}{more}")
    if not result.records:
        raise DataError("no labelled records found")
    return result.records


def data_hash(records: Iterable[Record]) -> str:
    """sha256 over the texts and labels, order-independent: identifies a training set."""
    h = hashlib.sha256()
    for line in sorted(f"{r.match_key}\t{';'.join(r.labels)}" for r in records):
        h.update(line.encode("utf-8") + b"\n")
    return h.hexdigest()


# --- stand-off records ----------------------------------------------------------------------


def standoff_record(report: str, index: int, text: str, labels: list[str], **extra: object) -> dict:
    """A stand-off record: where a paragraph is and what it says, without its text."""
    return {"report": report, "index": index, "hash": text_hash(text), "labels": sorted(labels), **extra}


@dataclass
class Resolution:
    records: list[Record]
    unresolved: list[Issue]


def resolve_standoff(path: str | Path, corpus: str | Path) -> Resolution:
    """Recover the text of each stand-off record with the project's reader.

    A paragraph is found by its text hash anywhere in its report (robust to changes in
    paragraph numbering); records whose paragraph is gone are reported, not guessed.
    """
    from themeclf.reading import read_path

    corpus = Path(corpus)
    docs: dict[str, dict[str, tuple[int, str]] | None] = {}
    records: list[Record] = []
    unresolved: list[Issue] = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                obj = json.loads(line)
                report, h = obj["report"], obj["hash"]
            except (json.JSONDecodeError, KeyError, TypeError):
                unresolved.append(Issue(where, "not a stand-off record (needs report, index, hash, labels)"))
                continue
            if report not in docs:
                try:
                    doc = read_path(corpus / report, source=report)
                    docs[report] = {text_hash(p.text): (p.index, p.text) for p in doc.paragraphs}
                except ReadError as exc:
                    docs[report] = None
                    unresolved.append(Issue(where, f"report cannot be read: {exc}"))
                    continue
            table = docs[report]
            if table is None:
                unresolved.append(Issue(where, f"report cannot be read: {report}"))
                continue
            if h not in table:
                unresolved.append(Issue(where, f"paragraph {obj.get('index')} of {report} no longer found"))
                continue
            index, text = table[h]
            extra = {k: v for k, v in obj.items() if k not in {"report", "index", "hash", "labels", "doc_id"}}
            records.append(Record(text, sorted(obj.get("labels", [])), obj.get("doc_id") or report,
                                  f"{report}#{index}", where, {"source": report, **extra}))
    return Resolution(records, unresolved)


def files_sha256(paths: Iterable[str | Path]) -> str:
    """sha256 over the bytes of several files, in the order given (identifies a label set)."""
    h = hashlib.sha256()
    for p in paths:
        h.update(Path(p).name.encode() + b"\0" + Path(p).read_bytes() + b"\0")
    return h.hexdigest()
