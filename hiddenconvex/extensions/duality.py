r"""Duality for the two-layer network: the dual program and its certificate (the :math:`L = 2` case of Wang, Ergen & Pilanci, 2023).

For the book's loss with weight decay λ and :math:`\beta = 2\lambda`, the convex program
:math:`P` of :func:`hiddenconvex.solve_convex` has the Lagrange dual

.. math:: D = \max_{\nu \in \mathbb{R}^n}\ -\tfrac14\|\nu\|_2^2 - \nu^\top y
          \quad\text{s.t.}\quad \max_{\|u\|_2 \le 1} \big|\nu^\top \max(0, Xu)\big| \le \beta .

(Write :math:`\|f - y\|^2 = \max_\nu \nu^\top (f - y) - \|\nu\|^2/4`, maximized at
:math:`\nu = 2(f - y)`, and minimize over each group.) The constraint is over all
unit neurons :math:`u`, i.e. semi-infinite; on the cone
:math:`K_i = \{u : (2D_i - I)Xu \ge 0\}` of pattern :math:`D_i` the ReLU is linear,
:math:`\max(0, Xu) = D_i X u`, and by conic duality

.. math:: \max_{u \in K_i, \|u\| \le 1} c^\top u = \min_{z \ge 0} \big\|c + X^\top(2D_i - I) z\big\|_2 ,

so the dual is a finite second-order-cone program with two such constraints
(:math:`c = \pm X^\top D_i \nu`) per pattern. The same semi-infinite program is
the dual of the *non-convex* training problem (Pilanci & Ergen, 2020), so
:math:`P = D` says that the non-convex problem has **zero duality gap**. Wang,
Ergen & Pilanci show that the gap is positive for standard deep linear networks
with vector outputs (three layers or more) and zero again for deep *parallel*
networks (a sum of sub-networks) with a modified regularization. At the optimum :math:`\nu^\star = 2(f^\star - y)`
and the constraint is tight, :math:`|\nu^{\star\top}\max(0, Xu)| = \beta`, in the
directions :math:`u` of the optimal network's neurons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hiddenconvex import _checks
from hiddenconvex._cvx import cvxpy
from hiddenconvex.convex import convex_penalty
from hiddenconvex.extensions._cones import checked_patterns, solve


@dataclass(frozen=True)
class DualSolution:
    """Optimal dual value and dual variable ``nu`` (n,), with the penalty ``beta`` = 2λ."""

    value: float
    nu: np.ndarray
    beta: float


def solve_dual(X: object, y: object, lam: float, patterns: object | None = None, solver: str | None = None) -> DualSolution:
    """Solve the dual SOCP above (all patterns of ``X`` by default)."""
    X, y = _checks.as_data(X, y)
    beta = convex_penalty(lam)
    patterns = checked_patterns(X, patterns).astype(float)
    n = X.shape[0]
    cp = cvxpy()
    nu = cp.Variable(n)
    constraints = []
    for mask in patterns:
        for sign in (1.0, -1.0):
            z = cp.Variable(n, nonneg=True)
            c = sign * (X.T @ cp.multiply(mask, nu))
            constraints.append(cp.norm(c + X.T @ cp.multiply(2.0 * mask - 1.0, z), 2) <= beta)
    problem = cp.Problem(cp.Maximize(-cp.sum_squares(nu) / 4 - y @ nu), constraints)
    solve(problem, solver)
    return DualSolution(float(problem.value), np.asarray(nu.value), beta)


def dual_constraint(X: object, nu: object, directions: object) -> np.ndarray:
    """The constraint function :math:`|\\nu^\\top \\max(0, Xu)|` at the unit-normalized rows ``u`` of ``directions`` (k, d)."""
    X = _checks.as_matrix(X, "X")
    nu = _checks.as_vector(nu, "nu", length=X.shape[0])
    directions = _checks.as_matrix(directions, "directions")
    if directions.shape[1] != X.shape[1]:
        raise ValueError(f"directions must have {X.shape[1]} columns, got {directions.shape[1]}")
    norms = np.linalg.norm(directions, axis=1)
    if np.any(norms == 0):
        raise ValueError("directions must not contain a zero row")
    return np.abs(np.maximum(X @ (directions / norms[:, None]).T, 0.0).T @ nu)


def circle(k: int) -> tuple[np.ndarray, np.ndarray]:
    """``k`` angles θ in [0, 2π) and the unit vectors (cos θ, sin θ) (k, 2): all neurons of 1-D data with a bias."""
    k = _checks.integer(k, "k", 1)
    theta = np.linspace(0.0, 2 * np.pi, k, endpoint=False)
    return theta, np.column_stack([np.cos(theta), np.sin(theta)])
