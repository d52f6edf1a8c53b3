"""The fast solvers: closed-form cases, agreement with cvxpy (Clarabel), constraints, errors."""

import cvxpy as cp
import numpy as np
import pytest

import hiddenconvex as hc
from hiddenconvex._solvers import interior_point, rfista
from hiddenconvex._solvers.result import StopReason

X2, Y2 = hc.data.two_points()


def _nesterov_todd(x: np.ndarray, z: np.ndarray) -> np.ndarray:
    """The Nesterov-Todd scaling matrices ``H`` (with ``H_k x_k = z_k``) of cone pairs, from the solver's root."""
    return interior_point.scaling_matrix(*interior_point.nt_root(x, z))


def _violation(sol: hc.ConvexSolution, X: np.ndarray) -> float:
    sign = 2.0 * sol.patterns.T - 1.0
    return max(np.maximum(-sign * (X @ sol.U.T), 0).max(), np.maximum(-sign * (X @ sol.V.T), 0).max())


def test_group_soft_threshold_by_hand():
    Z = np.array([[3.0, 4.0], [0.3, 0.4], [0.0, 0.0]])  # norms 5, 0.5, 0
    out = rfista.group_soft_threshold(Z, 1.0)
    np.testing.assert_allclose(out, [[2.4, 3.2], [0.0, 0.0], [0.0, 0.0]])


def test_group_lasso_closed_form():
    # X = I and one group seen by every point: min ||z - b||^2 + beta ||z||, z* = b max(0, 1 - beta / (2 ||b||))
    b = np.array([1.0, -2.0, 2.0])  # ||b|| = 3
    res = rfista.group_lasso(np.eye(3), b, np.ones((3, 1)), beta=2.0, tol=1e-10)
    assert res.converged
    np.testing.assert_allclose(res.Z[0], b * (1 - 2.0 / 6.0), atol=1e-8)
    assert res.value == pytest.approx(np.sum((b / 3) ** 2) + 2.0 * 2.0, rel=1e-10)


def test_fast_two_point_reference_value():
    sol = hc.solve_convex(X2, Y2, 0.1, solver="fast")
    assert (sol.status, sol.solver) == ("optimal", "fast")
    assert sol.value == pytest.approx(0.31122777, rel=1e-6)  # facts file, cvxpy and 200 GD runs
    assert hc.loss(sol.to_network(), X2, Y2, 0.1) == pytest.approx(sol.value, rel=1e-6)


@pytest.mark.parametrize(
    ("n", "d", "seed", "sampled", "lam"),
    [
        (10, 2, 0, None, 0.05),
        (10, 2, 2, None, 0.05),
        (30, 3, 2, 40, 0.05),
        (12, 1, 0, None, 0.01),
        (100, 5, 3, 20, 0.5),  # Woodbury (n x n) Newton solves
        (200, 2, 1, 5, 0.05),  # n > 2 p d: dense (2pd x 2pd) Newton solves
    ],
)
def test_fast_matches_clarabel(n, d, seed, sampled, lam):
    X, y = hc.data.random_regression(n, d, seed=seed)
    patterns = None if sampled is None else hc.sample_patterns(X, sampled, seed=seed)
    reference = hc.solve_convex(X, y, lam, patterns=patterns, solver="CLARABEL")
    fast = hc.solve_convex(X, y, lam, patterns=patterns, solver="fast")
    assert fast.value == pytest.approx(reference.value, rel=1e-6)
    assert _violation(fast, X) <= 1e-6
    # same λ convention as the cvxpy path: the mapped network's loss is the program's value
    assert hc.loss(fast.to_network(), X, y, lam) == pytest.approx(fast.value, rel=1e-5)


def test_fast_only_the_all_zero_pattern():
    sol = hc.solve_convex(X2, Y2, 0.1, patterns=np.array([[False, False]]), solver="fast")
    assert sol.value == Y2 @ Y2


def test_non_convergence_is_reported():
    X, y = hc.data.random_regression(10, 2, seed=0)
    with pytest.raises(hc.ConvexSolverError, match="did not converge in max_iter = 5"):
        hc.solve_convex(X, y, 0.05, solver="fast", max_iter=5)
    with pytest.raises(hc.ConvexSolverError, match="did not converge"):
        hc.solve_gated(X, y, 0.05, np.ones((1, 3)) + np.eye(3), max_iter=1)


def test_a_tolerance_beyond_double_precision_is_reported_as_such():
    # the interior-point method stops early when rounding leaves no progress; the message says to raise tol
    X, y = hc.data.random_regression(60, 3, seed=4, noise=0.3)
    with pytest.raises(hc.ConvexSolverError, match=r"stopped after \d+ iterations because rounding.*tol = 1e-14.*raise tol"):
        hc.solve_convex(X, y, 0.1, patterns=hc.sample_patterns(X, 15, seed=4), solver="fast", tol=1e-14)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"solver": "nope"}, "solver"), ({"tol": 0.0}, "tol"), ({"max_iter": 0}, "max_iter"), ({"lam": -1.0}, "lam")],
)
def test_bad_input_names_the_argument(kwargs, name):
    args = {"X": X2, "y": Y2, "lam": 0.1, "solver": "fast", **kwargs}
    with pytest.raises(ValueError, match=name):
        hc.solve_convex(**args)


def test_gated_bad_input():
    with pytest.raises(ValueError, match="gates"):
        hc.solve_gated(X2, Y2, 0.1, np.ones((3, 5)))
    with pytest.raises(ValueError, match="tol"):
        hc.solve_gated(X2, Y2, 0.1, np.ones((3, 2)), tol=-1.0)


def _gated_cvxpy(X, patterns, y, beta):
    """Independent oracle: the gated program written directly in cvxpy."""
    U = cp.Variable((len(patterns), X.shape[1]))
    fit = cp.sum(cp.multiply(patterns.T.astype(float), X @ U.T), axis=1)
    problem = cp.Problem(cp.Minimize(cp.sum_squares(fit - y) + beta * cp.sum(cp.norm(U, 2, axis=1))))
    problem.solve(solver="CLARABEL")
    return problem.value


def test_gated_matches_cvxpy_and_bounds_the_relu_program():
    X, y = hc.data.random_regression(20, 2, seed=3)
    gates = np.random.default_rng(0).standard_normal((30, 3))
    gated = hc.solve_gated(X, y, 0.05, gates)
    assert gated.value == pytest.approx(_gated_cvxpy(X, gated.patterns, y, 0.1), rel=1e-6)
    # the value is the gated network's loss with penalty 2λ Σ||u_k||
    residual = gated.predict(X) - y
    assert residual @ residual + 0.1 * np.linalg.norm(gated.U, axis=1).sum() == pytest.approx(gated.value, rel=1e-9)
    # dropping the cone constraints can only lower the value
    relu = hc.solve_convex(X, y, 0.05, patterns=gated.patterns)
    assert gated.value <= relu.value + 1e-6
    # one gate per distinct, non-zero pattern, and the gates reproduce the patterns
    assert len(np.unique(gated.patterns, axis=0)) == len(gated.patterns) and gated.patterns.any(axis=1).all()
    np.testing.assert_array_equal(X @ gated.gates.T > 0, gated.patterns.T)


def test_nesterov_todd_scaling_maps_x_to_z():
    rng = np.random.default_rng(0)
    x, z = rng.standard_normal((5, 4)), rng.standard_normal((5, 4))
    x[:, 0] = np.linalg.norm(x[:, 1:], axis=1) + rng.random(5)  # interior points of the cone
    z[:, 0] = np.linalg.norm(z[:, 1:], axis=1) + rng.random(5)
    H = _nesterov_todd(x, z)
    np.testing.assert_allclose(interior_point.batch_matvec(H, x), z, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(H, H.transpose(0, 2, 1), atol=1e-12)
    assert np.linalg.eigvalsh(H).min() > 0


def test_steps_to_the_boundary_by_hand():
    x = np.array([[1.0, 0.0], [2.0, 0.0], [1.0, 0.0]])
    dx = np.array([[0.0, 1.0], [-1.0, 0.0], [1.0, 0.0]])  # boundary at a = 1, a = 2, never
    assert interior_point.cone_step(x[:1], dx[:1]) == pytest.approx(1.0)
    assert interior_point.cone_step(x[1:2], dx[1:2]) == pytest.approx(2.0)
    assert interior_point.cone_step(x[2:], dx[2:]) == np.inf
    assert interior_point.cone_step(x, dx) == pytest.approx(1.0)
    assert interior_point.linear_step(np.array([1.0, 3.0]), np.array([-2.0, -1.0])) == 0.5
    assert interior_point.linear_step(np.array([1.0]), np.array([1.0])) == np.inf


@pytest.mark.parametrize(("n", "single"), [(8, False), (8, True), (20, False)])
def test_newton_system_solves_its_matrix(n, single):
    # the factored solve (Woodbury for n <= q d, in double or single precision, else dense)
    # inverts the exact operator B + 2 F^T F, to the refinement tolerance
    rng = np.random.default_rng(1)
    d, p = 3, 2
    X = rng.standard_normal((n, d))
    M = (rng.random((n, p)) > 0.5).astype(float)
    data = interior_point.ProgramData(X, M)
    assert data.woodbury == (n <= 2 * p * d)
    A = rng.standard_normal((2 * p, d, d))
    blocks = A @ A.transpose(0, 2, 1)
    cone = rng.standard_normal((2 * p, d + 1))
    cone[:, 0] = np.linalg.norm(cone[:, 1:], axis=1) + 1.0
    H = _nesterov_todd(cone, cone)  # x = z: a valid (positive definite) scaling
    system = interior_point.NewtonSystem(data, blocks, H, single)
    assert system.single == (single and data.woodbury)
    rz, rt = rng.standard_normal((2 * p, d)), rng.standard_normal(2 * p)
    dz, dt = system.solve(rz, rt)
    az, at = system.apply(dz, dt)
    np.testing.assert_allclose(az, rz, atol=1e-9)
    np.testing.assert_allclose(at, rt, atol=1e-9)


def _small_system(single: bool) -> tuple[interior_point.NewtonSystem, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(5)
    n, d, p = 6, 2, 2
    data = interior_point.ProgramData(rng.standard_normal((n, d)), (rng.random((n, p)) > 0.5).astype(float))
    cone = np.tile([2.0, 1.0, 0.5], (2 * p, 1))
    blocks = np.tile(np.eye(d), (2 * p, 1, 1))
    return interior_point.NewtonSystem(data, blocks, _nesterov_todd(cone, cone), single), rng.standard_normal((2 * p, d)), rng.standard_normal(2 * p)


def test_newton_system_turns_to_double_precision_when_refinement_falls_short(monkeypatch):
    monkeypatch.setattr(interior_point, "SINGLE_PRECISION_LIMIT", 0.0)  # no single-precision solve is good enough
    system, rz, rt = _small_system(single=True)
    assert system.single
    dz, dt = system.solve(rz, rt)
    assert not system.single  # formed again in double precision, for this solve and the next ones
    az, at = system.apply(dz, dt)
    np.testing.assert_allclose(az, rz, atol=1e-10)
    np.testing.assert_allclose(at, rt, atol=1e-10)


def test_newton_system_refuses_non_finite_blocks():
    system, _, _ = _small_system(single=False)
    with pytest.raises(np.linalg.LinAlgError, match="not finite"):
        interior_point.NewtonSystem(system.data, np.full_like(system.zz, np.nan), _nesterov_todd(*[np.tile([2.0, 1.0, 0.5], (4, 1))] * 2))


def test_fit_and_its_adjoint():
    # fit(Z)_j = sum_k C_jk x_j . z_k with C = [M, -M], and <fit(Z), r> = <Z, fit_adjoint(r)>
    rng = np.random.default_rng(2)
    n, d, p = 7, 3, 4
    X, M = rng.standard_normal((n, d)), (rng.random((n, p)) > 0.5).astype(float)
    data = interior_point.ProgramData(X, M)
    Z, r = rng.standard_normal((2 * p, d)), rng.standard_normal(n)
    C = np.hstack([M, -M])
    np.testing.assert_allclose(data.fit(Z), np.einsum("jk,jk->j", C, X @ Z.T), atol=1e-12)
    assert data.fit(Z) @ r == pytest.approx(np.sum(Z * data.fit_adjoint(r)), rel=1e-12)


def test_nesterov_todd_root_and_jordan_algebra():
    # W = c (2 r r^T - J) squares to H, maps x and z^-1 to the same point, and a o w = b is solved exactly
    rng = np.random.default_rng(3)
    x, z, u = rng.standard_normal((6, 4)), rng.standard_normal((6, 4)), rng.standard_normal((6, 4))
    x[:, 0] = np.linalg.norm(x[:, 1:], axis=1) + rng.random(6)
    z[:, 0] = np.linalg.norm(z[:, 1:], axis=1) + rng.random(6)
    r, c = interior_point.nt_root(x, z)
    H = _nesterov_todd(x, z)
    np.testing.assert_allclose(interior_point.scale(r, c, interior_point.scale(r, c, u)), interior_point.batch_matvec(H, u), atol=1e-10)
    np.testing.assert_allclose(interior_point.scale(r, c, x), interior_point.scale(r, 1.0 / c, z, inverse=True), atol=1e-10)
    np.testing.assert_allclose(interior_point.scale(r, 1.0 / c, interior_point.scale(r, c, u), inverse=True), u, atol=1e-10)
    w = interior_point.jordan_solve(x, u)
    np.testing.assert_allclose(interior_point.jordan_product(x, w), u, atol=1e-10)
    # the identity e = (1, 0, ..) is the unit of the product
    e = np.zeros_like(u)
    e[:, 0] = 1.0
    np.testing.assert_allclose(interior_point.jordan_product(e, u), u, atol=1e-15)


def test_double_precision_from_the_start_gives_the_same_optimum(monkeypatch):
    # the single-precision Newton matrix only changes the path: forcing double precision at once
    # (a limit of 0 switches at the first iteration) reaches the same optimum
    X, y = hc.data.random_regression(60, 3, seed=4, noise=0.3)
    M = hc.sample_patterns(X, 15, seed=4).T.astype(float)
    mixed = interior_point.interior_point(X, y, M, 0.2, 1e-7, 200)
    monkeypatch.setattr(interior_point, "SINGLE_PRECISION_LIMIT", 0.0)
    double = interior_point.interior_point(X, y, M, 0.2, 1e-7, 200)
    assert mixed.converged and double.converged
    assert mixed.value == pytest.approx(double.value, rel=1e-6)


def test_the_result_says_why_the_solver_stopped(monkeypatch):
    X, y = hc.data.random_regression(10, 2, seed=0)
    M = hc.activation_patterns(X).T.astype(float)
    assert interior_point.interior_point(X, y, M, 0.1, max_iter=3).stop is StopReason.BUDGET_SPENT
    assert interior_point.interior_point(X, y, M, 0.1).stop is StopReason.CONVERGED
    assert rfista.group_lasso(X, y, M, 0.1, max_iter=1).stop is StopReason.BUDGET_SPENT

    def fail(*args, **kwargs):
        raise np.linalg.LinAlgError("simulated breakdown")

    monkeypatch.setattr(interior_point, "Linearization", fail)
    res = interior_point.interior_point(X, y, M, 0.1)
    assert (res.stop, res.detail, res.iterations) == (StopReason.NEWTON_FAILED, "simulated breakdown", 0)
    # the public error message is built from the stop reason and keeps the LinAlgError's message
    with pytest.raises(hc.ConvexSolverError, match="Newton system unsolvable.*simulated breakdown.*raise tol"):
        hc.solve_convex(X, y, 0.1, solver="fast")


def test_non_finite_data_scale_is_reported_not_looped_on():
    X, y = hc.data.random_regression(10, 2, seed=0)
    M = hc.activation_patterns(X).T.astype(float)
    with np.errstate(over="ignore", invalid="ignore"):
        res = rfista.group_lasso(X, y * 1e300, M, 0.1)  # the squared residual overflows
    assert res.stop is StopReason.NON_FINITE
