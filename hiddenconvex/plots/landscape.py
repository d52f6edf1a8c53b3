"""Figures of the non-convex landscape: loss curves and surfaces, and GD loss histories."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from hiddenconvex.network import loss_landscape
from hiddenconvex.plots.style import CYCLE, PALETTE, SQUARE, SURFACE, new_figure
from hiddenconvex.training import Trajectory


def one_neuron_loss(X: np.ndarray, y: np.ndarray, w_range: tuple[float, float] = (-2.0, 2.0)) -> Figure:
    r"""Loss :math:`\sum_j (\max(0, w x_j) - y_j)^2` of one 1-D neuron with output weight fixed to 1.

    ``X`` must have one column. The curve's local minima are marked.
    """
    w = np.linspace(*w_range, 801)
    values = loss_landscape(X, y, w[:, None, None], [1.0])
    fig, ax = new_figure(SQUARE)
    ax.plot(w, values, color=PALETTE["network"], lw=2)
    interior = np.flatnonzero((values[1:-1] < values[:-2]) & (values[1:-1] <= values[2:])) + 1
    ax.scatter(w[interior], values[interior], color=PALETTE["convex"], zorder=3, label="local minima")
    ax.set(xlabel="neuron weight $w$", ylabel="loss", title="One ReLU neuron, two data points")
    ax.legend()
    return fig


def two_neuron_surface(X: np.ndarray, y: np.ndarray, w_range: tuple[float, float] = (-3.0, 3.0), size: int = 121) -> Figure:
    r"""Surface :math:`(w_1, w_2) \mapsto \sum_j (\max(0, w_1 x_j) + \max(0, w_2 x_j) - y_j)^2`.

    Two 1-D neurons with output weights fixed to 1; ``X`` must have one column.
    """
    w = np.linspace(*w_range, size)
    w1, w2 = np.meshgrid(w, w)
    grid = np.stack([w1, w2], axis=-1)[..., None]  # (size, size, 2, 1)
    values = loss_landscape(X, y, grid, [1.0, 1.0])
    fig = Figure(figsize=SURFACE, layout="constrained")
    ax = fig.add_subplot(projection="3d")
    ax.plot_surface(w1, w2, values, cmap="viridis", linewidth=0, antialiased=True, alpha=0.9)
    ax.set(xlabel="$w_1$", ylabel="$w_2$", zlabel="loss", title="Two ReLU neurons, output weights fixed to 1")
    ax.view_init(elev=35, azim=-130)
    return fig


def loss_curves(trajectories: Sequence[Trajectory], labels: Sequence[str] | None = None, log: bool = True) -> Figure:
    """Loss against step for several gradient-descent runs, one colour each."""
    fig, ax = new_figure(SQUARE)
    for k, traj in enumerate(trajectories):
        label = labels[k] if labels is not None else f"run {k}"
        ax.plot(traj.recorded_steps, traj.loss, color=CYCLE[k % len(CYCLE)], lw=1.8, label=label)
    if log:
        ax.set_yscale("log")
    ax.set(xlabel="step", ylabel="loss", title="Gradient descent")
    ax.legend()
    return fig
