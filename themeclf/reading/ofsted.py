"""Ofsted report metadata: local authority, inspection dates and the judgement table."""

from __future__ import annotations

import re

from themeclf.document import Document

GRADES = ("Requires improvement to be good", "Requires improvement", "Outstanding", "Good", "Inadequate")
_GRADE = "|".join(g.replace(" ", r"\s+") for g in GRADES)
JUDGEMENTS = {
    "overall_effectiveness": r"Overall effectiveness",
    "leaders": r"The impact of leaders on social work practice with children and families|Leadership, management and governance",
    "help_and_protection": r"The experiences and progress of children who need help and protection|Children who need help and protection",
    "children_in_care": r"The experiences and progress of children in care(?: and care leavers)?|Children looked after and achieving permanence",
    "care_leavers": r"Experiences and progress of care leavers",
    "adoption": r"Adoption performance",
}
_NAME = re.compile(r"^(.*?(?:Council|Borough|County|City|Corporation|Isles of Scilly)[^\n]*)$", re.M)
_DATES = re.compile(r"Inspection dates?:?\s*([^\n]+?)\s*(?:Report published|Lead inspector|$)", re.I | re.M)


def _norm_grade(g: str) -> str:
    g = re.sub(r"\s+", " ", g).strip().capitalize()
    return "Requires improvement to be good" if g.lower().startswith("requires improvement") else g


def add_ofsted_metadata(doc: Document, head: str) -> None:
    """Fill ``doc.metadata`` from the first page's text when the document is an Ofsted report."""
    head = head.replace("\r\n", "\n").replace("\u2019", "'")
    if "ofsted" not in head.lower() and "inspection" not in head.lower():
        return
    meta = doc.metadata
    m = _DATES.search(head)
    if m:
        meta["inspection_dates"] = m.group(1).strip()
    m = _NAME.search(head)
    if m:
        meta["local_authority"] = m.group(1).strip()
    judgements = {}
    flat = re.sub(r"\s+", " ", head)
    for key, pattern in JUDGEMENTS.items():
        m = re.search(rf"(?:{pattern})\s*(?:is|are|require|requires)?\s*({_GRADE})", flat, re.I)
        if m:
            judgements[key] = _norm_grade(m.group(1))
    m = re.search(r"The overall judgement is that children's services (?:are )?(requires? improvement|inadequate|good|outstanding)",
                  flat, re.I)
    if m and "overall_effectiveness" not in judgements:
        judgements["overall_effectiveness"] = _norm_grade(m.group(1).replace("require ", "requires "))
    if judgements:
        meta["judgements"] = judgements
        # The judgement table is metadata, not prose: drop its cells from the paragraphs.
        cell = re.compile(rf"^(?:(?:The )?(?:{'|'.join(JUDGEMENTS.values())})\.?|{_GRADE}|be good|Judgement Grade)$", re.I)
        kept = [p for p in doc.paragraphs if not ((p.page or 1) == 1 and cell.match(p.text))]
        if len(kept) != len(doc.paragraphs):
            for i, p in enumerate(kept):
                p.index = i
            doc.paragraphs[:] = kept
