"""Timing helpers: they return the computed values alongside the seconds (the seconds are not checked)."""

import numpy as np
import pytest

import hiddenconvex as hc


def test_timed_returns_the_result():
    result, seconds = hc.timing.timed(lambda: 41 + 1)
    assert result == 42 and seconds >= 0.0


def test_fast_solver_trace_approaches_the_optimum():
    X, y = hc.data.two_points()
    seconds, values = hc.timing.fast_solver_trace(X, y, 0.1, None, [1e-2, 1e-6])
    assert seconds.shape == values.shape == (2,)
    assert values[-1] == pytest.approx(0.31122777, rel=1e-6)
    with pytest.raises(ValueError, match="tols"):
        hc.timing.fast_solver_trace(X, y, 0.1, None, [])


def test_gd_trace_is_the_trajectory_loss():
    X, y = hc.data.two_points()
    seconds, losses = hc.timing.gd_trace(X, y, 4, 0.1, 0.02, 1.0, 100, seed=1, record_every=10)
    reference = hc.train_gd(X, y, 4, 0.1, 0.02, 1.0, 100, seed=1, record_every=10)
    np.testing.assert_array_equal(losses, reference.loss)
    assert seconds.shape == losses.shape and seconds[0] == 0.0 and np.all(np.diff(seconds) > 0)
    with pytest.raises(ValueError, match="steps"):
        hc.timing.gd_trace(X, y, 4, 0.1, 0.02, 1.0, 0)
