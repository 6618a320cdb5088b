"""Command line: parses options, calls the library, chooses the output. Nothing imports it."""

from __future__ import annotations

import io
import json
import os
import sys
import warnings
from contextlib import contextmanager, nullcontext
from functools import partial
from pathlib import Path

import click

from themeclf import __version__
from themeclf.errors import ThemeclfError

FORMATS = ["table", "jsonl", "csv", "html"]

# The commands spread work over processes, never over BLAS threads (no step is a dense matrix
# product). OpenBLAS's own threads, started when numpy loads, only spin and take CPU from the
# worker processes: a corpus tag run spends 0.5 s less CPU without them. Set before numpy loads;
# a user's own setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


class _Group(click.Group):
    """Turns the library's own errors into ``Error: ...`` and exit 1; warnings go to stderr."""

    def invoke(self, ctx: click.Context):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                warnings.filterwarnings("always", category=UserWarning, module="themeclf")
                warnings.showwarning = lambda m, *a, **k: click.echo(f"Warning: {m}", err=True)
                return super().invoke(ctx)
        except ThemeclfError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="themeclf")
def cli() -> None:
    """Flag safeguarding risk themes in reports on children's social care, paragraph by paragraph.

    \b
    Quick start:
      themeclf tag report.pdf            # which paragraphs raise which themes
      themeclf evaluate labels.jsonl     # honest cross-validated scores
      themeclf train labels.jsonl -o models/mine.joblib
    """


def _model_path(model: str | None) -> Path:
    from themeclf.resources import shipped

    return Path(model) if model else shipped("models/default.joblib")


def _load_model(model: str | None):
    from themeclf.model import load

    return load(_model_path(model))


def _themes(path: str | None):
    from themeclf.themes import load_themes

    return load_themes(path)


@contextmanager
def _output(path: str | None, binary: bool = False):
    """stdout, or a file written atomically (nothing half-written)."""
    if not path or path == "-":
        yield sys.stdout
        return
    from themeclf.atomic import atomic_open

    try:
        with atomic_open(path, "w") as fh:
            yield fh
    except OSError as exc:
        raise ThemeclfError(f"{path}: cannot write ({exc.strerror or exc})") from None


class _Failures:
    """Counts inputs that could not be read; each is reported on stderr as it happens."""

    def __init__(self, problems=()):
        self.count = 0
        for p in problems:
            self.report(p)

    def report(self, exc: Exception) -> None:
        click.echo(f"Error: {exc}", err=True)
        self.count += 1

    def exit_if_any(self) -> None:
        if self.count:
            click.echo(f"{self.count} input{'s' if self.count != 1 else ''} could not be read", err=True)
            sys.exit(1)


def _read_documents(files: list[str], jobs: int | None, failures: _Failures, then=None):
    """Read files in parallel (a progress bar on a terminal for more than one), yielding the
    Documents (or what ``then`` makes of each, done in the reading workers) and reporting
    each file that fails without stopping."""
    from themeclf.reading import read, read_many

    for f in [f for f in files if f == "-"]:
        try:
            doc = read("-")
        except ThemeclfError as exc:
            failures.report(exc)
        else:
            yield then(doc) if then else doc
    disk = [f for f in files if f != "-"]
    stream = read_many(disk, jobs, then)
    bar = len(disk) > 1 and sys.stderr.isatty()
    shown = click.progressbar(stream, length=len(disk), label="Reading", file=sys.stderr) if bar else nullcontext(stream)
    with shown as results:
        for _, result in results:
            if isinstance(result, ThemeclfError):
                if bar:
                    click.echo("", err=True)  # off the progress bar's line
                failures.report(result)
            else:
                yield result


# --- themes -----------------------------------------------------------------------------------


@cli.command()
@click.option("--themes", "themes_file", type=click.Path(dir_okay=False), help="A theme schema (TOML or JSON).")
@click.option("--model", type=click.Path(dir_okay=False), help="List the themes of this model instead.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def themes(themes_file: str | None, model: str | None, as_json: bool) -> None:
    """List the themes: id, name and what each means.

    \b
    Example:
      themeclf themes
      themeclf themes --model models/mine.joblib --json
    """
    if model:
        from themeclf.model import read_manifest
        from themeclf.themes import Theme

        manifest = read_manifest(model)
        items = [Theme(**t) for t in manifest["themes"]]
        never = set(manifest.get("never_predicted", []))
    else:
        items = _themes(themes_file)
        never = set()
    if as_json:
        click.echo(json.dumps([t.to_dict() for t in items], indent=2))
        return
    for t in items:
        flag = "  (never predicted by this model)" if t.id in never else ""
        click.echo(f"{t.id:<26} {t.name}{flag}")
        if t.description:
            click.echo(f"{'':<26} {t.description}")


# --- validate ---------------------------------------------------------------------------------


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--themes", "themes_file", type=click.Path(dir_okay=False), help="Theme schema to check labels against.")
def validate(files: tuple[str, ...], themes_file: str | None) -> None:
    """Check labelled data (JSONL or CSV; - for stdin) and summarise it.

    Errors (invalid JSON or CSV, empty text, unknown theme ids, the same text with
    conflicting labels) are listed with file:line and make the exit status 1. Themes
    with fewer than 5 positive paragraphs are warnings.

    \b
    Example:
      themeclf validate labels/own.jsonl my_labels.csv
    """
    from themeclf.data import validate as run

    ids = {t.id for t in _themes(themes_file)}
    result = run(files, ids)
    for issue in result.errors:
        click.echo(f"error: {issue}", err=True)
    for issue in result.warnings:
        click.echo(f"warning: {issue}", err=True)
    n = len(result.records)
    click.echo(f"{n} valid record{'s' if n != 1 else ''}, {len(result.errors)} error{'s' if len(result.errors) != 1 else ''}, "
               f"{len(result.warnings)} warning{'s' if len(result.warnings) != 1 else ''}")
    click.echo(f"paragraphs with no theme: {result.no_theme_share:.0%}")
    for t, c in sorted(result.positives.items(), key=lambda kv: -kv[1]):
        click.echo(f"  {t:<26} {c:>5}")
    if result.errors:
        sys.exit(1)


# --- train ------------------------------------------------------------------------------------


def _settings(c: float, word_ngrams: int, chars: bool, scope: bool, nb: bool, gate: bool, gate_power: float,
              stacking: bool, seed: int):
    from themeclf.model import Settings

    return Settings(C=c, word_ngrams=word_ngrams, use_chars=chars, use_scope=scope, nb_beta=1.0 if nb else None,
                    gate=gate, gate_power=gate_power, stacking=stacking, seed=seed)


_model_options = [
    click.option("--themes", "themes_file", type=click.Path(dir_okay=False), help="Theme schema (default: the codebook's 14)."),
    click.option("-C", "c", type=click.FloatRange(min=1e-4), default=16.0, show_default=True, help="Inverse regularisation strength."),
    click.option("--word-ngrams", type=click.IntRange(1, 3), default=2, show_default=True, help="Longest word n-gram."),
    click.option("--chars/--no-chars", default=False, show_default=True, help="Character n-gram features (slower)."),
    click.option("--scope/--no-scope", default=True, show_default=True, help="Negation and contrast scope features, and marks on the words of critical sentences."),
    click.option("--nb/--no-nb", default=True, show_default=True,
                 help="Weight each theme's features by how well they tell its paragraphs apart (NB log ratio)."),
    click.option("--gate/--no-gate", default=True, show_default=True,
                 help="A weakness gate: one model reads whether a paragraph states any weakness, each theme's model "
                      "which one (off by itself when the labels cannot teach it)."),
    click.option("--gate-power", type=click.FloatRange(0, 1, min_open=True), default=0.5, show_default=True,
                 help="The gate's weight: 1 multiplies the two probabilities; lower trusts the gate less "
                      "(weaknesses stated as bare facts, in news or council papers, keep more of their score)."),
    click.option("--stacking/--no-stacking", default=False, show_default=True,
                 help="Score each theme from every theme's cross-validated score (no gate; else each theme is "
                      "calibrated on its own)."),
    click.option("--seed", type=int, default=0, show_default=True, help="Seed for folds."),
]


def model_options(f):
    for opt in reversed(_model_options):
        f = opt(f)
    return f


def _load_data(files, themes_file):
    from themeclf.data import load_records

    themes = _themes(themes_file)
    return load_records(files, {t.id for t in themes}), themes


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Model file to write (.joblib).")
@model_options
def train(files, output, themes_file, **model_opts) -> None:
    """Train a model on labelled paragraphs (JSONL or CSV; - for stdin).

    Thresholds per theme are chosen by grouped cross-validation on the training data
    and saved with the model, beside a manifest (.json) holding versions, data hash and
    cross-validated scores.

    \b
    Example:
      themeclf train labels.jsonl -o models/mine.joblib
      themeclf tag report.pdf --model models/mine.joblib
    """
    from themeclf.data import data_hash, document_groups
    from themeclf.model import fit, save

    records, themes = _load_data(files, themes_file)
    settings = _settings(**model_opts)
    click.echo(f"Training on {len(records)} paragraphs ...", err=True)
    model, notes = fit([r.text for r in records], [r.labels for r in records], themes,
                       document_groups(records), settings)
    for note in notes:
        click.echo(f"Warning: {note}", err=True)
    manifest = save(model, output, {"training_data_sha256": data_hash(records), "provisional": False})
    cv = manifest.get("cv") or {}
    click.echo(f"Saved {output} ({len(model.trained)} themes trained)")
    if cv:
        from themeclf.output import metrics_table

        click.echo("Cross-validated on the training data (thresholds tuned on the same folds: optimistic; "
                   "use 'themeclf evaluate' for an honest figure):")
        click.echo(metrics_table({"model": cv}, model.trained))


# --- tag --------------------------------------------------------------------------------------


@cli.command()
@click.argument("inputs", nargs=-1)
@click.option("--model", type=click.Path(dir_okay=False), help="Model file (default: the shipped model).")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), help="Output format [default: table on a terminal, else jsonl].")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (atomically) instead of stdout.")
@click.option("--input-format", type=click.Choice(["auto", "jsonl", "text"]), default="auto", show_default=True,
              help="How to read stdin: jsonl records, or a document (auto-detected).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Files read in parallel [default: all cores].")
@click.option("--explain", is_flag=True, help="Show the terms and sentence behind each flagged theme.")
def tag(inputs, model, fmt, output, input_format, jobs, explain) -> None:
    """Tag documents: which paragraphs raise which themes, with scores.

    INPUTS are PDF, Word, HTML, text or Markdown files, folders (read recursively), or -
    for stdin. A .jsonl file holds records {"id": ..., "text": ...}: each is tagged as one
    unit and its other keys are passed through. A file that cannot be read is reported on
    stderr and the rest are tagged; the exit status is then 1.

    \b
    Example:
      themeclf tag report.pdf
      themeclf tag reports/ -f csv -o tags.csv
      echo "Caseloads are too high in the assessment team." | themeclf tag -
    """
    from themeclf import tagging
    from themeclf.output import CsvOut, html_page, render, table_block, table_header, write_jsonl

    if not inputs:
        if sys.stdin.isatty():
            raise click.UsageError("give files or folders to tag, or - for stdin")
        inputs = ("-",)
    from themeclf.reading import expand

    files, problems = expand(inputs)
    failures = _Failures(problems)
    if not files:
        sys.exit(1)
    m = _load_model(model)
    fmt = fmt or ("table" if (output is None and sys.stdout.isatty()) else "jsonl")
    if output and fmt == "table" and output.endswith((".csv", ".jsonl", ".html")):
        fmt = output.rsplit(".", 1)[1]

    record_files = [f for f in files if f.lower().endswith((".jsonl", ".ndjson"))
                    or (f == "-" and input_format == "jsonl")]
    doc_files = [f for f in files if f not in record_files]
    html_docs = []
    with _output(output) as out:
        csv_out = CsvOut(out, m.theme_ids, record_mode=bool(record_files) and not doc_files) if fmt == "csv" else None

        def emit(source, meta, items, record_mode):
            if fmt == "jsonl":
                write_jsonl(out, items, record_mode)
            elif fmt == "csv":
                csv_out.write(items)
            elif fmt == "table":
                out.write(table_header(source, len(items), sum(1 for t in items if t.labels), meta) + "\n")
                block = table_block(items)
                out.write((block or "    (no paragraph flagged)\n") + "\n")
            else:
                html_docs.append((source, meta, items))

        for f in record_files:
            try:
                if f == "-":
                    fh = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig")
                    records = tagging.read_records(fh, "<stdin>")
                else:
                    try:
                        with open(f, encoding="utf-8-sig") as fh:
                            records = tagging.read_records(fh, f)
                    except (OSError, UnicodeDecodeError) as exc:
                        raise ThemeclfError(f"{f}: cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
            except ThemeclfError as exc:
                failures.report(exc)
                continue
            items = tagging.tag_records(records, m, f)
            if explain:
                tagging.explain_items(m, items)
            emit(f, {}, items, True)

        # The reading workers tag what they read: the model's work runs on every core too. For
        # CSV and JSON Lines they render it as well, and send back one string per document.
        if fmt in ("csv", "jsonl"):
            rendered = partial(tagging.tag_rendered, model=m, explain=explain, render=partial(render, fmt, m.theme_ids))
            for _, text in _read_documents(doc_files, jobs, failures, rendered):
                out.write(text)
        else:
            packed = _read_documents(doc_files, jobs, failures, partial(tagging.tag_packed, model=m, explain=explain))
            for doc, items in map(tagging.unpack, packed):
                emit(doc.source, doc.metadata, items, False)
        if fmt == "html":
            out.write(html_page(html_docs, m.themes, title="themeclf: " + ", ".join(inputs)[:120]))
    failures.exit_if_any()


# --- evaluate ---------------------------------------------------------------------------------


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True, help="Cross-validation folds.")
@click.option("--test", "test_file", type=click.Path(dir_okay=False), help="Train on FILES, score on this file instead of CV.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--report", type=click.Path(dir_okay=False), help="Write a self-contained HTML evaluation report.")
@click.option("--learning-curve", is_flag=True, help="Also score growing shares of the training data.")
@click.option("--by", "by", metavar="FIELD", help="Also score each value of this field of the records apart "
              "(e.g. genre or source: a key of your JSONL lines or a CSV column).")
@model_options
def evaluate(files, folds, test_file, as_json, report, learning_curve, by, themes_file, **model_opts) -> None:
    """Cross-validate a model honestly on labelled data.

    All paragraphs of one document (doc_id) stay on one side of every split, themes are
    balanced across folds, and thresholds are tuned inside each training fold only. The
    model is shown beside a keyword baseline and the all-negative prior.

    \b
    Example:
      themeclf evaluate labels.jsonl --folds 5
      themeclf evaluate train.jsonl --test held_out.jsonl --json
      themeclf evaluate reports.jsonl news.jsonl --by genre
    """
    from themeclf.data import load_records
    from themeclf.evaluation import evaluate as run
    from themeclf.output import metrics_table

    records, themes = _load_data(files, themes_file)
    test = load_records([test_file], {t.id for t in themes}) if test_file else None
    settings = _settings(**model_opts)

    def progress(done, total):
        if sys.stderr.isatty():
            click.echo(f"\rfold {done}/{total}", err=True, nl=done == total)

    ev = run(records, themes, folds, settings, test, learning_curve, progress, by)
    if report:
        from themeclf.report import evaluation_html

        with _output(report) as fh:
            fh.write(evaluation_html(ev))
        click.echo(f"Report written to {report}", err=True)
    if as_json:
        click.echo(json.dumps(ev.to_dict(), indent=2))
        return
    how = f"{ev.folds}-fold grouped CV" if not test_file else f"trained on {len(records)}, tested on {test_file}"
    click.echo(f"{how}: {ev.records} paragraphs, {ev.documents} documents, data sha256 {ev.data_sha256[:12]}")
    click.echo(metrics_table({"model": ev.model, "keywords": ev.keyword, "all-negative": ev.prior}, ev.theme_ids))
    if ev.fold_scores:
        micro = [f["micro_f1"] for f in ev.fold_scores]
        click.echo(f"micro F1 across folds: {min(micro):.3f} to {max(micro):.3f}")
    if ev.breakdown:
        click.echo(f"by {ev.by} (paragraphs, theme labels: micro F1 / macro F1):")
        width = max(len(r["value"]) for r in ev.breakdown)
        for r in ev.breakdown:
            click.echo(f"  {r['value']:<{width}}  {r['records']:>6} {r['positives']:>6}: {r['micro_f1']:.3f} / {r['macro_f1']:.3f}")
    if ev.reliability:
        click.echo("reliability of scores (score bin: mean score / share truly that theme, count):")
        for r in ev.reliability:
            click.echo(f"  {r['bin']}: {r['mean_score']:.2f} / {r['share_true']:.2f}  ({r['count']})")
    if ev.learning_curve:
        click.echo("learning curve (training share: micro F1 / macro F1):")
        for row in ev.learning_curve:
            click.echo(f"  {row['share']:>4.0%} ({row['train_records']} paragraphs): {row['micro_f1']:.3f} / {row['macro_f1']:.3f}")


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--model", type=click.Path(dir_okay=False), help="Model file (default: the shipped model).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="CSV file to write.")
@click.option("--plot", type=click.Path(dir_okay=False), help="Also draw documents x themes as a heatmap (PNG).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Files read in parallel [default: all cores].")
def profile(inputs, model, output, plot, jobs) -> None:
    """Profile documents: one row per document (source, council, inspection date, judgements,
    paragraph count) and, for each theme, the share of its paragraphs flagged.

    \b
    Example:
      themeclf profile reports/ -o profile.csv --plot heatmap.png
    """
    import csv

    from themeclf import tagging
    from themeclf.profiling import profile as make_profile
    from themeclf.reading import expand

    files, problems = expand(inputs)
    failures = _Failures(problems)
    m = _load_model(model)
    ids = m.theme_ids
    profiles = []
    for doc, items in map(tagging.unpack, _read_documents(files, jobs, failures, partial(tagging.tag_packed, model=m))):
        profiles.append(make_profile(doc, items, ids))
    judgement_keys = sorted({k for p in profiles for k in p.judgements})
    with _output(output) as fh:
        w = csv.writer(fh)
        w.writerow(["source", "council", "inspection_date", *judgement_keys, "paragraphs", *ids])
        for p in profiles:
            w.writerow([p.source, p.council or "", p.inspection_date or "", *[p.judgements.get(k, "") for k in judgement_keys],
                        p.paragraphs, *[f"{p.shares[t]:.3f}" for t in ids]])
    click.echo(f"{len(profiles)} documents profiled to {output}", err=True)
    if plot and profiles:
        from themeclf.atomic import atomic_open
        from themeclf.plots import heatmap_png

        names = [f"{p.council or p.source} {p.inspection_date or ''}".strip() for p in profiles]
        png = heatmap_png(names, ids, [[p.shares[t] for t in ids] for p in profiles], "Share of paragraphs flagged per theme")
        with atomic_open(plot, "wb") as fh:
            fh.write(png)
        click.echo(f"heatmap written to {plot}", err=True)
    failures.exit_if_any()


@cli.command()
@click.argument("texts", nargs=-1, required=True)
@click.option("--model", type=click.Path(dir_okay=False), help="Model file (default: the shipped model).")
@click.option("--theme", "themes_wanted", multiple=True, help="Explain this theme even if not flagged (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def explain(texts, model, themes_wanted, as_json) -> None:
    """Explain the themes flagged in a paragraph: the terms that pushed each score up
    (with their weights) and the sentence that carried most. - reads the text from stdin.

    \b
    Example:
      themeclf explain "Caseloads remain too high and visits are often late."
      themeclf explain "Supervision is infrequent." --theme weak_oversight --json
    """
    from themeclf.explanation import explain as run

    m = _load_model(model)
    text = " ".join(texts)
    if text == "-":
        text = sys.stdin.read()
    if not text.strip():
        raise click.UsageError("give the paragraph to explain")
    unknown = [t for t in themes_wanted if t not in m.theme_ids]
    if unknown:
        raise ThemeclfError(f"unknown theme id: {', '.join(unknown)} (see 'themeclf themes')")
    result = run(m, text, list(themes_wanted) or None)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    if not result:
        click.echo("No theme flagged.")
        return
    for tid, ev in result.items():
        flag = "flagged" if ev["score"] >= m.thresholds.get(tid, 1) else "not flagged"
        halves = (f" (reads as a weakness {ev['weakness']:.2f}, as this theme if so {ev['theme_if_weakness']:.2f})"
                  if "weakness" in ev else "")
        click.echo(f"{tid}  score {ev['score']:.2f}{halves}, threshold {m.thresholds.get(tid, 0):.2f}, {flag}")
        for term, weight in ev["terms"]:
            click.echo(f"    +{weight:.3f}  {term}")
        click.echo(f"    strongest sentence: \u201c{ev['sentence']}\u201d")


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--model", type=click.Path(dir_okay=False), help="Model file (default: the shipped model).")
@click.option("-n", "count", type=click.IntRange(min=1), default=50, show_default=True, help="How many paragraphs.")
@click.option("--exclude", "exclude_files", multiple=True, type=click.Path(dir_okay=False),
              help="Labelled data (JSONL/CSV) whose paragraphs are not suggested again (repeatable).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="JSONL file to write (default: stdout).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Files read in parallel [default: all cores].")
def suggest(inputs, model, count, exclude_files, output, jobs) -> None:
    """Suggest the paragraphs to label next: those the model is least sure about, spread
    across documents and themes, without near-duplicates. Writes JSONL ready for
    'themeclf label' (text, doc_id, source, page, index, and the model's scores).

    The model only chooses what to read; it never says what a paragraph is.

    \b
    Example:
      themeclf suggest new_reports/ -n 50 -o to_label.jsonl
      themeclf label to_label.jsonl -o my_labels.jsonl
    """
    from themeclf.reading import expand
    from themeclf.suggestion import suggest as pick
    from themeclf.textnorm import key

    files, problems = expand(inputs)
    failures = _Failures(problems)
    m = _load_model(model)
    exclude = set()
    if exclude_files:
        from themeclf.data import load_records

        exclude = {key(r.text) for r in load_records(exclude_files, None)}
    texts, docs, extras = [], [], []
    for result in _read_documents(files, jobs, failures):
        for p in result.paragraphs:
            texts.append(p.text)
            docs.append(result.source)
            extras.append({"source": result.source, "page": p.page, "index": p.index, "section": p.section})
    picked = pick(texts, m, count, docs, extras, exclude=exclude)
    with _output(output) as fh:
        for c in picked:
            fh.write(json.dumps({"text": c.text, "doc_id": c.doc_id, **c.extra, "uncertain_about": c.theme,
                                 "scores": c.scores}, ensure_ascii=False) + "\n")
    click.echo(f"{len(picked)} paragraphs suggested from {len(texts)}", err=True)
    failures.exit_if_any()


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True, help="Cross-validation folds.")
@click.option("-n", "count", type=click.IntRange(min=1), default=50, show_default=True, help="How many suspects.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines output.")
@model_options
def audit(files, folds, count, as_json, themes_file, **model_opts) -> None:
    """Audit labels: paragraphs whose cross-validated scores strongly disagree with their
    labels, most suspicious first, with the evidence. Re-read them; nothing is changed.

    \b
    Example:
      themeclf audit labels.jsonl -n 30
    """
    from themeclf.audit import audit as run
    from themeclf.explanation import explain

    records, themes = _load_data(files, themes_file)
    settings = _settings(**model_opts)
    suspects = run(records, themes, folds, settings, count)
    model = None
    if suspects and not as_json:
        from themeclf.data import document_groups
        from themeclf.model import fit

        model, _ = fit([r.text for r in records], [r.labels for r in records], themes,
                       document_groups(records), settings)
    for s in suspects:
        if as_json:
            click.echo(json.dumps({"where": s.record.where, "id": s.record.id, "theme": s.theme,
                                   "labelled": s.label, "cv_score": s.score, "text": s.record.text}, ensure_ascii=False))
            continue
        verdict = "labelled but scored" if s.label else "not labelled but scored"
        click.echo(f"{s.record.where}  {s.theme}: {verdict} {s.score:.2f}")
        click.echo(f"    {s.record.text[:300]}")
        if model is not None and not s.label:
            ev = explain(model, s.record.text, [s.theme]).get(s.theme)
            if ev:
                click.echo("    evidence: " + ", ".join(t for t, _ in ev["terms"][:5]))
    if not suspects:
        click.echo("No strong disagreements between labels and cross-validated scores.")


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="JSONL file the labels are appended to.")
@click.option("--model", type=click.Path(dir_okay=False), help="Model whose suggestions are shown (default: shipped).")
@click.option("--no-model", is_flag=True, help="Show no suggestions.")
def label(file, output, model, no_model) -> None:
    """Label paragraphs in the terminal, one key per theme.

    FILE is JSONL with a "text" on each line (for example from 'themeclf suggest').
    Keys: a theme's key toggles it; Enter saves and moves on; s skips; u undoes the last
    decision; = takes the model's suggestions; q quits. Every decision is written to the
    output at once, so nothing is lost on Ctrl-C; run the command again to resume.

    \b
    Example:
      themeclf suggest reports/ -n 50 -o to_label.jsonl
      themeclf label to_label.jsonl -o labelled.jsonl
    """
    from themeclf.labelling import Session, item_id, theme_keys
    from themeclf.tagging import read_records

    with open(file, encoding="utf-8-sig") as fh:
        items = read_records(fh, file)
    m = None if no_model else _load_model(model)
    themes_list = m.themes if m else _themes(None)
    keys = theme_keys([t.id for t in themes_list])
    names = {t.id: t.name for t in themes_list}
    session = Session.open(items, output)
    todo = session.remaining()
    total = len(items)
    i = 0
    while i < len(todo):
        item = todo[i]
        chosen: set[str] = set()
        suggested = m.predict([item["text"]])[0] if m else []
        scores = m.scores([item["text"]])[0] if m else None
        while True:
            click.clear() if sys.stdout.isatty() else None
            click.echo(f"[{total - len(todo) + i + 1}/{total}]  {item.get('source') or item.get('doc_id') or ''}")
            click.echo(click.wrap_text(item["text"], width=100) + "\n")
            for k, tid in keys.items():
                mark = "x" if tid in chosen else " "
                hint = f"  model {scores[m.theme_ids.index(tid)]:.2f}" if scores is not None else ""
                star = " *" if tid in suggested else ""
                click.echo(f"  [{mark}] {k}  {names[tid]}{hint}{star}")
            click.echo("\nEnter save · s skip · u undo · = take suggestions (*) · q quit")
            ch = click.getchar()
            if ch in ("\r", "\n"):
                session.record(item, sorted(chosen))
                i += 1
                break
            if ch == "s":
                session.record(item, None, skipped=True)
                i += 1
                break
            if ch == "u":
                undone = session.undo()
                if undone is not None:
                    if i > 0 and item_id(todo[i - 1]) == undone:
                        i -= 1
                    else:
                        todo[i:i] = [it for it in items if item_id(it) == undone][:1]
                break
            if ch == "=":
                chosen = set(suggested)
            elif ch in ("q", "\x03", "\x04"):
                click.echo(f"Saved {len(session.done)} decisions to {output}. Run again to resume.")
                return
            elif ch in keys:
                chosen ^= {keys[ch]}
    click.echo(f"All {total} paragraphs done; labels are in {output}.")


def main() -> None:
    cli(prog_name="themeclf")
