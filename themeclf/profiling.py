"""Document profiles: one row per document with its metadata and, per theme, the share of
paragraphs flagged. Rendering (CSV, heatmap) lives in output and plots."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from themeclf.document import Document
from themeclf.tagging import Tagged

_DATE = re.compile(r"(\d{1,2}\s+[A-Z][a-z]+\s+\d{4})|([A-Z][a-z]+\s+\d{4})")


@dataclass
class Profile:
    source: str
    council: str | None
    inspection_date: str | None
    judgements: dict[str, str]
    paragraphs: int
    shares: dict[str, float] = field(default_factory=dict)


def council_of(doc: Document) -> str | None:
    la = doc.metadata.get("local_authority")
    if la:
        return str(la)
    # Corpus layout <urn>_<council>/<report>: the folder names the council.
    parts = doc.source.replace("\\", "/").split("/")
    if len(parts) >= 2:
        m = re.match(r"^\d+_(.+)$", parts[-2])
        if m:
            return m.group(1).title()
    return None


def inspection_date(doc: Document) -> str | None:
    dates = doc.metadata.get("inspection_dates")
    if dates:
        found = _DATE.findall(str(dates))
        if found:
            last = found[-1]
            return last[0] or last[1]
        return str(dates)
    m = re.search(r"(\d{1,2} [a-z]+ \d{4})", doc.source.lower())
    return m.group(1) if m else None


def profile(doc: Document, items: list[Tagged], theme_ids: list[str]) -> Profile:
    n = len(items)
    shares = {t: (sum(1 for x in items if t in x.labels) / n if n else 0.0) for t in theme_ids}
    return Profile(doc.source, council_of(doc), inspection_date(doc),
                   dict(doc.metadata.get("judgements") or {}), n, shares)
