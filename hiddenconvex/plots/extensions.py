"""Figures of the extensions chapter: decision regions, loss histories against convex levels, pattern counts,
the dual certificate and the WGAN discriminator's budget."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from hiddenconvex import _checks
from hiddenconvex.data import add_bias
from hiddenconvex.plots._inputs import curve, mapping, named_vectors, vectors
from hiddenconvex.plots.style import CYCLE, MAX_GRID, PALETTE, SMALL_FONT, SQUARE, WIDE, legend_below, new_figure


def decision_regions(X: np.ndarray, y: np.ndarray, models: Mapping[str, Callable[[np.ndarray], np.ndarray]], size: int = 201) -> Figure:
    """One panel per model: the sign of its score on a grid (regions) and the data coloured by label.

    ``X`` is 2-D data with a bias column (n, 3), ``y`` in {-1, +1}; ``models`` maps a name to a
    callable taking such an array to one finite score per row. Panel titles give the training accuracy;
    ``size`` is the number of grid points a side.
    """
    X, y = _checks.as_data(X, y)
    if X.shape[1] != 3:
        raise ValueError(f"X must be 2-D data with a bias column, shape (n, 3), got {X.shape}")
    if not np.all(np.isin(y, (-1.0, 1.0))):
        raise ValueError(f"y must hold the labels -1 and +1 only, got {np.unique(y).tolist()}")
    models = mapping(models, "models", "callables (an array (k, 3) -> k scores)")
    for name, model in models.items():
        if not callable(model):
            raise ValueError(f"models[{name!r}] must be callable (an array (k, 3) -> k scores), got {type(model).__name__}")
    size = _checks.integer(size, "size", 2, MAX_GRID)
    fig, axes = new_figure(WIDE, ncols=len(models), squeeze=False)
    lo, hi = X[:, :2].min(axis=0) - 0.2, X[:, :2].max(axis=0) + 0.2
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], size), np.linspace(lo[1], hi[1], size))
    grid = add_bias(np.column_stack([g1.ravel(), g2.ravel()]))
    for ax, (name, model) in zip(axes[0], models.items()):
        score = _checks.as_vector(model(grid), f"the scores of models[{name!r}]", len(grid)).reshape(g1.shape)
        ax.contourf(g1, g2, score > 0, levels=[-0.5, 0.5, 1.5], colors=[PALETTE["negative"], PALETTE["positive"]], alpha=0.25)
        ax.contour(g1, g2, score, levels=[0.0], colors=PALETTE["data"], linewidths=1.2)
        for label, colour, marker in ((1.0, PALETTE["positive"], "o"), (-1.0, PALETTE["negative"], "s")):
            pts = X[y == label]
            ax.scatter(pts[:, 0], pts[:, 1], color=colour, marker=marker, edgecolor=PALETTE["data"], s=30, label=f"y = {label:+.0f}")
        acc = np.mean(np.sign(_checks.as_vector(model(X), f"the scores of models[{name!r}]", len(X))) == y)
        ax.set(title=f"{name} (train accuracy {acc:.0%})", xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
    axes[0][0].legend(loc="lower left", fontsize=SMALL_FONT)
    return fig


def loss_histories(histories: Sequence[np.ndarray], levels: Mapping[str, float], title: str, log: bool = True) -> Figure:
    """Loss against step for several gradient-descent runs (blue shades) and horizontal reference levels (labelled lines)."""
    histories = vectors(histories, "histories")
    levels = {name: _checks.real_number(value, f"levels[{name!r}]")
              for name, value in mapping(levels, "levels", "numbers", nonempty=False).items()}
    title = _checks.text(title, "title")
    log = _checks.flag(log, "log")
    fig, ax = new_figure(SQUARE)
    for k, losses in enumerate(histories):
        ax.plot(np.arange(len(losses)), losses, color=PALETTE["network"], alpha=0.4 + 0.6 * (k == 0), lw=1.4,
                label="gradient descent" if k == 0 else None)
    styles = ["-", "--", ":", "-."]
    for k, (name, value) in enumerate(levels.items()):
        ax.axhline(value, color=CYCLE[1 + k % (len(CYCLE) - 1)], ls=styles[k % len(styles)], lw=2, label=f"{name} = {value:.4g}")
    if log:
        ax.set_yscale("log")
    ax.set(xlabel="step", ylabel="loss", title=title)
    ax.legend(fontsize=SMALL_FONT)
    return fig


def pattern_counts(ns: Sequence[int], counts: Mapping[str, Sequence[float]]) -> Figure:
    """Counts of patterns against the number of points ``n``, one line per family, logarithmic y axis."""
    ns = curve(ns, "ns")
    counts = named_vectors(counts, "counts", len(ns))
    fig, ax = new_figure(SQUARE)
    for k, (name, values) in enumerate(counts.items()):
        ax.plot(ns, values, marker="os^vD"[k % 5], color=CYCLE[k % len(CYCLE)], lw=1.8, label=name)
    ax.set_yscale("log")
    ax.set_xticks(list(ns))
    ax.set(xlabel="number of data points $n$", ylabel="number of patterns", title="Patterns: two layers vs three layers")
    ax.legend(fontsize=SMALL_FONT)
    return fig


def dual_certificate(theta: np.ndarray, values: np.ndarray, beta: float, neuron_angles: Sequence[float]) -> Figure:
    r"""The dual constraint :math:`|\nu^\top\max(0, Xu)|` over unit neurons :math:`u = (\cos\theta, \sin\theta)`, the bound β and the optimal neurons' angles."""
    theta = curve(theta, "theta")
    values = _checks.as_vector(values, "values", len(theta))
    beta = _checks.real_number(beta, "beta")
    neuron_angles = curve(neuron_angles, "neuron_angles")
    fig, ax = new_figure(WIDE)
    ax.plot(theta, values, color=PALETTE["network"], lw=1.8, label=r"$|\nu^{\star\top}\max(0, Xu_\theta)|$")
    ax.axhline(beta, color=PALETTE["convex"], ls="--", lw=2, label=rf"$\beta = 2\lambda = {beta:.3g}$")
    for k, angle in enumerate(neuron_angles):
        ax.axvline(angle, color=PALETTE["highlight"], ls=":", lw=1.5, label="neurons of the optimal network" if k == 0 else None)
    ax.set(xlabel=r"angle $\theta$ of the neuron $u_\theta$", ylabel="dual constraint", xlim=(0, 2 * np.pi), title="The dual certificate")
    legend_below(fig, ax)
    return fig


def wgan_budget(spreads: np.ndarray, budgets: np.ndarray, two_lam: float, sizes: Mapping[str, np.ndarray]) -> Figure:
    r"""Left: :math:`\Delta` against the spread of the generated points, with the level :math:`2\lambda`. Right: discriminator size during ascent."""
    spreads = curve(spreads, "spreads")
    budgets = _checks.as_vector(budgets, "budgets", len(spreads))
    two_lam = _checks.nonnegative(two_lam, "two_lam")
    sizes = named_vectors(sizes, "sizes")
    fig, (left, right) = new_figure(WIDE, ncols=2)
    left.plot(spreads, budgets, color=PALETTE["network"], lw=2, label=r"$\Delta$ (exact)")
    left.axhline(two_lam, color=PALETTE["convex"], ls="--", lw=2, label=rf"$2\lambda = {two_lam:.3g}$")
    left.fill_between(spreads, 0, budgets.max(), where=budgets <= two_lam, color=PALETTE["positive"], alpha=0.2,
                      label="discriminator's best answer: 0")
    left.set(xlabel="spread $s$ of the generated points", ylabel=r"$\Delta$", title="Feature gap of the generator")
    left.legend(fontsize=SMALL_FONT, loc="upper center")
    for k, (name, values) in enumerate(sizes.items()):
        right.plot(np.arange(len(values)), values, color=CYCLE[k % len(CYCLE)], lw=1.8, label=name)
    right.set_yscale("log")
    right.set(xlabel="ascent step", ylabel=r"$\sum_i \|w_i\|^2 + \alpha_i^2$", title="Discriminator under gradient ascent")
    right.legend(fontsize=SMALL_FONT)
    return fig
