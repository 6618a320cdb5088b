"""Add paragraphs we wrote ourselves to labels/own.jsonl, settled by blind readings.

The writer labels each paragraph by reading it against the codebook; two or more readers, blind to
those labels, label it again. Per theme, the majority of all readings decides (two of three), as
for re-read report paragraphs. The writer's and the readers' agreement is printed.

    python scripts/import_own.py --round "session 8" WRITTEN.jsonl READ_A.jsonl READ_B.jsonl

WRITTEN holds {"id", "text", "labels", "doc_id", "genre"}; each READ file one reader's
{"id", "labels"} for every id of WRITTEN. Ids already in the output are refused.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from themeclf.atomic import atomic_open  # noqa: E402
from themeclf.labelling import majority_labels  # noqa: E402
from themeclf.themes import load_themes  # noqa: E402

FIELDS = ("id", "text", "labels", "doc_id", "genre")


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def micro_f1(a: list[list[str]], b: list[list[str]]) -> float:
    """Micro-F1 of one reading against another over (paragraph, theme) pairs."""
    tp = sum(len(set(x) & set(y)) for x, y in zip(a, b))
    total = sum(len(x) + len(y) for x, y in zip(a, b))
    return 2 * tp / total if total else 1.0


def settle(written: list[dict], readings: list[list[dict]], theme_ids: set[str]) -> list[dict]:
    """The written records with their labels settled by the majority of writer and readers."""
    for row in written:
        missing = [k for k in FIELDS if k not in row]
        if missing:
            raise SystemExit(f"Error: written paragraph {row.get('id')!r} lacks {', '.join(missing)}")
    ids = [r["id"] for r in written]
    if len(set(ids)) != len(ids):
        raise SystemExit("Error: the written file repeats an id")
    by_reader = []
    for n, rows in enumerate(readings, 1):
        got = {r["id"]: sorted(r["labels"]) for r in rows}
        if set(got) != set(ids) or len(got) != len(rows):
            raise SystemExit(f"Error: reading {n} does not read every written id exactly once")
        by_reader.append(got)
    for labels in [r["labels"] for r in written] + [lab for got in by_reader for lab in got.values()]:
        unknown = sorted(set(labels) - theme_ids)
        if unknown:
            raise SystemExit(f"Error: unknown theme {unknown[0]!r}")
    out = []
    for row in written:
        votes = [row["labels"]] + [got[row["id"]] for got in by_reader]
        out.append({**{k: row[k] for k in FIELDS}, "labels": majority_labels(votes)})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("written", type=Path)
    ap.add_argument("readings", type=Path, nargs="+")
    ap.add_argument("--round", required=True, help="recorded on each new record as 'settled'")
    ap.add_argument("--out", type=Path, default=ROOT / "labels" / "own.jsonl")
    args = ap.parse_args()
    if len(args.readings) < 2:
        raise SystemExit("Error: give at least two blind readings")
    theme_ids = {t.id for t in load_themes()}
    written = _jsonl(args.written)
    readings = [_jsonl(p) for p in args.readings]
    kept = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    existing = [json.loads(line) for line in kept.splitlines() if line.strip()]
    clash = {r["id"] for r in existing} & {r["id"] for r in written}
    if clash:
        raise SystemExit(f"Error: {len(clash)} ids are already in {args.out}, e.g. {sorted(clash)[0]}")
    settled = settle(written, readings, theme_ids)
    order = [r["id"] for r in written]
    writer = [r["labels"] for r in written]
    for n, rows in enumerate(readings, 1):
        got = {r["id"]: r["labels"] for r in rows}
        print(f"reader {n} against the writer: micro-F1 {micro_f1(writer, [got[i] for i in order]):.3f}", file=sys.stderr)
    changed = sum(sorted(a) != b["labels"] for a, b in zip(writer, settled))
    print(f"{len(settled)} paragraphs added; the majority changed the writer's labels on {changed}", file=sys.stderr)
    with atomic_open(args.out) as fh:  # the records already there are kept byte for byte
        fh.write(kept if not kept or kept.endswith("\n") else kept + "\n")
        for row in settled:
            fh.write(json.dumps({**row, "settled": args.round}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
