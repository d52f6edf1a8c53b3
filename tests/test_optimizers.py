"""hc.optimizers: each update rule against a loop written out by hand, gradient descent against train_gd."""

import numpy as np
import pytest

import hiddenconvex as hc
from hiddenconvex import optimizers

X, Y = hc.data.random_regression(9, 2, seed=4)
LAM, M, SCALE, SEED = 0.05, 6, 0.5, 2


def hand_loop(stepsize, n_steps, direction):
    """Steps theta <- theta - stepsize * direction(g, t), the gradient from hc.gradient at each network."""
    net = hc.init_network(M, X.shape[1], SCALE, SEED)
    W, alpha = net.W.copy(), net.alpha.copy()
    for t in range(n_steps):
        grads = hc.gradient(hc.ReLUNetwork(W, alpha), X, Y, LAM)
        dW, dalpha = direction(grads, t)
        W, alpha = W - stepsize * dW, alpha - stepsize * dalpha
    return W, alpha


def test_gradient_descent_is_train_gd():
    run = optimizers.train(X, Y, M, LAM, "gd", 0.01, SCALE, 200, seed=SEED, record_every=7)
    reference = hc.train_gd(X, Y, M, LAM, 0.01, SCALE, 200, seed=SEED, record_every=7)
    np.testing.assert_array_equal(run.loss, reference.loss)
    np.testing.assert_array_equal(run.network().W, reference.network().W)


def test_heavy_ball_matches_the_velocity_recursion():
    velocity = [0.0, 0.0]

    def direction(grads, t):
        velocity[:] = [0.9 * v + g for v, g in zip(velocity, grads)]
        return velocity

    W, alpha = hand_loop(0.01, 25, direction)
    net = optimizers.train(X, Y, M, LAM, "heavy ball", 0.01, SCALE, 25, seed=SEED).network()
    np.testing.assert_allclose(net.W, W, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(net.alpha, alpha, rtol=1e-12, atol=1e-14)


def test_adam_matches_the_bias_corrected_moments():
    first, second = [0.0, 0.0], [0.0, 0.0]

    def direction(grads, t):
        first[:] = [0.9 * m + 0.1 * g for m, g in zip(first, grads)]
        second[:] = [0.999 * s + 0.001 * g**2 for s, g in zip(second, grads)]
        return [(m / (1 - 0.9 ** (t + 1))) / (np.sqrt(s / (1 - 0.999 ** (t + 1))) + 1e-8) for m, s in zip(first, second)]

    W, alpha = hand_loop(0.01, 25, direction)
    net = optimizers.train(X, Y, M, LAM, "adam", 0.01, SCALE, 25, seed=SEED).network()
    np.testing.assert_allclose(net.W, W, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(net.alpha, alpha, rtol=1e-10, atol=1e-13)


def test_first_adam_step_moves_every_weight_by_the_stepsize():
    # with bias correction the first Adam step is -stepsize * sign(g) (up to eps)
    start = hc.init_network(M, X.shape[1], SCALE, SEED)
    net = optimizers.train(X, Y, M, LAM, "adam", 0.003, SCALE, 1, seed=SEED).network()
    grads = hc.gradient(start, X, Y, LAM)
    moved = np.abs(grads[0]) > 1e-6
    np.testing.assert_allclose(np.abs(net.W - start.W)[moved], 0.003, rtol=1e-4)


def test_heavy_ball_without_momentum_is_gradient_descent():
    rule, plain = optimizers.heavy_ball(0.02, momentum=0.0), optimizers.gradient_descent(0.02)
    params, grads = (np.ones(3), np.ones(2)), (np.arange(3.0), np.array([1.0, -1.0]))
    for a, b in zip(rule(params, grads, 0), plain(params, grads, 0)):
        np.testing.assert_array_equal(a, b)


def test_every_optimizer_lowers_the_loss_and_records_a_trajectory():
    for name in optimizers.OPTIMIZERS:
        run = optimizers.train(X, Y, M, LAM, name, 0.005, SCALE, 300, seed=SEED, record_every=100)
        assert isinstance(run, hc.Trajectory) and run.recorded_steps.tolist() == [0, 100, 200, 300]
        assert run.final_loss < run.loss[0]
        assert hc.loss(run.network(), X, Y, LAM) == pytest.approx(run.final_loss, rel=1e-12)


def test_a_diverging_run_is_reported():
    with pytest.raises(hc.DivergenceError):
        optimizers.train(X, Y * 100, M, 0.0, "heavy ball", 1.0, SCALE, 200, seed=SEED)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: optimizers.train(X, Y, M, LAM, "sgd", 0.01, SCALE, 5), "optimizer"),
        (lambda: optimizers.train(X, Y, M, LAM, None, 0.01, SCALE, 5), "optimizer"),
        (lambda: optimizers.train(X, Y, M, LAM, "adam", 0.01, SCALE, 5, seed=1.5), "seed"),
        (lambda: optimizers.train(X, Y, M, LAM, "adam", 0.01, SCALE, 10**15), "n_steps"),
        (lambda: optimizers.heavy_ball(0.01, momentum=1.0), "momentum"),
        (lambda: optimizers.heavy_ball(0.01, momentum=-0.1), "momentum"),
        (lambda: optimizers.adam(0.01, beta1=1.0), "beta1"),
        (lambda: optimizers.adam(0.01, beta2=float("nan")), "beta2"),
        (lambda: optimizers.adam(0.01, eps=0.0), "eps"),
        (lambda: optimizers.gradient_descent(-1.0), "stepsize"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()
