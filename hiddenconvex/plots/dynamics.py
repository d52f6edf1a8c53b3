"""Figures of gradient-descent dynamics: outputs and activation points along a run, 2-D activation lines,
pattern counts, the restricted convex optimum along a run, early-phase directions, and 1-D splines.

Every function returns a :class:`matplotlib.figure.Figure`. The per-step figures (:func:`output_and_loss`,
:func:`activation_lines`) take ``(traj, t, ...)``, so :func:`hiddenconvex.animation.trajectory_frames` animates them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator

from hiddenconvex import _checks
from hiddenconvex.data import add_bias
from hiddenconvex.dynamics import direction_flow
from hiddenconvex.patterns import activation_points
from hiddenconvex.network import ReLUNetwork
from hiddenconvex.plots._inputs import instance, instances, vectors
from hiddenconvex.plots.style import PALETTE, SMALL_FONT, SQUARE, WIDE, figure_size, new_figure
from hiddenconvex.training import Trajectory

#: Size of animation frames in inches (at the default 80 dpi: 720 x 288 pixels).
FRAME_SIZE = (9.0, 3.6)


def _grid_1d(X: np.ndarray, margin: float = 0.3, size: int = 241) -> np.ndarray:
    lo, hi = X[:, 0].min(), X[:, 0].max()
    pad = margin * (hi - lo)
    return np.linspace(lo - pad, hi + pad, size)


def _opacity(net: ReLUNetwork) -> np.ndarray:
    """Opacity of each neuron's mark, from 0.1 to 1, growing with its weight :math:`|\\alpha_i|\\,\\|w_i\\|`."""
    weight = net.neuron_weights()
    return np.clip(0.1 + 0.9 * weight / max(weight.max(), 1e-300), 0.0, 1.0)


def _draw_output_1d(ax, X: np.ndarray, y: np.ndarray, net: ReLUNetwork, convex: ReLUNetwork | None,
                    legend: bool = True) -> None:
    """Data, network output, and activation points (ticks under the data, coloured by the sign of alpha,
    more opaque for heavier neurons)."""
    xs = _grid_1d(X)
    grid = add_bias(xs)
    if convex is not None:
        ax.plot(xs, convex.predict(grid), color=PALETTE["convex"], lw=1.6, ls="--", label="convex optimum")
    ax.plot(xs, net.predict(grid), color=PALETTE["network"], lw=2, label="network")
    ax.scatter(X[:, 0], y, color=PALETTE["data"], zorder=4, s=30, label="data")
    points = activation_points(net.W, flat="nan")
    inside = np.isfinite(points) & (points >= xs[0]) & (points <= xs[-1])
    low = min(y.min(), 0.0) - 0.35 * (np.ptp(y) + 1e-9)
    colours = np.where(net.alpha[inside] >= 0, PALETTE["positive"], PALETTE["negative"])
    ax.scatter(points[inside], np.full(inside.sum(), low), marker="|", s=120, c=colours,
               alpha=_opacity(net)[inside] if inside.any() else None, label="activation points")
    ax.set(xlim=(xs[0], xs[-1]), xlabel="$x$", ylabel="$f(x)$")
    if legend:
        ax.legend(loc="upper center", fontsize=SMALL_FONT, ncol=2)


def _log_axis(ax) -> None:
    """A logarithmic y axis with at most six plain-text labels (mathtext labels are slow to render)."""
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(numticks=6))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0e}"))
    ax.yaxis.set_minor_locator(NullLocator())


def _draw_loss(ax, traj: Trajectory, t: int) -> None:
    positive = np.maximum(traj.loss, 1e-300)
    now = t % len(traj)
    ax.plot(traj.recorded_steps, positive, color=PALETTE["neutral"], lw=1, alpha=0.4)  # the whole run, for steady axes
    ax.plot(traj.recorded_steps[: now + 1], positive[: now + 1], color=PALETTE["network"], lw=1.6)
    ax.scatter([traj.recorded_steps[now]], [positive[now]], color=PALETTE["highlight"], zorder=3, s=30)
    _log_axis(ax)
    ax.set(xlabel="step", ylabel="loss")
    ax.set_title(f"step {traj.recorded_steps[t]}, loss {traj.loss[t]:.3g}", y=1.0)  # fixed y: no title-placement pass


def output_and_loss(traj: Trajectory, t: int, X: np.ndarray, y: np.ndarray, convex: ReLUNetwork | None = None,
                    title: str = "", fixed_layout: bool = False, legend: bool = True) -> Figure:
    """Left: 1-D data, the network at record ``t`` and its activation points; right: the loss up to record ``t``.

    ``X`` is 1-D data with a bias column, shape ``(n, 2)``. ``convex``, if given, is drawn dashed
    (e.g. ``hc.solve_convex(...).to_network()``). ``fixed_layout`` places the axes at fixed positions
    instead of running matplotlib's constrained layout, and ``legend=False`` leaves out the legend
    (together they halve the drawing time, for widgets). ``t`` is a record index in
    ``[-len(traj), len(traj) - 1]`` (negative counts from the end).
    """
    instance(traj, Trajectory, "traj")
    t = _checks.index(t, "t", len(traj))
    X, y = _checks.as_data(X, y)
    if convex is not None:
        instance(convex, ReLUNetwork, "convex")
    title = _checks.text(title, "title")
    fixed_layout = _checks.flag(fixed_layout, "fixed_layout")
    legend = _checks.flag(legend, "legend")
    if fixed_layout:
        fig = Figure(figsize=FRAME_SIZE)
        left, right = fig.subplots(ncols=2, width_ratios=[3, 2])
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.9, wspace=0.3)
    else:
        fig, (left, right) = new_figure(FRAME_SIZE, ncols=2, width_ratios=[3, 2])
    _draw_output_1d(left, X, y, traj.network(t), convex, legend)
    left.set_title(title, y=1.0)
    _draw_loss(right, traj, t)
    for axis in (left.xaxis, left.yaxis, right.xaxis):
        axis.set_major_locator(MaxNLocator(5))  # few ticks: each tick is several artists to draw
    return fig


def activation_lines(traj: Trajectory, t: int, X: np.ndarray, y: np.ndarray) -> Figure:
    r"""2-D data (with a bias column, ``X`` of shape ``(n, 3)``) and each neuron's line :math:`w^\top (x, 1) = 0`.

    The background is the sign of the network's output; each line is coloured by the sign of its
    neuron's output weight and drawn with an opacity growing with :math:`|\alpha_i|\,\|w_i\|`.
    ``t`` is a record index in ``[-len(traj), len(traj) - 1]``.
    """
    instance(traj, Trajectory, "traj")
    t = _checks.index(t, "t", len(traj))
    X, y = _checks.as_data(X, y)
    net = traj.network(t)
    lo, hi = X[:, :2].min() - 0.2, X[:, :2].max() + 0.2
    xs = np.linspace(lo, hi, 120)
    gx, gy = np.meshgrid(xs, xs)
    values = net.predict(np.column_stack([gx.ravel(), gy.ravel(), np.ones(gx.size)])).reshape(gx.shape)
    fig, ax = new_figure(SQUARE)
    ax.contourf(gx, gy, np.sign(values), levels=[-1.5, 0, 1.5], colors=[PALETTE["negative"], PALETTE["positive"]],
                alpha=0.15)
    ends = np.array([lo, hi])
    for w, a, o in zip(net.W, net.alpha, _opacity(net)):
        colour = PALETTE["positive"] if a >= 0 else PALETTE["negative"]
        if abs(w[1]) >= abs(w[0]):  # line y = -(w0 x + w2) / w1
            ax.plot(ends, -(w[0] * ends + w[2]) / w[1], color=colour, alpha=o, lw=1)
        else:  # line x = -(w1 y + w2) / w0
            ax.plot(-(w[1] * ends + w[2]) / w[0], ends, color=colour, alpha=o, lw=1)
    for label, marker in ((1.0, "o"), (-1.0, "s")):
        mask = y == label
        ax.scatter(X[mask, 0], X[mask, 1], marker=marker, s=16, color=PALETTE["data"],
                   facecolors="white" if label < 0 else PALETTE["data"], label=f"label {label:+.0f}")
    ax.set(xlim=(lo, hi), ylim=(lo, hi), aspect="equal", title=f"step {traj.recorded_steps[t]}, loss {traj.loss[t]:.3g}")
    ax.legend(loc="lower right", fontsize=SMALL_FONT)
    return fig


def pattern_counts(trajectories: Sequence[Trajectory], counts: Sequence[np.ndarray], labels: Sequence[str],
                   realizable: int | None = None) -> Figure:
    """Number of distinct activation patterns among the neurons against the step, one curve per run.

    ``counts[k]`` has one entry per record of ``trajectories[k]``, ``labels[k]`` names it.
    ``realizable`` (e.g. :func:`hiddenconvex.cover_count`) is quoted in the title for scale.
    """
    instances(trajectories, Trajectory, "trajectories")
    counts = vectors(counts, "counts")
    labels = _checks.labels(labels, "labels", len(counts))
    if len(trajectories) != len(counts):
        raise ValueError(f"trajectories must hold one run per curve of counts ({len(counts)}), got {len(trajectories)}")
    for k, (traj, count) in enumerate(zip(trajectories, counts)):
        if len(count) != len(traj):
            raise ValueError(f"counts[{k}] must have one entry per record of trajectories[{k}] ({len(traj)}), got {len(count)}")
    if realizable is not None:
        realizable = _checks.integer(realizable, "realizable", 1)
    fig, ax = new_figure(SQUARE)
    colours = [PALETTE["network"], PALETTE["highlight"], PALETTE["positive"], PALETTE["negative"]]
    for k, (traj, count, label) in enumerate(zip(trajectories, counts, labels)):
        ax.step(traj.recorded_steps, count, where="post", color=colours[k % len(colours)], lw=1.8, label=label)
    title = "Distinct patterns among the neurons"
    if realizable is not None:
        title += f"\n(realizable patterns: {realizable:.2e})"
    ax.set(xlabel="step", ylabel="distinct patterns", title=title, ylim=(0, None))
    ax.legend()
    return fig


def convex_along_gd(traj: Trajectory, records: Sequence[int], values: np.ndarray) -> Figure:
    """GD's loss against the optimum of the convex program restricted to its patterns at ``records``.

    The optimum on the *initial* patterns (``values[0]``, which needs ``records[0] == 0``) is drawn as a
    horizontal line, and the first step at which GD's loss goes below it is marked. ``records`` are
    record indices (not step numbers), ``values`` has one entry per record.
    """
    instance(traj, Trajectory, "traj")
    records = _checks.indices(records, "records", len(traj))
    if records[0] != 0:
        raise ValueError(f"records must start at record 0 (values[0] is the optimum on the initial patterns), got {records[0]}")
    values = _checks.as_vector(values, "values", len(records))
    fig, ax = new_figure(SQUARE)
    ax.plot(traj.recorded_steps, traj.loss, color=PALETTE["network"], lw=1.8, label="GD loss")
    at = traj.recorded_steps[records]
    ax.plot(at, values, "o-", color=PALETTE["convex"], ms=4, lw=1.2, label="convex optimum on current patterns")
    ax.axhline(values[0], color=PALETTE["convex"], ls=":", lw=1.2, label="convex optimum on initial patterns")
    below = np.flatnonzero(traj.loss < values[0])
    if len(below):
        ax.axvline(traj.recorded_steps[below[0]], color=PALETTE["highlight"], lw=1.2,
                   label=f"GD below it from step {traj.recorded_steps[below[0]]}")
    ax.set_yscale("log")
    ax.set(xlabel="step", ylabel="loss", title="Gradient descent against convex programs")
    ax.legend(fontsize=SMALL_FONT)
    return fig


def early_directions(X: np.ndarray, W: np.ndarray, alpha: np.ndarray, predicted: np.ndarray,
                     y: np.ndarray | None = None) -> Figure:
    r"""Directions of 1-D neurons with a bias, :math:`w_i/\|w_i\|`, on the unit circle of the :math:`(w^{(1)}, w^{(2)})` plane.

    Each neuron is a dot at its direction, pushed outwards in proportion to :math:`|\alpha_i|\,\|w_i\|`;
    ``predicted`` (k, 2) directions are drawn as stars and the data directions :math:`x_j/\|x_j\|` as grey rays.
    With the labels ``y``, the direction flow of neurons with :math:`\alpha_i > 0`
    (:func:`hiddenconvex.dynamics.direction_flow`) is drawn as arrows of one length along a circle of
    radius 0.7, pointing the way such a direction turns (none where the flow is at rest); for
    :math:`\alpha_i < 0` they reverse.
    """
    X, y = (_checks.as_matrix(X), None) if y is None else _checks.as_data(X, y)
    W = _checks.as_matrix(W, "W")
    alpha = _checks.as_vector(alpha, "alpha", len(W))
    predicted = _checks.as_matrix(predicted, "predicted")
    fig, ax = new_figure(SQUARE)
    theta = np.linspace(0, 2 * np.pi, 361)
    ax.plot(np.cos(theta), np.sin(theta), color=PALETTE["neutral"], lw=0.8)
    for x in X / np.linalg.norm(X, axis=1, keepdims=True):
        ax.plot([0, x[0]], [0, x[1]], color=PALETTE["neutral"], lw=1, ls="--")
    if y is not None:
        ring = np.linspace(0, 2 * np.pi, 30, endpoint=False)
        turn = np.sign(direction_flow(X, y, ring))
        ring, turn = ring[turn != 0], turn[turn != 0]  # no arrow where the flow is at rest
        ax.quiver(0.7 * np.cos(ring), 0.7 * np.sin(ring), -0.12 * turn * np.sin(ring), 0.12 * turn * np.cos(ring),
                  angles="xy", scale_units="xy", scale=1, width=0.007, headwidth=4, headlength=4,
                  color=PALETTE["positive"],
                  label=r"turning of $\alpha > 0$")
    norms = np.linalg.norm(W, axis=1)
    live = norms > 0
    units = W[live] / norms[live, None]
    weight = ReLUNetwork(W, alpha).neuron_weights()[live]
    radius = 1.0 + 0.5 * weight / max(weight.max(), 1e-300)
    colours = np.where(alpha[live] >= 0, PALETTE["positive"], PALETTE["negative"])
    ax.scatter(units[:, 0] * radius, units[:, 1] * radius, s=8, c=colours, alpha=0.5, label="neurons")
    ax.scatter(predicted[:, 0], predicted[:, 1], marker="*", s=220, color=PALETTE["highlight"],
               edgecolors=PALETTE["data"], zorder=4, label="predicted directions")
    ax.set(xlim=(-1.6, 1.6), ylim=(-1.6, 1.6), aspect="equal", xlabel="$w^{(1)}$ (slope)",
           ylabel="$w^{(2)}$ (bias)", title="Neuron directions after the early phase")
    ax.legend(loc="lower left", fontsize=SMALL_FONT)
    return fig


def splines(X: np.ndarray, y: np.ndarray, nets: Sequence[ReLUNetwork], labels: Sequence[str]) -> Figure:
    """1-D networks (with a bias column) as piecewise-linear functions, one label each; their kinks are marked by dots."""
    X, y = _checks.as_data(X, y)
    instances(nets, ReLUNetwork, "nets")
    labels = _checks.labels(labels, "labels", len(nets))
    fig, ax = new_figure(WIDE)
    xs = _grid_1d(X, margin=0.15)
    colours = [PALETTE["convex"], PALETTE["network"], PALETTE["positive"], PALETTE["negative"]]
    for k, (net, label) in enumerate(zip(nets, labels)):
        colour = colours[k % len(colours)]
        ax.plot(xs, net.predict(add_bias(xs)), color=colour, lw=1.8, label=label)
        kinks = activation_points(net.W, flat="nan")
        kinks = np.unique(kinks[np.isfinite(kinks) & (kinks > xs[0]) & (kinks < xs[-1])])
        ax.scatter(kinks, net.predict(add_bias(kinks)) if len(kinks) else kinks, color=colour, s=36,
                   edgecolors=PALETTE["data"], zorder=4)
    ax.scatter(X[:, 0], y, color=PALETTE["data"], marker="x", s=40, zorder=5, label="data")
    for x in X[:, 0]:
        ax.axvline(x, color=PALETTE["neutral"], lw=0.6, ls=":")
    ax.set(xlabel="$x$", ylabel="$f(x)$", title="One-dimensional networks are linear splines (dots: kinks)")
    ax.legend(fontsize=SMALL_FONT)
    return fig


def message(text: str, size: tuple[float, float] = FRAME_SIZE) -> Figure:
    """A figure showing only ``text`` (used for a diverging run in a precomputed slider); ``size`` in inches."""
    text = _checks.text(text, "text")
    fig = Figure(figsize=figure_size(size), layout="constrained")
    fig.text(0.5, 0.5, text, ha="center", va="center", wrap=True, fontsize=12, color=PALETTE["convex"])
    return fig
