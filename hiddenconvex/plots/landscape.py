"""Figures of the non-convex landscape: loss curves and surfaces, and GD loss histories."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from hiddenconvex import _checks
from hiddenconvex.network import ReLUNetwork, loss_landscape
from hiddenconvex.plots._inputs import instances, mapping
from hiddenconvex.plots.style import CYCLE, MAX_GRID, MAX_WIDTH, PALETTE, SMALL_FONT, SQUARE, SURFACE, WIDE, new_figure
from hiddenconvex.training import Trajectory


def one_neuron_loss(X: np.ndarray, y: np.ndarray, w_range: tuple[float, float] = (-2.0, 2.0)) -> Figure:
    r"""Loss :math:`\sum_j (\max(0, w x_j) - y_j)^2` of one 1-D neuron with output weight fixed to 1.

    ``X`` must have one column; ``w_range`` is the range ``(low, high)`` of :math:`w` drawn. The curve's
    local minima are marked.
    """
    X, y = _checks.as_data(X, y)
    w_range = _checks.interval(w_range, "w_range")
    w = np.linspace(*w_range, 801)
    values = loss_landscape(X, y, w[:, None, None], [1.0])
    fig, ax = new_figure(SQUARE)
    ax.plot(w, values, color=PALETTE["network"], lw=2)
    interior = np.flatnonzero((values[1:-1] < values[:-2]) & (values[1:-1] <= values[2:])) + 1
    ax.scatter(w[interior], values[interior], color=PALETTE["convex"], zorder=3, label="local minima")
    ax.set(xlabel="neuron weight $w$", ylabel="loss", title="One ReLU neuron, two data points")
    ax.legend()
    return fig


def _quadrant_minima(w1: np.ndarray, w2: np.ndarray, values: np.ndarray, tol: float = 1e-3) -> np.ndarray:
    """Grid points within ``tol`` of the lowest value of their open quadrant of the (w1, w2) plane."""
    marks = np.zeros(values.shape, dtype=bool)
    for s1 in (-1, 1):
        for s2 in (-1, 1):
            inside = (np.sign(w1) == s1) & (np.sign(w2) == s2)
            marks |= inside & (values <= values[inside].min() + tol)
    return marks


def two_neuron_surface(
    X: np.ndarray, y: np.ndarray, paths: np.ndarray | None = None, w_range: tuple[float, float] = (-3.0, 3.0), size: int = 121
) -> Figure:
    r"""Surface :math:`(w_1, w_2) \mapsto \sum_j (\max(0, w_1 x_j) + \max(0, w_2 x_j) - y_j)^2`, with its minima.

    Two 1-D neurons with output weights fixed to 1; ``X`` must have one column. Left: the surface,
    the critical lines :math:`w_1 = 0` and :math:`w_2 = 0` (where a neuron changes pattern, dashed),
    and the minimizers of each quadrant (grid points within 1e-3 of the quadrant's lowest value).
    Right: the same as contours seen from above. ``paths`` (from :func:`hiddenconvex.training.two_neuron_paths`) are drawn
    on both, each end point labelled with its loss, as an array ``(k, steps, 2)``. The grid has ``size``
    points a side over ``w_range`` :math:`= (\text{low}, \text{high})`.
    """
    X, y = _checks.as_data(X, y)
    w_range = _checks.interval(w_range, "w_range")
    size = _checks.integer(size, "size", 2, MAX_GRID)
    if paths is not None:
        paths = _checks.as_array(paths, "paths")
        if paths.ndim != 3 or paths.shape[1] == 0 or paths.shape[2] != 2:
            raise ValueError(f"paths must be an array (k, steps, 2) of (w1, w2) along each path, got shape {paths.shape}")
    w = np.linspace(*w_range, size)
    w1, w2 = np.meshgrid(w, w)
    grid = np.stack([w1, w2], axis=-1)[..., None]  # (size, size, 2, 1)
    values = loss_landscape(X, y, grid, [1.0, 1.0])
    minima = _quadrant_minima(w1, w2, values)
    # the 3-D axes' labels reach past the figure's edge (and the saved PNG's tight box): 5% narrower
    fig = Figure(figsize=(0.95 * MAX_WIDTH, SURFACE[1] * 0.85), layout="constrained")
    ax3 = fig.add_subplot(1, 2, 1, projection="3d")
    ax2 = fig.add_subplot(1, 2, 2)
    ax3.plot_surface(w1, w2, values, cmap="viridis", linewidth=0, antialiased=True, alpha=0.6)
    contours = ax2.contourf(w1, w2, values, levels=30, cmap="viridis")
    fig.colorbar(contours, ax=ax2, label="loss")
    zero = np.zeros_like(w)
    for line in ((w, zero), (zero, w)):
        on_line = loss_landscape(X, y, np.stack(line, axis=-1)[..., None], [1.0, 1.0])
        ax3.plot(*line, on_line, color="white", ls="--", lw=1.2)
        ax2.plot(*line, color="white", ls="--", lw=1.2)
    ax3.scatter(w1[minima], w2[minima], values[minima], color=PALETTE["convex"], s=8, label="minimizers of each quadrant")
    ax2.scatter(w1[minima], w2[minima], color=PALETTE["convex"], s=8, label="minimizers of each quadrant")
    if paths is not None:
        for k, path in enumerate(paths):
            colour = CYCLE[(k + 2) % len(CYCLE)]
            on_path = loss_landscape(X, y, path[..., None], [1.0, 1.0])
            ax3.plot(path[:, 0], path[:, 1], on_path, color=colour, lw=2)
            ax2.plot(path[:, 0], path[:, 1], color=colour, lw=2)
            ax2.scatter(*path[-1], color=colour, edgecolor="black", zorder=3)
            ax2.annotate(f"{on_path[-1]:.2f}", path[-1], textcoords="offset points", xytext=(5, 5), color="white")
    ax3.set(xlabel="$w_1$", ylabel="$w_2$", zlabel="loss", title="Loss surface")
    ax3.view_init(elev=35, azim=-130)
    ax2.set(xlabel="$w_1$", ylabel="$w_2$", title="From above, with gradient-descent paths", aspect="equal")
    ax2.legend(loc="lower left", fontsize=SMALL_FONT)
    return fig


def networks_on_line(networks: dict[str, ReLUNetwork], X: np.ndarray, y: np.ndarray, t_range: tuple[float, float] = (-2.0, 2.0)) -> Figure:
    r"""Outputs :math:`t \mapsto f((t, 1))` of networks on 1-D data with a bias column, one panel each.

    Each panel draws the network's output (thick) and each neuron's contribution
    :math:`\alpha_i \max(0, w_i^\top (t, 1))` (thin), with the data points. ``networks`` maps a panel's
    title to its network; ``t_range`` is the range ``(low, high)`` of the input drawn.
    """
    instances(mapping(networks, "networks", "hc.ReLUNetwork"), ReLUNetwork, "networks")
    X, y = _checks.as_data(X, y)
    _checks.with_bias(X)
    t = np.linspace(*_checks.interval(t_range, "t_range"), 401)
    T = np.column_stack([t, np.ones_like(t)])
    fig, axes = new_figure(WIDE, ncols=len(networks), sharey=True, squeeze=False)
    for ax, (name, net) in zip(axes[0], networks.items()):
        for w, a in zip(net.W, net.alpha):
            if a != 0.0 and np.any(w != 0.0):
                ax.plot(t, a * np.maximum(T @ w, 0.0), color=PALETTE["positive" if a > 0 else "negative"], lw=1)
        ax.plot(t, net(T), color=PALETTE["network"], lw=2.5, label="network output")
        ax.scatter(X[:, 0], y, color=PALETTE["data"], zorder=3, label="data")
        ax.set(xlabel="input $t$", title=name)
    axes[0][0].set_ylabel("output")
    axes[0][0].legend(fontsize=SMALL_FONT)
    return fig


def loss_curves(trajectories: Sequence[Trajectory], labels: Sequence[str] | None = None, log: bool = True) -> Figure:
    """Loss against step for several gradient-descent runs, one colour each (named by ``labels``, one per run)."""
    instances(trajectories, Trajectory, "trajectories")
    if labels is not None:
        labels = _checks.labels(labels, "labels", len(trajectories))
    log = _checks.flag(log, "log")
    fig, ax = new_figure(SQUARE)
    for k, traj in enumerate(trajectories):
        label = labels[k] if labels is not None else f"run {k}"
        ax.plot(traj.recorded_steps, traj.loss, color=CYCLE[k % len(CYCLE)], lw=1.8, label=label)
    if log:
        ax.set_yscale("log")
    ax.set(xlabel="step", ylabel="loss", title="Gradient descent")
    ax.legend()
    return fig
