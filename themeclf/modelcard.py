"""A model card (Markdown) written from a model's manifest: what it is for, what it is not for,
how it was trained and labelled, how well it does, and where it is weak."""

from __future__ import annotations


def model_card(manifest: dict, title: str = "themeclf default model", data_notes: str = "",
               dev: dict | None = None, cv: dict | None = None, dev_ci: dict | None = None) -> str:
    themes = manifest["themes"]
    lines = [
        f"# {title}",
        "",
        f"Model file `{manifest.get('model_file', '')}`, sha256 `{manifest.get('model_sha256', '')}`; "
        f"themeclf {manifest.get('themeclf_version')}, scikit-learn {manifest.get('sklearn_version')}, "
        f"Python {manifest.get('python_version')}; built {manifest.get('created')}.",
        "",
        "## Intended use",
        "",
        "Finding safeguarding risk themes in reports about children's social care *services*: Ofsted "
        "inspection reports and monitoring letters, serious case reviews, council papers and news about them. "
        "It points a reader to the paragraphs that state a weakness, with scores and evidence; a person reads "
        "them and decides.",
        "",
        "## Out-of-scope use",
        "",
        "Any decision about an individual child, family or worker: risk scoring of cases, prioritising referrals, "
        "judging a practitioner. Research on predictive models in children's social care (What Works for "
        "Children's Social Care, 2020) found they did not work well and raised ethical concerns; this model was "
        "neither built nor tested for that. It also does not rate councils: a share of flagged paragraphs is not "
        "a judgement.",
        "",
        "## Training data and labelling",
        "",
        f"{manifest.get('records', '?'):,} labelled paragraphs from {manifest.get('documents', '?')} documents "
        f"(training data sha256 `{str(manifest.get('training_data_sha256', ''))[:16]}`, labels sha256 "
        f"`{str(manifest.get('labels_sha256', ''))[:16]}`). {data_notes}",
        "",
        "Positive paragraphs per theme:",
        "",
        "| theme | positives |",
        "| --- | ---: |",
    ]
    for t in themes:
        lines.append(f"| {t['id']} | {manifest.get('positives', {}).get(t['id'], 0):,} |")
    lines += ["", "## Model", "",
              "TF-IDF word uni- and bigrams with negation and contrast scope tokens and the words of critical "
              "sentences marked, one-vs-rest logistic "
              "regression with balanced class weights"
              + (", each theme's features weighted by how well they tell its paragraphs apart (naive Bayes log "
                 "ratio, folded into the weights)" if (manifest.get("settings") or {}).get("nb_beta") else "")
              + f"; settings `{manifest.get('settings')}`. "
              + ("Each theme's score is a logistic regression on every theme's grouped out-of-fold score (stacking), "
                 "folded back into one linear model per theme"
                 if (manifest.get("settings") or {}).get("stacking") else
                 "Scores are calibrated per theme ("
                 + ("beta calibration" if (manifest.get("settings") or {}).get("calibration", "platt") == "beta"
                    else "Platt scaling")
                 + " on grouped out-of-fold scores)")
              + ", and each theme has its own threshold chosen on those scores."
              + (" A weakness gate splits the question in two: one more logistic regression, trained on every "
                 "paragraph, gives the probability that a paragraph states any weakness; each theme's model is "
                 "trained only on the paragraphs that state one (which weakness is it?); a theme's score is "
                 "P(theme | weakness) x P(weakness)^" + str((manifest.get("settings") or {}).get("gate_power", 1.0))
                 + ", calibrated again per theme. A strength on a theme's topic (\"caseloads are manageable\") "
                 "then scores low however topical its words."
                 if manifest.get("gate") else ""), ""]

    def table(name: str, scores: dict | None, note: str, ci: dict | None = None) -> None:
        if not scores:
            return
        head = "| theme | precision | recall | F1 | support |" + (" F1 95% interval |" if ci else "")
        lines.extend([f"## {name}", "", note, "", head, "| --- | ---: | ---: | ---: | ---: |" + (" ---: |" if ci else "")])
        for t in themes:
            m = scores["per_theme"].get(t["id"])
            if m:
                extra = f" {ci[t['id']][0]:.2f}-{ci[t['id']][1]:.2f} |" if ci and t["id"] in ci else ""
                lines.append(f"| {t['id']} | {m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f} | {m['support']} |{extra}")
        lines.extend(["", f"micro F1 **{scores['micro_f1']:.3f}**, macro F1 **{scores['macro_f1']:.3f}** "
                          f"(themes with at least {scores.get('macro_min_support', 1)} positives).", ""])

    table("Scores on held-out reports (dev_gold)", dev,
          "300 real paragraphs labelled independently; never used for training or tuning. The interval is a "
          "bootstrap over those paragraphs: with 10 positives a theme's F1 is uncertain by about ±0.15.", dev_ci)
    table("Cross-validated scores on the training data", cv,
          "Grouped by report, thresholds tuned on the same folds: a little optimistic; see `themeclf evaluate`.")
    lines += ["## Known weaknesses", "",
              "- Keyword-like: it reads words and short phrases, negation and contrast, not argument. A paragraph "
              "that praises a service in words usually used for weaknesses can be flagged, and a weakness stated "
              "in unusual words can be missed. A weakness stated as a bare fact, without the evaluative words "
              "inspectors use (\"half the posts are filled by agency staff\"), reads less surely as a weakness "
              "and can be missed.",
              "- Weakest themes: the ones with lowest F1 above, typically weak_risk_assessment, "
              "poor_multi_agency_working and child_voice_missing, whose wording overlaps with strengths.",
              "- Genres: trained mostly on Ofsted reports (2013-2025) plus paragraphs the project wrote in news, "
              "case-review, council-paper and blog styles (their cross-validated scores are in the README, "
              "several points below reports'); expect lower scores on those genres and on very short texts.",
              "- Rare themes (agency_reliance, unallocated_cases, parental_over_optimism) appear mostly in older "
              "and inadequate-rated reports; their scores carry the most uncertainty.",
              "", "## Retraining", "",
              "`python scripts/build_default_model.py` rebuilds this model and card from `labels/` and the report "
              "corpus; `themeclf train your_labels.jsonl -o models/mine.joblib` trains on your own labels; "
              "`themeclf evaluate` measures any training set honestly.", ""]
    return "\n".join(lines)
