"""Rebuild models/default.joblib and its manifest from labels/ and the report corpus.

Deterministic: fixed seeds, the labels' hash in the manifest. Prints the dev_gold scores.

    python scripts/build_default_model.py            # build and score
    python scripts/build_default_model.py --dump training.jsonl   # write the training set, don't build
    python scripts/build_default_model.py --check    # every stand-off record still resolves?
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from project import MODEL, gold_records, labels_sha256, training_records

from themeclf.data import data_hash, document_groups
from themeclf.model import Settings, fit, load, save
from themeclf.themes import load_themes


def dev_scores(model):
    """Scores on dev_gold, and bootstrap intervals of each theme's F1."""
    from themeclf.metrics import bootstrap_f1, scores_table
    from themeclf.model import label_matrix

    gold = gold_records()
    ids = model.theme_ids
    Y = label_matrix([g.labels for g in gold], ids)
    P = label_matrix(model.predict([g.text for g in gold]), ids)
    return scores_table(Y, P, ids, min_support=5), bootstrap_f1(Y, P, ids)


def write_card(model, records, output) -> None:
    from pathlib import Path

    from themeclf.modelcard import model_card

    dev, ci = dev_scores(model)
    n_own = sum(1 for r in records if r.extra.get("source") == "own")
    notes = (f"{len(records) - n_own:,} are real paragraphs of Ofsted reports in the project corpus, labelled "
             f"stand-off by reading each against the codebook (see labels/README.md for sampling and agreement); "
             f"{n_own:,} are paragraphs the project wrote in other genres (news, case reviews, council papers, blogs).")
    card = model_card(model.manifest, data_notes=notes, dev=dev, cv=model.manifest.get("cv"), dev_ci=ci)
    Path(output).with_suffix(".md").write_text(card, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dump", metavar="FILE", help="write the resolved training set as JSONL and exit")
    ap.add_argument("--check", action="store_true", help="report stand-off records that no longer resolve")
    ap.add_argument("--output", default=str(MODEL))
    ap.add_argument("--card-only", action="store_true", help="rewrite the model card of the built model and exit")
    args = ap.parse_args()
    if args.check:
        from project import CORPUS, LABEL_FILES
        from themeclf.data import resolve_standoff

        res = resolve_standoff(LABEL_FILES[1], CORPUS)
        for issue in res.unresolved:
            print(issue)
        print(f"{len(res.records)} resolved, {len(res.unresolved)} unresolved")
        sys.exit(1 if res.unresolved else 0)
    records = training_records()
    if args.card_only:
        write_card(load(args.output), records, args.output)
        return
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps({"text": r.text, "labels": r.labels, "doc_id": r.doc_id,
                                     "source": r.extra.get("source", "own"),
                                     "sampled": r.extra.get("sampled", r.extra.get("genre", ""))}, ensure_ascii=False) + "\n")
        print(f"{len(records)} records written to {args.dump}", file=sys.stderr)
        return
    themes = load_themes()
    t0 = time.perf_counter()
    model, notes = fit([r.text for r in records], [r.labels for r in records], themes,
                       document_groups(records), Settings())
    for n in notes:
        print("note:", n, file=sys.stderr)
    dev = dev_scores(model)[0]
    save(model, args.output, {
        "training_data_sha256": data_hash(records),
        "labels_sha256": labels_sha256(),
        "provisional": False,
        "built_by": "scripts/build_default_model.py",
        "dev_gold": {"micro_f1": dev["micro_f1"], "macro_f1": dev["macro_f1"]},
    })
    write_card(model, records, args.output)
    print(f"built {args.output} from {len(records)} paragraphs in {time.perf_counter() - t0:.1f}s")
    print(f"dev_gold micro F1 {dev['micro_f1']:.3f}  macro F1 {dev['macro_f1']:.3f}")


if __name__ == "__main__":
    main()
