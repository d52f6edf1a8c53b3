"""Figures of the extensions chapter: each returns a Figure with the expected artists."""

import numpy as np
from matplotlib.figure import Figure

import hiddenconvex as hc
from hiddenconvex.plots import extensions as plots


def test_decision_regions_has_one_panel_per_model_with_data_and_boundary():
    X, y = hc.data.spirals(20, seed=1)
    net = hc.ReLUNetwork(np.array([[1.0, 0.5, 0.1], [-0.5, 1.0, 0.0]]), np.array([1.0, -1.0]))
    fig = plots.decision_regions(X, y, {"a": net, "b": lambda Z: Z[:, 0]}, size=41)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2
    for ax in fig.axes:
        assert len(ax.collections) >= 3  # filled regions, boundary, two scatter sets
        assert "accuracy" in ax.get_title()


def test_loss_histories_draws_runs_and_levels():
    fig = plots.loss_histories([np.linspace(2, 1, 10), np.linspace(3, 1.5, 10)], {"convex": 1.0, "bound": 1.2}, "t")
    ax = fig.axes[0]
    assert len(ax.lines) == 4
    assert ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()][1] == "convex = 1"


def test_pattern_counts_is_logarithmic_with_one_line_per_family():
    fig = plots.pattern_counts([3, 4], {"two layers": [6, 8], "three layers": [75, 155]})
    ax = fig.axes[0]
    assert len(ax.lines) == 2 and ax.get_yscale() == "log"


def test_dual_certificate_marks_beta_and_neurons():
    theta = np.linspace(0, 6, 50)
    fig = plots.dual_certificate(theta, np.abs(np.sin(theta)), 1.0, [1.0, 2.0, 3.0])
    assert len(fig.axes[0].lines) == 1 + 1 + 3
    fig.canvas.draw()  # the legend sat on the line beta at the top right; now it is below the panel
    (legend,) = fig.legends
    assert fig.axes[0].get_legend() is None
    assert legend.get_window_extent().y1 < fig.axes[0].get_window_extent().y0


def test_wgan_budget_has_two_panels():
    fig = plots.wgan_budget(np.linspace(0, 2, 5), np.abs(np.linspace(0, 2, 5) - 1), 0.5, {"a": np.ones(4), "b": np.ones(4)})
    left, right = fig.axes
    assert len(left.lines) == 2 and len(left.collections) == 1
    assert len(right.lines) == 2 and right.get_yscale() == "log"
