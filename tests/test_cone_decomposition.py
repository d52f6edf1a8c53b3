"""The cone decomposition turns a gated-ReLU solution into a ReLU network with the same fit.

Oracles: the ReLU network's outputs on the data against the gated model's (computed by
GatedSolution.predict from the gates, not by the decomposition); its loss by hc.loss against the
decomposition's value; the sandwich gated value <= ReLU program on the same patterns (hc.solve_convex)
<= decomposed loss; and the cone membership of every group checked by its pattern.
"""

from __future__ import annotations

import numpy as np
import pytest

import hiddenconvex as hc
from hiddenconvex.cone_decomposition import relu_from_gated, split_with_gate


@pytest.fixture(scope="module")
def sine_gated():
    X, y = hc.data.sine(10)
    gates = np.random.default_rng(0).standard_normal((60, 2))
    return X, y, hc.solve_gated(X, y, 0.01, gates)


@pytest.mark.parametrize("refine", [False, True])
def test_decomposed_network_has_the_gated_fit_and_its_loss_is_the_value(sine_gated, refine):
    X, y, gated = sine_gated
    dec = relu_from_gated(gated, X, y, refine=refine)
    net = dec.to_network()
    assert np.allclose(net(X), gated.predict(X), atol=1e-6)
    assert np.isclose(hc.loss(net, X, y, 0.01), dec.value, rtol=1e-6)
    for k, pattern in enumerate(gated.patterns):  # every group lies in the cone of its pattern
        A = (2.0 * pattern - 1.0)[:, None] * X
        assert np.all(A @ dec.U[k] >= -1e-7) and np.all(A @ dec.V[k] >= -1e-7)


def test_the_relu_optimum_on_the_gated_patterns_lies_between_gated_and_decomposed(sine_gated):
    X, y, gated = sine_gated
    relu = hc.solve_convex(X, y, 0.01, patterns=gated.patterns).value
    plain, refined = relu_from_gated(gated, X, y, refine=False), relu_from_gated(gated, X, y)
    assert gated.value <= relu + 1e-6 <= refined.value + 2e-6
    assert refined.value <= plain.value + 1e-6  # the refinement never costs more


def test_split_with_gate_by_hand():
    # pattern diag(1, 0) on x1 = (-1, 1), x2 = (1, 1): A = [[-1, 1], [-1, -1]]; gate (-1, 0) gives A g = (1, 1)
    A = np.array([[-1.0, 1.0], [-1.0, -1.0]])
    up, vp = split_with_gate(np.array([1.0, 0.0]), np.array([-1.0, 0.0]), A)  # A u = (-1, -1): t = 1
    assert np.allclose(up, [0.0, 0.0]) and np.allclose(vp, [-1.0, 0.0])
    up, vp = split_with_gate(np.array([-2.0, 0.5]), np.array([-1.0, 0.0]), A)  # already in the cone: t = 0
    assert np.allclose(up, [-2.0, 0.5]) and np.allclose(vp, 0.0)


def test_a_gate_on_a_hyperplane_is_refused():
    A = np.array([[1.0, 0.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="gate"):
        split_with_gate(np.array([0.0, -1.0]), np.array([1.0, 0.0]), A)  # A g = (1, 0), second row violated


def test_bad_solution_and_data_are_refused(sine_gated):
    X, y, gated = sine_gated
    with pytest.raises(ValueError, match="solution must be a hc.GatedSolution, got ConvexSolution"):
        relu_from_gated(hc.solve_convex(X, y, 0.01), X, y)
    with pytest.raises(ValueError, match="X"):
        relu_from_gated(gated, X[:5], y[:5])


def test_signed_program_one_neuron_enumeration_gives_the_global_minimum():
    # one neuron with weight decay on x = (-1, 1), y = (1, 0.5): the best (sign, pattern) pair against a grid
    X, y = hc.data.one_neuron_pair()
    lam = 0.1
    values = [hc.restricted.signed_program(X, y, lam, [pattern], [sign]).value
              for sign in (1.0, -1.0) for pattern in ([True, False], [False, True])]
    w, a = np.meshgrid(np.linspace(-2, 2, 801), np.linspace(-2, 2, 801))
    grid = ((np.maximum(0, -w) * a - 1) ** 2 + (np.maximum(0, w) * a - 0.5) ** 2 + lam * (w**2 + a**2)).min()
    assert 0 <= grid - min(values) < 1e-4
    assert np.isclose(min(values), 0.1**2 + 2 * 0.1 * 0.9 + 0.5**2, atol=1e-6)  # serve x = -1 with h, miss x = 1


def test_signed_program_value_is_the_loss_of_its_network():
    X, y = hc.data.two_points()
    sol = hc.restricted.signed_program(X, y, 0.1, np.array([[True, True], [True, False]]), [1.0, 1.0])
    assert np.isclose(hc.loss(sol.to_network(), X, y, 0.1), sol.value, atol=1e-6)
    both = hc.activation_patterns(X)[hc.activation_patterns(X).any(axis=1)]
    full = hc.restricted.signed_program(X, y, 0.1, np.vstack([both, both]), np.repeat([1.0, -1.0], len(both)))
    assert abs(full.value - 0.31122777) < 1e-6  # both signs on every pattern: the convex program


def test_signed_program_refuses_bad_signs():
    X, y = hc.data.two_points()
    with pytest.raises(ValueError, match="signs"):
        hc.restricted.signed_program(X, y, 0.1, np.array([[True, False]]), [0.5])
