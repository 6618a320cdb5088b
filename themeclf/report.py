"""The evaluation report: one self-contained HTML page a reviewer can read and keep."""

from __future__ import annotations

import html
from datetime import datetime, timezone

import numpy as np

from themeclf import __version__
from themeclf.evaluation import Evaluation

_CSS = """body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1150px;color:#1d2330;padding:0 16px}
h1{font-size:22px}h2{font-size:17px;margin-top:30px;border-bottom:1px solid #dde;padding-bottom:4px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{border:1px solid #dde;padding:4px 8px;text-align:right}
th{background:#f0f2f6}td.l,th.l{text-align:left}.muted{color:#667;font-size:12px}.err{font-size:12px;margin:6px 0;padding:6px 9px;background:#fafbfc;border-left:4px solid #c0392b}
svg{max-width:100%;height:auto}"""


def _e(x: object) -> str:
    return html.escape(str(x))


def _pr_curves(ev: Evaluation) -> str:
    if ev.probs is None or ev.Y is None:
        return ""
    from sklearn.metrics import average_precision_score, precision_recall_curve

    from themeclf.plots import pr_curves_svg

    curves = {}
    for j, t in enumerate(ev.theme_ids):
        y = ev.Y[:, j]
        if y.sum() == 0:
            continue
        prec, rec, _ = precision_recall_curve(y, ev.probs[:, j])
        curves[t] = (prec, rec, float(average_precision_score(y, ev.probs[:, j])))
    svg = pr_curves_svg(curves) if curves else ""
    return svg[svg.find("<svg"):] if svg else ""


def evaluation_html(ev: Evaluation) -> str:
    """Per-theme scores with their spread, PR curves, reliability, confusions, baselines, errors."""
    ids = ev.theme_ids
    parts = [f"<h1>themeclf evaluation</h1><p class='muted'>themeclf {__version__} · "
             f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC · "
             + (f"{ev.folds}-fold grouped, stratified cross-validation" if ev.folds else "held-out test file")
             + f" · {ev.records} paragraphs · {ev.documents} documents · data sha256 <code>{ev.data_sha256}</code>"
             + f" · settings <code>{_e(ev.settings)}</code> · {ev.seconds}s</p>"]
    parts.append(f"<p><b>micro F1 {ev.model['micro_f1']:.3f}</b> · macro F1 {ev.model['macro_f1']:.3f} "
                 f"(themes with ≥{ev.model['macro_min_support']} positives) · keyword baseline micro F1 "
                 f"{ev.keyword['micro_f1']:.3f} · all-negative {ev.prior['micro_f1']:.3f}</p>")
    spread = {}
    if ev.fold_scores:
        for t in ids:
            f1s = [f["per_theme"][t]["f1"] for f in ev.fold_scores if f["per_theme"][t]["support"] > 0]
            spread[t] = (min(f1s), max(f1s), float(np.std(f1s))) if f1s else None
    rows = ["<tr><th class=l>theme</th><th>support</th><th>precision</th><th>recall</th><th>F1</th>"
            "<th>F1 across folds</th><th>keyword F1</th></tr>"]
    for t in ids:
        m = ev.model["per_theme"][t]
        sp = spread.get(t)
        sp_txt = f"{sp[0]:.2f}–{sp[1]:.2f} (sd {sp[2]:.2f})" if sp else "–"
        rows.append(f"<tr><td class=l>{_e(t)}</td><td>{m['support']}</td><td>{m['precision']:.2f}</td>"
                    f"<td>{m['recall']:.2f}</td><td><b>{m['f1']:.2f}</b></td><td>{sp_txt}</td>"
                    f"<td>{ev.keyword['per_theme'][t]['f1']:.2f}</td></tr>")
    parts.append("<h2>Per theme</h2><table>" + "".join(rows) + "</table>")
    if ev.breakdown:
        br = "".join(f"<tr><td class=l>{_e(r['value'])}</td><td>{r['records']}</td><td>{r['positives']}</td>"
                     f"<td>{r['micro_f1']:.3f}</td><td>{r['macro_f1']:.3f}</td></tr>" for r in ev.breakdown)
        parts.append(f"<h2>By {_e(ev.by)}</h2><table><tr><th class=l>{_e(ev.by)}</th><th>paragraphs</th>"
                     f"<th>theme labels</th><th>micro F1</th><th>macro F1</th></tr>{br}</table>")
    curves = _pr_curves(ev)
    if curves:
        parts.append("<h2>Precision-recall curves</h2>" + curves)
    rel = "".join(f"<tr><td>{r['bin']}</td><td>{r['count']}</td><td>{r['mean_score']:.2f}</td><td>{r['share_true']:.2f}</td></tr>"
                  for r in ev.reliability)
    parts.append("<h2>Reliability of scores</h2><p class=muted>Of the theme scores in each bin, the share that were "
                 "truly that theme. A calibrated model has the two columns close.</p><table><tr><th>score bin</th>"
                 f"<th>scores</th><th>mean score</th><th>share true</th></tr>{rel}</table>")
    conf = "".join(f"<tr><td class=l>{_e(c['predicted'])}</td><td class=l>{_e(c['gold'])}</td><td>{c['count']}</td></tr>"
                   for c in ev.confusions)
    parts.append("<h2>Themes mixed up</h2><p class=muted>Predicted one theme where the gold label was another "
                 "(and not the predicted one).</p><table><tr><th class=l>predicted</th><th class=l>gold</th>"
                 f"<th>paragraphs</th></tr>{conf}</table>")
    if ev.learning_curve:
        lc = "".join(f"<tr><td>{r['share']:.0%}</td><td>{r['train_records']}</td><td>{r['micro_f1']:.3f}</td>"
                     f"<td>{r['macro_f1']:.3f}</td></tr>" for r in ev.learning_curve)
        parts.append("<h2>Learning curve</h2><table><tr><th>share of training documents</th><th>paragraphs</th>"
                     f"<th>micro F1</th><th>macro F1</th></tr>{lc}</table>")
    errs = []
    for t, rows_ in ev.errors.items():
        errs.append(f"<h3>{_e(t)}</h3>")
        for r in rows_:
            errs.append(f"<div class=err><b>{_e(r['kind'])}</b> (score {r['score']:.2f}) · gold: {_e(', '.join(r['gold']) or 'none')}"
                        f" · predicted: {_e(', '.join(r['predicted']) or 'none')} · <span class=muted>{_e(r['where'])}</span>"
                        f"<br>{_e(r['text'])}</div>")
    parts.append("<h2>Worst errors per theme</h2>" + "".join(errs))
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>themeclf evaluation</title>"
            f"<style>{_CSS}</style></head><body>{''.join(parts)}</body></html>\n")
