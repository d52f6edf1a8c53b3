"""The convex program: the reference value, the λ convention, the mapping back, errors."""

import numpy as np
import pytest

import hiddenconvex as hc

X2, Y2 = hc.data.two_points()


def test_two_point_reference_value():
    # computed independently with cvxpy and 200 GD runs (facts file): 0.31122777
    sol = hc.solve_convex(X2, Y2, 0.1)
    assert sol.status == "optimal"
    assert sol.value == pytest.approx(0.31122777, abs=1e-6)


def test_value_equals_loss_of_mapped_network():
    sol = hc.solve_convex(X2, Y2, 0.1)
    assert hc.loss(sol.to_network(), X2, Y2, 0.1) == pytest.approx(sol.value, abs=1e-6)


def test_penalty_is_twice_the_weight_decay():
    assert hc.convex_penalty(0.1) == 0.2
    # with beta = lam (the sources' slip) the mapped loss would not match the convex value
    sol = hc.solve_convex(X2, Y2, 0.05)  # beta = 0.1
    assert hc.loss(sol.to_network(), X2, Y2, 0.1) > sol.value + 1e-3


def test_mapped_neurons_are_balanced_and_reproduce_the_fit():
    X, y = hc.data.random_regression(10, 2, seed=7)
    sol = hc.solve_convex(X, y, 0.05)
    net = sol.to_network()
    np.testing.assert_allclose(np.linalg.norm(net.W, axis=1), np.abs(net.alpha), rtol=1e-12)
    np.testing.assert_allclose(net(X), sol.predict_train(X), atol=1e-5)


def test_gd_from_the_mapped_network_stays_put():
    """The mapped network is a stationary point: GD from it does not lower the loss."""
    sol = hc.solve_convex(X2, Y2, 0.1)
    net = sol.to_network()
    traj = hc.train_gd(X2, Y2, net.width, 0.1, 0.01, 1.0, 200, init=net)
    assert traj.final_loss >= sol.value - 1e-6
    assert traj.final_loss == pytest.approx(sol.value, abs=1e-5)


def test_gd_never_beats_the_convex_optimum_on_two_points():
    sol = hc.solve_convex(X2, Y2, 0.1)
    finals = [hc.train_gd(X2, Y2, 4, 0.1, 0.02, 1.0, 3000, seed=s).final_loss for s in range(8)]
    assert min(finals) >= sol.value - 1e-6
    assert min(finals) == pytest.approx(sol.value, abs=1e-4)  # and the best run reaches it


def test_lambda_zero_interpolates():
    X, y = hc.data.random_regression(6, 2, seed=2)
    sol = hc.solve_convex(X, y, 0.0)
    assert sol.value == pytest.approx(0.0, abs=1e-6)


def test_large_lambda_gives_the_zero_network():
    sol = hc.solve_convex(X2, Y2, 100.0)
    assert sol.value == pytest.approx(Y2 @ Y2, rel=1e-6)
    net = sol.to_network()
    np.testing.assert_allclose(net(X2), 0.0, atol=1e-6)


def test_restricted_patterns_give_a_larger_value():
    full = hc.solve_convex(X2, Y2, 0.1)
    only = hc.solve_convex(X2, Y2, 0.1, patterns=np.array([[False, True]]))
    assert only.value > full.value + 1e-3
    assert hc.loss(only.to_network(), X2, Y2, 0.1) == pytest.approx(only.value, abs=1e-6)


def test_only_the_all_zero_pattern():
    sol = hc.solve_convex(X2, Y2, 0.1, patterns=np.array([[False, False]]))
    assert sol.value == Y2 @ Y2
    assert sol.to_network().width == 1


def test_named_solver_scs():
    sol = hc.solve_convex(X2, Y2, 0.1, solver="SCS")
    assert sol.solver == "SCS"
    assert sol.value == pytest.approx(0.31122777, abs=1e-3)


def test_solver_failure_is_a_clear_error(monkeypatch):
    import cvxpy as cp

    def fail(self, *args, **kwargs):
        raise cp.error.SolverError("simulated failure")

    monkeypatch.setattr(cp.Problem, "solve", fail)
    with pytest.raises(hc.ConvexSolverError, match="not solved.*simulated failure"):
        hc.solve_convex(X2, Y2, 0.1)
