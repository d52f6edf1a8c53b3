"""The book's palette and figure sizes, in one place.

The palette is Okabe & Ito's colour-blind-safe set; every figure takes its
colours from here so a colour means the same thing in every chapter.
"""

from __future__ import annotations

from matplotlib.figure import Figure

#: Okabe-Ito colours by role.
PALETTE = {
    "data": "#000000",
    "network": "#0072B2",  # blue: the non-convex network / GD
    "convex": "#D55E00",  # vermilion: the convex solution
    "positive": "#009E73",  # bluish green: alpha > 0 / active side
    "negative": "#CC79A7",  # reddish purple: alpha < 0
    "highlight": "#E69F00",  # orange
    "neutral": "#999999",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
}

#: A cycle for several runs drawn in one axes.
CYCLE = [PALETTE[k] for k in ("network", "convex", "positive", "negative", "highlight", "sky", "neutral")]

WIDE = (9.0, 3.6)
SQUARE = (5.0, 4.5)
SURFACE = (7.0, 5.5)


def new_figure(size: tuple[float, float] = WIDE, **subplots_kwargs) -> tuple[Figure, object]:
    """A figure with a constrained layout and its axes (``subplots_kwargs`` go to ``Figure.subplots``)."""
    fig = Figure(figsize=size, layout="constrained")
    axes = fig.subplots(**subplots_kwargs)
    return fig, axes
