r"""Figures of activation patterns: activation lines, pattern regions and cones, 1-D placements, counts.

Two planes appear side by side in these figures, both :math:`\mathbb{R}^2`: the
*input plane*, where the data points live and a neuron :math:`w` draws its
activation line :math:`\{a : w^\top a = 0\}`, and the *neuron plane*, where each
data point :math:`x_j` draws the line :math:`\{u : x_j^\top u = 0\}` and these
lines cut the neurons into cones of equal pattern. Patterns follow the package
convention :math:`\mathbb{1}[Xw > 0]`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Wedge

from hiddenconvex import _checks
from hiddenconvex.patterns import (
    activation_points,
    cover_bound,
    cover_count,
    neuron_placements,
    pattern_of,
    pattern_sectors,
)
from hiddenconvex.plots._inputs import curve, mapping
from hiddenconvex.plots.style import CYCLE, MAX_WIDTH, PALETTE, SMALL_FONT, SQUARE, WIDE, new_figure

#: The largest number of points :func:`count_comparison` draws the formula up to (one evaluation per size).
MAX_COUNT_SIZE = 10_000

_REGION_ALPHA = 0.18
_CONE_ALPHA = 0.55


def pattern_label(pattern: Sequence[bool]) -> str:
    r"""The diagonal matrix :math:`D = \mathrm{diag}(\mathbb{1}[x_j^\top w > 0])` of a pattern (bool, shape ``(n,)``),
    written ``diag(0,1,...)``."""
    pattern = _checks.as_pattern(pattern, "pattern")
    return "diag(" + ",".join(str(int(p)) for p in pattern) + ")"


def neuron_view(X: object, w: object) -> Figure:
    r"""One neuron on 2-D data whose last column is a bias: its output, its activation line, its cone.

    ``X`` has shape ``(n, 2)`` with rows :math:`(t_j, 1)`, ``w`` has shape ``(2,)``.
    Left: the ReLU output :math:`t \mapsto \max(0, w_1 t + w_2)` with the data
    marked. Middle (input plane): the points, the neuron as an arrow and its
    activation line, the active half-plane shaded. Right (neuron plane): the
    pattern regions, with the cone of ``w``'s pattern shaded and ``w`` in it.
    Both planes show the direction :math:`w / \|w\|`: the scale of ``w`` changes
    the output's slope, never its pattern. A zero neuron has no activation
    line; its pattern is all-off.
    """
    X = _bias_data(X)
    w = _checks.as_vector(w, "w", 2)
    pattern = pattern_of(w, X)[0]
    fig, (ax_out, ax_in, ax_cone) = new_figure(WIDE, ncols=3)
    _draw_output(ax_out, X, w, pattern)
    _draw_input_plane(ax_in, X, w, pattern)
    _draw_regions(ax_cone, X, highlight=pattern)
    if np.any(w != 0):
        _draw_arrow(ax_cone, w / np.linalg.norm(w), PALETTE["network"], "w")
    ax_cone.set_title("neuron plane: its cone")
    fig.suptitle(f"w = ({w[0]:.2f}, {w[1]:.2f}), pattern {pattern_label(pattern)}")
    return fig


def pattern_regions(X: object, highlight: Sequence[bool] | None = None) -> Figure:
    """The neuron plane cut by the lines ``x_j^T u = 0`` into regions of equal pattern, each labelled.

    ``X`` has shape ``(n, 2)``. If ``highlight`` (bool, shape ``(n,)``) is
    given, the cone of that pattern is shaded strongly.
    """
    fig, ax = new_figure(SQUARE)
    _draw_regions(ax, X, highlight=highlight)
    ax.set_title("neuron plane: regions of equal pattern")
    return fig


def all_patterns(X: object) -> Figure:
    """One panel per realizable pattern of 2-D data: its cone, a neuron inside it, that neuron's activation line.

    ``X`` has shape ``(n, 2)``. Each panel shows the data points (filled when
    active), the cone of the pattern (shaded), the neuron in the middle of the
    cone and its activation line.
    """
    starts, ends, patterns = pattern_sectors(X)
    X = np.asarray(X, dtype=float)
    fig, axes = new_figure((min(2.6 * len(patterns), MAX_WIDTH), 2.9), ncols=len(patterns), squeeze=False)
    for ax, start, end, pattern in zip(axes[0], starts, ends, patterns):
        mid = (start + end) / 2
        w = np.array([np.cos(mid), np.sin(mid)])
        _draw_regions(ax, X, highlight=pattern, labels=False)
        _draw_activation_line(ax, w)
        _draw_points(ax, X, pattern, names=False)
        _draw_arrow(ax, w, PALETTE["network"], "w")
        ax.set_title(pattern_label(pattern))
    return fig


def relu_on_line(X: object, y: object, W: object, labels: Sequence[str] | None = None) -> Figure:
    r"""Neurons on 1-D data with a bias column: each output :math:`\max(0, w_1 t + w_2)` and its activation point.

    ``X`` has shape ``(n, 2)`` with rows :math:`(t_j, 1)`, ``y`` shape ``(n,)``,
    ``W`` shape ``(m, 2)``. Each neuron's activation point :math:`a = -w_2/w_1`
    is marked by a dotted vertical line.
    """
    X, y = _checks.as_data(_bias_data(X), y)
    points = activation_points(W)
    W = np.atleast_2d(np.asarray(W, dtype=float))
    if labels is not None:
        labels = _checks.labels(labels, "labels", len(W))
    t = _input_range(np.concatenate([X[:, 0], points]))
    fig, ax = new_figure(SQUARE)
    ax.scatter(X[:, 0], y, color=PALETTE["data"], zorder=3, label="data $(x_j, y_j)$")
    for k, (w, a) in enumerate(zip(W, points)):
        colour = CYCLE[k % len(CYCLE)]
        name = labels[k] if labels is not None else f"neuron {k + 1}"
        ax.plot(t, np.maximum(0.0, w[0] * t + w[1]), color=colour, lw=2, label=f"{name}: a = {a:.3g}")
        ax.axvline(a, color=colour, ls=":", lw=1.5)
    ax.axhline(0.0, color=PALETTE["neutral"], lw=0.8)
    ax.set(xlabel="input $x$", ylabel="output", title="ReLU neurons and their activation points")
    ax.legend(fontsize=SMALL_FONT)
    return fig


def placements(x: object) -> Figure:
    """Every placement of one neuron among 1-D inputs ``x``: activation point per interval, facing right/left.

    Top row: neurons facing right, bottom row: facing left (see
    :func:`hiddenconvex.neuron_placements`). Filled dots are active points; a
    panel whose pattern already appeared is titled in grey with "(repeat)".
    """
    x = np.unique(_checks.as_vector(x, "x"))
    W = neuron_placements(x)
    X = np.stack([x, np.ones_like(x)], axis=1)
    found = pattern_of(W, X)
    columns = len(W) // 2
    fig, axes = new_figure((min(1.9 * columns, MAX_WIDTH), 3.0), nrows=2, ncols=columns, squeeze=False)
    seen: set[tuple[bool, ...]] = set()
    points = activation_points(W)
    span = (points.min() - 1.0, points.max() + 1.0)
    for ax, w, a, pattern in zip(axes.ravel(), W, points, found):
        ax.axhline(0.0, color=PALETTE["neutral"], lw=1)
        ax.scatter(x, np.zeros_like(x), s=40, zorder=3, edgecolors=PALETTE["data"],
                   facecolors=np.where(pattern, PALETTE["positive"], "white"))
        ax.axvline(a, color=PALETTE["network"], lw=2)
        ax.annotate("", xy=(a + 0.8 * np.sign(w[0]), 0.5), xytext=(a, 0.5),
                    arrowprops={"arrowstyle": "->", "color": PALETTE["network"], "lw": 1.5})
        repeat = tuple(pattern) in seen
        seen.add(tuple(pattern))
        title = "".join(str(int(p)) for p in pattern) + (" (repeat)" if repeat else "")
        ax.set_title(title, fontsize=SMALL_FONT, color=PALETTE["neutral"] if repeat else PALETTE["data"])
        ax.set(xlim=span, ylim=(-1, 1), yticks=[])
        ax.tick_params(labelsize="x-small")
    fig.suptitle(f"{len(W)} placements of one neuron, {len(seen)} distinct patterns")
    return fig


def count_comparison(ns: Sequence[int], exact: Mapping[int, Sequence[int]]) -> Figure:
    r"""Exact pattern counts against Cover's formula :math:`2\sum_{k<r}\binom{n-1}{k}` and the bound :math:`2r(e(n-1)/r)^r`.

    ``exact[r]`` lists the counts found by enumeration for data of rank ``r`` (an integer ``>= 1``)
    at the sizes ``ns`` (integers in ``[2, MAX_COUNT_SIZE]``, the formula is drawn at every size between them;
    log scale on the count axis).
    """
    ns = _checks.integers(ns, "ns", 2, MAX_COUNT_SIZE)
    exact = {_checks.integer(r, "the ranks (keys) of exact", 1): _checks.as_vector(counts, f"exact[{r!r}]", len(ns))
             for r, counts in mapping(exact, "exact", "counts (one per size of ns)").items()}
    fig, ax = new_figure(SQUARE)
    for k, (r, counts) in enumerate(sorted(exact.items())):
        colour = CYCLE[k % len(CYCLE)]
        grid = np.arange(min(ns), max(ns) + 1)
        ax.plot(grid, [cover_count(int(n), r) for n in grid], color=colour, lw=1.8, label=f"Cover's formula, r = {r}")
        ax.plot(grid, [cover_bound(int(n), r) for n in grid], color=colour, lw=1.2, ls="--", label=f"bound, r = {r}")
        ax.scatter(ns, counts, color=colour, zorder=3, edgecolors="black", label=f"exact enumeration, r = {r}")
    ax.set_yscale("log")
    ax.set(xlabel="number of points $n$", ylabel="number of activation patterns", title="Counting patterns")
    ax.legend(fontsize=SMALL_FONT)
    return fig


def coverage_curve(gate_counts: Sequence[int], found: Sequence[int], total: int) -> Figure:
    """Distinct non-zero patterns found by random gates against the number of gates, with the exact total.

    ``gate_counts`` and ``found`` have equal lengths (see :func:`hiddenconvex.sampling_coverage`),
    ``total`` is the number of realizable non-zero patterns.
    """
    gate_counts = curve(gate_counts, "gate_counts")
    found = _checks.as_vector(found, "found", len(gate_counts))
    total = _checks.integer(total, "total", 1)
    fig, ax = new_figure(SQUARE)
    ax.plot(gate_counts, found, marker="o", color=PALETTE["network"], lw=2, label="found by random gates")
    ax.axhline(total, color=PALETTE["convex"], ls="--", lw=1.5, label=f"all non-zero patterns ({total})")
    ax.set_xscale("log")
    ax.set(xlabel="number of Gaussian gates", ylabel="distinct patterns", title="Sampling patterns",
           ylim=(0, 1.08 * total))
    ax.legend(fontsize=SMALL_FONT)
    return fig


def _bias_data(X: object) -> np.ndarray:
    """Validate 1-D data with a bias column: shape ``(n, 2)``, last column all ones."""
    return _checks.with_bias(_checks.as_matrix(X, "X"))


def _input_range(values: np.ndarray) -> np.ndarray:
    """A grid over the inputs with a margin of a quarter of their spread on each side."""
    low, high = float(np.min(values)), float(np.max(values))
    margin = 0.25 * max(high - low, 1.0)
    return np.linspace(low - margin, high + margin, 401)


def _limit(X: np.ndarray) -> float:
    """Half-width of a square window showing the data points and unit neurons."""
    return 1.3 * max(1.0, float(np.max(np.abs(X))))


def _draw_output(ax: Axes, X: np.ndarray, w: np.ndarray, pattern: np.ndarray) -> None:
    t = _input_range(X[:, 0])
    ax.plot(t, np.maximum(0.0, w[0] * t + w[1]), color=PALETTE["network"], lw=2)
    ax.scatter(X[:, 0], np.maximum(0.0, X @ w), zorder=3, edgecolors=PALETTE["data"],
               facecolors=np.where(pattern, PALETTE["positive"], "white"))
    for j, t_j in enumerate(X[:, 0]):
        ax.annotate(f"$x_{j + 1}$", (t_j, max(0.0, X[j] @ w)), textcoords="offset points", xytext=(4, 6))
    ax.set(xlabel="input $t$ (first coordinate)", ylabel=r"$\max(0, w_1 t + w_2)$", title="ReLU output")


def _draw_input_plane(ax: Axes, X: np.ndarray, w: np.ndarray, pattern: np.ndarray) -> None:
    lim = _limit(X)
    if np.any(w != 0):
        u = w / np.linalg.norm(w)
        corners = np.array([[-u[1], u[0]], [u[1], -u[0]]]) * 3 * lim
        side = np.vstack([corners, corners[::-1] + 3 * lim * u])
        ax.fill(side[:, 0], side[:, 1], color=PALETTE["positive"], alpha=_REGION_ALPHA, lw=0)
        _draw_activation_line(ax, w)
        _draw_arrow(ax, u, PALETTE["network"], "w")
    _draw_points(ax, X, pattern)
    _square(ax, lim)
    ax.set_title("input plane: activation line" if np.any(w != 0) else "w = 0: no activation line")


def _draw_regions(ax: Axes, X: object, highlight: Sequence[bool] | None = None, labels: bool = True) -> None:
    """Pattern sectors of the neuron plane, the lines x_j^T u = 0, the data vectors; one cone shaded."""
    starts, ends, patterns = pattern_sectors(X)
    X = np.asarray(X, dtype=float)
    if highlight is not None:
        highlight = _checks.as_pattern(highlight, "highlight", len(X))
    lim = _limit(X)
    for k, (start, end, pattern) in enumerate(zip(starts, ends, patterns)):
        strong = highlight is not None and np.array_equal(pattern, highlight)
        colour = PALETTE["positive"] if strong else CYCLE[k % len(CYCLE)]
        ax.add_patch(Wedge((0, 0), 2 * lim, np.degrees(start), np.degrees(end), color=colour,
                           alpha=_CONE_ALPHA if strong else _REGION_ALPHA, lw=0))
        if labels:
            mid = (start + end) / 2
            ax.text(0.72 * lim * np.cos(mid), 0.72 * lim * np.sin(mid), pattern_label(pattern),
                    ha="center", va="center", fontsize=SMALL_FONT)
    for j, x in enumerate(X):
        normal = np.array([-x[1], x[0]]) / np.linalg.norm(x)
        ax.plot(*(np.outer([-2 * lim, 2 * lim], normal).T), color=PALETTE["neutral"], ls="--", lw=1)
        _draw_arrow(ax, x, PALETTE["data"], f"$x_{j + 1}$")
    _square(ax, lim)


def _draw_activation_line(ax: Axes, w: np.ndarray) -> None:
    u = w / np.linalg.norm(w)
    ax.plot([-10 * u[1], 10 * u[1]], [10 * u[0], -10 * u[0]], color=PALETTE["network"], lw=2)


def _draw_points(ax: Axes, X: np.ndarray, pattern: np.ndarray, names: bool = True) -> None:
    """Data points, filled when active; named x_1, x_2, ... unless ``names`` is false."""
    ax.scatter(X[:, 0], X[:, 1], s=60, zorder=4, edgecolors=PALETTE["data"],
               facecolors=np.where(pattern, PALETTE["positive"], "white"))
    for j, x in enumerate(X if names else []):
        ax.annotate(f"$x_{j + 1}$", x, textcoords="offset points", xytext=(5, 5))


def _draw_arrow(ax: Axes, v: np.ndarray, colour: str, label: str) -> None:
    ax.annotate("", xy=v, xytext=(0, 0), arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.8})
    outward = 9 * np.asarray(v) / np.linalg.norm(v)  # place the label just beyond the tip
    ax.annotate(label, v, textcoords="offset points", xytext=outward, ha="center", va="center", color=colour)


def _square(ax: Axes, lim: float) -> None:
    ax.axhline(0.0, color=PALETTE["neutral"], lw=0.6)
    ax.axvline(0.0, color=PALETTE["neutral"], lw=0.6)
    ax.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal")
