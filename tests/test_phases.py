"""The phase diagram: batched descent equals train_gd, the boundary formula, the fractions, bad input."""

from __future__ import annotations

import numpy as np
import pytest

import hiddenconvex as hc
from hiddenconvex import phases

X, Y = hc.data.two_points()


def test_batched_descent_reproduces_train_gd_for_each_seed():
    starts = [hc.init_network(3, 2, 0.7, seed) for seed in (0, 5)]
    W, alpha, loss, diverged_at = phases.batched_descent(X, Y, np.stack([n.W for n in starts]),
                                                         np.stack([n.alpha for n in starts]), 0.1, 0.02, 300)
    assert diverged_at.tolist() == [-1, -1]
    for k, seed in enumerate((0, 5)):
        run = hc.train_gd(X, Y, m=3, lam=0.1, stepsize=0.02, scale=0.7, n_steps=300, seed=seed)
        np.testing.assert_allclose(W[k], run.network().W, rtol=0, atol=1e-13)
        np.testing.assert_allclose(alpha[k], run.network().alpha, rtol=0, atol=1e-13)
        assert loss[k] == pytest.approx(run.final_loss, rel=1e-12)


def test_batched_descent_flags_a_diverging_run_and_keeps_the_others():
    good = hc.init_network(2, 2, 0.5, 0)
    W0 = np.stack([good.W, np.full((2, 2), 1e200)])  # the second network's loss overflows at once
    a0 = np.stack([good.alpha, np.full(2, 1e200)])
    W, alpha, loss, diverged_at = phases.batched_descent(X, Y, W0, a0, 0.1, 0.02, 100)
    assert diverged_at.tolist() == [-1, 0] and loss[1] == np.inf
    end = hc.train_gd(X, Y, m=2, lam=0.1, stepsize=0.02, scale=0.5, n_steps=100, seed=0).network()
    np.testing.assert_allclose(W[0], end.W, rtol=0, atol=1e-13)


def test_batched_descent_reports_the_step_at_which_each_run_diverged():
    Xs, ys = hc.data.noisy_sine(12, seed=0)
    starts = [hc.init_network(10, 2, 3.0, seed) for seed in (0, 1, 2)]
    W0, a0 = np.stack([n.W for n in starts]), np.stack([n.alpha for n in starts])
    _, _, loss, diverged_at = phases.batched_descent(Xs, ys, W0, a0, 0.0, 0.3, 300)
    steps, losses = [], []
    for seed in (0, 1, 2):
        try:
            run = hc.train_gd(Xs, ys, 10, 0.0, 0.3, 3.0, 300, seed=seed, record_every=300)
            steps.append(-1)
            losses.append(run.final_loss)
        except hc.DivergenceError as error:
            steps.append(error.step)
            losses.append(error.loss)
    assert diverged_at.tolist() == steps and 0 < max(steps) < 300 and min(steps) == -1
    np.testing.assert_allclose(loss, losses, rtol=1e-9)


def test_tangent_kernel_is_the_jacobian_gram_matrix_split_by_layer():
    net = hc.init_network(5, 2, 0.8, seed=2)
    Xk = np.array([[-1.0, 1.0], [-0.3, 1.0], [0.4, 1.0]])
    K_W, K_alpha = phases.tangent_kernel(net, Xk)
    h = 1e-6

    def column(dW: np.ndarray, dalpha: np.ndarray) -> np.ndarray:  # central difference of the outputs
        plus = hc.ReLUNetwork(net.W + h * dW, net.alpha + h * dalpha).predict(Xk)
        minus = hc.ReLUNetwork(net.W - h * dW, net.alpha - h * dalpha).predict(Xk)
        return (plus - minus) / (2 * h)

    J_W = np.stack([column(e.reshape(net.W.shape), 0.0) for e in np.eye(net.W.size)], axis=1)
    J_alpha = np.stack([column(0.0, e) for e in np.eye(net.width)], axis=1)
    np.testing.assert_allclose(K_W, J_W @ J_W.T, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(K_alpha, J_alpha @ J_alpha.T, rtol=1e-6, atol=1e-8)
    with pytest.raises(ValueError, match="net"):
        phases.tangent_kernel(None, Xk)
    with pytest.raises(ValueError, match="columns"):
        phases.tangent_kernel(net, Xk[:, :1])


def test_boundary_is_where_the_mean_initial_output_energy_equals_the_targets():
    widths = [1, 4, 16]
    boundary = phases.output_scale_boundary(X, Y, widths)
    for m, s in zip(widths, boundary):
        energies = [np.sum(hc.init_network(m, 2, s, seed)(X) ** 2) for seed in range(4000)]
        assert np.mean(energies) == pytest.approx(Y @ Y, rel=0.1)


def test_phase_diagram_fractions_on_a_small_grid():
    diagram = hc.phase_diagram(X, Y, 0.1, widths=[2, 8], scales=[0.1, 3.0], seeds=range(4), stepsize=0.02, n_steps=3000)
    assert diagram.global_fraction.shape == diagram.changed_fraction.shape == (2, 2)
    assert np.all((0 <= diagram.global_fraction) & (diagram.global_fraction <= 1))
    assert np.all((0 <= diagram.changed_fraction) & (diagram.changed_fraction <= 1))
    # each fraction is a count over 4 seeds (global) or over 4 * m neurons (patterns)
    assert np.allclose(diagram.global_fraction * 4, np.round(diagram.global_fraction * 4))
    # a certified run is certified: recheck one cell by hand
    end = hc.train_gd(X, Y, m=8, lam=0.1, stepsize=0.02, scale=0.1, n_steps=3000, seed=0).network()
    first = hc.certify(end, X, Y, 0.1).is_global(1e-3)
    assert diagram.global_fraction[0, 1] >= (0.25 if first else 0.0)
    fig = hc.plots.phases.phase_diagram(diagram)
    assert len(fig.axes) == 4  # two panels and their colour bars


def test_phase_diagram_rejects_bad_input():
    with pytest.raises(ValueError, match="widths"):
        hc.phase_diagram(X, Y, 0.1, widths=[], scales=[1.0], seeds=[0], stepsize=0.02, n_steps=10)
    with pytest.raises(ValueError, match="widths"):
        hc.phase_diagram(X, Y, 0.1, widths=[2.5], scales=[1.0], seeds=[0], stepsize=0.02, n_steps=10)
    with pytest.raises(ValueError, match="scales"):
        hc.phase_diagram(X, Y, 0.1, widths=[2], scales=[-1.0], seeds=[0], stepsize=0.02, n_steps=10)
    with pytest.raises(ValueError, match="seeds"):
        hc.phase_diagram(X, Y, 0.1, widths=[2], scales=[1.0], seeds=[], stepsize=0.02, n_steps=10)
    with pytest.raises(ValueError, match="exceeds"):
        hc.phase_diagram(X, Y, 0.1, widths=[2] * 10, scales=[1.0] * 10, seeds=range(100), stepsize=0.02, n_steps=10**4)
    with pytest.raises(ValueError, match="lam"):
        hc.phase_diagram(X, Y, 0.0, widths=[2], scales=[1.0], seeds=[0], stepsize=0.02, n_steps=10)
    with pytest.raises(ValueError, match="diagram"):
        hc.plots.phases.phase_diagram(None)
