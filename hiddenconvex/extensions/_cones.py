r"""cvxpy building blocks shared by the convex programs of :mod:`hiddenconvex.extensions`.

For patterns :math:`D_1, \dots, D_p` (rows of a boolean array ``(p, n)``) the
cone-constrained groups :math:`u_i, v_i` with :math:`(2D_i - I)Xu_i \ge 0`,
:math:`(2D_i - I)Xv_i \ge 0` produce the fit :math:`\sum_i D_i X (u_i - v_i)` and
the group-lasso sum :math:`\sum_i \|u_i\|_2 + \|v_i\|_2`.
"""

from __future__ import annotations

import cvxpy as cp
import numpy as np

from hiddenconvex import _checks
from hiddenconvex.convex import ConvexSolverError
from hiddenconvex.patterns import activation_patterns


def checked_patterns(X: np.ndarray, patterns: object | None) -> np.ndarray:
    """Validated patterns of ``X`` (default: all of them), without the all-zero row."""
    if patterns is None:
        patterns = activation_patterns(X)
    patterns = _checks.as_patterns(patterns, X.shape[0])
    patterns = patterns[patterns.any(axis=1)]
    if len(patterns) == 0:
        raise ValueError("patterns must contain at least one non-zero pattern")
    return patterns


def cone_groups(X: np.ndarray, patterns: np.ndarray) -> tuple[cp.Variable, cp.Variable, cp.Expression, cp.Expression, list]:
    """Variables ``U, V`` (p, d), the fit (n,), the group-norm sum and the cone constraints."""
    p, d = len(patterns), X.shape[1]
    U, V = cp.Variable((p, d)), cp.Variable((p, d))
    mask = patterns.T.astype(float)
    sign = 2.0 * mask - 1.0
    fit = cp.sum(cp.multiply(mask, X @ (U - V).T), axis=1)
    norms = cp.sum(cp.norm(U, 2, axis=1)) + cp.sum(cp.norm(V, 2, axis=1))
    constraints = [cp.multiply(sign, X @ U.T) >= 0, cp.multiply(sign, X @ V.T) >= 0]
    return U, V, fit, norms, constraints


def solve(problem: cp.Problem, solver: str | None) -> str:
    """Solve ``problem`` with ``solver`` (default: cvxpy's default, then SCS); return the solver's name.

    Raises :class:`hiddenconvex.ConvexSolverError` when no attempt reaches an optimal status.
    """
    if solver is not None and (not isinstance(solver, str) or solver.upper() not in cp.installed_solvers()):
        raise ValueError(f"solver must be one of {cp.installed_solvers()}, got {solver!r}")
    errors = []
    for name in [solver] if solver is not None else [None, cp.SCS]:
        try:
            problem.solve(solver=name)
        except cp.error.SolverError as exc:
            errors.append(f"{name or 'default'}: {exc}")
            continue
        if problem.status in (cp.OPTIMAL, cp.OPTIMAL_INACCURATE):
            return problem.solver_stats.solver_name if problem.solver_stats else str(name)
        errors.append(f"{name or 'default'}: status {problem.status}")
    raise ConvexSolverError("the convex program was not solved: " + "; ".join(errors))
