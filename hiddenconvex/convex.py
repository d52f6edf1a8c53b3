r"""The convex side: the group-lasso program over activation patterns.

For patterns :math:`D_1, \dots, D_p` (rows of a boolean array), the program is

.. math::

    \min_{u_i, v_i \in \mathbb{R}^d} \Big\| \sum_{i=1}^p D_i X (u_i - v_i) - y \Big\|_2^2
    + \beta \sum_{i=1}^p \big(\|u_i\|_2 + \|v_i\|_2\big)
    \quad \text{s.t.} \quad (2D_i - I) X u_i \ge 0,\; (2D_i - I) X v_i \ge 0 .

**The λ convention.** :func:`solve_convex` takes the *weight decay* λ of
:func:`hiddenconvex.loss` and uses :math:`\beta = 2\lambda`. At an optimum of the
non-convex loss every neuron is balanced, :math:`\|w_i\| = |\alpha_i|`, so
:math:`\lambda(\|w_i\|^2 + \alpha_i^2) = 2\lambda\|w_i\||\alpha_i| = 2\lambda\|u_i\|`
with :math:`u_i = w_i|\alpha_i|`. Hence, with all patterns,
``solve_convex(X, y, lam).value`` equals the global minimum of
``hc.loss(., X, y, lam)``, and ``hc.loss(sol.to_network(), X, y, lam)`` equals
``sol.value`` to solver accuracy.

**Solvers.** ``solver=None`` or a cvxpy solver name builds the program in cvxpy (default solver
Clarabel); ``solver="fast"`` runs the structured primal-dual interior-point method of
:mod:`hiddenconvex._solvers.interior_point` in numpy and scipy. Both return
a :class:`ConvexSolution` and raise :class:`ConvexSolverError` when they do not converge.
:func:`solve_gated` solves the unconstrained *gated-ReLU* program of the same paper.

Mapping back: each non-zero :math:`u_i` gives the neuron
:math:`(w, \alpha) = (u_i/\sqrt{\|u_i\|}, +\sqrt{\|u_i\|})` and each non-zero
:math:`v_i` gives :math:`(v_i/\sqrt{\|v_i\|}, -\sqrt{\|v_i\|})`.
"""

from __future__ import annotations

from dataclasses import dataclass

from typing import TYPE_CHECKING

import numpy as np

from hiddenconvex import _checks
from hiddenconvex.duality import dual_bound, dual_norm
from hiddenconvex._solvers import interior_point, rfista
from hiddenconvex._solvers.result import SolverResult, StopReason
from hiddenconvex._cvx import ConvexSolverError, check_solver_name, cone_groups, cvxpy, solve_with_fallback
from hiddenconvex.network import ReLUNetwork
from hiddenconvex.patterns import nonzero_patterns

if TYPE_CHECKING:
    import cvxpy as cp

#: Name of the numpy interior-point solver in ``solve_convex(..., solver=FAST)``.
FAST = "fast"

#: Size, relative to the largest group, below which a group :math:`u_i` or :math:`v_i` counts as zero
#: when mapping back.
ZERO_TOL = 1e-6
#: Largest ``tol`` accepted by :func:`solve_convex` (a looser one would accept almost any point).
TOL_MAX = 0.1
#: Relative accuracy the dual check asks at least of a cvxpy solver's answer. Their own stopping rules
#: decide their accuracy (SCS's default is about 1e-4, and its rough point gives a weaker dual bound than
#: its value suggests); this check catches answers that are wrong, not merely rough.
CVXPY_CHECK = 1e-2
#: Data whose root-mean-square size is off from 1 by more than this factor are rescaled by a power of
#: two (exact in floating point) before solving; solvers' absolute tolerances assume data of size ~1.
RESCALE_BEYOND = 4.0


def convex_penalty(lam: float) -> float:
    """The group-lasso weight β = 2λ equivalent to weight decay λ in :func:`hiddenconvex.loss`."""
    return 2.0 * _checks.nonnegative(lam, "lam")


@dataclass(frozen=True)
class ConvexSolution:
    """Solution of the convex program.

    Attributes
    ----------
    U, V : arrays (p, d)
        Optimal :math:`u_i` and :math:`v_i`, one row per pattern.
    patterns : bool array (p, n)
        The patterns :math:`D_i` the program was built on.
    value : float
        Optimal value reported by the solver.
    lam : float
        The weight decay λ (the program's penalty is 2λ).
    status, solver : str
        The solver's status (``"optimal"`` for the fast solver) and the name of the solver that
        produced the solution (``"fast"`` for the numpy interior-point method).
    """

    U: np.ndarray
    V: np.ndarray
    patterns: np.ndarray
    value: float
    lam: float
    status: str
    solver: str

    def predict_train(self, X: object) -> np.ndarray:
        """The convex model's fit :math:`\\sum_i D_i X (u_i - v_i)` on the training data ``X``."""
        X = _checks.as_matrix(X, "X")
        if X.shape != (self.patterns.shape[1], self.U.shape[1]):
            raise ValueError(f"X must be the training data, of shape {(self.patterns.shape[1], self.U.shape[1])}")
        return np.sum(self.patterns.T * (X @ (self.U - self.V).T), axis=1)

    def active(self, tol: float = ZERO_TOL) -> tuple[np.ndarray, np.ndarray]:
        """Boolean masks ``(p,)`` of the groups :math:`u_i` and :math:`v_i` larger than ``tol`` times the largest."""
        return _active_groups(self.U, self.V, tol)

    def to_network(self, tol: float = ZERO_TOL) -> ReLUNetwork:
        """The ReLU network given by the mapping back (zero groups dropped).

        With no non-zero group (large λ) this is a single neuron with zero
        weights, the zero function.
        """
        on_u, on_v = self.active(tol)
        return ReLUNetwork.from_groups(np.vstack([self.U[on_u], self.V[on_v]]),
                                       np.concatenate([np.ones(on_u.sum()), -np.ones(on_v.sum())]))


def solve_convex(
    X: object,
    y: object,
    lam: float,
    patterns: object | None = None,
    solver: str | None = None,
    tol: float = interior_point.TOL,
    max_iter: int = interior_point.MAX_ITER,
) -> ConvexSolution:
    r"""Solve the convex program equivalent to ``hc.loss(., X, y, lam)``.

    Parameters
    ----------
    X, y : arrays (n, d) and (n,)
        Data (with the bias column already folded in, if any).
    lam : float >= 0
        Weight decay λ of the non-convex loss; the program's penalty is β = 2λ.
    patterns : bool array (p, n), optional
        Activation patterns to build the program on. Default: all of them,
        :func:`hiddenconvex.activation_patterns`. All-zero rows are ignored.
    solver : str, optional
        ``"fast"`` for the structured interior-point method in numpy and scipy, or a cvxpy solver name.
        Default: cvxpy's default solver, then SCS if that fails.
    tol : float in (0, 0.1], max_iter : int >= 1
        Fast solver: tolerance on the constraint violation and the relative dual residual,
        and (times ``SAFETY`` = 0.1) on the relative duality gap; and the budget of interior-point
        iterations. The duality gap bounds the objective's distance to the optimum, so the
        objective is within about ``tol`` times ``1 + optimum`` of it, for data rescaled to size ~1:
        relative accuracy for optima of 1 or more, absolute accuracy for much smaller ones (lower
        ``tol`` there). Clarabel and SCS receive non-default values as their own options
        (Clarabel: ``tol_gap_abs``, ``tol_gap_rel``, ``tol_feas``, ``max_iter``; SCS: ``eps_abs``,
        ``eps_rel``, ``max_iters``); other cvxpy solvers refuse them.

    Every answer is checked before it is called optimal:

    * data far from unit size are rescaled exactly (``X`` and ``y`` by powers of two, the penalty
      with them) and the solution is mapped back;
    * when :math:`2\lambda \ge M(2y)` (:mod:`hiddenconvex.duality`) the zero network is optimal and
      returned at once (``solver="zero test"``), whatever λ;
    * an answer worse than the zero network, whose value is :math:`y^\top y`, is replaced by it;
    * the value minus the dual lower bound of :func:`hiddenconvex.duality.dual_bound` must be
      below ``tol`` (``max(tol, CVXPY_CHECK)`` for cvxpy solvers) times value + mean(y²).

    Raises
    ------
    ConvexSolverError
        If the solver fails or does not reach an optimal status (for the fast solver: does not
        meet ``tol`` within ``max_iter`` iterations, or loses numerical precision first; the
        message gives the reached accuracy), or if the dual check refutes its answer.
    """
    X, y = _checks.as_data(X, y)
    beta = convex_penalty(lam)
    patterns = nonzero_patterns(X, patterns)
    check_solver_name(solver, extra=(FAST,))
    tol = _checks.positive(tol, "tol")
    if tol > TOL_MAX:
        raise ValueError(f"tol must be in (0, {TOL_MAX}], got {tol}")
    max_iter = _checks.integer(max_iter, "max_iter", 1)
    if len(patterns) == 0:  # only the all-zero pattern: the network can only output 0
        zeros = np.zeros((0, X.shape[1]))
        return ConvexSolution(zeros, zeros, patterns, float(y @ y), float(lam), "optimal", "none")
    zero = _zero_solution(X, y, lam, patterns)
    if dual_norm(X, 2.0 * y, patterns, stop_above=beta)[0] <= beta:  # 2λ >= M(2y): the zero network is optimal
        return zero
    fast = solver is not None and solver.lower() == FAST
    x_scale, y_scale = _power_of_two_scale(X), _power_of_two_scale(y)
    Xs, ys, betas = X / x_scale, y / y_scale, beta / (x_scale * y_scale)
    if fast:
        U, V, value, status, used = _solve_fast(Xs, ys, betas, patterns, tol, max_iter)
    else:
        U, V, value, status, used = _solve_cvxpy(Xs, ys, betas, patterns, solver, tol, max_iter)
    # back to the original data: z = (y_scale / x_scale) z_scaled, value = y_scale^2 value_scaled
    ratio = y_scale / x_scale
    found = ConvexSolution(U * ratio, V * ratio, patterns, value * y_scale**2, float(lam), status, used)
    if found.value > zero.value:  # the zero network is feasible: never report worse
        found = zero
    _check_optimal(found, X, y, tol if fast else max(tol, CVXPY_CHECK))
    return found


def _active_groups(U: np.ndarray, V: np.ndarray, tol: float = ZERO_TOL) -> tuple[np.ndarray, np.ndarray]:
    """Boolean masks ``(p,)`` of the rows of ``U`` and ``V`` larger than ``tol`` times the largest row of either."""
    norms_u, norms_v = np.linalg.norm(U, axis=1), np.linalg.norm(V, axis=1)
    cutoff = tol * max(norms_u.max(initial=0.0), norms_v.max(initial=0.0))  # relative only: any data scale
    return norms_u > cutoff, norms_v > cutoff


def _zero_solution(X: np.ndarray, y: np.ndarray, lam: float, patterns: np.ndarray) -> ConvexSolution:
    r"""All groups zero: the zero network, of value :math:`y^\top y`."""
    zeros = np.zeros((len(patterns), X.shape[1]))
    return ConvexSolution(zeros, zeros.copy(), patterns, float(y @ y), float(lam), "optimal", "zero test")


def _power_of_two_scale(A: np.ndarray) -> float:
    """1, or the power of two nearest the root-mean-square size of ``A`` when that is off from 1 by
    more than ``RESCALE_BEYOND`` (dividing by a power of two is exact)."""
    rms = float(np.sqrt(np.mean(A * A)))
    if rms == 0.0 or 1.0 / RESCALE_BEYOND <= rms <= RESCALE_BEYOND:
        return 1.0
    return float(2.0 ** np.round(np.log2(rms)))


def _check_optimal(sol: ConvexSolution, X: np.ndarray, y: np.ndarray, tol: float) -> None:
    """Raise :class:`ConvexSolverError` unless ``sol.value`` minus the dual lower bound of its fit is
    below ``tol`` times ``sol.value`` + mean(y²) (a scale-free test)."""
    bound = dual_bound(X, y, sol.lam, sol.predict_train(X), sol.patterns)[0]
    allowed = tol * (sol.value + float(y @ y) / len(y))
    if not sol.value - bound <= allowed:
        raise ConvexSolverError(
            f"the {sol.solver} solver returned the value {sol.value:.10g}, but the dual check gives the lower "
            f"bound {bound:.10g} on the optimum: a gap of {sol.value - bound:.3g} > {allowed:.3g} (tol = {tol:g}); "
            f"the answer is not optimal: try another solver (solver='fast' or 'CLARABEL'), or rescale the "
            f"columns of X to similar sizes"
        )


def _solve_cvxpy(
    X: np.ndarray, y: np.ndarray, beta: float, patterns: np.ndarray, solver: str | None, tol: float, max_iter: int
) -> tuple[np.ndarray, np.ndarray, float, str, str]:
    """The program built in cvxpy: ``U, V``, the value, the status and the solver used."""
    problem, U, V = _build_problem(X, y, beta, patterns)
    used = solve_with_fallback(problem, solver, _cvxpy_options(solver, tol, max_iter))
    return U.value, V.value, float(problem.value), problem.status, used


def _cvxpy_options(solver: str | None, tol: float, max_iter: int) -> dict[str, dict[str, float]]:
    """Options passing non-default ``tol`` and ``max_iter`` to Clarabel and SCS, keyed by solver name.

    Empty with the defaults (each solver keeps its own); a ValueError for another named solver.
    """
    if tol == interior_point.TOL and max_iter == interior_point.MAX_ITER:
        return {}
    options = {
        "CLARABEL": {"tol_gap_abs": tol, "tol_gap_rel": tol, "tol_feas": tol, "max_iter": max_iter},
        "SCS": {"eps_abs": tol, "eps_rel": tol, "max_iters": max_iter},
    }
    if solver is not None and solver.upper() not in options:
        raise ValueError(
            f"tol and max_iter are passed only to the solvers 'fast', 'CLARABEL' and 'SCS'; "
            f"solver {solver!r} takes its own defaults: leave tol and max_iter at theirs"
        )
    return options


def _solve_fast(
    X: np.ndarray, y: np.ndarray, beta: float, patterns: np.ndarray, tol: float, max_iter: int
) -> tuple[np.ndarray, np.ndarray, float, str, str]:
    """The ReLU program by the interior-point method of :mod:`hiddenconvex._solvers.interior_point`: ``Z`` stacks ``U`` over ``V``."""
    res = interior_point.interior_point(X, y, patterns.T.astype(float), beta, tol, max_iter)
    if not res.converged:
        raise ConvexSolverError(_not_converged(res, max_iter, tol))
    p = len(patterns)
    return res.Z[:p], res.Z[p:], res.value, "optimal", FAST


def _not_converged(res: SolverResult, max_iter: int, tol: float) -> str:
    """The error message for a solver that stopped for ``res.stop``, with the state it reached."""
    state = f"objective {res.value:.8g}, constraint violation {res.violation:.2e}, complementarity gap {res.gap:.2e}"
    if res.stop is StopReason.BUDGET_SPENT:
        return f"the fast solver did not converge in max_iter = {max_iter} iterations ({state}); raise max_iter or tol"
    if res.stop is StopReason.NON_FINITE:
        return (
            f"the fast solver stopped after {res.iterations} iterations because its iterates became NaN or infinite "
            f"({state}); rescale the data (X and y) towards unit size"
        )
    cause = {
        StopReason.CONE_INTERIOR_LOST: "rounding errors moved its iterates out of the cones' interiors",
        StopReason.NEWTON_FAILED: f"rounding errors left its Newton system unsolvable ({res.detail})",
    }[res.stop]
    return (
        f"the fast solver stopped after {res.iterations} iterations because rounding errors left it no room to "
        f"improve: {cause} ({state}); tol = {tol:g} is too tight for this problem in double precision: raise tol"
    )


@dataclass(frozen=True)
class GatedSolution:
    r"""Solution of the gated-ReLU program of :func:`solve_gated`.

    The gated network is :math:`f(x) = \sum_k \mathbb{1}[g_k^\top x > 0]\, x^\top u_k`.

    Attributes
    ----------
    U : array (p, d)
        The weights :math:`u_k`, one per distinct pattern.
    gates : array (p, d)
        One gate :math:`g_k` per distinct pattern (the first one met).
    patterns : bool array (p, n)
        The patterns :math:`\mathbb{1}[X g_k > 0]` on the training data.
    value : float
        Optimal value of the program (= the minimal gated-network loss with weight decay λ).
    lam : float
        The weight decay λ (the program's penalty is 2λ).
    iterations : int
        R-FISTA iterations used.
    """

    U: np.ndarray
    gates: np.ndarray
    patterns: np.ndarray
    value: float
    lam: float
    iterations: int

    def predict(self, X: object) -> np.ndarray:
        """Outputs :math:`f(x_j)` of the gated network on the rows of ``X`` (n, d): array ``(n,)``."""
        X = _checks.as_matrix(X, "X")
        if X.shape[1] != self.U.shape[1]:
            raise ValueError(f"X must have {self.U.shape[1]} columns, got {X.shape[1]}")
        return np.sum((X @ self.gates.T > 0) * (X @ self.U.T), axis=1)


def solve_gated(
    X: object, y: object, lam: float, gates: object, tol: float = rfista.TOL, max_iter: int = rfista.MAX_ITER
) -> GatedSolution:
    r"""Solve the gated-ReLU program (Mishkin, Sahiner & Pilanci, 2022) by R-FISTA.

    .. math:: \min_{u_k} \Big\|\sum_k D_k X u_k - y\Big\|_2^2 + 2\lambda \sum_k \|u_k\|_2,
              \qquad D_k = \mathrm{diag}(\mathbb{1}[X g_k > 0]),

    the ReLU program without its cone constraints. Its value is the minimal loss
    :math:`\sum_j (f(x_j) - y_j)^2 + \lambda\sum_k (\|w_k\|^2 + \alpha_k^2)` of gated networks
    :math:`f(x) = \sum_k \mathbb{1}[g_k^\top x > 0] (w_k^\top x)\alpha_k` with these gates (same λ
    convention as :func:`solve_convex`), and a lower bound on the ReLU program's value for the same
    patterns.

    Parameters
    ----------
    X, y : arrays (n, d) and (n,)
        Data.
    lam : float >= 0
        Weight decay λ.
    gates : array (k, d)
        Gate vectors :math:`g_k`; duplicate and all-zero patterns are dropped.
    tol, max_iter
        Relative subgradient tolerance and iteration budget of R-FISTA.

    Raises
    ------
    ConvexSolverError
        If R-FISTA does not meet ``tol`` within ``max_iter`` iterations.
    """
    X, y = _checks.as_data(X, y)
    beta = convex_penalty(lam)
    gates = _checks.as_matrix(gates, "gates")
    if gates.shape[1] != X.shape[1]:
        raise ValueError(f"gates must have shape (k, d) with d = {X.shape[1]}, got shape {gates.shape}")
    tol = _checks.positive(tol, "tol")
    max_iter = _checks.integer(max_iter, "max_iter", 1)
    patterns, first = np.unique(X @ gates.T > 0, axis=1, return_index=True)
    keep = patterns.any(axis=0)
    patterns, gates = patterns[:, keep].T, gates[first[keep]]
    if len(patterns) == 0:
        return GatedSolution(np.zeros((0, X.shape[1])), gates, patterns, float(y @ y), float(lam), 0)
    res = rfista.group_lasso(X, y, patterns.T.astype(float), beta, tol, max_iter)
    if not res.converged:
        raise ConvexSolverError(_not_converged(res, max_iter, tol))
    return GatedSolution(res.Z, gates, patterns, res.value, float(lam), res.iterations)


def _build_problem(
    X: np.ndarray, y: np.ndarray, beta: float, patterns: np.ndarray
) -> tuple[cp.Problem, cp.Variable, cp.Variable]:
    """The cvxpy problem; ``patterns`` (p, n) holds the diagonals of the :math:`D_i`."""
    U, V, fit, norms, constraints = cone_groups(X, patterns)
    cp = cvxpy()
    objective = cp.sum_squares(fit - y) + beta * norms
    return cp.Problem(cp.Minimize(objective), constraints), U, V
