"""Turn labellers' readings into stand-off records in labels/standoff.jsonl.

Each reading batch is a JSONL of paragraphs chosen by scripts/sample_for_labelling.py
(id, report, index, text, ...) and a JSONL of the labels a person decided for each id.
The stand-off record keeps where the paragraph is and a hash of its text, never the text.

    python scripts/import_readings.py /tmp/labelling/batch_0.jsonl:/tmp/labelling/out_0.jsonl ...
    python scripts/import_readings.py --append --sampled "whole report" BATCH:LABELS ...

Without --append the file is rewritten from the given batches only; with --append the new
records join the existing ones (a paragraph already labelled keeps its first reading).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from themeclf.data import standoff_record  # noqa: E402
from themeclf.textnorm import key, text_hash  # noqa: E402
from themeclf.themes import load_themes  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pairs", nargs="+", help="BATCH.jsonl:LABELS.jsonl")
    ap.add_argument("--out", type=Path, default=ROOT / "labels" / "standoff.jsonl")
    ap.add_argument("--append", action="store_true", help="keep the records already in --out")
    ap.add_argument("--sampled", help="why these paragraphs were read (when the batch does not say)")
    args = ap.parse_args()
    ids = {t.id for t in load_themes()}
    seen: set[str] = set()
    records = []
    if args.append and args.out.exists():
        records = [json.loads(line) for line in open(args.out, encoding="utf-8") if line.strip()]
        seen = {(r["report"], r["hash"]) for r in records}
    for pair in args.pairs:
        batch_path, labels_path = pair.split(":")
        batch = {json.loads(l)["id"]: json.loads(l) for l in open(batch_path, encoding="utf-8") if l.strip()}
        n = 0
        for line in open(labels_path, encoding="utf-8"):
            if not line.strip():
                continue
            got = json.loads(line)
            item = batch.get(got["id"])
            if item is None or set(got["labels"]) - ids:
                print(f"skipping {got}", file=sys.stderr)
                continue
            k = (item["report"], text_hash(item["text"])) if args.append else key(item["text"])
            if k in seen:
                continue
            seen.add(k)
            records.append(standoff_record(item["report"], item["index"], item["text"], got["labels"],
                                           doc_id=item["report"], sampled=item.get("why") or args.sampled or "",
                                           reading=Path(labels_path).stem))
            n += 1
        print(f"{labels_path}: {n} records", file=sys.stderr)
    records.sort(key=lambda r: (r["report"], r["index"]))
    with open(args.out, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(records)} stand-off records written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
