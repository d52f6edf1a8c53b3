"""Figures and animation frames of gradient-descent dynamics: artists present, frames and GIFs within bounds."""

import imageio.v3 as iio
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

import hiddenconvex as hc
from hiddenconvex.widgets import view
from hiddenconvex.plots import dynamics as plots

X4, Y4 = hc.data.four_points()


@pytest.fixture(scope="module")
def run():
    return hc.train_gd(X4, Y4, m=6, lam=0.01, stepsize=0.01, scale=0.5, n_steps=60, record_every=10)


def test_output_and_loss_has_output_data_points_and_loss(run):
    convex = hc.solve_convex(X4, Y4, 0.01).to_network()
    for fixed in (False, True):
        fig = plots.output_and_loss(run, 3, X4, Y4, convex=convex, title="t", fixed_layout=fixed, legend=not fixed)
        left, right = fig.axes
        assert (left.get_legend() is None) == fixed
        assert len(left.lines) == 2  # network and convex optimum
        assert len(left.collections) == 2  # data and activation points
        assert len(right.lines) == 2 and right.get_yscale() == "log"  # the whole run (faint) and up to t
        assert len(right.lines[1].get_xdata()) == 4
        assert f"step {run.recorded_steps[3]}" in right.get_title()
        offsets = left.collections[1].get_offsets()
        assert len(offsets) == np.sum(np.isfinite(hc.activation_points(run.W[3], flat="nan"))
                                      & (np.abs(hc.activation_points(run.W[3], flat="nan")) <= 1.6))


def test_trajectory_frames_count_size_and_steady_layout(run):
    frames = hc.animation.trajectory_frames(plots.output_and_loss, run, [0, 2, 4, 6], X4, Y4, dpi=72)
    assert len(frames) == 4
    assert all(f.shape == (259, 648, 3) and f.dtype == np.uint8 for f in frames)  # 9 x 3.6 inches at 72 dpi
    with pytest.raises(ValueError, match="records must be a non-empty 1-D sequence of integer indices"):
        hc.animation.trajectory_frames(plots.output_and_loss, run, [], X4, Y4)


@pytest.mark.parametrize("dpi", [50, 71.9, float("nan"), "72", None])
def test_frames_shown_too_small_to_read_are_refused(run, dpi):
    """A GIF shows its frames pixel for pixel: below 72 dpi its 9 pt labels would be under 9 px."""
    with pytest.raises(ValueError, match="dpi must be a number of at least 72"):
        hc.animation.trajectory_frames(plots.output_and_loss, run, [0], X4, Y4, dpi=dpi)
    with pytest.raises(ValueError, match="dpi must be a number of at least 72"):
        view.html_slider([view.PanelView(None, "x")], ["a"], "t", "alt", dpi=dpi)


def test_gif_from_trajectory_is_written_within_bounds(run, tmp_path):
    frames = hc.animation.trajectory_frames(plots.output_and_loss, run, range(len(run)), X4, Y4)
    path = hc.animation.write_gif(frames, tmp_path / "run.gif", frame_ms=100)
    assert path.is_file() and path.stat().st_size <= hc.animation.MAX_GIF_BYTES
    back = iio.imread(path, index=None)
    assert back.shape[0] == len(run)
    assert back.shape[2] <= hc.animation.MAX_GIF_SIZE[0] and back.shape[1] <= hc.animation.MAX_GIF_SIZE[1]


def test_activation_lines_draws_one_line_per_neuron():
    X, y = hc.data.spirals(n=20)
    traj = hc.train_gd(X, y, m=5, lam=0.0, stepsize=0.001, scale=0.5, n_steps=3)
    fig = plots.activation_lines(traj, -1, X, y)
    ax = fig.axes[0]
    assert len(ax.lines) == 5
    assert sum(isinstance(c, PathCollection) for c in ax.collections) == 2  # the two classes


def test_pattern_counts_and_convex_along_gd(run):
    counts = hc.dynamics.distinct_pattern_counts(run, X4)
    fig = plots.pattern_counts([run], [counts], ["run"], realizable=hc.cover_count(4, 2))
    assert len(fig.axes[0].lines) == 1 and "8.00e+00" in fig.axes[0].get_title()
    records = [0, 3, 6]
    values = hc.dynamics.restricted_convex_values(run, X4, Y4, records)
    fig = plots.convex_along_gd(run, records, values)
    ax = fig.axes[0]
    # GD loss, restricted optima, the initial-pattern level, and (if GD crossed it) the crossing step
    crossed = np.any(run.loss < values[0])
    assert len(ax.lines) == 3 + int(crossed) and ax.get_yscale() == "log"


def test_early_directions_and_splines():
    W = np.array([[1.0, 0.5], [-0.3, 1.0]])
    fig = plots.early_directions(X4, W, np.array([1.0, -1.0]), hc.dynamics.aligned_directions(X4, Y4))
    ax = fig.axes[0]
    assert len(ax.collections) == 2 and len(ax.lines) == 1 + len(X4)  # circle and one ray per data point
    with_flow = plots.early_directions(X4, W, np.array([1.0, -1.0]), hc.dynamics.aligned_directions(X4, Y4), y=Y4)
    arrows = with_flow.axes[0].collections[0]  # the quiver comes first
    assert len(with_flow.axes[0].collections) == 3 and 0 < len(arrows.get_offsets()) < 30  # none where the flow rests
    nets = [hc.ReLUNetwork([[1.0, 0.0], [-1.0, 0.5]], [1.0, 1.0])]
    fig = plots.splines(X4, Y4, nets, ["net"])
    kinks = fig.axes[0].collections[0].get_offsets()
    np.testing.assert_allclose(sorted(kinks[:, 0]), [0.0, 0.5])


def test_message_figure():
    fig = plots.message("diverged")
    assert isinstance(fig, Figure) and fig.texts[0].get_text() == "diverged"


def test_output_and_loss_with_no_activation_point_in_view():
    far = hc.ReLUNetwork(np.array([[1.0, 10.0]]), np.array([1.0]))  # activation point at -10
    traj = hc.train_gd(X4, Y4, 1, 0.0, 0.001, 1.0, 2, init=far)
    fig = plots.output_and_loss(traj, -1, X4, Y4)
    assert len(fig.axes[0].collections[1].get_offsets()) == 0
