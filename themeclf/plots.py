"""Figures (matplotlib, imported only when drawn): heatmaps and precision-recall curves."""

from __future__ import annotations

import io
from typing import Sequence


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def heatmap_png(rows: Sequence[str], cols: Sequence[str], values: Sequence[Sequence[float]], title: str) -> bytes:
    """Documents x themes, darker = larger share of paragraphs flagged."""
    plt = _plt()
    h = max(3.0, 0.28 * len(rows) + 2.2)
    fig, ax = plt.subplots(figsize=(max(8.0, 0.55 * len(cols) + 4), h))
    im = ax.imshow(values, aspect="auto", cmap="Reds", vmin=0, vmax=max(0.3, max((max(r) for r in values), default=0)))
    ax.set_xticks(range(len(cols)), [c.replace("_", " ") for c in cols], rotation=40, ha="right", fontsize=8)
    ax.set_yticks(range(len(rows)), [r if len(r) <= 60 else r[:57] + "..." for r in rows], fontsize=7)
    ax.set_title(title, fontsize=10)
    fig.colorbar(im, ax=ax, label="share of paragraphs flagged", shrink=0.8)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()


def pr_curves_svg(curves: dict[str, tuple[Sequence[float], Sequence[float], float]]) -> str:
    """Precision-recall curves per theme as an SVG string."""
    plt = _plt()
    n = len(curves)
    cols = 4
    rows = max(1, (n + cols - 1) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(12, 2.6 * rows), squeeze=False)
    for ax, (theme, (prec, rec, ap)) in zip(axes.ravel(), curves.items()):
        ax.plot(rec, prec, lw=1.5)
        ax.set_title(f"{theme.replace('_', ' ')} (AP {ap:.2f})", fontsize=8)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1.02)
        ax.tick_params(labelsize=7)
        ax.set_xlabel("recall", fontsize=7)
        ax.set_ylabel("precision", fontsize=7)
    for ax in axes.ravel()[n:]:
        ax.axis("off")
    fig.tight_layout()
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    plt.close(fig)
    return buf.getvalue()
