"""The parts of hc.solve_exact: the exact non-negative lasso, the pricing of faces and cones, and the
Newton step that slides neurons within their faces — each against an independent check."""

import cvxpy as cp
import numpy as np
import pytest

import hiddenconvex as hc
from hiddenconvex._solvers.active_set import TOL, nonnegative_lasso
from hiddenconvex._solvers.face_newton import slide
from hiddenconvex.duality import cone_maximizers, dual_norm, face_maxima, sphere_dual_norm
from hiddenconvex.exact import _vertices


def _lasso_problem(seed: int, n: int, m: int, duplicates: int) -> tuple[np.ndarray, np.ndarray, float]:
    rng = np.random.default_rng(seed)
    A = np.maximum(rng.normal(size=(n, m)), 0.0) * rng.choice([-1.0, 1.0], size=m)
    A = np.concatenate([A, A[:, :duplicates]], axis=1)  # repeated neurons: many solutions, one residual
    return A, rng.normal(size=n), 0.1 * float(np.abs(A).max())


@pytest.mark.parametrize(("seed", "n", "m", "duplicates"), [(0, 20, 8, 0), (1, 10, 40, 0), (2, 6, 30, 5), (3, 30, 30, 3)])
def test_nonnegative_lasso_meets_its_kkt_conditions_and_clarabels_value(seed, n, m, duplicates):
    A, y, mu = _lasso_problem(seed, n, m, duplicates)
    c, _ = nonnegative_lasso(A, y, mu)
    residual = y - A @ c
    assert np.all(c >= 0)
    assert np.all(A.T @ residual <= mu * (1 + 10 * TOL))  # dual feasible ...
    assert np.allclose(A[:, c > 0].T @ residual, mu, rtol=1e-9)  # ... and tight on the support
    x = cp.Variable(A.shape[1], nonneg=True)
    reference = cp.Problem(cp.Minimize(0.5 * cp.sum_squares(A @ x - y) + mu * cp.sum(x)))
    reference.solve(solver="CLARABEL")
    assert 0.5 * residual @ residual + mu * c.sum() == pytest.approx(reference.value, rel=1e-7)


def test_nonnegative_lasso_from_any_start_reaches_the_same_residual():
    A, y, mu = _lasso_problem(4, 8, 30, 4)
    cold, _ = nonnegative_lasso(A, y, mu)
    warm, _ = nonnegative_lasso(A, y, mu, start=np.random.default_rng(5).uniform(0, 1, A.shape[1]))
    assert np.allclose(A @ cold, A @ warm, atol=1e-10)


def _random_nu(X: np.ndarray, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=len(X))


@pytest.mark.parametrize(("data", "seed"), [(hc.data.spirals(15)[0], 0), (hc.data.spirals(15)[0], 1),
                                            (np.random.default_rng(2).normal(size=(9, 2)), 2)])
def test_face_maxima_and_vertices_give_the_exact_dual_norm(data, seed):
    X, nu = data, _random_nu(data, seed)
    patterns = hc.patterns.nonzero_patterns(X)
    directions, signs, values = face_maxima(X, nu, patterns, 0.0, 10**6)
    h = np.maximum(directions @ X.T, 0.0) @ nu
    assert np.allclose(np.linalg.norm(directions, axis=1), 1.0)
    assert np.allclose(signs * h, values, rtol=1e-10)  # each value is attained at its direction
    vertex_values = np.abs(np.maximum(_vertices(X) @ X.T, 0.0) @ nu)
    best = max(values.max(initial=0.0), vertex_values.max())
    assert best == pytest.approx(sphere_dual_norm(X, nu, patterns)[0], rel=1e-12)


def test_cone_maximizers_attain_their_values_inside_their_cones_up_to_the_dual_norm():
    X = np.random.default_rng(3).normal(size=(7, 4))
    nu = _random_nu(X, 4)
    patterns = hc.patterns.nonzero_patterns(X)
    M = dual_norm(X, nu, patterns)[0]
    directions, signs, values = cone_maximizers(X, nu, patterns, 0.5 * M, 10**6)
    assert len(values) > 0 and values.max() == pytest.approx(M, rel=1e-9)
    assert np.all(values > 0.5 * M)
    assert np.allclose(signs * (np.maximum(directions @ X.T, 0.0) @ nu), values, rtol=1e-9)


def test_slide_moves_a_spread_neuron_to_the_optimal_direction_and_drops_the_useless_vertex():
    X, y = hc.data.two_points()
    reference = hc.solve_convex(X, y, 0.1, solver="CLARABEL", tol=1e-9)
    groups = np.concatenate([reference.U, reference.V])
    optimum = groups[np.argmax(np.linalg.norm(groups, axis=1))]
    near = optimum + np.array([0.02, -0.01])
    vertex = np.array([-1.0, 1.0]) / np.sqrt(2)  # x_2 = (1, 1) is zero on it
    directions = np.array([near / np.linalg.norm(near), vertex])
    moved, signs = slide(X, y, hc.convex_penalty(0.1), directions, np.array([1.0, 1.0]),
                         np.array([np.linalg.norm(near), 0.02]))
    assert len(moved) == 1 and signs[0] == 1.0
    assert np.allclose(moved[0], optimum / np.linalg.norm(optimum), atol=1e-7)


@pytest.mark.parametrize("X", [np.array([[1.0], [2.0], [-1.5], [0.5]]), np.random.default_rng(6).normal(size=(7, 4))],
                         ids=["one column", "four columns"])
def test_solve_exact_agrees_with_clarabel_for_one_and_four_columns(X):
    y = np.random.default_rng(7).normal(size=len(X))
    exact = hc.solve_exact(X, y, 0.05)
    reference = hc.solve_convex(X, y, 0.05, solver="CLARABEL", tol=1e-9)
    assert exact.status == "optimal"
    assert exact.value == pytest.approx(reference.value, rel=1e-6)
    assert exact.lower_bound <= reference.value * (1 + 1e-8)
