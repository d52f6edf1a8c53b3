"""Figures of the performance chapter: solver cost against problem size, and accuracy against time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter

from hiddenconvex import _checks
from hiddenconvex.plots._inputs import curve, named_vectors
from hiddenconvex.plots.style import CYCLE, SQUARE, WIDE, new_figure

#: Curves with at most this many points are drawn with markers.
MARKER_LIMIT = 20
#: A size axis with at most this many sizes is labelled at the sizes themselves (5, 10, 20, 40).
SIZE_TICK_LIMIT = 8


def scaling(panels: Mapping[str, tuple[Sequence[float], Mapping[str, Sequence[float]]]]) -> Figure:
    """Log-log plots of seconds against a problem size, one panel per size.

    ``panels`` maps a size's name (the x label) to ``(sizes, {method: seconds})``; each method is one
    line with markers, in the same colour in every panel. A panel with few sizes is labelled at its
    sizes, written plainly (not as powers of ten).
    """
    if not isinstance(panels, Mapping) or not panels:
        raise ValueError("panels must map at least one size's name to (sizes, {method: seconds})")
    panels = {name: (curve(sizes, f"panels[{name!r}] sizes"), named_vectors(times, f"panels[{name!r}] times"))
              for name, (sizes, times) in panels.items()}
    fig, axes = new_figure(WIDE, ncols=len(panels), squeeze=False)
    for ax, (name, (sizes, times)) in zip(axes[0], panels.items()):
        for k, (method, seconds) in enumerate(times.items()):
            if len(seconds) != len(sizes):
                raise ValueError(f"panel {name!r}: method {method!r} has {len(seconds)} times for {len(sizes)} sizes")
            ax.loglog(sizes, seconds, "o-", color=CYCLE[k % len(CYCLE)], label=method)
        ax.set(xlabel=name, ylabel="seconds")
        if len(sizes) <= SIZE_TICK_LIMIT:
            ax.set_xticks(list(sizes), labels=[f"{size:g}" for size in sizes])
            ax.xaxis.set_minor_formatter(NullFormatter())
        ax.legend()
    return fig


def accuracy_against_time(curves: Mapping[str, tuple[Sequence[float], Sequence[float]]], floor: float = 1e-9) -> Figure:
    """Relative objective gap against time (log-log), one line per method.

    ``curves`` maps a method to ``(seconds, relative gaps)``. Gaps below ``floor`` (a run that
    reaches the reference value, or the reference itself) are drawn at ``floor``, a dotted line shown
    only when some curve reaches it. Short curves get
    markers, long ones (gradient descent) a plain line.
    """
    return _gap_figure(curves, floor, "seconds", "Time to accuracy", logx=True)


def gap_against_steps(curves: Mapping[str, tuple[Sequence[float], Sequence[float]]], floor: float = 1e-9,
                      title: str = "Optimizers from one start", ylabel: str = "relative gap to the optimum") -> Figure:
    """Relative objective gap (log scale) against the step number, one line per optimizer.

    ``curves`` maps an optimizer to ``(steps, relative gaps)``; gaps below ``floor`` are drawn at ``floor``
    (a dotted line, drawn only when some curve reaches it). The gap axis is logarithmic, or linear from
    0 when all gaps lie within one decade.
    """
    return _gap_figure(curves, floor, "step", title, logx=False, ylabel=ylabel)


def _gap_figure(curves: Mapping[str, tuple[Sequence[float], Sequence[float]]], floor: float, xlabel: str, title: str,
                logx: bool, ylabel: str = "relative gap to the optimum") -> Figure:
    if not isinstance(curves, Mapping) or not curves:
        raise ValueError("curves must map at least one method to (x, gaps)")
    curves = {method: (curve(x, f"curves[{method!r}] {xlabel}"), curve(gaps, f"curves[{method!r}] gaps", len(x)))
              for method, (x, gaps) in curves.items()}
    floor = _checks.positive(floor, "floor")
    fig, ax = new_figure(SQUARE)
    clipped = False
    for k, (method, (x, gaps)) in enumerate(curves.items()):
        marker = "o" if len(x) <= MARKER_LIMIT else ""
        gaps = np.asarray(gaps, dtype=float)
        clipped |= bool(np.any(gaps <= floor))
        ax.plot(x, np.maximum(gaps, floor), marker=marker, color=CYCLE[k % len(CYCLE)], label=method)
    drawn = np.concatenate([np.maximum(np.asarray(g, dtype=float), floor) for _, g in curves.values()])
    narrow = drawn.max() < 10 * drawn.min()
    if narrow:  # gaps within one decade: a linear axis from 0 (a log axis would read 9.95x10^-1 ...)
        ax.set_ylim(0.0, 1.05 * drawn.max())
    else:
        ax.set_yscale("log")
    if logx:
        ax.set_xscale("log")
    if clipped:  # the floor is drawn only when a curve reaches it
        ax.axhline(floor, color="0.7", lw=0.8, ls=":")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(loc="lower left" if narrow else "best")  # a narrow range sits at the top of its axis
    return fig
