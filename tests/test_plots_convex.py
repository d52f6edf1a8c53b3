"""hc.plots.convex: every function returns a Figure with the expected artists (no image comparison)."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import hiddenconvex as hc
from hiddenconvex.plots import convex as pc

X1, Y1 = hc.data.one_neuron_pair()
XS, YS = hc.data.sine(10)


def test_single_neuron_patterns_draws_loss_and_four_patterns():
    fig = pc.single_neuron_patterns(X1, Y1)
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    assert len(ax.lines) == 1 + 2 * 4  # the loss, then dashed and solid per pattern
    assert len(ax.collections) == 4  # one feasible minimum per pattern ({0} for diag(1,1))
    assert len(ax.get_legend().get_texts()) == 5


def test_single_neuron_patterns_rejects_other_shapes():
    with pytest.raises(ValueError, match="X"):
        pc.single_neuron_patterns(np.ones((3, 1)), np.ones(3))


def test_multiplicative_has_surface_curve_and_minimum():
    fig = pc.multiplicative(0.1)
    ax3, ax = fig.axes
    assert ax3.name == "3d" and len(ax3.collections) == 1 and len(ax3.lines) == 1
    assert len(ax.lines) == 1 and len(ax.collections) == 1
    (x, _), = ax.collections[0].get_offsets()
    assert x == pytest.approx(0.9, abs=1e-12)  # z* = 1 - lambda


def test_lambda_fit_bars_per_pattern():
    sol = hc.solve_convex(XS, YS, 0.01)
    fig = pc.lambda_fit(XS, YS, sol)
    ax, bars = fig.axes
    assert len(bars.patches) == 2 * len(sol.patterns)
    assert len(ax.lines) == 1 and len(ax.collections) == 2  # data, activation-point ticks


@pytest.mark.parametrize("lam", [1e-3, 1e-2, 0.1, 1.0])
def test_lambda_fit_legend_covers_no_data_point(lam):
    """The chapter 3 slider's legend sat on two data points at lambda = 1; it is now below the panels."""
    fig = pc.lambda_fit(XS, YS, hc.solve_convex(XS, YS, lam))
    fig.canvas.draw()
    ax = fig.axes[0]
    points = ax.transData.transform(np.column_stack([XS[:, 0], YS]))
    for legend in [*fig.legends, *(a.get_legend() for a in fig.axes if a.get_legend())]:
        box = legend.get_window_extent()
        assert not any(box.contains(px, py) for px, py in points)
    assert len(fig.legends) == 1 and len(fig.legends[0].get_texts()) == 4


def test_lambda_fit_rejects_data_without_bias():
    sol = hc.solve_convex(X1, Y1, 0.1)
    with pytest.raises(ValueError, match="bias"):
        pc.lambda_fit(X1, Y1, sol)


def test_regularization_path_two_panels():
    path = hc.lambda_path.regularization_path(XS, YS, [1e-3, 1e-1, 10.0])
    fig = pc.regularization_path(path, n_points=10)
    left, right = fig.axes
    assert left.get_xscale() == "log" and len(left.lines) == 2  # the step curve and n + 1
    assert len(right.lines) == 2


def test_teaser_frame_curves():
    teaser = hc.teaser.sine_teaser(m=10, n_steps=20, record_every=10)
    fig = pc.teaser_frame(teaser.trajectory, 1, teaser.X, teaser.y, teaser.solution)
    ax, curve = fig.axes
    assert len(ax.lines) == 2 and curve.get_yscale() == "log" and len(curve.lines) == 2
    assert len(curve.lines[0].get_xdata()) == 2  # the loss up to record 1


def test_final_loss_histogram_marks_the_optimum():
    fig = pc.final_loss_histogram(np.array([0.32, 0.33, 1.1, np.nan]), 0.314)
    (ax,) = fig.axes
    assert len(ax.patches) == 30
    assert sum(p.get_height() for p in ax.patches) == 3  # the NaN (diverged run) is left out
    assert ax.lines[0].get_xdata()[0] == pytest.approx(0.314)


def test_compare_networks_1d_one_curve_each():
    nets = [hc.ReLUNetwork([[1.0, 0.2]], [1.0]), hc.ReLUNetwork([[-1.0, 0.0], [1.0, -0.5]], [1.0, 2.0])]
    fig = pc.compare_networks_1d(XS, YS, nets, ["a", "b"])
    (ax,) = fig.axes
    assert len(ax.lines) == 2 and [line.get_linestyle() for line in ax.lines] == ["-", "--"]
    with pytest.raises(ValueError, match="labels"):
        pc.compare_networks_1d(XS, YS, nets, ["a"])


def test_final_loss_histogram_stacks_one_colour_per_label():
    finals = np.array([0.311, 0.312, 0.414, 0.414, 4.1, np.nan])
    labels = ["global", "unconverged", "optimal in its own patterns", "optimal in its own patterns", "optimal in its own patterns", "diverged"]
    fig = pc.final_loss_histogram(finals, 0.311, labels=labels)
    (ax,) = fig.axes
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts[:3] == ["1 global", "1 unconverged", "3 optimal in its own patterns"]  # the diverged run is left out
    colours = {tuple(c.patches[0].get_facecolor()[:3]) for c in ax.containers}
    assert len(ax.containers) == 3 and len(colours) == 3
    with pytest.raises(ValueError, match="labels must hold 6 strings"):
        pc.final_loss_histogram(finals, 0.311, labels=labels[:2])
