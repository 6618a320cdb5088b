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

from project import agreement, jsonl_rows, read_jsonl  # noqa: E402

from themeclf.atomic import atomic_open  # noqa: E402
from themeclf.labelling import majority_labels  # noqa: E402
from themeclf.themes import load_themes  # noqa: E402

FIELDS = ("id", "text", "labels", "doc_id", "genre")


def reader_labels(written: list[dict], readings: list[list[dict]], theme_ids: set[str]) -> list[dict[str, list[str]]]:
    """Each reader's labels by id, once the written file and every reading are checked."""
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
    return by_reader


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("written", type=Path)
    ap.add_argument("readings", type=Path, nargs="+")
    ap.add_argument("--round", required=True, help="recorded on each new record as 'settled'")
    ap.add_argument("--out", type=Path, default=ROOT / "labels" / "own.jsonl")
    args = ap.parse_args()
    if len(args.readings) < 2:
        raise SystemExit("Error: give at least two blind readings")
    theme_ids = sorted(t.id for t in load_themes())
    written = read_jsonl(args.written)
    kept = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    clash = {r["id"] for r in jsonl_rows(kept)} & {r["id"] for r in written}
    if clash:
        raise SystemExit(f"Error: {len(clash)} ids are already in {args.out}, e.g. {sorted(clash)[0]}")
    by_reader = reader_labels(written, [read_jsonl(p) for p in args.readings], set(theme_ids))
    writer = [sorted(r["labels"]) for r in written]
    settled = [majority_labels([labels] + [got[r["id"]] for got in by_reader]) for r, labels in zip(written, writer)]
    for n, got in enumerate(by_reader, 1):
        f1 = agreement(writer, [got[r["id"]] for r in written], theme_ids)
        print(f"reader {n} against the writer: micro-F1 {f1:.3f}", file=sys.stderr)
    changed = sum(a != b for a, b in zip(writer, settled))
    print(f"{len(settled)} paragraphs added; the majority changed the writer's labels on {changed}", file=sys.stderr)
    with atomic_open(args.out) as fh:  # the records already there are kept byte for byte
        fh.write(kept if not kept or kept.endswith("\n") else kept + "\n")
        for row, labels in zip(written, settled):
            record = {**{k: row[k] for k in FIELDS}, "labels": labels, "settled": args.round}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
