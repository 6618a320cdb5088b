"""What reading produces: a document of paragraphs, each with its provenance."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Paragraph:
    """One unit of text as the author wrote it, with where it came from."""

    text: str
    index: int
    page: int | None = None
    section: str | None = None


@dataclass
class Document:
    """A read document: its source, its paragraphs and any metadata found in it."""

    source: str
    paragraphs: list[Paragraph]
    kind: str = "text"
    metadata: dict[str, object] = field(default_factory=dict)
