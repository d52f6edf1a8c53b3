"""Landscape figures: the two-neuron paths follow the closed-form quadratics, and the figures draw what they say."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import hiddenconvex as hc

X2 = np.array([[-1.0], [1.0]])
y2 = np.array([1.0, 2.0])


def test_two_neuron_paths_end_at_the_quadrant_minima():
    # in w1 > 0 > w2 the loss is (w2 + 1)^2 + (w1 - 2)^2, minimal at (2, -1); in w1, w2 > 0 it is
    # 1 + (w1 + w2 - 2)^2, whose gradient keeps w1 - w2 fixed: from (0.3, 0.5) GD ends at (0.9, 1.1)
    paths = hc.training.two_neuron_paths(X2, y2, [[1.5, -0.3], [0.3, 0.5]], stepsize=0.05, n_steps=400)
    assert paths.shape == (2, 401, 2)
    assert np.allclose(paths[0, -1], [2.0, -1.0]) and np.allclose(paths[1, -1], [0.9, 1.1])
    # one step by hand from (1.5, -0.3): gradient 2 * (w1 - 2, w2 + 1) = (-1, 1.4)
    assert np.allclose(paths[0, 1], [1.5 + 0.05, -0.3 - 0.05 * 1.4])


def test_two_neuron_paths_reject_bad_input():
    with pytest.raises(ValueError, match="starts"):
        hc.training.two_neuron_paths(X2, y2, [1.0, 2.0])
    with pytest.raises(ValueError, match="one column"):
        hc.training.two_neuron_paths(np.ones((2, 2)), y2, [[1.0, 2.0]])
    with pytest.raises(ValueError, match="steps"):
        hc.training.two_neuron_paths(X2, y2, [[1.0, 2.0]], n_steps=0)


def test_two_neuron_surface_marks_minima_and_paths():
    paths = hc.training.two_neuron_paths(X2, y2, [[1.5, -0.3]], n_steps=50)
    fig = hc.plots.landscape.two_neuron_surface(X2, y2, paths, size=61)
    assert isinstance(fig, Figure)
    contour_axes = fig.axes[1]
    marked = contour_axes.collections[-2].get_offsets()  # the minimizers; the last collection is the path's end point
    # the grid (step 0.1) holds (2, -1) and (-1, 2) and the segments w1 + w2 = 2 (w > 0), w1 + w2 = -1 (w < 0)
    sums = marked[:, 0] + marked[:, 1]
    assert np.all(np.isclose(sums, 1.0) | np.isclose(sums, 2.0) | np.isclose(sums, -1.0))
    assert any(np.allclose(p, [2.0, -1.0]) for p in marked)
    texts = [t.get_text() for t in contour_axes.texts]
    assert texts == ["0.00"]


def test_final_loss_histogram_draws_the_optimum_line():
    fig = hc.plots.convex.final_loss_histogram([0.5, 0.5, 4.0], 0.3)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    assert ax.get_lines()[0].get_xdata()[0] == 0.3
    assert sum(p.get_height() for p in ax.patches) == 3
    with pytest.raises(ValueError, match="finals"):
        hc.plots.convex.final_loss_histogram([0.0, 1.0], 0.3)


def test_networks_on_line_draws_each_live_neuron():
    X, y = hc.data.two_points()
    net = hc.ReLUNetwork([[1.0, 0.0], [-1.0, 0.5], [0.0, 0.0]], [2.0, -1.0, 0.0])
    fig = hc.plots.landscape.networks_on_line({"a": net}, X, y)
    lines = fig.axes[0].get_lines()
    assert len(lines) == 3  # two live neurons and the output
    t = lines[-1].get_xdata()
    assert np.allclose(lines[-1].get_ydata(), net(np.column_stack([t, np.ones_like(t)])))
    with pytest.raises(ValueError, match="bias"):
        hc.plots.landscape.networks_on_line({"a": net}, np.ones((2, 3)), y)
