"""Choose report paragraphs for people to read and label (selection only, never labels).

Writes JSONL batches {"id", "report", "index", "page", "section", "text"} to a folder
outside the repository. Whole reports give honest negatives; a second draw picks
paragraphs that mention rare topics so that rare themes get enough readings. Paragraphs
of ../shared/ofsted/dev_gold.jsonl are never drawn.

    python scripts/sample_for_labelling.py --out /tmp/labelling --batches 7
    python scripts/sample_for_labelling.py --unread --out /tmp/labelling --batches 13

With --unread it draws every paragraph of six or more words that has not been read yet (no
stand-off record holds its text, in any report), whole reports together: the completion
round that leaves every readable report labelled end to end.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from themeclf.errors import ReadError  # noqa: E402
from themeclf.reading import read_path  # noqa: E402
from themeclf.textnorm import key, text_hash  # noqa: E402

SHARED = ROOT.parent / "shared" / "ofsted"
# Topic words decide only which paragraphs are read next, never their labels.
TOPICS = {
    "agency": (r"\bagency\b|\blocum|\binterim\b|\btemporary (?:staff|workers|managers)", 260),
    "caseload": (r"caseload|workload|capacity", 230),
    "allocation": (r"unallocated|allocat|backlog|waiting list|awaiting", 230),
    "optimism": (r"optimis|curiosity|disguised|parents' (?:own )?account|self-report|take at face value", 220),
    "other": (r"turnover|vacanc|recruit|unregistered|unregulated|homeless|bed and breakfast|county lines|missing", 220),
}


def gold_keys(shared: Path = SHARED) -> set[str]:
    path = shared / "dev_gold.jsonl"
    keys = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        k = key(json.loads(line)["text"])
        keys.update({k, k[:80], k[-80:]})
    return keys


def read_keys(standoff: Path, docs: dict) -> set[str]:
    """The text keys of every paragraph of ``docs`` (already read, by report) that a stand-off
    record holds: found by its hash in its report, as ``resolve_standoff`` finds it."""
    held = {(r["report"], r["hash"]) for r in map(json.loads, filter(str.strip, standoff.read_text(encoding="utf-8").splitlines()))}
    return {key(p.text) for rel, d in docs.items() for p in d.paragraphs if (rel, text_hash(p.text)) in held}


def whole_reports(docs: dict, rng: random.Random, sif_reports: int, ilacs_reports: int) -> list[str]:
    """One report per council, at random, until there are enough of each inspection framework
    (2013-2017 single inspections, 2018+ ILACS)."""

    def year(rel: str) -> int:
        m = re.search(r"(20\d\d)\.pdf$", rel)
        return int(m.group(1)) if m else 0

    by_council: dict[str, list[str]] = {}
    for rel in docs:
        by_council.setdefault(rel.split("/")[0], []).append(rel)
    councils = sorted(by_council)
    rng.shuffle(councils)
    whole: list[str] = []
    n_sif = n_ilacs = 0
    for c in councils:
        sif = [r for r in by_council[c] if 2013 <= year(r) <= 2017]
        ilacs = [r for r in by_council[c] if year(r) >= 2018]
        if sif and n_sif < sif_reports:
            whole.append(rng.choice(sif))
            n_sif += 1
        elif ilacs and n_ilacs < ilacs_reports:
            whole.append(rng.choice(ilacs))
            n_ilacs += 1
    return whole


def is_gold(k: str, gold: set[str]) -> bool:
    return k in gold or k[:80] in gold or k[-80:] in gold


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--batches", type=int, default=7)
    ap.add_argument("--sif-reports", type=int, default=6)
    ap.add_argument("--ilacs-reports", type=int, default=12)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--unread", action="store_true", help="every paragraph not read yet, whole reports together")
    ap.add_argument("--shared", type=Path, default=SHARED, help="the corpus folder (reports/ and dev_gold.jsonl)")
    ap.add_argument("--standoff", type=Path, default=ROOT / "labels" / "standoff.jsonl",
                    help="the readings so far (for --unread)")
    args = ap.parse_args()
    shared = args.shared
    if not shared.is_dir():
        sys.exit(f"error: {shared} is not here; this script needs the report corpus")
    rng = random.Random(args.seed)
    gold = gold_keys(shared)
    reports = sorted(shared.glob("reports/*/*.pdf"))
    docs = {}
    for path in reports:
        rel = path.relative_to(shared / "reports").as_posix()
        try:
            docs[rel] = read_path(path, source=rel)
        except ReadError:
            continue

    # --unread: every report, its unread paragraphs only; else some whole reports, then topics.
    whole = sorted(docs) if args.unread else whole_reports(docs, rng, args.sif_reports, args.ilacs_reports)
    seen: set[str] = read_keys(args.standoff, docs) if args.unread else set()
    items = []

    def take(rel: str, p, why: str) -> None:
        k = key(p.text)
        if len(k.split()) < 6 or k in seen or is_gold(k, gold):
            return
        seen.add(k)
        items.append({"report": rel, "index": p.index, "page": p.page, "section": p.section,
                      "text": p.text, "why": why})

    for rel in whole:
        for p in docs[rel].paragraphs:
            take(rel, p, "unread" if args.unread else "whole report")
    n_whole = len(items)
    pool = [(rel, p) for rel, d in docs.items() if rel not in whole for p in d.paragraphs]
    rng.shuffle(pool)
    for topic, (pattern, quota) in ({} if args.unread else TOPICS).items():
        rx = re.compile(pattern, re.I)
        got = 0
        for rel, p in pool:
            if got >= quota:
                break
            if rx.search(p.text) and key(p.text) not in seen:
                take(rel, p, f"topic:{topic}")
                got += 1
    args.out.mkdir(parents=True, exist_ok=True)
    # Whole reports stay together (context helps the reader); topic draws are dealt round.
    batches: list[list[dict]] = [[] for _ in range(args.batches)]
    i = 0
    groups: dict[str, list[dict]] = {}
    for it in items[:n_whole]:
        groups.setdefault(it["report"], []).append(it)
    for rel in whole:
        if rel in groups:
            min(batches, key=len).extend(groups[rel])
    for it in items[n_whole:]:
        batches[i % args.batches].append(it)
        i += 1
    for b, batch in enumerate(batches):
        with open(args.out / f"batch_{b}.jsonl", "w", encoding="utf-8") as fh:
            for j, it in enumerate(batch):
                fh.write(json.dumps({"id": f"b{b}-{j:04d}", **it}, ensure_ascii=False) + "\n")
    print(f"{len(items)} paragraphs ({n_whole} from {len(groups)} whole reports) in {args.batches} batches",
          file=sys.stderr)


if __name__ == "__main__":
    main()
