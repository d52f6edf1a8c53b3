"""Gradient descent: recording, reproducibility, descent, divergence."""

import numpy as np
import pytest

import hiddenconvex as hc

X, Y = hc.data.two_points()


def test_records_and_shapes():
    traj = hc.train_gd(X, Y, m=3, lam=0.1, stepsize=0.01, scale=0.5, n_steps=10, record_every=4)
    np.testing.assert_array_equal(traj.recorded_steps, [0, 4, 8, 10])
    assert traj.W.shape == (4, 3, 2) and traj.alpha.shape == (4, 3) and traj.loss.shape == (4,)
    assert len(traj) == 4


def test_recorded_losses_are_the_loss_of_the_recorded_networks():
    traj = hc.train_gd(X, Y, m=4, lam=0.05, stepsize=0.02, scale=0.5, n_steps=30, record_every=7)
    for t in range(len(traj)):
        assert traj.loss[t] == pytest.approx(hc.loss(traj.network(t), X, Y, 0.05), rel=1e-12)
    assert traj.final_loss == traj.loss[-1]


def test_one_step_is_a_gradient_step():
    init = hc.init_network(3, 2, scale=0.7, seed=5)
    traj = hc.train_gd(X, Y, 3, 0.1, 0.03, 0.7, 1, init=init)
    gW, ga = hc.gradient(init, X, Y, 0.1)
    np.testing.assert_allclose(traj.W[1], init.W - 0.03 * gW)
    np.testing.assert_allclose(traj.alpha[1], init.alpha - 0.03 * ga)


def test_seed_makes_runs_reproducible_and_different_seeds_differ():
    a = hc.train_gd(X, Y, 5, 0.1, 0.01, 0.5, 20, seed=1)
    b = hc.train_gd(X, Y, 5, 0.1, 0.01, 0.5, 20, seed=1)
    c = hc.train_gd(X, Y, 5, 0.1, 0.01, 0.5, 20, seed=2)
    np.testing.assert_array_equal(a.W, b.W)
    assert not np.allclose(a.W[0], c.W[0])


def test_initialization_scale():
    net = hc.init_network(4000, 3, scale=0.01, seed=0)
    assert np.std(net.W) == pytest.approx(0.01, rel=0.05)
    assert np.std(net.alpha) == pytest.approx(0.01, rel=0.05)


def test_small_stepsize_decreases_the_loss_monotonically():
    traj = hc.train_gd(X, Y, 10, 0.1, 0.005, 0.5, 500)
    assert np.all(np.diff(traj.loss) <= 1e-12)
    assert traj.final_loss < 0.5 * traj.loss[0]


def test_zero_steps_records_the_initialization():
    traj = hc.train_gd(X, Y, 2, 0.1, 0.01, 0.5, 0)
    assert len(traj) == 1
    np.testing.assert_array_equal(traj.W[0], hc.init_network(2, 2, 0.5, 0).W)


def test_divergence_is_reported_with_step_and_stepsize():
    with pytest.raises(hc.DivergenceError, match=r"diverged at step \d+ with stepsize 5") as info:
        hc.train_gd(X, Y, 10, 0.1, 5.0, 1.0, 1000)
    assert info.value.stepsize == 5.0 and info.value.step > 0
    assert not np.isfinite(info.value.loss) or info.value.loss > 1e12


def test_at_step_finds_the_record_of_a_recorded_step():
    traj = hc.train_gd(hc.data.four_points()[0], hc.data.four_points()[1], 3, 0.0, 0.01, 0.5, 25, record_every=10)
    assert traj.recorded_steps.tolist() == [0, 10, 20, 25]
    assert [traj.at_step(s) for s in (0, 10, 20, 25)] == [0, 1, 2, 3]
    with pytest.raises(ValueError, match="step must be a recorded step"):
        traj.at_step(15)
    with pytest.raises(ValueError, match="step must be a recorded step"):
        traj.at_step(30)
    with pytest.raises(ValueError, match="step must be an integer"):
        traj.at_step(2.5)


def test_he_initialization_scales_each_layer_by_its_fan_in():
    m, d = 4000, 3
    gaussian, he = hc.init_network(m, d, 0.5, seed=1), hc.init_network(m, d, 0.5, seed=1, scheme="he")
    # the same standard normal draws, each layer rescaled by sqrt(2 / fan-in)
    np.testing.assert_allclose(he.W, np.sqrt(2 / d) * gaussian.W)
    np.testing.assert_allclose(he.alpha, np.sqrt(2 / m) * gaussian.alpha)
    # so the variances are 2 scale^2 / d and 2 scale^2 / m
    assert np.var(he.W) == pytest.approx(2 * 0.25 / d, rel=0.05)
    assert np.var(he.alpha) == pytest.approx(2 * 0.25 / m, rel=0.1)
    with pytest.raises(ValueError, match="scheme"):
        hc.init_network(3, 2, 1.0, scheme="xavier")


def test_first_layer_ratio_scales_only_the_first_layers_step():
    start = hc.init_network(3, 2, 0.7, seed=4)
    grad_W, grad_alpha = hc.gradient(start, X, Y, 0.1)
    run = hc.train_gd(X, Y, 3, 0.1, 0.02, 0.7, 1, init=start, first_layer_ratio=0.25)
    np.testing.assert_allclose(run.W[1], start.W - 0.25 * 0.02 * grad_W, rtol=0, atol=1e-15)
    np.testing.assert_allclose(run.alpha[1], start.alpha - 0.02 * grad_alpha, rtol=0, atol=1e-15)
    plain = hc.train_gd(X, Y, 3, 0.1, 0.02, 0.7, 50, init=start)
    same = hc.train_gd(X, Y, 3, 0.1, 0.02, 0.7, 50, init=start, first_layer_ratio=1.0)
    np.testing.assert_array_equal(plain.W, same.W)
    for bad in (0.0, -1.0, float("nan")):
        with pytest.raises(ValueError, match="first_layer_ratio"):
            hc.train_gd(X, Y, 3, 0.1, 0.02, 0.7, 5, first_layer_ratio=bad)
