r"""Figures of the convex reformulation and of its equivalence with the network.

Functions for 1-D data with a bias column (``X`` of shape ``(n, 2)``, last column ones) draw
networks as functions of the scalar input :math:`x` and mark each neuron's activation point
:math:`a = -w_2 / w_1`. Plot functions never solve: they receive solutions, paths and
trajectories computed by :mod:`hiddenconvex.convex`, :mod:`hiddenconvex.lambda_path`,
:mod:`hiddenconvex.pruning` and :mod:`hiddenconvex.training`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import LogFormatter, MaxNLocator, NullFormatter

from hiddenconvex import _checks
from hiddenconvex.convex import ConvexSolution
from hiddenconvex.data import add_bias
from hiddenconvex.lambda_path import RegularizationPath
from hiddenconvex.network import ReLUNetwork
from hiddenconvex.plots._inputs import instance, instances
from hiddenconvex.plots.style import CYCLE, MAX_GRID, PALETTE, SMALL_FONT, SQUARE, WIDE, legend_below, new_figure
from hiddenconvex.pruning import n_active
from hiddenconvex.training import Trajectory

_PATTERN_COLORS = [PALETTE["positive"], PALETTE["negative"], PALETTE["highlight"], PALETTE["neutral"]]


def single_neuron_patterns(X: np.ndarray, y: np.ndarray, w_range: tuple[float, float] = (-2.0, 2.0)) -> Figure:
    r"""The loss of one ReLU neuron (no second layer, 1-D data) and its four fixed-pattern quadratics.

    Black: :math:`\ell(w) = \|\max(0, Xw) - y\|^2`. Coloured: :math:`q_D(u) = \|DXu - y\|^2` for
    every diagonal :math:`D`, solid where the constraint :math:`(2D - I)Xu \ge 0` holds (there
    :math:`q_D = \ell`) and dashed where it fails. Each feasible minimum is a dot.
    ``X`` must have one column and two rows; ``w_range`` is the range ``(low, high)`` of :math:`w` drawn.
    """
    X, y = _checks.as_data(X, y)
    w_range = _checks.interval(w_range, "w_range")
    if X.shape != (2, 1):
        raise ValueError(f"X must have shape (2, 1) (two scalar inputs), got {X.shape}")
    w = np.linspace(*w_range, 801)
    pre = w[:, None] * X[:, 0][None, :]  # (grid, n)
    fig, ax = new_figure(SQUARE)
    ax.plot(w, np.sum((np.maximum(pre, 0) - y) ** 2, axis=1), color=PALETTE["data"], lw=3, alpha=0.35,
            label=r"$\ell(w)$ (non-convex)")
    for k, bits in enumerate(np.ndindex(2, 2)):
        D = np.array(bits, dtype=float)
        q = np.sum((D * pre - y) ** 2, axis=1)
        ok = np.all((2 * D - 1) * pre >= 0, axis=1)
        color = _PATTERN_COLORS[k]
        ax.plot(w, q, ls="--", lw=1.2, color=color)
        ax.plot(w, np.where(ok, q, np.nan), lw=2, color=color, label=f"$D = $diag{bits}")
        if ok.any():
            best = np.flatnonzero(ok)[np.argmin(q[ok])]
            ax.scatter([w[best]], [q[best]], color=color, zorder=3)
    ax.set(xlabel="$w$ (or $u$)", ylabel="loss", ylim=(-0.1, 4.0), title="One neuron, one convex problem per pattern")
    ax.legend(fontsize=SMALL_FONT)
    return fig


def multiplicative(lam: float, half_width: float = 1.8, size: int = 121) -> Figure:
    r"""Left: :math:`g(a, b) = (ab - 1)^2 + \lambda(a^2 + b^2)`; right: :math:`h(z) = (z - 1)^2 + 2\lambda|z|`.

    The curve :math:`z \mapsto (\mathrm{sgn}(z)\sqrt{|z|}, \sqrt{|z|})` is drawn on the surface,
    where :math:`g = h`; the minimizer of :math:`h` is marked on the right. The surface is drawn on
    :math:`[-\text{half\_width}, \text{half\_width}]^2` with ``size`` points a side.
    """
    lam = _checks.nonnegative(lam, "lam")
    half_width = _checks.positive(half_width, "half_width")
    size = _checks.integer(size, "size", 2, MAX_GRID)
    grid = np.linspace(-half_width, half_width, size)
    a, b = np.meshgrid(grid, grid)
    g = (a * b - 1) ** 2 + lam * (a**2 + b**2)
    z = np.linspace(-half_width**2, half_width**2, 401)
    h = (z - 1) ** 2 + 2 * lam * np.abs(z)
    z_star = max(1.0 - lam, 0.0)  # soft thresholding of the label 1 at lam
    h_star = (z_star - 1) ** 2 + 2 * lam * z_star
    fig = Figure(figsize=WIDE, layout="constrained")
    ax3 = fig.add_subplot(1, 2, 1, projection="3d")
    ax3.computed_zorder = False  # draw in call order: the curve lies on the surface and must not be hidden by it
    ax3.plot_surface(a, b, np.minimum(g, 6.0), cmap="viridis", linewidth=0, alpha=0.8, zorder=1)
    za, zb = np.sign(z) * np.sqrt(np.abs(z)), np.sqrt(np.abs(z))
    ax3.plot(za, zb, np.minimum(h, 6.0), color=PALETTE["convex"], lw=2, zorder=2)
    ax3.set(xlabel="$a$", ylabel="$b$", zlabel="$g$", title=rf"$(ab-1)^2 + \lambda(a^2+b^2)$, $\lambda={lam:g}$")
    ax3.view_init(elev=30, azim=-60)
    ax = fig.add_subplot(1, 2, 2)
    ax.plot(z, h, color=PALETTE["convex"], lw=2, label=r"$h(z) = (z-1)^2 + 2\lambda|z|$")
    ax.scatter([z_star], [h_star], color=PALETTE["data"], zorder=3, label=f"minimum at $z = {z_star:.3g}$")
    ax.set(xlabel="$z = ab$", ylabel="$h$", ylim=(-0.2, 6.0), title="The convex counterpart")
    ax.legend(fontsize=SMALL_FONT)
    return fig


def _input_grid(X: np.ndarray, margin: float = 0.15, size: int = 400) -> tuple[np.ndarray, np.ndarray]:
    """Scalar inputs spanning the data (first column of ``X``) and the same grid with a bias column."""
    _checks.with_bias(X)
    lo, hi = X[:, 0].min(), X[:, 0].max()
    x = np.linspace(lo - margin * (hi - lo), hi + margin * (hi - lo), size)
    return x, add_bias(x)


def _draw_network_1d(ax: Axes, x: np.ndarray, grid: np.ndarray, net: ReLUNetwork, color: str, label: str,
                     ls: str = "-") -> None:
    """The network's function over ``x`` and its neurons' activation points (ticks on the curve)."""
    ax.plot(x, net(grid), color=color, lw=2, ls=ls, label=label)
    live = (net.W[:, 0] != 0) & (net.alpha != 0)
    points = -net.W[live, 1] / net.W[live, 0]
    points = points[(points >= x[0]) & (points <= x[-1])]
    if len(points):
        ax.scatter(points, net(add_bias(points)), marker="|", s=120, color=color, zorder=3)


def _draw_data(ax: Axes, X: np.ndarray, y: np.ndarray) -> None:
    ax.scatter(X[:, 0], y, color=PALETTE["data"], zorder=4, label="data")


def lambda_fit(X: np.ndarray, y: np.ndarray, solution: ConvexSolution) -> Figure:
    """The convex optimum at one λ: the mapped network's function (left) and the group norms (right).

    Left: data, the function of ``solution.to_network()`` and its activation points (ticks).
    Right: :math:`\\|u_i\\|` (up) and :math:`-\\|v_i\\|` (down) for each pattern ``i``.
    """
    X, y = _checks.as_data(X, y)
    instance(solution, ConvexSolution, "solution")
    x, grid = _input_grid(X)
    net = solution.to_network()
    fig, (ax, bars) = new_figure(WIDE, ncols=2)
    _draw_data(ax, X, y)
    _draw_network_1d(ax, x, grid, net, PALETTE["convex"], f"mapped network ({n_active(solution)} neurons)")
    ax.set(xlabel="$x$", ylabel="$f(x)$", title=f"$\\lambda = {solution.lam:.3g}$, optimal loss {solution.value:.4g}")
    index = np.arange(len(solution.patterns))
    bars.bar(index, np.linalg.norm(solution.U, axis=1), color=PALETTE["positive"], label=r"$\|u_i\|$ ($\alpha > 0$)")
    bars.bar(index, -np.linalg.norm(solution.V, axis=1), color=PALETTE["negative"], label=r"$-\|v_i\|$ ($\alpha < 0$)")
    bars.axhline(0, color=PALETTE["neutral"], lw=0.8)
    bars.xaxis.set_major_locator(MaxNLocator(integer=True))
    bars.set(xlabel="pattern $i$", ylabel="group norm", title="Convex neurons")
    legend_below(fig, ax, bars)
    return fig


def regularization_path(path: RegularizationPath, n_points: int | None = None) -> Figure:
    """Number of neurons (left) and optimal loss and its data-fit part (right) against λ (log scale).

    With ``n_points`` given, the bound :math:`n + 1` on the number of neurons needed is drawn.
    """
    instance(path, RegularizationPath, "path")
    n_points = None if n_points is None else _checks.integer(n_points, "n_points", 1)
    fig, (left, right) = new_figure(WIDE, ncols=2)
    left.step(path.lams, path.n_active, where="mid", color=PALETTE["convex"], lw=2, label="non-zero groups")
    if n_points is not None:
        left.axhline(n_points + 1, color=PALETTE["neutral"], ls="--", label="$n + 1$")
    left.set(xscale="log", xlabel=r"$\lambda$", ylabel="neurons", title="Active convex neurons")
    left.legend(fontsize=SMALL_FONT)
    right.plot(path.lams, path.values, color=PALETTE["convex"], lw=2, marker="o", ms=3, label="optimal loss")
    right.plot(path.lams, path.data_fit, color=PALETTE["network"], lw=2, marker="o", ms=3, label="data-fit part")
    right.set(xscale="log", xlabel=r"$\lambda$", ylabel="loss", title="Loss along the path")
    right.legend(fontsize=SMALL_FONT)
    return fig


def teaser_frame(trajectory: Trajectory, t: int, X: np.ndarray, y: np.ndarray, solution: ConvexSolution) -> Figure:
    """One frame of the teaser: GD's function at record ``t`` vs the convex optimum (left), losses (right).

    Its arguments follow the per-step figures, so :func:`hiddenconvex.animation.trajectory_frames` animates it;
    ``t`` is a record index in ``[-len(trajectory), len(trajectory) - 1]``.
    """
    instance(trajectory, Trajectory, "trajectory")
    t = _checks.index(t, "t", len(trajectory)) % len(trajectory)  # the loss curve is drawn up to record t
    X, y = _checks.as_data(X, y)
    instance(solution, ConvexSolution, "solution")
    x, grid = _input_grid(X, size=300)
    fig = Figure(figsize=(9.0, 4.2))  # a fixed layout: frames are drawn many times, constrained layout is slow
    ax, curve = fig.subplots(ncols=2)
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.12, top=0.91, wspace=0.22)
    _draw_data(ax, X, y)
    _draw_network_1d(ax, x, grid, solution.to_network(), PALETTE["convex"], "convex global optimum")
    ax.plot(x, trajectory.network(t)(grid), color=PALETTE["network"], lw=2, label="gradient descent")
    # plain-text labels and tick labels: mathtext parsing would dominate the cost of a frame
    ax.set(xlabel="x", ylabel="f(x)", ylim=(-1.6, 1.6), title=f"{trajectory.W.shape[1]} neurons, step {trajectory.recorded_steps[t]}")
    ax.legend(fontsize=SMALL_FONT, loc="lower left")
    curve.plot(trajectory.recorded_steps[: t + 1], trajectory.loss[: t + 1], color=PALETTE["network"], lw=2, label="GD loss")
    curve.axhline(solution.value, color=PALETTE["convex"], ls="--", label=f"convex optimum {solution.value:.4f}")
    curve.set(yscale="log", xlim=(0, trajectory.recorded_steps[-1]), ylim=(0.5 * solution.value, 2 * trajectory.loss.max()),
              xlabel="step", ylabel="loss", title="Loss")
    curve.yaxis.set_major_formatter(LogFormatter())
    curve.yaxis.set_minor_formatter(NullFormatter())
    curve.xaxis.set_major_locator(MaxNLocator(4))
    curve.legend(fontsize=SMALL_FONT)
    return fig


def final_loss_histogram(finals: np.ndarray, convex_value: float, bins: int = 30,
                         labels: Sequence[str] | None = None) -> Figure:
    """Histogram of final GD losses (log-spaced bins) with the convex optimum as a vertical line.

    ``bins`` (at most ``MAX_GRID``) bars span the losses. Non-finite losses (diverged runs) are left out;
    the others must be positive (log scale). Ticks are labelled 1, 2, 3, 5 per decade, in plain numbers. With ``labels`` (one per run, e.g. the
    labels of :func:`hiddenconvex.classify`) the bars are stacked, one colour per label.
    """
    _checks.refuse_converted(finals, "finals")  # non-finite entries (diverged runs) are left out below
    convex_value = _checks.positive(convex_value, "convex_value")
    bins = _checks.integer(bins, "bins", 1, MAX_GRID)
    finals = np.asarray(finals, dtype=float)
    if finals.ndim != 1 or finals.size == 0:
        raise ValueError(f"finals must be a non-empty 1-D array of losses, got shape {finals.shape}")
    if labels is not None:
        labels = _checks.labels(labels, "labels", len(finals))
    kept = np.isfinite(finals)
    names = np.array(labels if labels is not None else ["GD runs"] * len(finals), dtype=object)[kept]
    finals = finals[kept]
    if finals.size == 0 or np.any(finals <= 0):
        raise ValueError("finals must hold positive losses (the histogram uses a log scale)")
    fig, ax = new_figure(SQUARE)
    lo = min(finals.min(), convex_value)
    edges = np.geomspace(0.9 * lo, 1.1 * finals.max(), bins + 1)
    groups = list(dict.fromkeys(names))
    colours = [c for c in CYCLE if c != PALETTE["convex"]]  # vermilion is the optimum's line
    ax.hist([finals[names == g] for g in groups], bins=edges, stacked=True, alpha=0.8,
            color=[colours[k % len(colours)] for k in range(len(groups))],
            label=[f"{np.sum(names == g)} {g}" for g in groups])
    ax.axvline(convex_value, color=PALETTE["convex"], lw=2, ls="--", label=f"convex optimum {convex_value:.4f}")
    ax.set(xscale="log", xlabel="final loss", ylabel="runs", title="Final losses of the runs")
    decades = 10.0 ** np.arange(np.floor(np.log10(edges[0])), np.ceil(np.log10(edges[-1])) + 1)
    ticks = [t for t in np.outer(decades, [1.0, 2.0, 3.0, 5.0]).ravel() if edges[0] <= t <= edges[-1]]
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xticks(ticks, labels=[f"{t:g}" for t in ticks])
    ax.legend(fontsize=SMALL_FONT)
    return fig


def compare_networks_1d(X: np.ndarray, y: np.ndarray, nets: Sequence[ReLUNetwork], labels: Sequence[str]) -> Figure:
    """Functions of several networks on 1-D data with a bias column, with their activation points.

    Line styles alternate (solid, dashed, dotted, dash-dot) so that coinciding functions stay visible.
    """
    X, y = _checks.as_data(X, y)
    instances(nets, ReLUNetwork, "nets")
    if len(nets) == 0:
        raise ValueError("nets must hold at least one network")
    labels = _checks.labels(labels, "labels", len(nets))
    x, grid = _input_grid(X)
    fig, ax = new_figure(SQUARE)
    _draw_data(ax, X, y)
    for k, (net, label) in enumerate(zip(nets, labels)):
        _draw_network_1d(ax, x, grid, net, CYCLE[k % len(CYCLE)], label, ls=("-", "--", ":", "-.")[k % 4])
    ax.set(xlabel="$x$", ylabel="$f(x)$", title="Networks and their activation points")
    ax.legend(fontsize=SMALL_FONT)
    return fig

