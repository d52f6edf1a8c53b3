"""What the convex programs of :mod:`hiddenconvex.extensions` share: their patterns and how they are solved.

:func:`checked_patterns` gives the patterns a program is built on (the non-zero ones, at least
one); :func:`solve` runs the finished cvxpy problem. The cone-constrained groups
:math:`u_i, v_i` themselves are built by :func:`hiddenconvex._cvx.cone_groups`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from hiddenconvex._cvx import check_solver_name, solve_with_fallback
from hiddenconvex.patterns import nonzero_patterns

if TYPE_CHECKING:
    import cvxpy as cp


def checked_patterns(X: np.ndarray, patterns: object | None) -> np.ndarray:
    """Validated patterns of ``X`` (default: all of them), without the all-zero row."""
    patterns = nonzero_patterns(X, patterns)
    if len(patterns) == 0:
        raise ValueError("patterns must contain at least one non-zero pattern")
    return patterns


def solve(problem: cp.Problem, solver: str | None) -> str:
    """Solve ``problem`` with ``solver`` (default: cvxpy's default, then SCS); return the solver's name.

    Raises :class:`hiddenconvex.ConvexSolverError` when no attempt reaches an optimal status.
    """
    check_solver_name(solver)
    return solve_with_fallback(problem, solver)
