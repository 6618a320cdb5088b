"""Tagging: paragraphs in, themes over threshold and scores per theme out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Callable, Sequence

from themeclf.document import Document, Paragraph
from themeclf.errors import DataError
from themeclf.model import ThemeModel

BATCH = 2048


@dataclass
class Tagged:
    """One tagged unit: a report paragraph or an input record."""

    text: str
    labels: list[str]
    scores: dict[str, float]
    source: str | None = None
    page: int | None = None
    index: int | None = None
    section: str | None = None
    id: object = None
    extra: dict = field(default_factory=dict)
    evidence: dict | None = None


def _score_rows(model: ThemeModel, texts: Sequence[str]) -> tuple[list[list[str]], list[list[float]]]:
    """Each text's labels, and its scores (rounded) in the order of ``model.theme_ids``."""
    labels: list[list[str]] = []
    rows: list[list[float]] = []
    for start in range(0, len(texts), BATCH):
        s = model.scores(texts[start:start + BATCH])
        labels.extend(model.labels_from_scores(s))
        rows.extend(s.round(4).tolist())
    return labels, rows


def _score(model: ThemeModel, texts: Sequence[str]) -> tuple[list[list[str]], list[dict[str, float]]]:
    ids = model.theme_ids
    labels, rows = _score_rows(model, texts)
    return labels, [dict(zip(ids, row)) for row in rows]


def tag_document(doc: Document, model: ThemeModel, explain: bool = False) -> tuple[Document, list[Tagged]]:
    """Tag one document's paragraphs (with evidence for each flagged theme when ``explain``)."""
    return doc, unpack(tag_packed(doc, model, explain))[1]


def tag_packed(doc: Document, model: ThemeModel, explain: bool = False) -> tuple:
    """What ``tag_document`` gives, as plain tuples (see ``unpack``): what a reading worker sends
    back, pickled and unpickled five times faster than Tagged objects with their score dicts."""
    labels, rows = _score_rows(model, [p.text for p in doc.paragraphs])
    evidence: list[dict | None] = [None] * len(rows)
    if explain:
        from themeclf.explanation import explain as explain_one

        evidence = [explain_one(model, p.text, ls) if ls else None for p, ls in zip(doc.paragraphs, labels)]
    packed = [(p.text, ls, row, p.page, p.index, p.section, ev)
              for p, ls, row, ev in zip(doc.paragraphs, labels, rows, evidence)]
    return doc.source, doc.kind, doc.metadata, tuple(model.theme_ids), packed


def _items(packed: tuple) -> list[Tagged]:
    source, _, _, ids, rows = packed
    return [Tagged(text, labels, dict(zip(ids, scores)), source, page, index, section, evidence=evidence)
            for text, labels, scores, page, index, section, evidence in rows]


def unpack(packed: tuple) -> tuple[Document, list[Tagged]]:
    """The document and tagged items that ``tag_packed`` packed."""
    source, kind, metadata, _, _ = packed
    items = _items(packed)
    paragraphs = [Paragraph(t.text, t.index, t.page, t.section) for t in items]
    return Document(source, paragraphs, kind, metadata), items


def tag_rendered(doc: Document, model: ThemeModel, render: Callable[[list[Tagged]], str],
                 explain: bool = False) -> tuple[str, str]:
    """The document's source and its tagged paragraphs rendered by ``render``, done where the
    document was read: a reading worker sends back one string instead of the items."""
    return doc.source, render(_items(tag_packed(doc, model, explain)))


def explain_items(model: ThemeModel, items: Sequence[Tagged]) -> None:
    """Attach evidence (terms and sentence) to each flagged item, in place."""
    from themeclf.explanation import explain

    for t in items:
        if t.labels:
            t.evidence = explain(model, t.text, t.labels)


def read_records(fh: IO[str], name: str) -> list[dict]:
    """JSONL records ``{"id", "text", ...}`` to tag as units (not split)."""
    from themeclf.data import iter_raw

    records = []
    for where, obj, err in iter_raw(fh, name, "jsonl"):
        if err:
            raise DataError(f"{where}: {err}")
        if not isinstance(obj.get("text"), str):
            raise DataError(f"{where}: a record needs a \"text\" string")
        records.append(obj)
    return records


def tag_records(records: Sequence[dict], model: ThemeModel, source: str | None = None) -> list[Tagged]:
    """Tag records as units; other keys pass through."""
    labels, scores = _score(model, [r["text"] for r in records])
    out = []
    for i, (r, ls, sc) in enumerate(zip(records, labels, scores)):
        extra = {k: v for k, v in r.items() if k not in {"id", "text", "labels", "scores"}}
        out.append(Tagged(r["text"], ls, sc, source, None, i, None, r.get("id"), extra))
    return out
