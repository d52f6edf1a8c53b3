r"""The ReLU program over *every* activation pattern, solved by column generation and certified.

With all patterns :math:`D_1, \dots, D_p` of the data, the program of :mod:`hiddenconvex.convex`
(penalty :math:`\beta = 2\lambda`) has the global minimum of the network loss as its value. There
are many patterns (:math:`n(n-1) + 2` for 2-D data plus a bias: 9,902 at n = 100), but an optimum
needs few: it has a solution with at most :math:`n + 1` non-zero groups (Pilanci & Ergen, 2020).
:func:`solve_exact` therefore solves the program on a small *working set* :math:`\mathcal W` of
patterns and lets the dual pick the patterns to add.

**The dual check.** For a fit :math:`f` with residual :math:`r = y - f`, put :math:`\nu_0 = 2r`.
For every :math:`\nu` with
:math:`M(\nu) = \max_{\|u\| = 1} |\nu^\top \mathrm{relu}(Xu)| \le \beta`, weak duality gives

.. math:: \text{optimum} \;\ge\; D(\nu) = \nu^\top y - \tfrac14\|\nu\|^2 ,

and :math:`\nu = s\nu_0` with :math:`|s| \le \beta / M(\nu_0)` is such a point
(:func:`hiddenconvex.duality.scaled_bound` picks the best :math:`s`). :math:`M` is a maximum over all
patterns and signs of a cone projection, computed exactly (:func:`hiddenconvex.duality.sphere_dual_norm`
for data with at most three columns, :func:`hiddenconvex.duality.dual_norm` over all patterns
otherwise). When :math:`f` is the optimal fit of the program restricted to :math:`\mathcal W`,
:math:`\nu_0` is dual feasible for the restricted program; it is feasible for the full program, and
the bound meets the value, exactly when no pattern outside :math:`\mathcal W` violates
:math:`|\nu_0^\top \mathrm{relu}(Xu)| \le \beta`.

**The loop.** Solve the restricted program with the interior-point method of
:mod:`hiddenconvex._solvers.interior_point`; turn its groups into a network (each group :math:`z`
placed in the pattern :math:`\mathbb 1[Xz > 0]` it really has, groups of the same pattern and sign
summed, groups below ``ZERO_TOL`` of the largest dropped), whose loss is an *upper* bound on the
optimum; take the dual bound of the restricted solve's own fit as a *lower* bound (its residual is
dual feasible for the restricted program; the network's residual, after the groups are moved and
dropped, is a much worse dual point). Stop with
``status="optimal"`` when (value − best lower bound) ≤ ``tol`` · value. Otherwise add the patterns
that the dual check says are violated, most violated first (at most ``BATCH`` (n + 1) a round): the
cells whose maximizer :math:`\pm g_D/\|g_D\|` lies inside them, and, for three columns, the cells
next to the most violated vertices of the arrangement (the lines through two data points, where
most optimal neurons of 2-D data sit), plus the pattern of the maximizer of :math:`M`.

**Why the working set stays small.** After each restricted solve the working set shrinks to the
patterns the solution's groups really have (at most one per non-zero group), and the next round adds
at most ``BATCH`` :math:`(n + 1)` violated patterns to it. A pattern enters only when the dual check at the
current residual says it is violated; as the fit approaches the optimal one the violated patterns are
those of the optimum's :math:`\le n + 1` neurons and their neighbours. Most optimal neurons of 2-D
data sit on a vertex, in the closed cones of four patterns: the restricted program then has several
solutions, and its interior-point solution spreads over them, which limits how accurate its residual
(the dual point) can be — the reason a certified gap may stall a little above a tight ``tol``
(``status="not certified"``). The lower bound is rigorous at every round, so an answer labelled
optimal is certified whatever the working set.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hiddenconvex import _checks
from hiddenconvex._solvers import interior_point
from hiddenconvex._solvers.result import StopReason
from hiddenconvex.convex import ZERO_TOL, ConvexSolution, _power_of_two_scale, convex_penalty
from hiddenconvex.duality import dual_norm, scaled_bound, sphere_dual_norm
from hiddenconvex.patterns import nonzero_patterns

#: Status of an answer whose certified relative gap is above ``tol``.
NOT_CERTIFIED = "not certified"
#: Default budget of outer rounds (restricted solves).
MAX_ROUNDS = 40
#: Largest ``tol`` accepted.
TOL_MAX = 0.1
#: Relative size (to the data point and the neuron) below which :math:`x_j^\top u` counts as zero.
TIGHT = 1e-12
#: The restricted solves run at ``INNER * tol`` (the interior-point method stops earlier, with what it
#: reached, when rounding leaves it no room).
INNER = 1e-2
#: Patterns added a round, at most, in multiples of n + 1 (the most non-zero groups an optimum needs).
BATCH = 2


@dataclass(frozen=True)
class ExactSolution(ConvexSolution):
    """A :class:`hiddenconvex.ConvexSolution` over every activation pattern, with its certificate.

    Attributes (besides those of :class:`ConvexSolution`)
    ----------------------------------------------------
    lower_bound : float
        The best dual lower bound on the optimum found (rigorous: over every pattern).
    rounds : int
        Restricted solves used.
    working_set : int
        Number of patterns in the last restricted program.
    """

    lower_bound: float
    rounds: int
    working_set: int

    @property
    def gap(self) -> float:
        """``value - lower_bound``: how far ``value`` can be above the global optimum, at most."""
        return self.value - self.lower_bound

    @property
    def relative_gap(self) -> float:
        """``gap / value`` (0 when the value is 0)."""
        return self.gap / self.value if self.value > 0 else 0.0


def solve_exact(X: object, y: object, lam: float, tol: float = 1e-6, max_rounds: int = MAX_ROUNDS) -> ExactSolution:
    r"""The global optimum of ``hc.loss(., X, y, lam)``: the ReLU program over every activation pattern.

    Column generation over the patterns of :func:`hiddenconvex.activation_patterns` (the module
    docstring gives the maths), certified by the dual bound.

    Parameters
    ----------
    X, y : arrays (n, d) and (n,)
        Data (bias column included, if any); Cover's count of patterns must stay below
        ``hiddenconvex.patterns.MAX_PATTERNS``.
    lam : float > 0
        Weight decay λ; the program's penalty is 2λ.
    tol : float in (0, 0.1]
        Certified relative accuracy: ``status == "optimal"`` exactly when
        ``value - lower_bound <= tol * value``.
    max_rounds : int >= 1
        Budget of restricted solves.

    Returns
    -------
    ExactSolution
        Over all non-zero patterns (most groups zero); ``value`` is the loss of ``to_network()``
        (an upper bound on the optimum), ``lower_bound`` a certified lower bound, ``status``
        ``"optimal"`` or ``"not certified"`` (budget spent, or no violated pattern left to add
        while the gap stays above ``tol`` because the restricted solves are not accurate enough).
    """
    X, y = _checks.as_data(X, y)
    lam = _checks.positive(lam, "lam")
    tol = _checks.positive(tol, "tol")
    if tol > TOL_MAX:
        raise ValueError(f"tol must be in (0, {TOL_MAX}], got {tol}")
    max_rounds = _checks.integer(max_rounds, "max_rounds", 1)
    patterns = nonzero_patterns(X)
    zero = ExactSolution(*_zero_groups(patterns, X.shape[1]), patterns, float(y @ y), lam, "optimal", "exact",
                         float(y @ y), 0, 0)
    if len(patterns) == 0:  # every row of X is zero: only the zero network
        return zero
    x_scale, y_scale = _power_of_two_scale(X), _power_of_two_scale(y)
    problem = _Problem(X / x_scale, y / y_scale, convex_penalty(lam) / (x_scale * y_scale), patterns)
    U, V, value, lower, rounds, size = problem.solve(tol, max_rounds)
    ratio = y_scale / x_scale  # back to the original data: groups by y_scale / x_scale, values by y_scale^2
    value, lower = value * y_scale**2, min(lower * y_scale**2, value * y_scale**2)
    if value >= zero.value:  # the zero network is as good: return it, with the same certificate
        U, V, value = *_zero_groups(patterns, X.shape[1]), zero.value
    status = "optimal" if value - lower <= tol * value else NOT_CERTIFIED
    return ExactSolution(U * ratio, V * ratio, patterns, value, lam, status, "exact", lower, rounds, size)


def _zero_groups(patterns: np.ndarray, d: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros((len(patterns), d)), np.zeros((len(patterns), d))


class _Problem:
    """One program (data already rescaled): the working set, the pricing and the certificate."""

    def __init__(self, X: np.ndarray, y: np.ndarray, beta: float, patterns: np.ndarray) -> None:
        self.X, self.y, self.beta, self.patterns = X, y, beta, patterns
        self.index = {row.tobytes(): i for i, row in enumerate(patterns)}
        self.vertex_patterns = _vertex_patterns(X, self.index) if X.shape[1] == 3 else None

    def solve(self, tol: float, max_rounds: int) -> tuple[np.ndarray, np.ndarray, float, float, int, int]:
        """``(U, V, value, lower bound, rounds, working-set size)`` of the loop of the module docstring."""
        X, y, beta = self.X, self.y, self.beta
        d = X.shape[1]
        best_U, best_V = _zero_groups(self.patterns, d)
        best_value, lower = float(y @ y), 0.0
        nu = 2.0 * y
        M, u = self.dual_norm(nu)
        lower = max(lower, scaled_bound(y, nu, M, beta / 2.0))
        batch = BATCH * (X.shape[0] + 1)
        working: list[int] = []
        rounds = size = 0
        while best_value - lower > tol * best_value and rounds < max_rounds:
            added = self.violated(nu, u, set(working), batch)
            if not added:
                break
            working += added
            U, V, dual_fit = self.restricted(np.array(working), tol)
            rounds += 1
            value = self.value(U, V)
            if value < best_value:
                best_U, best_V, best_value = U, V, value
            nu = 2.0 * (y - dual_fit)
            M, u = self.dual_norm(nu)
            lower = max(lower, scaled_bound(y, nu, M, beta / 2.0))
            size = len(working)
            working = [int(i) for i in np.flatnonzero(U.any(axis=1) | V.any(axis=1))]  # the solution's own patterns
        return best_U, best_V, best_value, lower, rounds, size

    def dual_norm(self, nu: np.ndarray) -> tuple[float, np.ndarray]:
        """:math:`M(\\nu)` over every pattern and its maximizer."""
        M, u, _ = sphere_dual_norm(self.X, nu, self.patterns) if self.X.shape[1] <= 3 else dual_norm(self.X, nu, self.patterns)
        return M, u

    def violated(self, nu: np.ndarray, u: np.ndarray, working: set[int], batch: int) -> list[int]:
        """Up to ``batch`` patterns outside ``working`` that violate the dual check at ``nu``, most violated
        first, and the pattern of the maximizer ``u``."""
        X, beta, masks = self.X, self.beta, self.patterns
        half = masks.astype(float) @ (nu[:, None] * X)  # rows X^T D_i nu
        fit = half @ X.T
        inside = np.all(np.where(masks, fit >= 0, fit <= 0), axis=1) | np.all(np.where(masks, fit <= 0, fit >= 0), axis=1)
        values = [np.where(inside, np.linalg.norm(half, axis=1), 0.0)]
        rows = [np.arange(len(masks))]
        if self.vertex_patterns is not None:
            vertex_rows, vertex_on, directions = self.vertex_patterns
            values.append(np.abs((vertex_on * (directions @ X.T)) @ nu))
            rows.append(vertex_rows)
        values, rows = np.concatenate(values), np.concatenate(rows)
        chosen: list[int] = []
        star = self.index.get((X @ u > TIGHT * np.linalg.norm(X, axis=1)).tobytes())
        if star is not None and star not in working:
            chosen.append(star)
        for k in np.argsort(-values):
            if values[k] <= beta or len(chosen) >= batch:
                break
            i = int(rows[k])
            if i >= 0 and i not in working and i not in chosen:
                chosen.append(i)
        return chosen

    def restricted(self, working: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The interior-point solution on the patterns ``working``: its groups, each moved to the pattern it
        really has (``U``, ``V`` over all patterns), and its own fit, whose residual is its dual point."""
        X, d = self.X, self.X.shape[1]
        M = self.patterns[working].T.astype(float)
        res = interior_point.interior_point(X, self.y, M, self.beta, INNER * tol)
        U, V = _zero_groups(self.patterns, d)
        if res.stop is StopReason.NON_FINITE:
            return U, V, np.zeros_like(self.y)
        fit = np.einsum("jd,jd->j", X, M @ (res.Z[: len(working)] - res.Z[len(working) :]))
        groups = np.concatenate([res.Z[: len(working)], res.Z[len(working) :]])
        norms = np.linalg.norm(groups, axis=1)
        big = np.flatnonzero(norms > ZERO_TOL * norms.max(initial=0.0))
        scale = np.linalg.norm(X, axis=1)
        for k in big:
            z = groups[k]
            own = self.index.get((X @ z > TIGHT * scale * norms[k]).tobytes())
            if own is not None:  # a group outside every cone would be a wrong neuron: left out (a worse, valid bound)
                (U if k < len(working) else V)[own] += z
        return U, V, fit

    def value(self, U: np.ndarray, V: np.ndarray) -> float:
        """The program's objective at ``(U, V)`` with the groups below ``ZERO_TOL`` of the largest set to
        zero (in place): the loss of the network they map to."""
        norms_u, norms_v = np.linalg.norm(U, axis=1), np.linalg.norm(V, axis=1)
        cutoff = ZERO_TOL * max(norms_u.max(initial=0.0), norms_v.max(initial=0.0))
        U[norms_u <= cutoff], V[norms_v <= cutoff] = 0.0, 0.0
        fit = np.sum(self.patterns.T * (self.X @ (U - V).T), axis=1)
        residual = self.y - fit
        return float(residual @ residual + self.beta * (np.linalg.norm(U, axis=1).sum() + np.linalg.norm(V, axis=1).sum()))


def _vertex_patterns(X: np.ndarray, index: dict[bytes, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""For data with three columns: the unit vectors :math:`\pm x_j \times x_k / \|x_j \times x_k\|` (the
    vertices of the arrangement on the sphere, lines through two data points), the strict patterns of
    the data on them, and the row of that pattern in ``index`` (-1 if absent): ``(rows, on, directions)``."""
    lengths = np.linalg.norm(X, axis=1)
    j, k = np.triu_indices(len(X), 1)
    cross = np.cross(X[j], X[k])
    size = np.linalg.norm(cross, axis=1)
    ok = size > TIGHT * lengths[j] * lengths[k]
    directions = cross[ok] / size[ok, None]
    directions = np.concatenate([directions, -directions])
    on = directions @ X.T > TIGHT * lengths
    rows = np.array([index.get(row.tobytes(), -1) for row in on])
    return rows, on, directions
