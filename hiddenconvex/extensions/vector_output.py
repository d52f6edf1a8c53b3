r"""Vector outputs: a network with :math:`c` outputs and a convex lower bound (Sahiner et al., 2021).

The network maps :math:`x \in \mathbb{R}^d` to :math:`f(x) = \sum_{i=1}^m \max(0, w_i^\top x)\, a_i^\top \in \mathbb{R}^{1 \times c}`
(output weights :math:`a_i \in \mathbb{R}^c`, rows of ``A`` of shape ``(m, c)``). For targets
``Y`` of shape ``(n, c)`` the loss keeps the book's convention,

.. math:: \mathcal{L}(W, A) = \|\max(0, XW^\top) A - Y\|_F^2 + \lambda \sum_i \big(\|w_i\|_2^2 + \|a_i\|_2^2\big).

Rescaling :math:`(w_i, a_i) \to (t w_i, a_i / t)` leaves the fit unchanged and
minimizes the penalty at :math:`2\lambda \|w_i\|\|a_i\|`. Grouping the neurons by
pattern, :math:`Z_i = \sum_{k: D(w_k) = D_i} w_k a_k^\top \in \mathbb{R}^{d \times c}` gives
the fit :math:`\sum_i D_i X Z_i`, and :math:`\|Z_i\|_* \le \sum_k \|w_k\|\|a_k\|`
(nuclear norm: the sum of singular values). Hence, with :math:`\beta = 2\lambda`,

.. math:: R = \min_{Z_1, \dots, Z_p} \Big\|\sum_{i=1}^p D_i X Z_i - Y\Big\|_F^2 + 2\lambda \sum_{i=1}^p \|Z_i\|_*
          \;\le\; \min_{W, A} \mathcal{L}(W, A),

a convex **relaxation** (a lower bound), not an equivalence: the exact program
of Sahiner et al. replaces :math:`\|Z_i\|_*` by a norm whose rank-one atoms
:math:`w a^\top` keep :math:`w` in the cone :math:`K_i = \{w : (2D_i - I)Xw \ge 0\}` (a copositive
program), and :math:`R` drops that cone.

**A tighter relaxation that keeps the cone.** For the neurons :math:`(w_k, a_k)` of pattern
:math:`D_i` put :math:`M_i = \sum_k \binom{w_k}{a_k}\binom{w_k}{a_k}^\top = \begin{pmatrix} A_i & Z_i \\ Z_i^\top & C_i\end{pmatrix}`.
Then :math:`M_i \succeq 0`, the fit is :math:`\sum_i D_i X Z_i`, the weight decay is
:math:`\lambda \sum_i \operatorname{tr} M_i`, and, with :math:`S_i = (2D_i - I)X`,
:math:`S_i A_i S_i^\top = \sum_k (S_i w_k)(S_i w_k)^\top` is entrywise non-negative because
:math:`S_i w_k \ge 0`. Dropping "is such a sum" and keeping these three properties gives

.. math:: R_K = \min_{M_i \succeq 0,\ S_i A_i S_i^\top \ge 0}
          \Big\|\sum_i D_i X Z_i - Y\Big\|_F^2 + \lambda \sum_i \operatorname{tr} M_i
          \;\le\; \min_{W, A} \mathcal{L}(W, A),

a semidefinite program (a "doubly non-negative" relaxation of the copositive
program). Since :math:`\min\{\operatorname{tr}A + \operatorname{tr}C : M \succeq 0\} = 2\|Z\|_*`,
:math:`R \le R_K`. An upper bound comes from networks whose neurons each feed one
output only, i.e. :math:`c` separate scalar networks: :math:`\min \mathcal{L} \le \sum_{k=1}^c P_k`,
with :math:`P_k` the value of :func:`hiddenconvex.solve_convex` on output column :math:`k`
(same λ). So :math:`R \le R_K \le \min \mathcal{L} \le \min(\sum_k P_k, \text{any GD loss})`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hiddenconvex import _checks
from hiddenconvex._cvx import cvxpy
from hiddenconvex import convex as core
from hiddenconvex.convex import convex_penalty
from hiddenconvex.extensions._cones import checked_patterns, solve
from hiddenconvex.extensions._descent import ValueAndGradient, gaussian_init, paired_matrices, relu_layer
from hiddenconvex.training import Trajectory, recorded_descent


def check_targets(X: object, Y: object) -> tuple[np.ndarray, np.ndarray]:
    """Validated data ``X`` (n, d) and matrix targets ``Y`` (n, c)."""
    return paired_matrices(X, Y, ("X", "Y"), axis=0)


@dataclass(frozen=True)
class VectorNetwork:
    """Two-layer ReLU network with vector outputs: ``W`` (m, d), ``A`` (m, c)."""

    W: np.ndarray
    A: np.ndarray

    def __post_init__(self) -> None:
        W = _checks.as_matrix(self.W, "W")
        A = _checks.as_matrix(self.A, "A")
        if A.shape[0] != W.shape[0]:
            raise ValueError(f"A must have one row per neuron: W has {W.shape[0]} rows, A has {A.shape[0]}")
        object.__setattr__(self, "W", W)
        object.__setattr__(self, "A", A)

    def predict(self, X: object) -> np.ndarray:
        """Outputs ``(n, c)``: :math:`\\max(0, XW^\\top) A`."""
        X = _checks.as_matrix(X, "X")
        if X.shape[1] != self.W.shape[1]:
            raise ValueError(f"X has {X.shape[1]} columns but the neurons have dimension {self.W.shape[1]}")
        return np.maximum(X @ self.W.T, 0.0) @ self.A

    __call__ = predict


def loss(net: VectorNetwork, X: object, Y: object, lam: float) -> float:
    """:math:`\\|f(X) - Y\\|_F^2 + \\lambda \\sum_i (\\|w_i\\|^2 + \\|a_i\\|^2)`."""
    X, Y = check_targets(X, Y)
    lam = _checks.nonnegative(lam, "lam")
    residual = net(X) - Y
    return float(np.sum(residual**2) + lam * (np.sum(net.W**2) + np.sum(net.A**2)))


def train_gd(
    X: object, Y: object, m: int, lam: float, stepsize: float, scale: float, n_steps: int, seed: int = 0,
    record_every: int = 1,
) -> Trajectory:
    """Full-batch gradient descent on :func:`loss`: a :class:`hiddenconvex.Trajectory` of :class:`VectorNetwork`.

    Every ``record_every``-th state and the last one are recorded, as in :func:`hiddenconvex.train_gd`.
    """
    X, Y = check_targets(X, Y)
    m = _checks.integer(m, "m", 1)
    lam = _checks.nonnegative(lam, "lam")
    init = gaussian_init([(m, X.shape[1]), (m, Y.shape[1])], scale, seed)
    return recorded_descent(init, vector_objective(X, Y, lam), lam, stepsize, n_steps, record_every, model=VectorNetwork)


def vector_objective(X: object, Y: object, lam: float) -> ValueAndGradient:
    """The function ``(W, A) -> (loss, (grad_W, grad_A))`` of :func:`loss` on ``(X, Y)``."""
    X, Y = check_targets(X, Y)
    lam = _checks.nonnegative(lam, "lam")

    def value_and_gradient(params):
        W, A = params
        pre, hidden = relu_layer(X, W)
        residual = hidden @ A - Y  # (n, c)
        value = np.sum(residual**2) + lam * (np.sum(W * W) + np.sum(A * A))
        grad_A = 2.0 * hidden.T @ residual + 2.0 * lam * A
        grad_W = 2.0 * ((pre > 0) * (residual @ A.T)).T @ X + 2.0 * lam * W
        return float(value), (grad_W, grad_A)

    return value_and_gradient


def nuclear_relaxation(X: object, Y: object, lam: float, patterns: object | None = None, solver: str | None = None) -> float:
    """The lower bound :math:`R` above (penalty 2λ on the nuclear norms); ``patterns`` default to all of ``X``'s."""
    X, Y = check_targets(X, Y)
    beta = convex_penalty(lam)
    patterns = checked_patterns(X, patterns)
    cp = cvxpy()
    Z = [cp.Variable((X.shape[1], Y.shape[1])) for _ in patterns]
    fit = sum(pattern[:, None] * X @ Zi for pattern, Zi in zip(patterns.astype(float), Z))
    objective = cp.sum_squares(fit - Y) + beta * sum(cp.normNuc(Zi) for Zi in Z)
    problem = cp.Problem(cp.Minimize(objective))
    solve(problem, solver)
    return float(problem.value)


def cone_relaxation(X: object, Y: object, lam: float, patterns: object | None = None, solver: str | None = None) -> float:
    """The lower bound :math:`R_K` above (semidefinite, keeps the cones); ``patterns`` default to all of ``X``'s."""
    X, Y = check_targets(X, Y)
    lam = _checks.nonnegative(lam, "lam")
    patterns = checked_patterns(X, patterns).astype(float)
    d = X.shape[1]
    cp = cvxpy()
    fit, trace, constraints = 0, 0, []
    for pattern in patterns:
        M = cp.Variable((d + Y.shape[1], d + Y.shape[1]), PSD=True)
        S = (2.0 * pattern - 1.0)[:, None] * X
        constraints.append(S @ M[:d, :d] @ S.T >= 0)
        fit = fit + pattern[:, None] * X @ M[:d, d:]
        trace = trace + cp.trace(M)
    problem = cp.Problem(cp.Minimize(cp.sum_squares(fit - Y) + lam * trace), constraints)
    solve(problem, solver)
    return float(problem.value)


def separate_outputs_bound(X: object, Y: object, lam: float) -> float:
    """The upper bound :math:`\\sum_k P_k`: one scalar convex program (all patterns) per output column."""
    X, Y = check_targets(X, Y)
    return float(sum(core.solve_convex(X, Y[:, k], lam).value for k in range(Y.shape[1])))
