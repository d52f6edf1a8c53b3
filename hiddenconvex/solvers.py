r"""Fast first-order solvers for the convex programs, after Mishkin, Sahiner & Pilanci (2022).

Both programs share one shape. The unknowns are ``q`` groups :math:`z_k \in \mathbb{R}^d`,
stacked as the rows of ``Z`` (q, d). With data ``X`` (n, d), labels ``y`` (n,) and a
coefficient matrix ``C`` (n, q) the model's fit on point :math:`j` is

.. math:: f_j(Z) = \sum_{k=1}^q C_{jk}\, x_j^\top z_k ,

and the program is the group lasso

.. math::

    \min_Z \; \|f(Z) - y\|_2^2 + \beta \sum_{k=1}^q \|z_k\|_2
    \quad\text{s.t.}\quad S_{jk}\, x_j^\top z_k \ge 0 \ \text{ for all } j, k,

where the constraints are present only for the ReLU program. For the ReLU program with patterns
:math:`D_1, \dots, D_p`, ``Z`` stacks :math:`(u_1..u_p, v_1..v_p)`, ``C = [M, -M]`` and
``S = [2M - 1, 2M - 1]`` with ``M`` (n, p) the pattern matrix; the gated-ReLU program has
``Z = U``, ``C = M`` and no constraints.

Algorithms
----------
* :func:`rfista` — FISTA on a smooth part plus the group penalty, whose proximal operator is the
  group soft-threshold :math:`z \mapsto z \max(0, 1 - \eta\beta/\|z\|)`. The step :math:`\eta` is
  found by backtracking until :math:`\langle\nabla h(x_{k+1}) - \nabla h(y_k), x_{k+1} - y_k\rangle
  \le \|x_{k+1} - y_k\|^2/(2\eta)`, which for convex :math:`h` implies the quadratic upper bound
  :math:`h(x_{k+1}) \le h(y_k) + \langle\nabla h(y_k), x_{k+1} - y_k\rangle + \|x_{k+1} - y_k\|^2/(2\eta)`
  and, unlike comparing function values, does not suffer from cancellation near the optimum. The
  step is increased by ``STEP_GROWTH`` whenever the test holds with a margin of 2, and the momentum
  is restarted whenever it points uphill (:math:`\langle y_k - x_{k+1}, x_{k+1} - x_k\rangle > 0`). It stops when the gradient
  mapping :math:`\|y_k - x_{k+1}\|/\eta`, a proxy for the minimum-norm subgradient, is below ``tol``.
* The cone-constrained ReLU program is solved by the interior-point method of
  :mod:`hiddenconvex.interior_point`, which exploits the same structure; an augmented Lagrangian
  around :func:`rfista`, as in the paper, needed far more iterations to reach ``tol = 1e-6``.

All operations of :func:`rfista` are dense numpy products ``X @ Z.T`` (n, q) and ``H.T @ X``
(q, d), two per iteration. The functions here take validated arrays; :func:`hiddenconvex.solve_gated`
(and :func:`hiddenconvex.solve_convex` with ``solver="fast"``) are the checked entry points.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

#: Factor by which the R-FISTA step grows when the quadratic bound was loose.
STEP_GROWTH = 1.25
#: Default iteration budget (R-FISTA iterations; interior-point iterations for the ReLU program).
MAX_ITER = 100_000
#: Default tolerance (relative subgradient, constraint violation, relative complementarity gap).
TOL = 1e-6
#: The subgradient, which bounds the objective's error, must be below ``SAFETY * tol`` (relative),
#: so that the objective is accurate to about ``tol`` relative.
SAFETY = 0.1

#: The gradient, with respect to ``P = X Z^T`` (n, q), of a smooth convex function of ``P``.
SmoothPart = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class FistaResult:
    """Outcome of :func:`rfista`: the point, the final step, the iterations used, and convergence."""

    Z: np.ndarray
    step: float
    iterations: int
    converged: bool
    gradient_mapping: float


@dataclass(frozen=True)
class GroupLassoResult:
    """Outcome of :func:`group_lasso` or of :func:`hiddenconvex.interior_point.interior_point`.

    Attributes
    ----------
    Z : array (q, d)
        The groups :math:`z_k`.
    value : float
        The objective :math:`\\|f(Z) - y\\|^2 + \\beta\\sum_k\\|z_k\\|` at ``Z``.
    violation : float
        Largest constraint violation :math:`\\max_{j,k} (-S_{jk} x_j^\\top z_k)_+` (0 without constraints).
    gap : float
        Duality gap of the interior-point method, a bound on the objective's error (0 without constraints).
    iterations, rounds : int
        Iterations used (R-FISTA or interior-point); ``rounds`` is 1 for R-FISTA and equals
        ``iterations`` for the interior-point method.
    converged : bool
        Whether every stopping test passed within the iteration budget.
    """

    Z: np.ndarray
    value: float
    violation: float
    gap: float
    iterations: int
    rounds: int
    converged: bool


def group_soft_threshold(Z: np.ndarray, threshold: float) -> np.ndarray:
    r"""Proximal operator of :math:`t\sum_k\|z_k\|`: each row scaled by :math:`\max(0, 1 - t/\|z_k\|)`."""
    norms = np.linalg.norm(Z, axis=1, keepdims=True)
    scale = np.maximum(0.0, 1.0 - threshold / np.maximum(norms, np.finfo(float).tiny))
    return Z * scale


def fit(P: np.ndarray, C: np.ndarray) -> np.ndarray:
    """The model's fit :math:`f_j = \\sum_k C_{jk} P_{jk}` from ``P = X Z^T`` (n, q)."""
    return np.einsum("jk,jk->j", C, P)


def objective(Z: np.ndarray, X: np.ndarray, y: np.ndarray, C: np.ndarray, beta: float) -> float:
    r""":math:`\|f(Z) - y\|^2 + \beta \sum_k \|z_k\|` (constraints not included)."""
    residual = fit(X @ Z.T, C) - y
    return float(residual @ residual + beta * np.linalg.norm(Z, axis=1).sum())


def least_squares_part(y: np.ndarray, C: np.ndarray) -> SmoothPart:
    r"""The ``P``-gradient :math:`2 r_j C_{jk}` of :math:`\|f - y\|^2`, with residuals :math:`r = f - y`."""

    def gradient(P: np.ndarray) -> np.ndarray:
        return 2.0 * (fit(P, C) - y)[:, None] * C

    return gradient


def rfista(
    smooth: SmoothPart,
    X: np.ndarray,
    beta: float,
    Z0: np.ndarray,
    step: float,
    tol: float,
    max_iter: int,
) -> FistaResult:
    r"""Restarted FISTA with backtracking and step increase on ``smooth(X Z^T) + beta * sum_k ||z_k||``.

    ``smooth`` takes ``P = X @ Z.T`` (n, q) and returns the ``P``-gradient ``H``; the
    ``Z``-gradient is ``H.T @ X``. ``step`` is the first trial step. Linearity of ``Z -> X Z^T``
    lets the extrapolated point reuse products already computed.
    """
    x, P_x = Z0, X @ Z0.T
    y_pt, P_y, t = x, P_x, 1.0
    H = smooth(P_y)
    gap = np.inf
    for k in range(1, max_iter + 1):
        grad = H.T @ X
        while True:
            x_new = group_soft_threshold(y_pt - step * grad, step * beta)
            P_new = X @ x_new.T
            H_new = smooth(P_new)
            diff = x_new - y_pt
            sq = float(np.sum(diff**2))
            curvature = float(np.sum((H_new - H) * (P_new - P_y)))
            if curvature <= sq / (2.0 * step):
                break
            step *= 0.5
        gap = np.sqrt(sq) / step
        if gap <= tol:
            return FistaResult(x_new, step, k, True, gap)
        loose = curvature < sq / (4.0 * step)
        if float(np.sum(diff * (x_new - x))) < 0.0:  # momentum points uphill: restart
            t = 1.0
        t_next = (1.0 + np.sqrt(1.0 + 4.0 * t * t)) / 2.0
        momentum = (t - 1.0) / t_next
        if momentum == 0.0:
            y_pt, P_y, H = x_new, P_new, H_new
        else:
            y_pt = x_new + momentum * (x_new - x)
            P_y = P_new + momentum * (P_new - P_x)
            H = smooth(P_y)
        x, P_x, t = x_new, P_new, t_next
        if loose:
            step *= STEP_GROWTH
    return FistaResult(x, step, max_iter, False, gap)


def initial_step(X: np.ndarray, C: np.ndarray) -> float:
    r"""A safe first step: the inverse of a bound on the Lipschitz constant of the smooth part.

    :math:`\|f(Z)\|^2 \le \sum_j \|x_j\|^2 \, \#\{k : C_{jk} \ne 0\}\, \|Z\|_F^2`. R-FISTA grows the step from there.
    """
    row_sq = np.sum(X**2, axis=1)
    bound = 2.0 * float(row_sq @ np.count_nonzero(C, axis=1))
    return 1.0 / max(bound, np.finfo(float).tiny)


def group_lasso(
    X: np.ndarray, y: np.ndarray, C: np.ndarray, beta: float, tol: float = TOL, max_iter: int = MAX_ITER
) -> GroupLassoResult:
    """The unconstrained program (gated ReLU), solved by :func:`rfista` from ``Z = 0``."""
    Z0 = np.zeros((C.shape[1], X.shape[1]))
    res = rfista(least_squares_part(y, C), X, beta, Z0, initial_step(X, C), SAFETY * tol * gradient_scale(X, y, C), max_iter)
    return GroupLassoResult(res.Z, objective(res.Z, X, y, C, beta), 0.0, 0.0, res.iterations, 1, res.converged)


def gradient_scale(X: np.ndarray, y: np.ndarray, C: np.ndarray) -> float:
    r"""The size :math:`\max(1, \|\nabla\|_F)` of the least-squares gradient at ``Z = 0``; subgradient tolerances are relative to it."""
    return max(1.0, float(np.linalg.norm((2.0 * y[:, None] * C).T @ X)))
