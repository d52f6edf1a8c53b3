r"""cvxpy building blocks shared by the convex programs of :mod:`hiddenconvex.extensions`.

For patterns :math:`D_1, \dots, D_p` (rows of a boolean array ``(p, n)``) the
cone-constrained groups :math:`u_i, v_i` with :math:`(2D_i - I)Xu_i \ge 0`,
:math:`(2D_i - I)Xv_i \ge 0` produce the fit :math:`\sum_i D_i X (u_i - v_i)` and
the group-lasso sum :math:`\sum_i \|u_i\|_2 + \|v_i\|_2`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from hiddenconvex import _checks
from hiddenconvex._cvx import check_solver_name, solve_with_fallback
from hiddenconvex.patterns import activation_patterns

if TYPE_CHECKING:
    import cvxpy as cp


def checked_patterns(X: np.ndarray, patterns: object | None) -> np.ndarray:
    """Validated patterns of ``X`` (default: all of them), without the all-zero row."""
    if patterns is None:
        patterns = activation_patterns(X)
    patterns = _checks.as_patterns(patterns, X.shape[0])
    patterns = patterns[patterns.any(axis=1)]
    if len(patterns) == 0:
        raise ValueError("patterns must contain at least one non-zero pattern")
    return patterns


def solve(problem: cp.Problem, solver: str | None) -> str:
    """Solve ``problem`` with ``solver`` (default: cvxpy's default, then SCS); return the solver's name.

    Raises :class:`hiddenconvex.ConvexSolverError` when no attempt reaches an optimal status.
    """
    check_solver_name(solver)
    return solve_with_fallback(problem, solver)
