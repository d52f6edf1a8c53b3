r"""An exact active-set method for the non-negative lasso over a dictionary of neurons.

The problem, for a dictionary ``A`` (n, m) of columns :math:`a_k` and a weight :math:`\mu > 0`, is

.. math:: \min_{c \ge 0}\; \tfrac12 \|A c - y\|^2 + \mu \sum_k c_k .

With the residual :math:`r = y - Ac`, a point is optimal exactly when (KKT)
:math:`a_k^\top r \le \mu` for every :math:`k`, with equality where :math:`c_k > 0`.

Method (Lawson & Hanson's active set for non-negative least squares, with the linear term)
--------------------------------------------------------------------------------------------
Keep a *passive set* :math:`P` (the columns allowed to be positive) and a point :math:`c \ge 0`
supported on it. Repeatedly add the column with the largest violation :math:`a_k^\top r - \mu`, then
solve the problem restricted to :math:`P` without the sign constraints,

.. math:: A_P^\top A_P\, z = A_P^\top y - \mu \mathbb 1 ,

through the QR factorization :math:`A_P = QR` (:math:`R^\top R z = R^\top Q^\top y - \mu\mathbb 1`,
never forming :math:`A_P^\top A_P`). If :math:`z > 0`, it is the new point; otherwise move from
:math:`c` towards :math:`z` until a coordinate reaches zero, drop it from :math:`P`, and solve again.
When the passive columns are dependent (a neuron listed twice, or more columns than data points),
the restricted problem has no unique minimizer (none at all when :math:`\mathbb 1^\top n \ne 0` for
a null vector :math:`n` of :math:`A_P`); the method then moves along a null vector with
:math:`\mathbb 1^\top n \le 0` (same fit, no larger penalty) until a weight reaches zero, and drops
that column. No step raises the objective and each entering column lowers it, so the method stops
at an exact solution (up to rounding) — the residual, which is unique however many solutions
:math:`c` there are, to working precision, what an interior-point method, which stops at a small
duality gap, cannot give — or after ``MAX_SOLVES`` restricted solves; a caller's dual bound stays
valid either way. A given starting point is first made optimal on its own support. A column that
leaves at once after entering (only rounding does that: a violating column enters with a positive
weight) is set aside for the rest of the call, so the method cannot cycle.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import solve_triangular

#: The KKT condition counts as met when every violation :math:`a_k^\top r - \mu` is at most this times :math:`\mu`.
TOL = 1e-9
#: Passive columns whose QR has a diagonal entry below this times the largest count as dependent.
RANK_TOL = 1e-13
#: Columns priced between two full pricings (partial pricing; the last check is always full).
SHORTLIST = 2_000
#: Budget of restricted solves per call.
MAX_SOLVES = 20_000


def nonnegative_lasso(
    A: np.ndarray, y: np.ndarray, mu: float, start: np.ndarray | None = None, tol: float = TOL
) -> tuple[np.ndarray, int]:
    """The solution ``c`` (m,) of the problem above, from the point ``start`` (default 0), and the
    number of restricted solves used. Takes validated, finite arrays; ``start`` must be >= 0."""
    c = np.zeros(A.shape[1]) if start is None else start.astype(float).copy()
    passive = c > 0
    set_aside = np.zeros(A.shape[1], dtype=bool)
    solves, entering, shortlist = 0, None, np.zeros(0, dtype=int)
    settle = bool(passive.any())  # a given start is first made optimal on its own support
    while solves < MAX_SOLVES and A.shape[1] > 0:
        if not settle:
            entering = _most_violated(A, y - A[:, passive] @ c[passive], mu, tol, passive | set_aside, shortlist)
            if entering is None:
                break
            passive[entering] = True
        settle = False
        while solves < MAX_SOLVES and passive.any():
            solves += 1
            columns = np.flatnonzero(passive)
            direction, z = _restricted_move(A[:, columns], y, mu, c[columns])
            if direction is None and np.all(z > 0):
                c[:] = 0.0
                c[columns] = z
                break
            cap = np.inf if direction is not None else 1.0
            if direction is None:
                direction = z - c[columns]
            step, leaving = _step_to_boundary(c[columns], direction, cap)
            c[columns] += step * direction
            c[columns[leaving]] = 0.0
            passive[columns[leaving]] = False
            if entering is not None and not passive[entering] and step == 0.0:  # left at once: only rounding does that
                set_aside[entering] = True
                break
    return c, solves


def _most_violated(A: np.ndarray, residual: np.ndarray, mu: float, tol: float, excluded: np.ndarray,
                   shortlist: np.ndarray) -> int | None:
    """The column with the largest violation :math:`a_k^\\top r - \\mu` above ``tol`` · mu, or None.

    Partial pricing, as in the simplex method: the columns of ``shortlist`` (an array updated in place,
    the ``SHORTLIST`` most violated columns of the last full pricing) are priced first; all columns are
    priced only when none of those violates, so the answer None is always a full check."""
    if len(shortlist):
        violation = A[:, shortlist].T @ residual - mu
        violation[excluded[shortlist]] = -np.inf
        best = int(np.argmax(violation))
        if violation[best] > tol * mu:
            return int(shortlist[best])
    violation = A.T @ residual - mu
    violation[excluded] = -np.inf
    best = int(np.argmax(violation))
    if violation[best] <= tol * mu:
        return None
    order = np.argpartition(-violation, SHORTLIST)[:SHORTLIST] if len(violation) > SHORTLIST else np.arange(len(violation))
    shortlist.resize(len(order), refcheck=False)
    shortlist[:] = order
    return best


def _restricted_move(A_P: np.ndarray, y: np.ndarray, mu: float, c_P: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
    r"""For independent columns: ``(None, z)``, the minimizer :math:`z` of
    :math:`\tfrac12\|A_P z - y\|^2 + \mu \mathbb 1^\top z` without sign constraints (QR:
    :math:`R^\top R z = R^\top Q^\top y - \mu\mathbb 1`). For dependent columns, where that minimum
    does not exist: ``(n, c_P)`` with :math:`A_P n = 0` and :math:`\mathbb 1^\top n \le 0`, a direction
    that keeps the fit and does not raise the penalty (followed until a weight reaches zero)."""
    rows, size = A_P.shape
    if size <= rows:
        Q, R = np.linalg.qr(A_P)
        diagonal = np.abs(np.diag(R))
        if diagonal.min() > RANK_TOL * diagonal.max():
            v = solve_triangular(R, np.ones(size), trans="T")
            return None, solve_triangular(R, Q.T @ y - mu * v)
    null = np.linalg.svd(A_P)[2][-1]
    return (-null if null.sum() > 0 else null), c_P


def _step_to_boundary(c: np.ndarray, direction: np.ndarray, cap: float) -> tuple[float, np.ndarray]:
    """The largest step ``t`` in [0, cap] keeping ``c + t direction >= 0``, and which coordinates it zeroes."""
    falling = direction < 0
    ratios = np.full(len(c), np.inf)
    ratios[falling] = c[falling] / -direction[falling]
    step = min(float(ratios.min()), cap)
    return step, ratios <= step * (1 + 1e-12)
