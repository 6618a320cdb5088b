"""Build small real PDFs for tests with matplotlib (real text layer, positioned lines)."""

from __future__ import annotations

from pathlib import Path


def make_pdf(path: Path, pages: list[list[str]], header: str | None = "Testshire County Council - inspection of children's services",
             page_numbers: bool = True, text: bool = True) -> Path:
    """Each page is a list of blocks; a block's lines are set 14pt apart, blocks 28pt apart."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["pdf.fonttype"] = 42
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    with PdfPages(path) as pdf:
        for n, blocks in enumerate(pages, 1):
            fig = plt.figure(figsize=(8.27, 11.69))
            if text:
                if header:
                    fig.text(0.1, 0.96, header, fontsize=9)
                if page_numbers:
                    fig.text(0.5, 0.03, str(n), fontsize=9)
                y = 0.86
                for block in blocks:
                    for line in block.split("\n"):
                        fig.text(0.1, y, line, fontsize=11)
                        y -= 14 / (11.69 * 72)
                    y -= 14 / (11.69 * 72)
            else:
                ax = fig.add_axes([0.1, 0.1, 0.8, 0.8])
                ax.imshow([[0, 1], [1, 0]])
                ax.axis("off")
            pdf.savefig(fig)
            plt.close(fig)
    return path
