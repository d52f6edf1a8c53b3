"""Figures of the performance chapter: solver cost against problem size, and accuracy against time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from hiddenconvex.plots.style import CYCLE, SQUARE, WIDE, new_figure


def scaling(panels: Mapping[str, tuple[Sequence[float], Mapping[str, Sequence[float]]]]) -> Figure:
    """Log-log plots of seconds against a problem size, one panel per size.

    ``panels`` maps a size's name (the x label) to ``(sizes, {method: seconds})``; each method is one
    line with markers, in the same colour in every panel.
    """
    if not panels:
        raise ValueError("panels must contain at least one panel")
    fig, axes = new_figure(WIDE, ncols=len(panels), squeeze=False)
    for ax, (name, (sizes, times)) in zip(axes[0], panels.items()):
        for k, (method, seconds) in enumerate(times.items()):
            if len(seconds) != len(sizes):
                raise ValueError(f"panel {name!r}: method {method!r} has {len(seconds)} times for {len(sizes)} sizes")
            ax.loglog(sizes, seconds, "o-", color=CYCLE[k % len(CYCLE)], label=method)
        ax.set(xlabel=name, ylabel="seconds")
        ax.legend()
    return fig


def accuracy_against_time(curves: Mapping[str, tuple[Sequence[float], Sequence[float]]]) -> Figure:
    """Relative objective gap against time (log-log), one line per method.

    ``curves`` maps a method to ``(seconds, relative gaps)``; non-positive gaps are clipped to 1e-16
    so that a run that reaches the optimum exactly stays on the plot.
    """
    if not curves:
        raise ValueError("curves must contain at least one method")
    fig, ax = new_figure(SQUARE)
    for k, (method, (seconds, gaps)) in enumerate(curves.items()):
        ax.loglog(seconds, np.maximum(np.asarray(gaps, dtype=float), 1e-16), "o-", color=CYCLE[k % len(CYCLE)], label=method)
    ax.set(xlabel="seconds", ylabel="relative gap to the optimum", title="Time to accuracy")
    ax.legend()
    return fig
