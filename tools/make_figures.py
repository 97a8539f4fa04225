"""Make every figure in figures/ (the ones that are not a cell's output).

Deterministic: the same code and pins give the same bytes, so a test can check
that the committed figures are up to date. Run with ``make figures``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from hamstrings import style  # noqa: E402

FIGURES = Path(__file__).resolve().parents[1] / "figures"
SVG_METADATA = {"Date": None, "Creator": None}


def muscle_colours(path: Path) -> None:
    """A bar per muscle in its book colour, grouped by functional group, with its line style
    (:func:`hamstrings.style.line_style`) and display name."""
    with style.context():
        rows = [(group, m) for group, muscles in style.GROUPS.items() for m in muscles]
        fig, ax = plt.subplots(figsize=(8.0, 0.32 * len(rows) + 0.6))
        for i, (group, muscle) in enumerate(rows):
            y = len(rows) - 1 - i
            ax.barh(y, 1.0, color=style.muscle_color(muscle), height=0.8)
            # the line as line plots draw it: the two-joint hamstrings differ in style and marker
            line = style.line_style(muscle, markevery=[1])
            ax.plot([1.06, 1.26, 1.46], [y, y, y], **line)
            ax.text(1.54, y, style.display_name(muscle), va="center", fontsize=10)
            ax.text(-0.04, y, style.display_name(group) if muscle == style.GROUPS[group][0] else "",
                    va="center", ha="right", fontsize=10, fontweight="bold")
        ax.set_xlim(-0.9, 3.1)
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.axis("off")
        fig.savefig(path, metadata=SVG_METADATA)
        plt.close(fig)


ALL = {"muscle_colours.svg": muscle_colours}


def main(out_dir: Path = FIGURES) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, make in ALL.items():
        make(out_dir / name)
        print(f"wrote {out_dir / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else FIGURES))
