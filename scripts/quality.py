"""Quality of the default model on ../shared/ofsted/dev_gold.jsonl, beside the keyword baseline.

Per-theme precision / recall / F1, micro and macro F1 (macro over themes with >= 5 positives).

    python scripts/quality.py [--model models/default.joblib] [--json]
"""

from __future__ import annotations

import argparse
import json

from project import MODEL, gold_records

from themeclf.baseline import keyword_predict
from themeclf.metrics import scores_table
from themeclf.model import label_matrix, load
from themeclf.output import metrics_table


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=str(MODEL))
    ap.add_argument("--gold", help="another gold JSONL ({text, labels}) instead of dev_gold")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.gold:
        from themeclf.data import Record

        gold = [Record(o["text"], sorted(o["labels"])) for o in map(json.loads, open(args.gold, encoding="utf-8"))]
    else:
        gold = gold_records()
    model = load(args.model)
    ids = model.theme_ids
    texts = [g.text for g in gold]
    Y = label_matrix([g.labels for g in gold], ids)
    rows = {
        "model": scores_table(Y, label_matrix(model.predict(texts), ids), ids, min_support=5),
        "keywords": scores_table(Y, keyword_predict(texts, ids), ids, min_support=5),
    }
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{len(gold)} gold paragraphs; model {args.model}")
    print(metrics_table(rows, ids))


if __name__ == "__main__":
    main()
