r"""Restarted FISTA for the unconstrained (gated-ReLU) group-lasso program of :mod:`.result`, after
Mishkin, Sahiner & Pilanci (2022).

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
  It stops early, reporting ``NON_FINITE``, when the gradient mapping is NaN or infinite.
* The cone-constrained ReLU program is solved by the interior-point method of
  :mod:`.interior_point`, which exploits the same structure; an augmented Lagrangian
  around :func:`rfista`, as in the paper, needed far more iterations to reach ``tol = 1e-6``.

All operations of :func:`rfista` are dense numpy products ``X @ Z.T`` (n, q) and ``H.T @ X``
(q, d), two per iteration. The functions here take validated arrays; :func:`hiddenconvex.solve_gated`
(and :func:`hiddenconvex.solve_convex` with ``solver="fast"``) are the checked entry points.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from hiddenconvex._solvers.result import SolverResult, StopReason, fit, gradient_scale, objective

#: Factor by which the R-FISTA step grows when the quadratic bound was loose.
STEP_GROWTH = 1.25
#: Default iteration budget (R-FISTA iterations).
MAX_ITER = 100_000
#: Default tolerance on the relative subgradient.
TOL = 1e-6
#: The subgradient, which bounds the objective's error, must be below ``SAFETY * tol`` (relative),
#: so that the objective is accurate to about ``tol`` relative.
SAFETY = 0.1

#: The gradient, with respect to ``P = X Z^T`` (n, q), of a smooth convex function of ``P``.
SmoothPart = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class FistaResult:
    """Outcome of :func:`rfista`: the point, the final step, the iterations used, why it stopped, and
    the last gradient mapping."""

    Z: np.ndarray
    step: float
    iterations: int
    stop: StopReason
    gradient_mapping: float


def group_soft_threshold(Z: np.ndarray, threshold: float) -> np.ndarray:
    r"""Proximal operator of :math:`t\sum_k\|z_k\|`: each row scaled by :math:`\max(0, 1 - t/\|z_k\|)`."""
    norms = np.linalg.norm(Z, axis=1, keepdims=True)
    scale = np.maximum(0.0, 1.0 - threshold / np.maximum(norms, np.finfo(float).tiny))
    return Z * scale


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
            if curvature <= sq / (2.0 * step) or not np.isfinite(curvature):  # NaN: stop below
                break
            step *= 0.5
        gap = np.sqrt(sq) / step
        if gap <= tol:
            return FistaResult(x_new, step, k, StopReason.CONVERGED, gap)
        if not np.isfinite(gap):
            return FistaResult(x, step, k, StopReason.NON_FINITE, gap)
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
    return FistaResult(x, step, max_iter, StopReason.BUDGET_SPENT, gap)


def initial_step(X: np.ndarray, C: np.ndarray) -> float:
    r"""A safe first step: the inverse of a bound on the Lipschitz constant of the smooth part.

    :math:`\|f(Z)\|^2 \le \sum_j \|x_j\|^2 \, \#\{k : C_{jk} \ne 0\}\, \|Z\|_F^2`. R-FISTA grows the step from there.
    """
    row_sq = np.sum(X**2, axis=1)
    bound = 2.0 * float(row_sq @ np.count_nonzero(C, axis=1))
    return 1.0 / max(bound, np.finfo(float).tiny)


def group_lasso(
    X: np.ndarray, y: np.ndarray, C: np.ndarray, beta: float, tol: float = TOL, max_iter: int = MAX_ITER
) -> SolverResult:
    """The unconstrained program (gated ReLU), solved by :func:`rfista` from ``Z = 0``."""
    Z0 = np.zeros((C.shape[1], X.shape[1]))
    res = rfista(least_squares_part(y, C), X, beta, Z0, initial_step(X, C), SAFETY * tol * gradient_scale(X, y, C), max_iter)
    value = objective(res.Z, X, y, C, beta)
    stop = res.stop if np.isfinite(value) else StopReason.NON_FINITE  # an infinite scale passes any test
    return SolverResult(res.Z, value, 0.0, 0.0, res.iterations, stop)
