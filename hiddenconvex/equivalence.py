r"""When the convex program and the network agree: paths over λ, merging, neuron counts, GD comparisons.

The convex program of :mod:`hiddenconvex.convex`, with penalty :math:`\beta = 2\lambda`,

.. math::

    \min_{u_i, v_i} \Big\| \sum_i D_i X (u_i - v_i) - y \Big\|_2^2 + 2\lambda \sum_i (\|u_i\|_2 + \|v_i\|_2)
    \quad \text{s.t.} \quad (2D_i - I) X u_i \ge 0,\ (2D_i - I) X v_i \ge 0,

has the same optimal value as :func:`hiddenconvex.loss` minimized over networks with enough
neurons. This module holds the computations that the chapters use to examine that statement:

* :func:`single_neuron_fits` — the one-neuron, no-second-layer walkthrough: one least-squares
  problem per fixed pattern, with or without the cone constraint;
* :func:`regularization_path` and :func:`zero_threshold` — the convex optimum as λ varies;
* :func:`n_active` and :func:`prune` — how many neurons an optimum needs (at most ``n + 1``);
* :func:`merge_by_pattern` — the triangle-inequality step of the proof, done on a network;
* :func:`gd_runs`, :func:`live_patterns` and :func:`restricted_value` — gradient descent
  against the convex optimum, over all patterns or over the patterns a network actually uses;
* :func:`interior_point_cost` — the complexity estimate of the full program.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import cvxpy as cp
import numpy as np

from hiddenconvex import _checks
from hiddenconvex.convex import ConvexSolution, solve_convex
from hiddenconvex.network import ReLUNetwork
from hiddenconvex.patterns import activation_patterns, pattern_of
from hiddenconvex.training import DivergenceError, train_gd

#: Slack allowed in the cone constraint when :func:`single_neuron_fits` reports feasibility (solver accuracy).
FEASIBILITY_TOL = 1e-6


@dataclass(frozen=True)
class PatternFit:
    r"""The fit of one ReLU neuron (no second layer) whose pattern is fixed to ``D``.

    Attributes
    ----------
    pattern : bool array (n,)
        The diagonal of :math:`D`.
    u : array (d,)
        Minimizer of :math:`\|DXu - y\|^2` (under the cone constraint if ``constrained``).
    value : float
        The convex objective :math:`\|DXu - y\|^2` at ``u``.
    network_loss : float
        The true loss :math:`\|\max(0, Xu) - y\|^2` of the neuron ``u``.
    feasible : bool
        Whether ``u`` satisfies :math:`(2D - I)Xu \ge 0` (to ``FEASIBILITY_TOL``), i.e. really has pattern ``D``.
    """

    pattern: np.ndarray
    u: np.ndarray
    value: float
    network_loss: float
    feasible: bool


def single_neuron_fits(X: object, y: object, constrained: bool = True) -> list[PatternFit]:
    r"""Fit one ReLU neuron without second layer, :math:`\min_w \|\max(0, Xw) - y\|^2`, pattern by pattern.

    For every one of the :math:`2^n` diagonal matrices :math:`D` (realizable or not) it solves the
    convex problem :math:`\min_u \|DXu - y\|^2`, subject to :math:`(2D - I)Xu \ge 0` when
    ``constrained``. With the constraint, ``value == network_loss`` for every pattern and the
    smallest value is the global minimum of the neuron's loss; without it, a minimizer may have
    another pattern than ``D`` and its ``value`` is then not the loss of any neuron.
    Returns one :class:`PatternFit` per pattern, patterns in lexicographic order.
    ``n`` must be at most 10.
    """
    X, y = _checks.as_data(X, y)
    n, d = X.shape
    if n > 10:
        raise ValueError(f"X must have at most 10 rows (2^n patterns are enumerated), got n = {n}")
    fits = []
    for bits in np.ndindex(*(2,) * n):
        D = np.array(bits, dtype=bool)
        u = cp.Variable(d)
        cons = [cp.multiply(2.0 * D - 1.0, X @ u) >= 0] if constrained else []
        cp.Problem(cp.Minimize(cp.sum_squares(cp.multiply(D.astype(float), X @ u) - y)), cons).solve()
        u_opt = np.asarray(u.value, dtype=float)
        pre = X @ u_opt
        fits.append(PatternFit(
            pattern=D,
            u=u_opt,
            value=float(np.sum((D * pre - y) ** 2)),
            network_loss=float(np.sum((np.maximum(pre, 0.0) - y) ** 2)),
            feasible=bool(np.all((2.0 * D - 1.0) * pre >= -FEASIBILITY_TOL)),
        ))
    return fits


@dataclass(frozen=True)
class RegularizationPath:
    """The convex optimum on a grid of weight decays λ.

    Attributes
    ----------
    lams : array (k,)
        The weight decays, increasing.
    values : array (k,)
        Optimal values of the convex program (= global minima of ``hc.loss``).
    data_fit : array (k,)
        The squared error :math:`\\|\\sum_i D_i X (u_i - v_i) - y\\|^2` part of each optimum.
    n_active : int array (k,)
        Number of non-zero groups :math:`u_i, v_i`, i.e. neurons of the mapped network.
    solutions : list of ConvexSolution
        The solutions themselves.
    """

    lams: np.ndarray
    values: np.ndarray
    data_fit: np.ndarray
    n_active: np.ndarray
    solutions: list[ConvexSolution]


def n_active(solution: ConvexSolution) -> int:
    """Number of non-zero groups of a convex solution: the width of ``solution.to_network()``."""
    on_u, on_v = solution.active()
    return int(on_u.sum() + on_v.sum())


def regularization_path(X: object, y: object, lams: Sequence[float], patterns: object | None = None) -> RegularizationPath:
    """Solve the convex program for every λ in ``lams`` (all patterns by default), each solution pruned.

    Every solution goes through :func:`prune`, so it has at most ``n + 1`` non-zero groups.

    ``lams`` must be a non-empty increasing sequence of numbers ``>= 0``.
    """
    X, y = _checks.as_data(X, y)
    lams = _checks.as_vector(lams, "lams")
    if np.any(lams < 0) or np.any(np.diff(lams) <= 0):
        raise ValueError(f"lams must be increasing and >= 0, got {lams}")
    if patterns is None:
        patterns = activation_patterns(X)
    sols = [prune(solve_convex(X, y, float(lam), patterns=patterns), X) for lam in lams]
    fits = np.array([np.sum((s.predict_train(X) - y) ** 2) for s in sols])
    return RegularizationPath(
        lams=lams,
        values=np.array([s.value for s in sols]),
        data_fit=fits,
        n_active=np.array([n_active(s) for s in sols]),
        solutions=sols,
    )


def zero_threshold(X: object, y: object, patterns: object | None = None) -> float:
    r"""A weight decay beyond which the zero network is optimal: :math:`\max_i \|X^\top D_i y\|_2`.

    At :math:`u = v = 0` the gradient of the data-fit term along group :math:`i` is
    :math:`\mp 2 X^\top D_i y`; when its norm is at most :math:`\beta = 2\lambda` for every
    pattern, zero satisfies the optimality condition even without the cone constraints, so
    it is optimal for every :math:`\lambda \ge` this threshold (a sufficient condition).
    """
    X, y = _checks.as_data(X, y)
    if patterns is None:
        patterns = activation_patterns(X)
    patterns = _checks.as_patterns(patterns, X.shape[0])
    return float(np.max(np.linalg.norm((patterns * y) @ X, axis=1)))


def merge_by_pattern(net: ReLUNetwork, X: object) -> ReLUNetwork:
    r"""Merge the neurons of ``net`` that share an activation pattern on ``X`` and the sign of α.

    Each neuron becomes :math:`u_i = |\alpha_i| w_i` with sign :math:`s_i = \mathrm{sgn}\,\alpha_i`;
    on the data it contributes :math:`s_i D_i X u_i`, linear in :math:`u_i` inside its cone. The
    neurons of one (pattern, sign) class are replaced by the single balanced neuron of
    :math:`u = \sum u_i`: the outputs on ``X`` are unchanged (the cone is convex, so
    :math:`u` keeps the pattern), and the penalty does not grow,
    :math:`2\|u\|_2 \le 2\sum_i \|u_i\|_2 \le \sum_i (\|w_i\|^2 + \alpha_i^2)`.
    Dead neurons (all-zero pattern or α = 0) are dropped. Returns the merged network
    (one zero neuron if nothing is left).
    """
    X = net._check_input(X)
    patterns = pattern_of(net.W, X)
    live = (net.alpha != 0) & patterns.any(axis=1)
    if not live.any():
        return ReLUNetwork(np.zeros((1, net.dim)), np.zeros(1))
    U = np.abs(net.alpha[live])[:, None] * net.W[live]
    keys = np.hstack([patterns[live], (net.alpha[live] > 0)[:, None]])
    classes, index = np.unique(keys, axis=0, return_inverse=True)
    merged = np.zeros((len(classes), net.dim))
    np.add.at(merged, index.ravel(), U)
    root = np.sqrt(np.linalg.norm(merged, axis=1))
    sign = np.where(classes[:, -1], 1.0, -1.0)
    return ReLUNetwork(merged / root[:, None], sign * root)


@dataclass(frozen=True)
class GDRuns:
    """Final states of many gradient-descent runs that differ only in their seed.

    Attributes
    ----------
    seeds : int array (k,)
    losses : array (k,)
        Final losses (NaN for a run that diverged).
    networks : list of ReLUNetwork or None
        Final networks (None for a run that diverged).
    """

    seeds: np.ndarray
    losses: np.ndarray
    networks: list[ReLUNetwork | None]


def gd_runs(
    X: object, y: object, m: int, lam: float, step: float, scale: float, steps: int, seeds: Sequence[int]
) -> GDRuns:
    """Run ``hc.train_gd(X, y, m, lam, step, scale, steps, seed)`` for each seed in ``seeds``.

    Only the last state of each run is kept, so many runs cost little memory. A diverging run
    is recorded as a NaN loss and a ``None`` network instead of stopping the others.
    """
    losses, networks = [], []
    for seed in seeds:
        try:
            traj = train_gd(X, y, m, lam, step, scale, steps, seed=int(seed), record_every=max(steps, 1))
        except DivergenceError:
            losses.append(np.nan)
            networks.append(None)
            continue
        losses.append(traj.final_loss)
        networks.append(traj.network())
    return GDRuns(np.array([int(s) for s in seeds]), np.array(losses), networks)


def live_patterns(net: ReLUNetwork, X: object, tol: float = 1e-8) -> np.ndarray:
    """The distinct activation patterns on ``X`` of the neurons of ``net`` that contribute to its output.

    A neuron contributes when its pattern is not all-zero and :math:`|\\alpha_i|\\,\\|w_i\\| > ` ``tol``
    (dead neurons, e.g. after weight decay drove them to zero, are left out). Returns a boolean
    array ``(k, n)``, rows sorted, possibly with ``k = 0``.
    """
    X = net._check_input(X)
    tol = _checks.nonnegative(tol, "tol")
    patterns = pattern_of(net.W, X)
    live = patterns.any(axis=1) & (np.abs(net.alpha) * np.linalg.norm(net.W, axis=1) > tol)
    return np.unique(patterns[live], axis=0)


def restricted_value(net: ReLUNetwork, X: object, y: object, lam: float) -> float:
    """Optimal value of the convex program built only on the :func:`live_patterns` of ``net`` on ``X``.

    It is at most ``hc.loss(net, X, y, lam)`` (merge the network's neurons and map them into
    the program); the two agree when ``net`` is a local minimum of its own patterns and has
    enough neurons to realize the restricted solution.
    """
    X, y = _checks.as_data(X, y)
    patterns = live_patterns(net, X)
    if len(patterns) == 0:
        return float(y @ y)
    return solve_convex(X, y, lam, patterns=patterns).value


def interior_point_cost(n: int, d: int, r: int) -> float:
    r"""The interior-point estimate :math:`d^3 r^3 (n/r)^{3r}` for the program with all patterns.

    ``n`` points in :math:`\mathbb{R}^d` whose span has rank ``r``: the program has
    :math:`2p` groups of size ``d`` with :math:`p \le 2r(e(n-1)/r)^r` (Pilanci & Ergen, 2020).
    """
    n = _checks.integer(n, "n", 1)
    d = _checks.integer(d, "d", 1)
    r = _checks.integer(r, "r", 1)
    if r > min(n, d):
        raise ValueError(f"r must be an integer between 1 and min(n, d) = {min(n, d)}, got {r}")
    return float(d**3 * r**3 * (n / r) ** (3 * r))



def prune(solution: ConvexSolution, X: object) -> ConvexSolution:
    r"""An optimal solution with the same fit and penalty and at most ``n + 1`` non-zero groups.

    Write the optimal fit as a conic combination :math:`\hat y = \sum_k t_k z_k` of the unit
    contributions :math:`z_k = \pm D_k X u_k / \|u_k\|` with weights :math:`t_k = \|u_k\| > 0`;
    the penalty is :math:`2\lambda \sum_k t_k`. While more than ``n + 1`` groups are active the
    vectors :math:`(z_k, 1) \in \mathbb{R}^{n+1}` are linearly dependent: pick :math:`c \ne 0`
    with :math:`\sum_k c_k z_k = 0` and :math:`\sum_k c_k = 0`, and move :math:`t - \theta c`
    until a weight reaches zero. Fit and penalty never change (Carathéodory's argument behind
    :math:`m^* \le n + 1`); each :math:`u_k` is only rescaled, so it stays in its cone.
    """
    X = _checks.as_matrix(X, "X")
    if X.shape != (solution.patterns.shape[1], solution.U.shape[1]):
        raise ValueError(f"X must be the training data of the solution, of shape "
                         f"{(solution.patterns.shape[1], solution.U.shape[1])}, got {X.shape}")
    on_u, on_v = solution.active()
    groups = np.vstack([solution.U[on_u], solution.V[on_v]])
    signs = np.concatenate([np.ones(on_u.sum()), -np.ones(on_v.sum())])
    masks = np.vstack([solution.patterns[on_u], solution.patterns[on_v]])
    t = np.linalg.norm(groups, axis=1)
    directions = groups / t[:, None] if len(t) else groups
    Z = signs[:, None] * masks * (directions @ X.T)  # (k, n): row k is z_k
    A = np.vstack([Z.T, np.ones(len(t))])  # (n + 1, k)
    keep = np.ones(len(t), dtype=bool)
    while keep.sum() > X.shape[0] + 1:
        idx = np.flatnonzero(keep)
        c = np.linalg.svd(A[:, idx])[2][-1]  # a null vector (k > n + 1 columns)
        c = c if c.max() > 0 else -c
        ratio = np.where(c > 0, t[idx] / np.where(c > 0, c, 1.0), np.inf)
        theta = ratio.min()
        t[idx] = t[idx] - theta * c
        keep[idx[np.argmin(ratio)]] = False
        t[~keep] = 0.0
    new = directions * t[:, None]
    U, V = np.zeros_like(solution.U), np.zeros_like(solution.V)
    U[on_u], V[on_v] = new[: on_u.sum()], new[on_u.sum():]
    return replace(solution, U=U, V=V)
