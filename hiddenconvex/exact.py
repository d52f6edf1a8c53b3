r"""The ReLU program over *every* activation pattern, solved exactly by an exchange method and certified.

With all patterns :math:`D_1, \dots, D_p` of the data, the program of :mod:`hiddenconvex.convex`
(penalty :math:`\beta = 2\lambda`) has the global minimum of the network loss as its value. There
are many patterns (:math:`n(n-1) + 2` for 2-D data in general position plus a bias: 9,902 at n = 100), but an optimum
needs few groups: it has a solution with at most :math:`n + 1` non-zero ones (Pilanci & Ergen, 2020).

**Neurons instead of patterns.** A group :math:`z` of pattern :math:`D` lies in that pattern's cone,
so :math:`D X z = \mathrm{relu}(Xz)`: it is a neuron. Writing each group as :math:`c\,u` with a unit
direction :math:`u` and a weight :math:`c = \|z\| \ge 0`, the program becomes a non-negative lasso
over unit neurons,

.. math:: \min_{c \ge 0}\; \Big\|\sum_k c_k \sigma_k \mathrm{relu}(X u_k) - y\Big\|^2 + \beta \sum_k c_k ,

with signs :math:`\sigma_k = \pm 1` (the groups :math:`u_i` and :math:`v_i`). Over a *finite*
dictionary of neurons this is a quadratic program that
:func:`hiddenconvex._solvers.active_set.nonnegative_lasso` solves exactly; the residual
:math:`r = y - f`, hence the dual point :math:`\nu = 2r`, comes out to working precision.

**The dual check.** For every :math:`\nu` with
:math:`M(\nu) = \max_{\|u\| = 1} |\nu^\top \mathrm{relu}(Xu)| \le \beta`, weak duality gives

.. math:: \text{optimum} \;\ge\; D(\nu) = \nu^\top y - \tfrac14\|\nu\|^2 ,

and :math:`\nu = s\nu_0` with :math:`|s| \le \beta / M(\nu_0)` is such a point
(:func:`hiddenconvex.duality.scaled_bound` picks the best :math:`s`). :math:`M` is computed exactly
(:func:`hiddenconvex.duality.sphere_dual_norm` for data with at most three columns,
:func:`hiddenconvex.duality.dual_norm` over all patterns otherwise). At the exact solution over a
dictionary, every neuron of the dictionary satisfies :math:`\sigma\nu^\top\mathrm{relu}(Xu) \le \beta`;
the bound meets the value exactly when no other neuron violates it.

**The exchange.** Start from the *vertices* of the arrangement (data with at most three columns): the
unit directions on which two data points are both zero, :math:`\pm x_j \times x_k/\|x_j \times x_k\|`
(lines through two data points; for two columns, the directions perpendicular to one point). Many
optimal neurons of 2-D data sit there (``benchmarks/bench_exact.py`` counts them on the spirals:
more than half at n = 100 and 200; the others pass through one data point or none), and the vertices are fixed directions, so they enter
the dictionary exactly. Then repeat: solve the lasso over the dictionary; compute the lower
bound; stop with ``status="optimal"`` when (value − lower bound) ≤ ``tol`` · value; otherwise add the
maximizers of the most violated patterns (for at most three columns the exact maxima inside arcs and cells, :func:`hiddenconvex.duality.face_maxima`;
otherwise :func:`hiddenconvex.duality.cone_maximizers`, the point of each cone where
:math:`\sigma\nu^\top\mathrm{relu}(Xu)` is largest, on an edge, a vertex or inside),
at most ``BATCH`` · (n + 1) of them a round (plus the slid neurons below), and drop the added neurons
that carry no weight; for more than three columns the dictionary starts empty. Added neurons
sit where the *current* residual puts them, not where the optimal one does; so each round also
slides the solution's neurons within their faces towards the optimal directions for the current
dictionary's support (:func:`hiddenconvex._solvers.face_newton.slide`, Newton's method) and adds
those directions too. The lasso over the dictionary stays exact whatever is added, so a poor
proposal costs a round, never accuracy.

The answer is returned over all patterns: each neuron :math:`c\,u` goes to the group of the pattern
:math:`\mathbb 1[Xu > 0]` it has, neurons of one pattern and sign summed (which can only lower the
penalty). ``value`` is the loss of that network, an upper bound on the optimum; ``lower_bound`` is
rigorous at every round, so an answer labelled optimal is certified whatever the dictionary.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hiddenconvex import _checks
from hiddenconvex._solvers.active_set import nonnegative_lasso
from hiddenconvex._solvers.face_newton import slide
from hiddenconvex.convex import ZERO_TOL, ConvexSolution, _active_groups, _power_of_two_scale, convex_penalty
from hiddenconvex.duality import cone_maximizers, dual_norm, face_maxima, scaled_bound, sphere_dual_norm
from hiddenconvex.patterns import nonzero_patterns

#: Status of an answer whose certified relative gap is above ``tol``.
NOT_CERTIFIED = "not certified"
#: Default budget of outer rounds (lasso solves over the dictionary).
MAX_ROUNDS = 40
#: Largest ``tol`` accepted.
TOL_MAX = 0.1
#: Relative size (to the data point and the neuron) below which :math:`x_j^\top u` counts as zero.
TIGHT = 1e-12
#: Neurons added a round, at most, in multiples of n + 1 (the most non-zero groups an optimum needs).
BATCH = 2
#: Largest dictionary of vertices, in stored numbers (2n(n-1) neurons of n values for three columns:
#: n <= 368; the spirals with n = 300 take about 90 s and 1.5 GB on a 2-core machine).
MAX_DICTIONARY = 10**8
#: A neuron is added only if it violates the dual constraint by more than this, relative to
#: :math:`\beta` (the lasso solves meet their own constraints to ``active_set.TOL``).
SLACK = 1e-8


@dataclass(frozen=True)
class ExactSolution(ConvexSolution):
    """A :class:`hiddenconvex.ConvexSolution` over every activation pattern, with its certificate.

    Attributes (besides those of :class:`ConvexSolution`)
    ----------------------------------------------------
    lower_bound : float
        The best dual lower bound on the optimum found (rigorous: over every pattern).
    rounds : int
        Lasso solves over the dictionary used.
    working_set : int
        Number of neurons in the last dictionary (the vertices and the neurons added since).
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

    An exchange method over unit neurons, each lasso over the dictionary solved exactly, certified by
    the dual bound over every pattern of :func:`hiddenconvex.activation_patterns` (the module docstring
    gives the maths).

    Parameters
    ----------
    X, y : arrays (n, d) and (n,)
        Data (bias column included, if any); Cover's count of patterns must stay below
        ``hiddenconvex.patterns.MAX_PATTERNS``, and for at most three columns the starting dictionary
        below ``MAX_DICTIONARY`` numbers (n <= 368 for three columns).
    lam : float > 0
        Weight decay λ; the program's penalty is 2λ.
    tol : float in (0, 0.1]
        Certified relative accuracy: ``status == "optimal"`` exactly when
        ``value - lower_bound <= tol * value``.
    max_rounds : int >= 1
        Budget of lasso solves over the dictionary.

    Returns
    -------
    ExactSolution
        Over all non-zero patterns (most groups zero); ``value`` is the loss of ``to_network()``
        (an upper bound on the optimum), ``lower_bound`` a certified lower bound, ``status``
        ``"optimal"`` or ``"not certified"`` (budget spent, or no violating neuron left to add while
        the gap stays above ``tol``, which rounding can cause when ``tol`` is near 1e-9).
    """
    X, y = _checks.as_data(X, y)
    lam = _checks.positive(lam, "lam")
    tol = _checks.positive(tol, "tol")
    if tol > TOL_MAX:
        raise ValueError(f"tol must be in (0, {TOL_MAX}], got {tol}")
    max_rounds = _checks.integer(max_rounds, "max_rounds", 1)
    n, d = X.shape
    vertices = {1: 4, 2: 4 * n, 3: 2 * n * (n - 1)}.get(d, 0)  # neurons of the starting dictionary, at most
    if vertices * n > MAX_DICTIONARY:
        raise ValueError(f"X has n = {n} rows: solve_exact starts from every vertex of the arrangement, {vertices:,} "
                         f"neurons of {n} values, more than MAX_DICTIONARY = {MAX_DICTIONARY:.0e} numbers; "
                         "use fewer points (n <= 368 for three columns)")
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
    """One program (data already rescaled): the dictionary of neurons, the pricing and the certificate."""

    def __init__(self, X: np.ndarray, y: np.ndarray, beta: float, patterns: np.ndarray) -> None:
        self.X, self.y, self.beta, self.patterns = X, y, beta, patterns
        self.index = {row.tobytes(): i for i, row in enumerate(patterns)}

    def solve(self, tol: float, max_rounds: int) -> tuple[np.ndarray, np.ndarray, float, float, int, int]:
        """``(U, V, value, lower bound, rounds, dictionary size)`` of the exchange of the module docstring."""
        X, y, beta = self.X, self.y, self.beta
        directions = _vertices(X) if X.shape[1] <= 3 else np.zeros((0, X.shape[1]))
        directions = np.concatenate([directions, directions])
        signs = np.repeat([1.0, -1.0], len(directions) // 2)
        fixed = len(directions)  # the vertices stay; neurons added later leave when they carry no weight
        columns = signs * np.maximum(X @ directions.T, 0.0)
        weights = np.zeros(len(directions))
        lower, rounds = self.lower_bound(y), 0
        U, V = _zero_groups(self.patterns, X.shape[1])
        value = float(y @ y)
        while value - lower > tol * value and rounds < max_rounds:
            weights, _ = nonnegative_lasso(columns, y, beta / 2.0, weights)
            rounds += 1
            U, V = self.groups(directions, signs, weights)
            value = self.value(U, V)
            nu = 2.0 * (y - columns @ weights)
            lower = max(lower, self.lower_bound(nu))
            if value - lower <= tol * value:
                break
            new, new_signs, _ = self.violating(nu)
            slid, slid_signs = slide(X, y, beta, directions, signs, weights)
            new, new_signs = np.concatenate([new, slid]), np.concatenate([new_signs, slid_signs])
            if len(new) == 0:
                break
            keep = (np.arange(len(weights)) < fixed) | (weights > 0)
            directions = np.concatenate([directions[keep], new])
            signs = np.concatenate([signs[keep], new_signs])
            columns = np.concatenate([columns[:, keep], new_signs * np.maximum(X @ new.T, 0.0)], axis=1)
            weights = np.concatenate([weights[keep], np.zeros(len(new))])
        return U, V, value, lower, rounds, len(directions)

    def violating(self, nu: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Up to ``BATCH`` · (n + 1) neurons outside the vertices that violate the dual constraint at ``nu`` by
        more than ``SLACK``, most violated first: the exact maxima inside arcs and cells for data with at
        most three columns, the maximizers of every violated cone otherwise."""
        X, above, limit = self.X, self.beta * (1 + SLACK), BATCH * (self.X.shape[0] + 1)
        if X.shape[1] == 1:
            return np.zeros((0, 1)), np.zeros(0), np.zeros(0)
        find = face_maxima if X.shape[1] <= 3 else cone_maximizers
        return find(X, nu, self.patterns, above, limit)

    def lower_bound(self, nu: np.ndarray) -> float:
        r"""The dual bound :math:`D(s\nu)` of the module docstring, with :math:`M(\nu)` over every pattern."""
        X = self.X
        M = (sphere_dual_norm(X, nu, self.patterns) if X.shape[1] <= 3 else dual_norm(X, nu, self.patterns))[0]
        return scaled_bound(self.y, nu, M, self.beta / 2.0)

    def groups(self, directions: np.ndarray, signs: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The neurons with positive weight as groups ``U`` (sign +1) and ``V`` (sign -1) over all patterns:
        each in the pattern it has, neurons of one pattern and sign summed."""
        U, V = _zero_groups(self.patterns, self.X.shape[1])
        scale = np.linalg.norm(self.X, axis=1)
        for k in np.flatnonzero(weights > 0):
            own = self.index.get((self.X @ directions[k] > TIGHT * scale).tobytes())
            if own is not None:  # a neuron that no point activates adds nothing to the fit: left out
                (U if signs[k] > 0 else V)[own] += weights[k] * directions[k]
        return U, V
    def value(self, U: np.ndarray, V: np.ndarray) -> float:
        """The program's objective at ``(U, V)`` with the groups below ``ZERO_TOL`` of the largest set to
        zero (in place): the loss of the network they map to."""
        on_u, on_v = _active_groups(U, V, ZERO_TOL)  # the groups that to_network keeps
        U[~on_u], V[~on_v] = 0.0, 0.0
        fit = np.sum(self.patterns.T * (self.X @ (U - V).T), axis=1)
        residual = self.y - fit
        return float(residual @ residual + self.beta * (np.linalg.norm(U, axis=1).sum() + np.linalg.norm(V, axis=1).sum()))


def _vertices(X: np.ndarray) -> np.ndarray:
    r"""The vertices of the arrangement of the planes :math:`x_j^\perp` on the unit sphere, for data with at
    most three columns, each once with each orientation: for three columns the unit vectors
    :math:`\pm x_j \times x_k / \|x_j \times x_k\|` (two data points on the plane of the neuron), for two
    the unit vectors perpendicular to a data point, for one the two directions :math:`\pm 1`."""
    lengths = np.linalg.norm(X, axis=1)
    d = X.shape[1]
    if d == 1:
        return np.array([[1.0], [-1.0]])
    if d == 2:
        normal = np.stack([-X[:, 1], X[:, 0]], axis=1)[lengths > 0] / lengths[lengths > 0, None]
    else:
        j, k = np.triu_indices(len(X), 1)
        normal = np.cross(X[j], X[k])
        size = np.linalg.norm(normal, axis=1)
        ok = size > TIGHT * lengths[j] * lengths[k]
        normal = normal[ok] / size[ok, None]
    return np.concatenate([normal, -normal])
