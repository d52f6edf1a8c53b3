"""A solution is called optimal only when a dual lower bound agrees: scaled, degenerate and tiny data."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hiddenconvex as hc
from hiddenconvex.duality import dual_bound, dual_norm

X4, Y4 = hc.data.four_points()
OPTIMUM_COLUMN_SCALED = 0.121621  # four points, first column x 1e6, lam = 0.05 (Clarabel; issue 15)


def _nonzero_patterns(X):
    patterns = hc.activation_patterns(X)
    return patterns[patterns.any(axis=1)]


def test_dual_norm_matches_a_dense_search_over_the_circle():
    # d = 2: every unit vector u = (cos t, sin t); the max over each pattern's cone by brute force
    X, _ = hc.data.random_regression(7, 1, seed=3)
    nu = np.random.default_rng(1).standard_normal(7)
    patterns = _nonzero_patterns(X)
    angles = np.linspace(0.0, 2.0 * np.pi, 200_001)
    U = np.stack([np.cos(angles), np.sin(angles)])
    brute = 0.0
    for D in patterns:
        inside = np.all((2.0 * D - 1.0)[:, None] * (X @ U) >= -1e-12, axis=0)
        values = np.abs((D * nu) @ X @ U[:, inside])
        brute = max(brute, values.max(initial=0.0))
    M, u, sign = dual_norm(X, nu, patterns)
    assert M == pytest.approx(brute, rel=1e-6)
    assert np.linalg.norm(u) == pytest.approx(1.0)
    assert sign in (1.0, -1.0)


def test_dual_lower_bound_is_below_the_optimum_and_tight_at_it():
    X, y = hc.data.random_regression(12, 2, seed=5)
    patterns = _nonzero_patterns(X)
    sol = hc.solve_convex(X, y, 0.05, solver="CLARABEL")
    bound, M, u = dual_bound(X, y, 0.05, sol.predict_train(X), patterns)
    assert bound == pytest.approx(sol.value, rel=1e-7)
    assert M == pytest.approx(2 * 0.05, rel=1e-4)  # at the optimum the dual constraint is tight: M = 2 lam
    assert np.linalg.norm(u) == pytest.approx(1.0)
    # from any other fit the bound is valid, only weaker
    for fit in (np.zeros_like(y), y, np.random.default_rng(0).standard_normal(len(y))):
        assert dual_bound(X, y, 0.05, fit, patterns)[0] <= sol.value + 1e-9


def test_large_lambda_returns_the_zero_network_at_once():
    sol = hc.solve_convex(X4, Y4, 1e12, solver="fast")  # used to run 78,800 iterations
    assert (sol.value, sol.solver, sol.status) == (Y4 @ Y4, "zero test", "optimal")
    np.testing.assert_array_equal(sol.to_network()(X4), 0.0)
    # the threshold: 2 lam = M(2y) exactly
    threshold = dual_norm(X4, 2.0 * Y4, _nonzero_patterns(X4))[0] / 2.0
    assert hc.solve_convex(X4, Y4, threshold * 1.001, solver="fast").solver == "zero test"
    below = hc.solve_convex(X4, Y4, threshold * 0.99, solver="fast")
    assert below.solver == "fast" and below.value < Y4 @ Y4


def test_one_column_scaled_by_a_million_is_never_a_wrong_optimum():
    X = X4.copy()
    X[:, 0] *= 1e6
    sol = hc.solve_convex(X, Y4, 0.05, solver="fast")  # used to report 0.13299 as optimal
    assert sol.value == pytest.approx(OPTIMUM_COLUMN_SCALED, rel=1e-5)
    assert hc.loss(sol.to_network(), X, Y4, 0.05) == pytest.approx(sol.value, rel=1e-5)
    assert hc.solve_convex(X, Y4, 0.05, solver="CLARABEL").value == pytest.approx(OPTIMUM_COLUMN_SCALED, rel=1e-5)


@pytest.mark.parametrize(("x_scale", "y_scale"), [(1e6, 1.0), (1e-6, 1.0), (1.0, 1e-6), (1e3, 1e3)])
@pytest.mark.parametrize("solver", ["fast", "CLARABEL"])
def test_scaled_data_map_back_to_a_network_of_the_reported_loss(x_scale, y_scale, solver):
    X, y = X4 * x_scale, Y4 * y_scale
    sol = hc.solve_convex(X, y, 0.05, solver=solver)
    assert sol.value <= y @ y
    # relative to the value, or (for optima tiny next to the data) to the labels' mean square
    assert hc.loss(sol.to_network(), X, y, 0.05) == pytest.approx(sol.value, rel=1e-5, abs=1e-9 * (y @ y) / len(y))


@pytest.mark.filterwarnings("ignore:Solution may be inaccurate")
def test_a_loose_tolerance_is_refused_and_cvxpy_options_are_not_ignored():
    with pytest.raises(ValueError, match="tol must be in"):
        hc.solve_convex(X4, Y4, 0.05, tol=1e3)
    with pytest.raises(hc.ConvexSolverError, match="CLARABEL"):  # one Clarabel iteration cannot solve it
        hc.solve_convex(X4, Y4, 0.05, solver="CLARABEL", max_iter=1)
    with pytest.raises(ValueError, match="tol and max_iter"):
        hc.solve_convex(X4, Y4, 0.05, solver="OSQP", tol=1e-3)
    loose = hc.solve_convex(X4, Y4, 0.05, solver="SCS", tol=1e-3)
    assert loose.value == pytest.approx(0.31417247, rel=1e-2)


@st.composite
def scaled_problems(draw):
    """Tiny 1-D data with a bias, possibly duplicated points or zero labels; X (bias column included) and y
    each scaled by a power of ten."""
    n = draw(st.integers(2, 6))
    x = np.array(draw(st.lists(st.integers(-4, 4), min_size=n, max_size=n)), dtype=float) / 4.0
    y = np.array(draw(st.lists(st.integers(-4, 4), min_size=n, max_size=n)), dtype=float) / 4.0
    x_scale = 10.0 ** draw(st.sampled_from([-6, -3, 0, 3, 6]))
    y_scale = 10.0 ** draw(st.sampled_from([-6, 0, 6]))
    lam = draw(st.sampled_from([1e-3, 0.05, 1.0, 100.0]))
    return hc.data.add_bias(x) * x_scale, y * y_scale, lam


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scaled_problems())
def test_fast_solver_answers_are_certified_on_scaled_and_degenerate_data(problem):
    X, y, lam = problem
    zero_loss = float(y @ y)
    scale = zero_loss / len(y)  # the size against which accuracy is measured
    try:
        fast = hc.solve_convex(X, y, lam, solver="fast")
    except hc.ConvexSolverError:
        return  # refusing is allowed; a wrong "optimal" is not
    assert fast.value <= zero_loss
    assert hc.loss(fast.to_network(), X, y, lam) == pytest.approx(fast.value, rel=1e-5, abs=1e-6 * scale)
    try:
        reference = hc.solve_convex(X, y, lam, solver="CLARABEL")
    except hc.ConvexSolverError:
        return  # Clarabel's answer was refuted by the dual check: nothing to compare with
    assert fast.value == pytest.approx(reference.value, rel=1e-5, abs=1e-5 * scale)


@st.composite
def plane_problems(draw):
    """Tiny 2-D data with a bias (three columns), points on a small grid (so repeated and collinear points
    occur), each of X and y scaled by a power of ten."""
    n = draw(st.integers(2, 7))
    points = np.array(draw(st.lists(st.tuples(st.integers(-2, 2), st.integers(-2, 2)), min_size=n, max_size=n)), dtype=float)
    y = np.array(draw(st.lists(st.integers(-4, 4), min_size=n, max_size=n)), dtype=float) / 4.0
    x_scale = 10.0 ** draw(st.sampled_from([-3, 0, 3]))
    y_scale = 10.0 ** draw(st.sampled_from([-6, 0, 6]))
    lam = draw(st.sampled_from([1e-3, 0.05, 1.0]))
    return np.column_stack([points, np.ones(n)]) * x_scale, y * y_scale, lam


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(scaled_problems(), plane_problems()))
def test_solve_exact_is_certified_on_scaled_and_degenerate_data(problem):
    X, y, lam = problem
    zero_loss = float(y @ y)
    scale = zero_loss / len(y)
    exact = hc.solve_exact(X, y, lam)
    assert exact.lower_bound <= exact.value <= zero_loss
    assert hc.loss(exact.to_network(), X, y, lam) == pytest.approx(exact.value, rel=1e-9, abs=1e-12 * scale)
    # "not certified" is an honest answer (labels 1e6 times the data with lam = 1e-3 leave a penalty
    # below the residual's rounding); "optimal" must be true
    assert exact.status == "not certified" or exact.gap <= 1e-6 * exact.value
    try:
        reference = hc.solve_convex(X, y, lam, solver="CLARABEL")
    except hc.ConvexSolverError:
        return  # Clarabel's answer was refuted by the dual check: nothing to compare with
    assert exact.lower_bound <= reference.value * (1 + 1e-7) + 1e-9 * scale  # a bound below every solver's value
    assert exact.value == pytest.approx(reference.value, rel=1e-5, abs=1e-5 * scale)
