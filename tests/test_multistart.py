"""hiddenconvex.multistart: many GD runs against the convex and the restricted optimum."""

import numpy as np
import pytest

import hiddenconvex as hc
from hiddenconvex import multistart, restricted

X1, Y1 = hc.data.one_neuron_pair()
X4, Y4 = hc.data.four_points()


def test_gd_runs_one_neuron_end_in_one_pattern_programs():
    runs = multistart.gd_runs(X1, Y1, 1, 0.1, 0.05, 1.0, 3000, range(8))
    # one-pattern programs: 0.19 + 0.25 = 0.44 and 0.09 + 1 = 1.09; dead neuron: |y|^2 = 1.25
    assert set(np.round(runs.losses, 4)) <= {0.44, 1.09, 1.25}
    for net, loss in zip(runs.networks, runs.losses):
        assert restricted.restricted_value(net, X1, Y1, 0.1) == pytest.approx(loss, abs=1e-4)



def test_gd_runs_never_below_the_convex_value():
    runs = multistart.gd_runs(X4, Y4, 6, 0.05, 0.02, 0.5, 1500, range(6))
    optimum = hc.solve_convex(X4, Y4, 0.05).value
    assert runs.losses.min() >= optimum - 1e-6
    for net, loss in zip(runs.networks, runs.losses):
        assert restricted.restricted_value(net, X4, Y4, 0.05) <= loss + 1e-6



def test_gd_runs_records_divergence_as_nan():
    # every neuron stays active on one of the points -1, 1, so a large stepsize blows up
    X, y = np.array([[1.0], [-1.0]]), np.array([10.0, 10.0])
    runs = multistart.gd_runs(X, y, 4, 0.0, 0.5, 1.0, 200, [0, 1])
    assert np.all(np.isnan(runs.losses)) and runs.networks == [None, None]
    assert np.all(np.isfinite(multistart.gd_runs(X, y, 4, 0.0, 0.005, 1.0, 200, [0, 1]).losses))
