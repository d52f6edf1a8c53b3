"""The phase diagram of :mod:`hiddenconvex.phases` (two heat maps over width × initialization scale), the
lazy/active contrast of its scale sweep, and the held-out errors of :mod:`hiddenconvex.generalization`."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np
from matplotlib.figure import Figure

from hiddenconvex.generalization import HeldOutStudy
from hiddenconvex.phases import PhaseDiagram, ScaleSweep
from hiddenconvex import _checks
from hiddenconvex.plots._inputs import instance, mapping
from hiddenconvex.plots.style import PALETTE, SMALL_FONT, WIDE, new_figure


def phase_diagram(diagram: PhaseDiagram) -> Figure:
    """Left: fraction of seeds certified global; right: fraction of neurons whose pattern changed.

    One cell per (width, scale), its value written in its upper half; the dashed line is the output-scale
    boundary :math:`s^\\star(m)` (the random network's output as large as the targets). Cells where
    every seed diverged are left blank.
    """
    instance(diagram, PhaseDiagram, "diagram")
    fig, axes = new_figure(WIDE, ncols=2)
    columns = np.arange(len(diagram.widths))
    rows = np.arange(len(diagram.scales))
    log_scales = np.log10(diagram.scales)
    # the boundary, in the cells' coordinates: interpolate log10 s* between the rows' log-scales
    boundary_rows = np.interp(np.log10(diagram.boundary), log_scales, rows, left=np.nan, right=np.nan)
    panels = [(diagram.global_fraction, "certified global (fraction of seeds)", "Blues"),
              (diagram.changed_fraction, "patterns changed (fraction of neurons)", "Oranges")]
    for ax, (values, title, cmap) in zip(axes, panels):
        image = ax.imshow(values, origin="lower", cmap=cmap, vmin=0.0, vmax=1.0, aspect="auto")
        for (r, c), v in np.ndenumerate(values):
            if np.isfinite(v):
                ax.text(c, r + 0.3, f"{v:.2f}", ha="center", va="center", fontsize=SMALL_FONT,  # above the line
                        color="white" if v > 0.6 else PALETTE["data"])
        ax.plot(columns, boundary_rows, ls="--", lw=2, color=PALETTE["data"], label="output scale = target scale")
        ax.set_xticks(columns, labels=[str(m) for m in diagram.widths])
        ax.set_yticks(rows, labels=[f"{s:g}" for s in diagram.scales])
        ax.set(xlabel="width m", ylabel="initialization scale s", title=title)
        fig.colorbar(image, ax=ax, shrink=0.9)
    axes[0].legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), fontsize=SMALL_FONT, frameon=False)
    return fig


def lazy_and_active(sweep: ScaleSweep, marks: Mapping[str, tuple[float, float, float]] | None = None) -> Figure:
    """Against the initialization scale (log axis): left, the relative movement of the first layer
    (log axis, with the level 1 dotted); right, the fraction of neurons whose pattern changed.

    ``marks`` adds single runs, ``label: (scale, moved, changed)``, as labelled markers on both panels
    (for instance a run from another initialization, placed at its effective scale)."""
    instance(sweep, ScaleSweep, "sweep")
    marks = {} if marks is None else {label: _mark(mark, f"marks[{label!r}]")
                                      for label, mark in mapping(marks, "marks", "(scale, moved, changed)", nonempty=False).items()}
    fig, (moved, changed) = new_figure(WIDE, ncols=2)
    moved.loglog(sweep.scales, sweep.moved, marker="o", color=PALETTE["network"])
    moved.axhline(1.0, color=PALETTE["neutral"], ls=":", lw=1)
    moved.set(xlabel="initialization scale s", ylabel=r"$\|W_T - W_0\|_F \,/\, \|W_0\|_F$",
              title="How far the first layer moves")
    changed.semilogx(sweep.scales, sweep.changed, marker="o", color=PALETTE["convex"])
    changed.set(xlabel="initialization scale s", ylabel="fraction of neurons", ylim=(0.0, 1.0),
                title="Neurons whose pattern changed")
    for (label, (scale, distance, fraction)), symbol in zip(marks.items(), itertools.cycle("*DP^v")):
        for ax, value in ((moved, distance), (changed, fraction)):  # unclipped: a fraction of 0 stays visible
            ax.plot([scale], [value], symbol, ms=11, color="black", mfc="none", clip_on=False, label=label)
    if marks:
        moved.legend(fontsize=SMALL_FONT)
    return fig


def _mark(mark: object, name: str) -> np.ndarray:
    """One run marked on :func:`lazy_and_active`: finite ``(scale > 0, moved > 0, changed)``."""
    mark = _checks.as_vector(mark, name, 3)
    if mark[0] <= 0 or mark[1] <= 0:
        raise ValueError(f"{name} must be (scale > 0, moved > 0, changed), got {tuple(mark)}")
    return mark


def held_out_errors(study: HeldOutStudy) -> Figure:
    """Test error against λ for the convex path (line), and each gradient-descent run (λ = 0) as a
    point in a column of its own at the left, one column per initialization scale (logarithmic y axis)."""
    instance(study, HeldOutStudy, "study")
    fig, axes = new_figure(WIDE, ncols=2, sharey=True, width_ratios=[3, 2])
    path_ax, gd_ax = axes
    path_ax.loglog(study.lams, study.path_test, marker="o", color=PALETTE["convex"], label="test")
    path_ax.loglog(study.lams, study.path_train, marker="s", mfc="none", ls="--", color=PALETTE["network"], label="train")
    path_ax.set(xlabel="weight decay λ", ylabel="mean squared error", title="Global minimizer for each λ")
    path_ax.legend(fontsize=SMALL_FONT)
    for k, scale in enumerate(study.gd_test):
        jitter = np.linspace(-0.15, 0.15, len(study.gd_test[scale]))
        gd_ax.plot(k + jitter, study.gd_test[scale], "o", color=PALETTE["convex"], label="test" if k == 0 else None)
        gd_ax.plot(k + jitter, study.gd_train[scale], "s", mfc="none", color=PALETTE["network"],
                   label="train" if k == 0 else None)
    gd_ax.set_xticks(range(len(study.gd_test)), [f"{s:g}" for s in study.gd_test])
    gd_ax.set(xlabel="initialization scale", title="Gradient descent, λ = 0")
    gd_ax.legend(fontsize=SMALL_FONT)
    return fig
