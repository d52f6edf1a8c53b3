"""hiddenconvex.restricted: the 2^n walkthrough, the patterns a network uses, the restricted optimum."""

import numpy as np
import pytest

import hiddenconvex as hc
from hiddenconvex import restricted

X1, Y1 = hc.data.one_neuron_pair()
X4, Y4 = hc.data.four_points()


def test_fixed_pattern_values_by_hand():
    # loss (max(0,-w) - 1)^2 + (max(0,w) - 0.5)^2: pattern diag(1,0) -> u = -1, 0.25; diag(0,1) -> u = 0.5, 1
    fits = {tuple(f.pattern.tolist()): f for f in restricted.single_neuron_fits(X1, Y1)}
    assert fits[(True, False)].u[0] == pytest.approx(-1.0, abs=1e-6)
    assert fits[(True, False)].value == pytest.approx(0.25, abs=1e-6)
    assert fits[(False, True)].u[0] == pytest.approx(0.5, abs=1e-6)
    assert fits[(False, True)].value == pytest.approx(1.0, abs=1e-6)
    assert fits[(True, True)].u[0] == pytest.approx(0.0, abs=1e-6)  # the cone is {0}
    for f in fits.values():
        assert f.value == pytest.approx(f.network_loss, abs=1e-6)
        assert f.feasible



def test_without_constraints_the_value_is_not_a_network_loss():
    both = restricted.single_neuron_fits(X1, Y1, constrained=False)[-1]
    assert both.u[0] == pytest.approx(-0.25, abs=1e-6)
    assert both.value == pytest.approx(1.125, abs=1e-6)  # (0.25-1)^2 + (-0.25-0.5)^2
    assert both.network_loss == pytest.approx(0.8125, abs=1e-6)  # (0.25-1)^2 + 0.5^2
    assert not both.feasible



def test_without_constraints_the_minimum_is_too_low():
    y = np.array([1.0, -0.5])
    assert min(f.value for f in restricted.single_neuron_fits(X1, y)) == pytest.approx(0.25, abs=1e-6)
    assert min(f.value for f in restricted.single_neuron_fits(X1, y, constrained=False)) == pytest.approx(0.125, abs=1e-6)



def test_constrained_minimum_matches_a_grid_search():
    X, y = np.array([[-1.0], [0.5], [2.0]]), np.array([0.3, -1.0, 1.5])
    w = np.linspace(-3, 3, 60001)
    grid_min = hc.loss_landscape(X, y, w[:, None, None], [1.0]).min()
    assert min(f.value for f in restricted.single_neuron_fits(X, y)) == pytest.approx(grid_min, abs=1e-6)



def test_single_neuron_fits_rejects_too_many_points():
    with pytest.raises(ValueError, match="X"):
        restricted.single_neuron_fits(np.ones((11, 1)), np.ones(11))
    with pytest.raises(ValueError, match="y"):
        restricted.single_neuron_fits(X1, [1.0])



def test_used_patterns_skip_dead_neurons():
    net = hc.ReLUNetwork([[1.0, 0.2], [1.0, 0.1], [-1.0, 0.0], [0.0, -1.0]], [1.0, 1.0, 0.0, 1.0])
    assert restricted.used_patterns(net, X4).tolist() == [[False, False, True, True]]
    assert restricted.restricted_value(hc.ReLUNetwork([[0.0, -1.0]], [1.0]), X4, Y4, 0.1) == pytest.approx(Y4 @ Y4)



def test_used_patterns_rejects_negative_tol():
    with pytest.raises(ValueError, match="tol"):
        restricted.used_patterns(hc.ReLUNetwork([[1.0, 0.0]], [1.0]), X4, tol=-1.0)
