"""Chart images (PNG) for summaries and digests."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

COLOURS = {"green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828"}


@dataclass(frozen=True)
class LightBar:
    """One bar: a success factor's label and how many chose each light."""

    label: str
    green: int
    yellow: int
    red: int

    @property
    def total(self) -> int:
        return self.green + self.yellow + self.red


def traffic_light_chart(bars: Sequence[LightBar], title: str, legend: Sequence[str]) -> bytes:
    """A horizontal 100 % stacked bar per factor; `legend` names green, yellow, red."""
    # Imported here: matplotlib and numpy cost ~60 MB per process, and only charts need them.
    import matplotlib

    matplotlib.use("Agg")  # no display on servers
    import matplotlib.pyplot as plt

    # Constrained layout with the legend outside, under the axis: the legend, the axis label
    # and long factor names never overlap, however many bars there are.
    height = 0.45 * max(len(bars), 1) + 2.0
    figure, axes = plt.subplots(figsize=(9, height), dpi=110, layout="constrained")
    try:
        labels = [bar.label for bar in bars]
        lefts = [0.0] * len(bars)
        for light, name in zip(("green", "yellow", "red"), legend, strict=True):
            shares = [(getattr(bar, light) / bar.total * 100) if bar.total else 0.0 for bar in bars]
            axes.barh(labels, shares, left=lefts, color=COLOURS[light], label=name)
            lefts = [left + share for left, share in zip(lefts, shares, strict=True)]
        axes.invert_yaxis()
        axes.set_xlim(0, 100)
        axes.set_xlabel("%")
        axes.set_title(title, loc="left", fontsize=11)
        figure.legend(loc="outside lower center", ncol=3, frameon=False)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(figure)
