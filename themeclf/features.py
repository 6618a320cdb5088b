"""Text features that see how inspectors write: negation and contrast scope marking."""

from __future__ import annotations

import re


from themeclf.textnorm import clean

# A negation cue opens a scope that runs to the end of its clause ("not", "too few", "lack of").
_NEG = {
    "not", "no", "never", "nor", "cannot", "can't", "without", "lack", "lacks", "lacking", "absence",
    "insufficient", "insufficiently", "too", "unable", "fail", "fails", "failed", "failing", "limited",
    "inconsistent", "inconsistently", "poor", "poorly", "weak", "isn't", "aren't", "don't", "doesn't",
    "didn't", "wasn't", "weren't", "hasn't", "haven't", "few", "little", "rarely", "seldom",
}
# A contrast cue marks the rest of its sentence: what follows "however" is what counts.
_CONTRAST = {"however", "but", "although", "though", "despite", "yet", "remain", "remains", "still", "continue", "continues"}
_TOKEN = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]|[.;!?]|[,:()]")


def scope_marked(text: str) -> str:
    """Lower-cased words; words inside a negated clause also appear as ``neg_word`` and words
    after a contrast cue as ``con_word`` (the plain words stay, so nothing is lost)."""
    out: list[str] = []
    neg = con = False
    for tok in _TOKEN.findall(clean(text).lower()):
        if tok in ".;!?":
            neg = con = False
            continue
        if tok in ",:()":
            neg = False
            continue
        out.append(tok)
        if neg:
            out.append("neg_" + tok)
        if con:
            out.append("con_" + tok)
        if tok in _NEG:
            neg = True
        if tok in _CONTRAST:
            con = True
    return " ".join(out)


def plain(text: str) -> str:
    """Lower-cased, normalised text."""
    return clean(text).lower()


