"""Patterns, activation points, restricted convex optima and the small-initialization flow along GD runs."""

import numpy as np
import pytest

import hiddenconvex as hc
from hiddenconvex import dynamics

X4, Y4 = hc.data.four_points()


def test_activation_points_by_hand_and_shapes():
    W = np.array([[0.3, -0.15], [2.0, 1.0], [0.0, 1.0]])
    points = hc.activation_points(W, flat="nan")
    np.testing.assert_allclose(points[:2], [0.5, -0.5])
    assert np.isnan(points[2])  # no x-dependence: no activation point
    stacked = hc.activation_points(np.stack([W, 2 * W]), flat="nan")
    assert stacked.shape == (2, 3)
    np.testing.assert_allclose(stacked[1, :2], [0.5, -0.5])


def test_activation_point_is_where_the_neuron_switches_on():
    rng = np.random.default_rng(3)
    W = rng.standard_normal((20, 2))
    a = hc.activation_points(W, flat="nan")
    values = np.einsum("md,md->m", W, np.column_stack([a, np.ones_like(a)]))
    np.testing.assert_allclose(values, 0.0, atol=1e-9)


def test_activation_points_rejects_bad_input():
    with pytest.raises(ValueError, match="W must have shape"):
        hc.activation_points(np.ones((3, 3)), flat="nan")
    with pytest.raises(ValueError, match="W contains NaN"):
        hc.activation_points([[np.nan, 1.0]], flat="nan")


def test_distinct_pattern_counts_by_construction():
    W0 = np.array([[1.0, 0.0], [2.0, 0.0], [-1.0, 0.0]])  # two neurons share the pattern "x > 0"
    W1 = np.array([[1.0, 0.0], [-2.0, 0.0], [0.0, -1.0]])  # a dead neuron is a pattern of its own
    traj = hc.Trajectory(np.array([0, 1]), (np.stack([W0, W1]), np.ones((2, 3))), np.zeros(2), 0.0, 0.1)
    np.testing.assert_array_equal(dynamics.distinct_pattern_counts(traj, X4), [2, 3])
    assert hc.restricted.used_patterns(hc.ReLUNetwork(W1, np.ones(3)), X4).shape == (2, 4)  # the all-zero pattern is left out


def test_distinct_pattern_counts_rejects_bad_input():
    traj = hc.train_gd(X4, Y4, 3, 0.0, 0.01, 0.5, 2)
    with pytest.raises(ValueError, match="traj must be a hc.Trajectory"):
        dynamics.distinct_pattern_counts("not a run", X4)
    bn_run = hc.extensions.batchnorm.train_gd(np.c_[np.arange(4.0), np.arange(4.0) ** 2], Y4, 2, 0.0, 0.01, 0.5, 2)
    with pytest.raises(ValueError, match="got one of BNNetwork"):
        dynamics.distinct_pattern_counts(bn_run, X4)
    with pytest.raises(ValueError, match="dimension 2 but X has 3"):
        dynamics.distinct_pattern_counts(traj, np.ones((4, 3)))


def test_restricted_convex_optimum_is_a_lower_bound_and_exact_with_all_patterns():
    traj = hc.train_gd(X4, Y4, m=8, lam=0.01, stepsize=0.01, scale=0.5, n_steps=200, record_every=50)
    values = dynamics.restricted_convex_values(traj, X4, Y4, [0, 2, len(traj) - 1])
    assert np.all(values <= traj.loss[[0, 2, -1]] + 1e-6)
    assert np.all(values >= hc.solve_convex(X4, Y4, 0.01).value - 1e-6)


def test_restricted_convex_value_of_dead_network_is_the_label_energy():
    dead = hc.ReLUNetwork(np.array([[1.0, -5.0]]), np.array([1.0]))  # switched off on [-1, 1]
    traj = hc.train_gd(X4, Y4, 1, 0.0, 0.01, 1.0, 1, init=dead)
    assert dynamics.restricted_convex_values(traj, X4, Y4, [0])[0] == pytest.approx(Y4 @ Y4)


def test_restricted_convex_values_rejects_bad_records():
    traj = hc.train_gd(X4, Y4, 2, 0.0, 0.01, 0.5, 3)
    with pytest.raises(ValueError, match=r"records must be .* in \[-4, 3\], got the out-of-range entries \[10\]"):
        dynamics.restricted_convex_values(traj, X4, Y4, [0, 10])
    with pytest.raises(ValueError, match="records must be a non-empty"):
        dynamics.restricted_convex_values(traj, X4, Y4, [0.5])


def test_first_step_below():
    traj = hc.Trajectory(np.array([0, 5, 10]), (np.zeros((3, 1, 2)), np.zeros((3, 1))), np.array([3.0, 2.0, 1.0]),
                         0.0, 0.1)
    assert dynamics.first_step_below(traj, 2.5) == 5
    assert dynamics.first_step_below(traj, 0.5) is None
    with pytest.raises(ValueError, match="level must be a real number"):
        dynamics.first_step_below(traj, "low")


def test_early_phase_velocity_is_minus_the_gradient_with_residual_minus_y():
    rng = np.random.default_rng(0)
    W, alpha = rng.standard_normal((5, 2)), rng.standard_normal(5)
    dW, dalpha = dynamics.early_phase_velocity(W, alpha, X4, Y4, lam=0.3)
    # at the network scaled by `tiny` the output is O(tiny^2), so the residual is -y up to O(tiny^2)
    tiny = 1e-7
    gW, galpha = hc.gradient(hc.ReLUNetwork(tiny * W, tiny * alpha), X4, Y4, 0.3)
    np.testing.assert_allclose(-gW / tiny, dW, rtol=1e-5, atol=1e-9)
    np.testing.assert_allclose(-galpha / tiny, dalpha, rtol=1e-5, atol=1e-9)


def test_early_phase_run_tracks_gd_from_a_tiny_initialization():
    init = hc.init_network(50, 2, scale=1e-6, seed=1)
    gd = hc.train_gd(X4, Y4, 50, 0.0, 5e-3, 1e-6, 300, init=init)
    approx = dynamics.early_phase_run(init, X4, Y4, lam=0.0, stepsize=5e-3, n_steps=300)
    assert dynamics.cosines(approx.W, gd.W[-1]).min() > 0.9999


def test_early_phase_run_rejects_bad_input():
    with pytest.raises(ValueError, match="init must be a hc.ReLUNetwork"):
        dynamics.early_phase_run("net", X4, Y4, 0.0, 0.1, 3)
    with pytest.raises(ValueError, match="stepsize must be > 0"):
        dynamics.early_phase_run(hc.init_network(2, 2, 0.1), X4, Y4, 0.0, 0.0, 3)


def test_aligned_directions_are_rest_points_of_the_direction_flow():
    for sign in (1.0, -1.0):
        Z = dynamics.aligned_directions(X4, Y4, sign)
        for z in Z:
            g = ((X4 @ z > 0) * Y4) @ X4
            tangent = g - (g @ z) * z
            np.testing.assert_allclose(tangent, 0.0, atol=1e-12)
            assert sign * (g @ z) > 0  # the neuron grows along it
    # by hand: the pattern "all active" gives g = sum_j y_j x_j = (0.14, 2.0)
    Z = dynamics.aligned_directions(X4, Y4, 1.0)
    assert any(np.allclose(z, np.array([0.14, 2.0]) / np.hypot(0.14, 2.0)) for z in Z)


def test_direction_flow_is_the_tangential_early_phase_velocity():
    # at a unit direction with alpha = 1/2 and no weight decay, dW = g(w), so omega = t . dW
    angles = np.linspace(0, 2 * np.pi, 37)
    U = np.column_stack([np.cos(angles), np.sin(angles)])
    dW, _ = dynamics.early_phase_velocity(U, np.full(len(angles), 0.5), X4, Y4)
    tangents = np.column_stack([-np.sin(angles), np.cos(angles)])
    np.testing.assert_allclose(dynamics.direction_flow(X4, Y4, angles), np.sum(tangents * dW, axis=1), atol=1e-12)
    # the aligned directions of alpha > 0 attract from both sides
    stars = np.arctan2(*dynamics.aligned_directions(X4, Y4).T[::-1])
    assert np.all(dynamics.direction_flow(X4, Y4, stars - 1e-4) > 0) and np.all(dynamics.direction_flow(X4, Y4, stars + 1e-4) < 0)


def test_direction_flow_rejects_bad_input():
    with pytest.raises(ValueError, match="2 columns"):
        dynamics.direction_flow(np.ones((4, 3)), Y4, [0.0])
    with pytest.raises(ValueError, match="angles"):
        dynamics.direction_flow(X4, Y4, [np.nan])


def test_cosines():
    np.testing.assert_allclose(dynamics.cosines([[1.0, 0.0], [1.0, 1.0]], [[2.0, 0.0], [-1.0, -1.0]]), [1.0, -1.0])
    with pytest.raises(ValueError, match="same shape"):
        dynamics.cosines([[1.0, 0.0]], [[1.0, 0.0, 0.0]])
    with pytest.raises(ValueError, match="non-zero rows"):
        dynamics.cosines([[0.0, 0.0]], [[1.0, 0.0]])
