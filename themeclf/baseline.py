"""A keyword baseline: what a careful keyword search would flag. Used only as a yardstick
in evaluation, never to label data."""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

KEYWORDS: dict[str, str] = {
    "excessive_caseloads": r"caseloads? (?:are|is|remain|were) (?:too )?high|high caseloads|workloads? (?:are|is) (?:too )?high|unmanageable|capacity",
    "weak_oversight": r"(?:management|managerial) oversight (?:is|was|has|are) (?:not|inconsistent|weak|limited)|supervision (?:is|was) (?:not|infrequent|inconsistent)|lack of (?:management )?oversight",
    "drift_and_delay": r"drift|delay|too long|not timely|not always timely|waiting",
    "agency_reliance": r"\bagency (?:staff|workers|social workers|managers)|\binterim\b|\blocum",
    "workforce_instability": r"turnover|vacanc|changes? of social worker|recruitment|retention",
    "unallocated_cases": r"unallocated|backlog|awaiting allocation",
    "weak_risk_assessment": r"risks? (?:are|is) not|assessments? (?:are|is) not|do not (?:identify|analyse|consider) risk|superficial",
    "child_voice_missing": r"not seen alone|wishes and feelings (?:are|is) not|voice of the child|direct work",
    "parental_over_optimism": r"optimis|professional curiosity|disguised compliance",
    "poor_multi_agency_working": r"information sharing|partner agencies (?:do not|are not)|multi-agency",
    "exploitation_risk": r"exploitation|return home interview|missing from",
    "unsuitable_placements": r"placement (?:stability|sufficiency|breakdown)|unregistered|unregulated|sufficiency|bed and breakfast",
    "leadership_failure": r"quality assurance|self-evaluation|performance data|leaders (?:have not|do not)",
    "poor_recording_systems": r"record(?:ing|s)? (?:is|are|was|were) (?:not|poor|incomplete)|chronolog|case management system",
}


def keyword_predict(texts: Sequence[str], theme_ids: Sequence[str]) -> np.ndarray:
    """1 where a theme's keyword pattern occurs in the text; themes without a pattern never fire."""
    pats = {t: re.compile(KEYWORDS[t], re.I) for t in theme_ids if t in KEYWORDS}
    out = np.zeros((len(texts), len(theme_ids)), dtype=int)
    for j, t in enumerate(theme_ids):
        if t in pats:
            out[:, j] = [1 if pats[t].search(x) else 0 for x in texts]
    return out
