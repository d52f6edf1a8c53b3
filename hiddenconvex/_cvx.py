"""Running a cvxpy problem, shared by :mod:`hiddenconvex.convex` and :mod:`hiddenconvex.extensions`.

cvxpy is imported only when a cvxpy program is built (:func:`cvxpy`), so that ``import hiddenconvex``,
``solve_convex(..., solver="fast")`` and ``solve_gated`` work where cvxpy is not installed (a browser kernel).
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import cvxpy as cp


class ConvexSolverError(RuntimeError):
    """The convex solver failed or returned a status other than optimal."""


def cvxpy() -> ModuleType:
    """The cvxpy module, imported on first use; a clear ImportError when it cannot be imported."""
    try:
        import cvxpy as cp
    except ImportError as exc:
        raise ImportError(
            f"this program is built in cvxpy, which cannot be imported here ({exc}); install cvxpy, "
            'or use hc.solve_convex(..., solver="fast") and hc.solve_gated, which need only numpy and scipy'
        ) from exc
    return cp


def check_solver_name(solver: object, extra: tuple[str, ...] = ()) -> None:
    """Refuse a ``solver`` that is neither None, one of ``extra``, nor an installed cvxpy solver."""
    if isinstance(solver, str) and solver.upper() in map(str.upper, extra):
        return  # no cvxpy needed
    allowed = [*extra, *cvxpy().installed_solvers()]
    if solver is not None and (not isinstance(solver, str) or solver.upper() not in map(str.upper, allowed)):
        raise ValueError(f"solver must be one of {allowed}, got {solver!r}")


def solve_with_fallback(problem: cp.Problem, solver: str | None, options: dict[str, dict] | None = None) -> str:
    """Solve ``problem`` with ``solver``, or with cvxpy's default solver and then SCS if that fails.

    ``options`` maps upper-case solver names to their keyword options; when given, the default is
    Clarabel by name (so that its options apply). Returns the name of the solver that reached an
    optimal (or optimal-inaccurate) status; raises :class:`ConvexSolverError` listing every attempt otherwise.
    """
    cp = cvxpy()
    options = options or {}
    errors = []
    for name in [solver] if solver is not None else [cp.CLARABEL if options else None, cp.SCS]:
        try:
            problem.solve(solver=name, **options.get(str(name).upper(), {}))
        except cp.error.SolverError as exc:
            errors.append(f"{name or 'default'}: {exc}")
            continue
        if problem.status in (cp.OPTIMAL, cp.OPTIMAL_INACCURATE):
            return problem.solver_stats.solver_name if problem.solver_stats else str(name)
        errors.append(f"{name or 'default'}: status {problem.status}")
    raise ConvexSolverError("the convex program was not solved: " + "; ".join(errors))


def cone_groups(X: np.ndarray, patterns: np.ndarray) -> tuple[cp.Variable, cp.Variable, cp.Expression, cp.Expression, list]:
    r"""Variables ``U, V`` (p, d), the fit (n,), the group-norm sum and the cone constraints.

    For patterns ``(p, n)`` holding the diagonals of :math:`D_i`: the fit is
    :math:`\sum_i D_i X (u_i - v_i)`, the sum is :math:`\sum_i \|u_i\|_2 + \|v_i\|_2`, and the
    constraints are :math:`(2D_i - I) X u_i \ge 0`, :math:`(2D_i - I) X v_i \ge 0`.
    """
    cp = cvxpy()
    p, d = len(patterns), X.shape[1]
    U, V = cp.Variable((p, d)), cp.Variable((p, d))
    mask = patterns.T.astype(float)
    sign = 2.0 * mask - 1.0
    fit = cp.sum(cp.multiply(mask, X @ (U - V).T), axis=1)
    norms = cp.sum(cp.norm(U, 2, axis=1)) + cp.sum(cp.norm(V, 2, axis=1))
    constraints = [cp.multiply(sign, X @ U.T) >= 0, cp.multiply(sign, X @ V.T) >= 0]
    return U, V, fit, norms, constraints
