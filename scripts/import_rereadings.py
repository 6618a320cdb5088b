"""Settle blind re-readings of paragraphs already in labels/standoff.jsonl.

Per theme, the majority of the readings decides: the stored reading and the re-readings each
vote, and a theme stays or comes in when more than half of them tick it (two of three). Every
stand-off record with the same text hash gets the settled labels, so a paragraph printed in two
reports keeps one reading. A record whose labels change gains "reread": ROUND.

    python scripts/import_rereadings.py --round "audit, session 4" ITEMS.jsonl READ_A.jsonl READ_B.jsonl ...

ITEMS holds the re-read paragraphs ({"id", "report", "hash", ...}); each READ file holds one
reader's decisions ({"id", "labels"}). An id must be read in every READ file that mentions it;
ids read fewer than twice are left as they are.

One-theme rounds (readers decide a single theme, {"id", "<theme>": true/false}) settle only that
theme and leave the others as stored:

    python scripts/import_rereadings.py --theme leadership_failure --round "..." ITEMS READ_A READ_B

--base STANDOFF takes the stored vote from an earlier copy of the stand-off file (for a round that
replaces an earlier round's readings of the same paragraphs).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from project import read_jsonl  # noqa: E402

from themeclf.atomic import atomic_open  # noqa: E402
from themeclf.labelling import majority_labels  # noqa: E402
from themeclf.themes import load_themes  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("items", type=Path)
    ap.add_argument("reads", type=Path, nargs="+")
    ap.add_argument("--round", required=True, help="what the re-reading was, recorded on changed records")
    ap.add_argument("--out", type=Path, default=ROOT / "labels" / "standoff.jsonl")
    ap.add_argument("--theme", help="a one-theme round: readers decided only this theme")
    ap.add_argument("--base", type=Path, help="take the stored vote from this earlier stand-off file")
    args = ap.parse_args()
    ids = {t.id for t in load_themes()}
    if args.theme and args.theme not in ids:
        sys.exit(f"unknown theme {args.theme}")
    scope = {args.theme} if args.theme else ids  # the themes this round's readers decided

    def reading(got: dict) -> list[str] | None:
        """A reader's labels within the round's scope, or None for a line that is not one."""
        if args.theme:
            return ([args.theme] if got[args.theme] else []) if isinstance(got.get(args.theme), bool) else None
        labels = set(got.get("labels", ["?"]))
        return sorted(labels) if labels <= ids else None

    items = {o["id"]: o for o in read_jsonl(args.items)}
    rereads: dict[str, list[list[str]]] = {}
    for path in args.reads:
        for got in read_jsonl(path):
            labels = reading(got) if got.get("id") in items else None
            if labels is None:
                sys.exit(f"{path}: unexpected line {json.dumps(got)[:120]}")
            rereads.setdefault(got["id"], []).append(labels)
    records = read_jsonl(args.out)
    by_hash: dict[str, list[dict]] = {}
    for r in records:
        by_hash.setdefault(r["hash"], []).append(r)
    base: dict[str, list[str]] = {}
    for o in read_jsonl(args.base) if args.base else []:
        base.setdefault(o["hash"], o["labels"])
    changed, added, removed, agree = 0, Counter(), Counter(), 0
    for item_id, readings in rereads.items():
        if len(readings) < 2:
            continue
        h = items[item_id]["hash"]
        same_text = by_hash.get(h)
        if not same_text:
            sys.exit(f"{item_id}: no stand-off record has hash {h}")
        stored = sorted(same_text[0]["labels"])
        vote = sorted(t for t in base.get(h, stored) if t in scope)  # the stored reading's vote
        agree += all(r == vote for r in readings)
        settled = sorted([t for t in stored if t not in scope] + majority_labels([vote, *readings]))
        if settled == stored:
            continue
        changed += 1
        added.update(set(settled) - set(stored))
        removed.update(set(stored) - set(settled))
        for r in same_text:
            r["labels"] = settled
            r["reread"] = args.round
    with atomic_open(args.out) as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rereads)} paragraphs re-read; every re-reading matched the stored labels on {agree}; "
          f"{changed} changed by the majority", file=sys.stderr)
    print(f"themes added: {dict(added)}", file=sys.stderr)
    print(f"themes removed: {dict(removed)}", file=sys.stderr)


if __name__ == "__main__":
    main()
