"""The network, its loss and its gradient against independent computations."""

import numpy as np
import pytest

import hiddenconvex as hc


def _plain_loss(W, alpha, X, y, lam):
    """A deliberately naive double loop over data and neurons."""
    total = 0.0
    for x_j, y_j in zip(X, y):
        out = sum(max(0.0, float(w @ x_j)) * a for w, a in zip(W, alpha))
        total += (out - y_j) ** 2
    return total + lam * sum(float(w @ w) + a * a for w, a in zip(W, alpha))


def test_predict_by_hand_on_two_points():
    X, _ = hc.data.two_points()
    net = hc.ReLUNetwork([[1.0, 0.0], [-1.0, 0.5]], [2.0, -1.0])
    # x1 = (-1, 1): relu(-1) * 2 + relu(1.5) * -1 = -1.5 ; x2 = (1, 1): relu(1) * 2 + relu(-0.5) * -1 = 2
    np.testing.assert_allclose(net(X), [-1.5, 2.0])
    np.testing.assert_allclose(net.predict(X), net(X))


def test_loss_matches_a_plain_loop():
    rng = np.random.default_rng(3)
    X, y = hc.data.random_regression(7, 3, seed=3)
    W, alpha = rng.standard_normal((5, 4)), rng.standard_normal(5)
    assert hc.loss(hc.ReLUNetwork(W, alpha), X, y, 0.3) == pytest.approx(_plain_loss(W, alpha, X, y, 0.3), rel=1e-12)


def test_gradient_matches_finite_differences():
    rng = np.random.default_rng(4)
    X, y = hc.data.random_regression(6, 2, seed=4)
    W, alpha = rng.standard_normal((4, 3)), rng.standard_normal(4)
    gW, ga = hc.gradient(hc.ReLUNetwork(W, alpha), X, y, 0.2)
    eps = 1e-6
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += eps
        Wm[idx] -= eps
        fd = (_plain_loss(Wp, alpha, X, y, 0.2) - _plain_loss(Wm, alpha, X, y, 0.2)) / (2 * eps)
        assert gW[idx] == pytest.approx(fd, rel=1e-5, abs=1e-7)
    for i in range(len(alpha)):
        ap, am = alpha.copy(), alpha.copy()
        ap[i] += eps
        am[i] -= eps
        fd = (_plain_loss(W, ap, X, y, 0.2) - _plain_loss(W, am, X, y, 0.2)) / (2 * eps)
        assert ga[i] == pytest.approx(fd, rel=1e-5, abs=1e-7)


def test_relu_derivative_at_zero_is_zero():
    X = np.array([[1.0, 0.0]])
    net = hc.ReLUNetwork([[0.0, 1.0]], [1.0])  # w^T x = 0 exactly
    gW, _ = hc.gradient(net, X, np.array([5.0]), 0.0)
    np.testing.assert_array_equal(gW, 0.0)


def test_network_is_immutable():
    net = hc.ReLUNetwork(np.ones((2, 2)), np.ones(2))
    with pytest.raises(ValueError):
        net.W[0, 0] = 3.0


def test_loss_landscape_agrees_with_loss():
    X, y = hc.data.landscape_pair()
    grid = np.array([[[0.5], [-2.0]], [[1.0], [3.0]]])  # two networks of width 2
    values = hc.loss_landscape(X, y, grid, [1.0, -0.5], lam=0.1)
    for g, v in zip(grid, values):
        assert v == pytest.approx(hc.loss(hc.ReLUNetwork(g, [1.0, -0.5]), X, y, 0.1))


def test_one_neuron_has_two_local_minima_with_values_y1_squared_and_y2_squared():
    X, y = hc.data.one_neuron_pair()  # x = -1, 1 ; y = 1, 0.5
    w = np.linspace(-3, 3, 6001)
    values = hc.loss_landscape(X, y, w[:, None, None], [1.0])
    inner = np.flatnonzero((values[1:-1] < values[:-2]) & (values[1:-1] <= values[2:])) + 1
    np.testing.assert_allclose(w[inner], [-1.0, 0.5], atol=1e-9)
    np.testing.assert_allclose(values[inner], [y[1] ** 2, y[0] ** 2], atol=1e-12)


def test_data_sets_have_the_documented_shapes_and_values():
    X, y = hc.data.bias_pair()
    np.testing.assert_array_equal(X, [[-0.2, 1.0], [1.0, 1.0]])
    X, y = hc.data.four_points()
    assert X.shape == (4, 2) and np.all(X[:, 1] == 1)
    X, y = hc.data.sine(10)
    np.testing.assert_allclose(y, np.sin(10 * X[:, 0]))
    X, y = hc.data.random_linear(100, 10, seed=0)
    assert X.shape == (100, 10) and np.linalg.matrix_rank(np.c_[X, y]) == 10  # y is linear in X
    X, y = hc.data.spirals(100, seed=1)
    assert X.shape == (100, 3) and set(np.unique(y)) == {-1.0, 1.0} and np.all(X[:, 2] == 1)
    with pytest.raises(ValueError, match="n must be an integer"):
        hc.data.sine(1)


def test_from_groups_is_the_balanced_mapping():
    # u = (3, 4) has norm 5: the neuron is w = u / sqrt(5), alpha = -sqrt(5), so alpha * w = -u
    net = hc.ReLUNetwork.from_groups([[3.0, 4.0]], [-1.0])
    np.testing.assert_allclose(net.W, [[3.0 / np.sqrt(5.0), 4.0 / np.sqrt(5.0)]])
    np.testing.assert_allclose(net.alpha, [-np.sqrt(5.0)])
    assert net.penalty() == pytest.approx(10.0)  # 2 * |u|
    zero = hc.ReLUNetwork.from_groups(np.zeros((0, 3)), np.zeros(0))
    assert zero.width == 1 and not zero.W.any() and not zero.alpha.any()


def test_from_groups_rejects_bad_signs_and_zero_groups():
    with pytest.raises(ValueError, match="signs must contain only"):
        hc.ReLUNetwork.from_groups([[1.0, 0.0]], [0.5])
    with pytest.raises(ValueError, match="non-zero rows"):
        hc.ReLUNetwork.from_groups([[0.0, 0.0]], [1.0])
    with pytest.raises(ValueError, match="signs must have length 1"):
        hc.ReLUNetwork.from_groups([[1.0, 0.0]], [1.0, 1.0])


def test_neuron_weights_are_abs_alpha_times_norm_w():
    net = hc.ReLUNetwork([[3.0, 4.0], [0.0, 0.0], [1.0, 0.0]], [-2.0, 7.0, 0.0])
    np.testing.assert_allclose(net.neuron_weights(), [10.0, 0.0, 0.0])
