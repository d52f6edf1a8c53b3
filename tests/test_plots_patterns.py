"""The figures of the chapter on activation patterns: each returns a Figure with the expected artists."""

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Wedge

import hiddenconvex as hc
from hiddenconvex.plots import patterns as pp


def _wedges(ax):
    return [p for p in ax.patches if isinstance(p, Wedge)]


def test_pattern_label():
    assert pp.pattern_label([False, True]) == "diag(0,1)"


def test_neuron_view_has_output_input_plane_and_cone_panels():
    X, _ = hc.data.two_points()
    fig = pp.neuron_view(X, [1.0, 0.2])  # w^T x1 < 0 < w^T x2: pattern diag(0,1)
    assert isinstance(fig, Figure) and len(fig.axes) == 3
    out, plane, cone = fig.axes
    np.testing.assert_allclose(out.lines[0].get_ydata().min(), 0.0)
    assert "diag(0,1)" in fig.get_suptitle()
    wedges = _wedges(cone)
    assert len(wedges) == 4
    assert sum(w.get_alpha() == pp._CONE_ALPHA for w in wedges) == 1
    assert len(plane.patches) == 1  # the shaded active half-plane


def test_neuron_view_of_the_zero_neuron_draws_no_line():
    X, _ = hc.data.two_points()
    fig = pp.neuron_view(X, [0.0, 0.0])
    assert "no activation line" in fig.axes[1].get_title()
    assert not fig.axes[1].patches and "diag(0,0)" in fig.get_suptitle()


@pytest.mark.parametrize("X, w, match", [([[1.0, 2.0], [0.0, 1.0]], [1.0, 0.0], "all ones"),
                                         ([[1.0, 1.0]], [1.0, 0.0, 2.0], "w must have length 2")])
def test_neuron_view_rejects_bad_input(X, w, match):
    with pytest.raises(ValueError, match=match):
        pp.neuron_view(X, w)


def test_pattern_regions_labels_every_region_and_highlights_one():
    X, _ = hc.data.two_points()
    fig = pp.pattern_regions(X, highlight=np.array([False, True]))
    ax = fig.axes[0]
    assert {t.get_text() for t in ax.texts} >= {"diag(0,0)", "diag(0,1)", "diag(1,0)", "diag(1,1)"}
    strong = [w for w in _wedges(ax) if w.get_alpha() == pp._CONE_ALPHA]
    assert len(strong) == 1 and np.isclose(strong[0].theta1, -45.0 + 360.0)


def test_all_patterns_draws_one_panel_per_pattern():
    X, _ = hc.data.two_points()
    fig = pp.all_patterns(X)
    assert sorted(ax.get_title() for ax in fig.axes) == ["diag(0,0)", "diag(0,1)", "diag(1,0)", "diag(1,1)"]


def test_relu_on_line_marks_each_activation_point():
    X, y = hc.data.bias_pair()
    fig = pp.relu_on_line(X, y, [[0.3, 0.15], [0.3, -0.15]])
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("a = -0.5" in t for t in texts) and any("a = 0.5" in t for t in texts)
    verticals = [line.get_xdata()[0] for line in ax.lines if line.get_linestyle() == ":"]
    np.testing.assert_allclose(sorted(verticals), [-0.5, 0.5])


def test_placements_mark_the_two_repeats():
    X, _ = hc.data.four_points()
    fig = pp.placements(X[:, 0])
    assert len(fig.axes) == 10
    assert sum("(repeat)" in ax.get_title() for ax in fig.axes) == 2
    assert "8 distinct" in fig.get_suptitle()


def test_count_comparison_draws_formula_bound_and_points_per_rank():
    fig = pp.count_comparison([4, 8], {2: [8, 16], 3: [14, 58]})
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    assert len(ax.collections) == 2 and len(ax.lines) == 4
    np.testing.assert_allclose(ax.collections[1].get_offsets()[:, 1], [14, 58])
    with pytest.raises(ValueError, match="ns"):
        pp.count_comparison([1, 4], {2: [2, 8]})


def test_coverage_curve_shows_found_counts_and_the_total():
    fig = pp.coverage_curve([10, 100], [5, 9], 12)
    ax = fig.axes[0]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [5, 9])
    assert ax.lines[1].get_ydata()[0] == 12 and ax.get_xscale() == "log"


BAD_CALLS = {
    "regions: 3-D data": (lambda: pp.pattern_regions(np.ones((2, 3))), "2 columns"),
    "regions: highlight of the wrong length": (lambda: pp.pattern_regions(np.eye(2), highlight=[True]), "highlight"),
    "regions: highlight not boolean": (lambda: pp.pattern_regions(np.eye(2), highlight=[1, 0]), "highlight"),
    "all patterns: a zero row": (lambda: pp.all_patterns([[0.0, 0.0], [1.0, 1.0]]), "zero row"),
    "relu on line: no bias column": (lambda: pp.relu_on_line([[1.0, 2.0]], [1.0], [[1.0, 0.0]]), "all ones"),
    "relu on line: flat neuron": (lambda: pp.relu_on_line([[1.0, 1.0]], [1.0], [[0.0, 1.0]]), "w1 = 0"),
    "relu on line: labels disagree": (lambda: pp.relu_on_line([[1.0, 1.0]], [1.0, 2.0], [[1.0, 0.0]]), "X and y"),
    "relu on line: one label for two neurons": (lambda: pp.relu_on_line([[1.0, 1.0]], [1.0], [[1.0, 0.0], [1.0, 1.0]],
                                                                        labels=["a"]), "labels"),
    "placements: no input": (lambda: pp.placements([]), "at least one"),
    "coverage: lengths differ": (lambda: pp.coverage_curve([10, 100], [5], 12), "found"),
    "coverage: total not an integer": (lambda: pp.coverage_curve([10], [5], 12.5), "total"),
}


@pytest.mark.parametrize("call, match", BAD_CALLS.values(), ids=BAD_CALLS.keys())
def test_plot_functions_reject_bad_input_with_a_named_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()
