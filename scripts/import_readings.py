"""Turn labellers' readings into stand-off records in labels/standoff.jsonl.

Each reading batch is a JSONL of paragraphs chosen by scripts/sample_for_labelling.py
(id, report, index, text, ...) and one or more JSONLs of the labels people decided for each id.
The stand-off record keeps where the paragraph is and a hash of its text, never the text.

    python scripts/import_readings.py /tmp/labelling/batch_0.jsonl:/tmp/labelling/out_0.jsonl ...
    python scripts/import_readings.py --append --sampled "whole report" BATCH:LABELS ...
    python scripts/import_readings.py --append --ties /tmp/ties.jsonl BATCH:READER_A,READER_B ...

With --append the new records join the existing ones (a paragraph already labelled keeps its
first reading); with --replace the file is rewritten from the given batches only. An existing
file is never rewritten without one of the two.

Several readings of one batch (comma-separated, independent and blind) are settled per theme by
majority: a theme is kept when more than half of the readings of that paragraph tick it. Where
the readings split evenly on a theme (two readers who disagree), the paragraph is held back, not
guessed: --ties writes those paragraphs as a batch for a further reader, whose reading is then
given as one more file of that batch (a paragraph's readings are the files that hold its id).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from project import agreement, read_jsonl  # noqa: E402

from themeclf.atomic import atomic_open  # noqa: E402
from themeclf.data import standoff_record  # noqa: E402
from themeclf.labelling import majority_labels, tied_themes  # noqa: E402
from themeclf.textnorm import key, text_hash  # noqa: E402
from themeclf.themes import load_themes  # noqa: E402


def readings_of(path: Path, batch: dict[str, dict], theme_ids: set[str]) -> dict[str, list[str]]:
    """One reader's labels by id (the first line of an id counts); lines for other ids or with
    unknown themes are skipped, and said."""
    got = {}
    for row in read_jsonl(path):
        if row.get("id") in got:
            continue
        if row.get("id") not in batch or set(row.get("labels", [])) - theme_ids:
            print(f"skipping {row}", file=sys.stderr)
            continue
        got[row["id"]] = sorted(set(row["labels"]))
    return got




def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pairs", nargs="+", help="BATCH.jsonl:LABELS.jsonl[,LABELS.jsonl ...]")
    ap.add_argument("--out", type=Path, default=ROOT / "labels" / "standoff.jsonl")
    ap.add_argument("--append", action="store_true", help="keep the records already in --out")
    ap.add_argument("--replace", action="store_true", help="rewrite --out from the given batches only")
    ap.add_argument("--sampled", help="why these paragraphs were read (when the batch does not say)")
    ap.add_argument("--reading", help="the name stored as each record's reading (default: the labels files' names)")
    ap.add_argument("--ties", type=Path, help="write the paragraphs whose readings split evenly here")
    args = ap.parse_args()
    if args.out.exists() and not (args.append or args.replace):
        sys.exit(f"error: {args.out} exists: give --append to add to it, or --replace to rewrite it")
    theme_list = [t.id for t in load_themes()]
    ids = set(theme_list)
    seen: set = set()
    records = []
    if args.append and args.out.exists():
        records = read_jsonl(args.out)
        seen = {(r["report"], r["hash"]) for r in records}
    ties: list[dict] = []
    for pair in args.pairs:
        batch_path, labels_paths = pair.split(":")
        batch = {row["id"]: row for row in read_jsonl(Path(batch_path))}
        paths = [Path(p) for p in labels_paths.split(",")]
        readers = [readings_of(p, batch, ids) for p in paths]
        reading = args.reading or "+".join(p.stem for p in paths)
        if len(readers) >= 2:
            both = [i for i in readers[0] if i in readers[1]]
            f1 = agreement([readers[0][i] for i in both], [readers[1][i] for i in both], theme_list)
            print(f"{batch_path}: {paths[0].stem} and {paths[1].stem} agree at micro F1 {f1:.3f} on {len(both)}",
                  file=sys.stderr)
        n = held = 0
        for pid, item in batch.items():
            votes = [r[pid] for r in readers if pid in r]
            if not votes:
                continue
            if tied_themes(votes):
                ties.append(item)
                held += 1
                continue
            k = (item["report"], text_hash(item["text"])) if args.append else key(item["text"])
            if k in seen:
                continue
            seen.add(k)
            records.append(standoff_record(item["report"], item["index"], item["text"], majority_labels(votes),
                                           doc_id=item["report"], sampled=item.get("why") or args.sampled or "",
                                           reading=reading))
            n += 1
        print(f"{batch_path}: {n} records" + (f", {held} held back as ties" if held else ""), file=sys.stderr)
    records.sort(key=lambda r: (r["report"], r["index"]))
    with atomic_open(args.out) as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(records)} stand-off records written to {args.out}", file=sys.stderr)
    if args.ties:
        with open(args.ties, "w", encoding="utf-8") as fh:
            for item in ties:
                fh.write(json.dumps(item, ensure_ascii=False) + "\n")
        print(f"{len(ties)} paragraphs with split readings written to {args.ties}", file=sys.stderr)


if __name__ == "__main__":
    main()
