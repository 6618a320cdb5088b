"""What each modelling choice buys: dev_gold and grouped cross-validation, one variant at a time.

Each variant changes one setting of the default model. dev_gold: train on the full training set,
score the 300 held-out paragraphs. Grouped CV: ``themeclf evaluate``'s 5-fold cross-validation
(all of a report on one side, calibration and thresholds tuned inside each training fold).

    python scripts/ablation.py > docs/ablation.md
"""

from __future__ import annotations

import sys
import time

from project import gold_records, training_records

from themeclf.data import document_groups
from themeclf.evaluation import cross_validate
from themeclf.metrics import scores_table
from themeclf.model import Settings, fit, label_matrix
from themeclf.themes import load_themes

VARIANTS = [
    ("default (word 1-2 grams + scope tokens + sentence marks, NB-weighted features, C=16, balanced, beta calibration, weakness gate with power 0.5)", {}),
    ("no weakness gate (each theme's model on all paragraphs: the session-5 default)", {"gate": False}),
    ("gate power 1 (the plain product P(theme given weakness) x P(weakness))", {"gate_power": 1.0}),
    ("no NB weighting (plain logistic regression)", {"nb_beta": None}),
    ("no NB weighting, C=32, stacking (the session-3 default)", {"nb_beta": None, "C": 32.0, "stacking": True}),
    ("NB weighting with beta 2 (milder)", {"nb_beta": 2.0}),
    ("stacking (each theme scored from every theme's out-of-fold score)", {"stacking": True}),
    ("no sentence marks (crit_ words of critical sentences)", {"sentence_marks": False}),
    ("no negation/contrast scope tokens (nor sentence marks)", {"use_scope": False}),
    ("C=8 (more regularised)", {"C": 8.0}),
    ("C=32 (less regularised)", {"C": 32.0}),
    ("no class weighting", {"class_weight": None}),
    ("sentence pooling (mean of paragraph and best sentence)", {"sentence_pooling": True}),
    ("Platt scaling instead of beta calibration", {"calibration": "platt"}),
]


def main() -> None:
    skip = set(sys.argv[1:])  # variant numbers to leave out, e.g. when resuming
    records = training_records()
    gold = gold_records()
    themes = load_themes()
    ids = [t.id for t in themes]
    texts = [r.text for r in records]
    groups = document_groups(records)
    Yg = label_matrix([g.labels for g in gold], ids)
    print(f"# Ablation\n\n{len(records):,} training paragraphs, {len(gold)} dev_gold paragraphs. "
          "Each row changes one setting of the default.\n")
    print("| variant | dev micro F1 | dev macro F1 | CV micro F1 | CV macro F1 | fit s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for number, (name, change) in enumerate(VARIANTS):
        if str(number) in skip:
            continue
        s = Settings(**change)
        t = time.perf_counter()
        model, _ = fit(texts, [r.labels for r in records], themes, groups, s)
        secs = time.perf_counter() - t
        dev = scores_table(Yg, label_matrix(model.predict([g.text for g in gold]), ids), ids, 5)
        Y, _, pred, _ = cross_validate(records, themes, 5, s)
        cv = scores_table(Y, pred, ids, 5)
        print(f"| {name} | {dev['micro_f1']:.3f} | {dev['macro_f1']:.3f} | {cv['micro_f1']:.3f} | "
              f"{cv['macro_f1']:.3f} | {secs:.0f} |", flush=True)
    print("\nOther experiments, not re-run by this script: see the notes below the table in docs/ablation.md.")

if __name__ == "__main__":
    sys.exit(main())
