"""Rendering results as table, JSON Lines, CSV and HTML. Never computes a metric."""

from __future__ import annotations

import csv
import html
import io
import json
import shutil
import textwrap
from itertools import repeat
from typing import IO, Iterable, Sequence

from themeclf.tagging import Tagged
from themeclf.themes import Theme


def tagged_dict(t: Tagged, record_mode: bool = False) -> dict:
    """The JSON form of a tagged unit."""
    if record_mode:
        d = {"id": t.id, **t.extra, "labels": t.labels, "scores": t.scores}
    else:
        d = {"source": t.source, "page": t.page, "index": t.index, "section": t.section,
             "text": t.text, "labels": t.labels, "scores": t.scores}
    if t.evidence is not None:
        d["evidence"] = t.evidence
    return d


def write_jsonl(fh: IO[str], items: Iterable[Tagged], record_mode: bool = False) -> None:
    for t in items:
        fh.write(json.dumps(tagged_dict(t, record_mode), ensure_ascii=False) + "\n")


class CsvOut:
    """CSV with one row per unit: provenance, labels, a score column per theme, text."""

    def __init__(self, fh: IO[str], theme_ids: Sequence[str], record_mode: bool = False, header: bool = True):
        self.ids = list(theme_ids)
        self.record_mode = record_mode
        self.w = csv.writer(fh)
        if header:
            head = ["id"] if record_mode else ["source", "page", "index", "section"]
            self.w.writerow(head + ["labels"] + [f"score_{t}" for t in self.ids] + ["text"])

    def write(self, items: Iterable[Tagged]) -> None:
        ids = self.ids
        scores = ",".join(["{:.4f}"] * len(ids)).format  # one call formats a row's scores
        for t in items:
            head = [t.id] if self.record_mode else [t.source, t.page, t.index, t.section or ""]
            row = scores(*map(t.scores.get, ids, repeat(0))).split(",")
            self.w.writerow(head + [";".join(t.labels)] + row + [t.text])


def render(fmt: str, theme_ids: Sequence[str], items: Iterable[Tagged]) -> str:
    """A document's tagged paragraphs as ``csv`` rows (without the header) or ``jsonl`` lines:
    what the reading workers send back, one string per document."""
    buf = io.StringIO()
    if fmt == "csv":
        CsvOut(buf, theme_ids, header=False).write(items)
    elif fmt == "jsonl":
        write_jsonl(buf, items)
    else:
        raise ValueError(f"not a stream format: {fmt}")
    return buf.getvalue()


def table_block(items: Iterable[Tagged], width: int | None = None) -> str:
    """Human table of flagged units only: where, themes with scores, the text shortened."""
    width = width or min(shutil.get_terminal_size((100, 20)).columns, 120)
    out = []
    for t in items:
        if not t.labels:
            continue
        if t.page is not None:
            where = f"p.{t.page} ¶{t.index}"
        elif t.id is not None:
            where = f"id {t.id}"
        else:
            where = f"¶{t.index}"
        themes = ", ".join(f"{x} {t.scores[x]:.2f}" for x in sorted(t.labels, key=lambda x: -t.scores[x]))
        out.append(f"{where}  {themes}")
        if t.section:
            out.append(f"    [{textwrap.shorten(t.section, width - 6)}]")
        out.append(textwrap.indent(textwrap.fill(textwrap.shorten(t.text, 300), width - 4), "    "))
        if t.evidence:
            for theme, ev in t.evidence.items():
                terms = ", ".join(f"{w} (+{v:.2f})" for w, v in ev.get("terms", [])[:5])
                halves = (f" (a weakness {ev['weakness']:.2f}, this theme if so {ev['theme_if_weakness']:.2f})"
                          if "weakness" in ev else "")
                out.append(f"    why {theme}{halves}: {terms}")
                if ev.get("sentence"):
                    out.append(f"      \u201c{textwrap.shorten(ev['sentence'], width - 10)}\u201d")
        out.append("")
    return "\n".join(out)


def table_header(source: str, n_paragraphs: int, n_flagged: int, metadata: dict | None = None) -> str:
    meta = metadata or {}
    bits = [f"{n_flagged} of {n_paragraphs} paragraphs flagged"]
    if meta.get("judgements", {}).get("overall_effectiveness"):
        bits.append(f"overall: {meta['judgements']['overall_effectiveness']}")
    return f"== {source} ({'; '.join(bits)})"


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d3557;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;font-size:13px;opacity:.85}
#filters{position:sticky;top:0;background:#fff;border-bottom:1px solid #dde;padding:10px 24px;z-index:2}
#filters button{margin:2px;padding:4px 9px;border-radius:12px;border:1px solid #99a;background:#fff;cursor:pointer;font-size:12px}
#filters button.on{color:#fff;border-color:transparent}
main{padding:12px 24px;max-width:1100px}
.doc h2{font-size:16px;margin:24px 0 6px}.meta{font-size:12px;color:#556}
.para{background:#fff;border-left:5px solid #ccd;margin:8px 0;padding:8px 12px;border-radius:4px}
.para.flagged{border-left-color:#c0392b}.para .where{font-size:11px;color:#667}
.tag{display:inline-block;font-size:11px;padding:1px 7px;border-radius:10px;color:#fff;margin:2px 3px 2px 0}
.scores{font-size:11px;color:#556}.ev{font-size:12px;color:#334;margin-top:4px}
mark{background:#ffe08a}
.hidden{display:none}
"""

_JS = """
const active=new Set();
function toggle(btn){const t=btn.dataset.theme;if(active.has(t)){active.delete(t);btn.classList.remove('on');btn.style.background='';}
else{active.add(t);btn.classList.add('on');btn.style.background=btn.dataset.color;}apply();}
function apply(){const only=document.getElementById('only').checked;let shown=0;
document.querySelectorAll('.para').forEach(p=>{const th=(p.dataset.themes||'').split(' ').filter(x=>x);
let ok=active.size===0||th.some(x=>active.has(x));if(only&&th.length===0)ok=false;p.classList.toggle('hidden',!ok);if(ok)shown++;});
document.getElementById('count').textContent=shown+' paragraphs shown';}
window.addEventListener('DOMContentLoaded',()=>{
const h=new URLSearchParams(location.hash.slice(1));
(h.get('theme')||'').split(',').filter(x=>x).forEach(t=>{const b=document.querySelector('button[data-theme="'+t+'"]');if(b)toggle(b);});
if(h.has('flagged'))document.getElementById('only').checked=true;apply();});
"""

PALETTE = ["#c0392b", "#8e44ad", "#2471a3", "#138d75", "#d68910", "#6e2c00", "#1f618d", "#7d3c98",
           "#117a65", "#b9770e", "#943126", "#2e4053", "#5b2c6f", "#0e6251", "#784212", "#1b4f72"]


def theme_colors(themes: Sequence[Theme]) -> dict[str, str]:
    return {t.id: PALETTE[i % len(PALETTE)] for i, t in enumerate(themes)}


def html_page(docs: Sequence[tuple[str, dict, list[Tagged]]], themes: Sequence[Theme], title: str = "themeclf") -> str:
    """One self-contained page: each paragraph with its themes and scores, filterable by theme."""
    colors = theme_colors(themes)
    names = {t.id: t.name for t in themes}
    e = html.escape
    buttons = "".join(
        f'<button data-theme="{e(t.id)}" data-color="{colors[t.id]}" onclick="toggle(this)" title="{e(t.description)}">'
        f'{e(t.name)}</button>' for t in themes)
    n_par = sum(len(items) for _, _, items in docs)
    n_flag = sum(1 for _, _, items in docs for t in items if t.labels)
    body = []
    for source, meta, items in docs:
        m = []
        for k in ("local_authority", "inspection_dates"):
            if meta.get(k):
                m.append(e(str(meta[k])))
        for k, v in (meta.get("judgements") or {}).items():
            m.append(f"{e(k.replace('_', ' '))}: {e(v)}")
        body.append(f'<section class="doc"><h2>{e(source)}</h2><div class="meta">{" · ".join(m)}</div>')
        for t in items:
            tags = "".join(f'<span class="tag" style="background:{colors.get(x, "#555")}">{e(names.get(x, x))} '
                           f'{t.scores.get(x, 0):.2f}</span>' for x in t.labels)
            top = sorted(t.scores.items(), key=lambda kv: -kv[1])[:3]
            sc = " · ".join(f"{e(k)} {v:.2f}" for k, v in top)
            text = e(t.text)
            ev_html = ""
            if t.evidence:
                parts = []
                for theme, ev in t.evidence.items():
                    if ev.get("sentence"):
                        s = e(ev["sentence"])
                        text = text.replace(s, f"<mark>{s}</mark>", 1)
                    terms = ", ".join(e(w) for w, _ in ev.get("terms", [])[:5])
                    parts.append(f"<b>{e(names.get(theme, theme))}</b>: {terms}")
                ev_html = f'<div class="ev">evidence: {"; ".join(parts)}</div>'
            where = f"p.{t.page} ¶{t.index}" if t.page is not None else (f"id {e(str(t.id))}" if t.id is not None else f"¶{t.index}")
            sect = f" · {e(t.section)}" if t.section else ""
            cls = "para flagged" if t.labels else "para"
            body.append(f'<div class="{cls}" data-themes="{" ".join(t.labels)}"><div class="where">{where}{sect}</div>'
                        f'{tags}<div>{text}</div>{ev_html}<div class="scores">top scores: {sc}</div></div>')
        body.append("</section>")
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><style>{_CSS}</style>'
            f'<script>{_JS}</script></head><body><header><h1>{e(title)}</h1>'
            f'<p>{len(docs)} document{"s" if len(docs) != 1 else ""} · {n_par} paragraphs · {n_flag} flagged</p></header>'
            f'<div id="filters">{buttons} <label><input type="checkbox" id="only" onchange="apply()"> flagged only</label>'
            f' &middot; <span id="count"></span></div><main>{"".join(body)}</main></body></html>\n')


def metrics_table(rows: dict[str, dict], theme_ids: Sequence[str], label: str = "model") -> str:
    """Per-theme precision/recall/F1/support for one or more systems side by side."""
    systems = list(rows)
    head = f"{'theme':<26} {'support':>7}  " + "  ".join(f"{s[:18]:>18}" for s in systems)
    sub = f"{'':<26} {'':>7}  " + "  ".join(f"{'P    R    F1':>18}" for _ in systems)
    lines = [head, sub, "-" * len(head)]
    first = rows[systems[0]]
    for t in theme_ids:
        sup = first["per_theme"][t]["support"]
        cells = []
        for s in systems:
            m = rows[s]["per_theme"][t]
            cells.append(f"{m['precision']:.2f} {m['recall']:.2f} {m['f1']:.2f}".rjust(18))
        lines.append(f"{t:<26} {sup:>7}  " + "  ".join(cells))
    lines.append("-" * len(head))
    lines.append(f"{'micro F1':<26} {'':>7}  " + "  ".join(f"{rows[s]['micro_f1']:>18.3f}" for s in systems))
    lines.append(f"{'macro F1 (support>=' + str(first['macro_min_support']) + ')':<26} {'':>7}  "
                 + "  ".join(f"{rows[s]['macro_f1']:>18.3f}" for s in systems))
    return "\n".join(lines)
