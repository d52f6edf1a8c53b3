"""hc.phases.scale_sweep and feature_movement: the lazy/active contrast, measured (chapter 6)."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import hiddenconvex as hc
from hiddenconvex.phases import ScaleSweep, feature_movement, scale_sweep

X, Y = hc.data.four_points()


def test_feature_movement_by_hand():
    W0 = np.array([[1.0, 0.0], [0.0, 1.0]])
    W1 = np.array([[1.0, 0.0], [0.0, -1.0]])  # the second neuron flips: its pattern on X changes
    moved, changed = feature_movement(W0, W1, X)
    assert moved == pytest.approx(2.0 / np.sqrt(2.0))
    assert changed == 0.5
    assert feature_movement(W0, W0, X) == (0.0, 0.0)


@pytest.mark.parametrize("args, match", [
    ((np.ones((2, 3)), np.ones((2, 3))), "columns of X"),
    ((np.ones((2, 2)), np.ones((3, 2))), "same shape"),
    ((np.zeros((2, 2)), np.ones((2, 2))), "W_start is zero"),
    ((np.full((2, 2), np.nan), np.ones((2, 2))), "W_start"),
])
def test_feature_movement_refuses_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        feature_movement(*args, X)


def test_sweep_agrees_with_train_gd_and_is_lazier_at_large_scale():
    sweep = scale_sweep(X, Y, 200, {1e-3: 5e-3, 0.5: 2e-3}, n_steps=400, seed=3)
    assert list(sweep.scales) == [1e-3, 0.5] and list(sweep.stepsizes) == [5e-3, 2e-3]
    run = hc.train_gd(X, Y, 200, 0.0, 2e-3, 0.5, 400, seed=3)
    assert sweep.final_loss[1] == run.final_loss
    assert (sweep.moved[1], sweep.changed[1]) == feature_movement(run.W[0], run.W[-1], X)
    assert sweep.moved[0] > 1.0 > sweep.moved[1]
    fig = hc.plots.phases.lazy_and_active(sweep)
    assert isinstance(fig, Figure) and [len(ax.lines) for ax in fig.axes] == [2, 1]
    marked = hc.plots.phases.lazy_and_active(sweep, marks={"run a": (0.2, 0.01, 0.0), "run b": (0.2, 3.0, 0.5)})
    assert [len(ax.lines) for ax in marked.axes] == [4, 3]
    assert [t.get_text() for t in marked.axes[0].get_legend().get_texts()] == ["run a", "run b"]
    assert marked.axes[1].lines[-1].get_ydata().tolist() == [0.5]


def test_sweep_refuses_bad_input_and_reports_divergence():
    with pytest.raises(ValueError, match="stepsizes"):
        scale_sweep(X, Y, 10, {}, 10)
    with pytest.raises(ValueError, match="scale"):
        scale_sweep(X, Y, 10, {-1.0: 1e-3}, 10)
    with pytest.raises(hc.DivergenceError):
        scale_sweep(X, Y, 50, {1.0: 10.0}, 200)
    with pytest.raises(ValueError, match="ScaleSweep"):
        hc.plots.phases.lazy_and_active(None)
    sweep = scale_sweep(X, Y, 10, {0.5: 1e-3}, 10)
    with pytest.raises(ValueError, match="marks"):
        hc.plots.phases.lazy_and_active(sweep, marks={"bad": (0.0, 1.0, 0.5)})
    assert ScaleSweep.__doc__
