r"""Convex programs on chosen patterns: one fixed pattern for one neuron, or the patterns a network uses.

The convex program of :func:`hiddenconvex.solve_convex` may be built on any set of patterns. Two
choices matter in the chapters:

* :func:`single_neuron_fits` — the walkthrough for one neuron without second layer: one
  least-squares problem :math:`\min_u \|DXu - y\|^2` per diagonal matrix :math:`D`, with or without
  the cone constraint :math:`(2D - I)Xu \ge 0`;
* :func:`restricted_value` — the program on :func:`used_patterns`, the patterns of the neurons
  that contribute to a network's output;
* :func:`signed_program` — the loss with every neuron's output sign and pattern fixed (the
  mixed-integer view with its integer choices made), a convex program.

**The rule for "the patterns a network uses".** A neuron :math:`(w_i, \alpha_i)` is used when its
weight :math:`|\alpha_i|\,\|w_i\|` (:meth:`hiddenconvex.ReLUNetwork.neuron_weights`) exceeds ``tol``;
its pattern is the strict :math:`\mathbb{1}[Xw_i > 0]` (:func:`hiddenconvex.pattern_of`); the
all-zero pattern is dropped (it contributes nothing), and the distinct patterns that remain are the
network's. The restricted program has both groups :math:`u_i, v_i` (both output signs) on each of
them. The network is feasible for it (neuron :math:`i` gives :math:`u_i = |\alpha_i| w_i` in its own
pattern's cone, and :math:`\lambda(\|w_i\|^2 + \alpha_i^2) \ge 2\lambda\|u_i\|`), so the restricted
optimum is at most the network's loss.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hiddenconvex import _checks
from hiddenconvex._cvx import cvxpy, solve_with_fallback
from hiddenconvex.convex import solve_convex
from hiddenconvex.network import ReLUNetwork
from hiddenconvex.patterns import pattern_of

#: Slack allowed in the cone constraint when :func:`single_neuron_fits` reports feasibility (solver accuracy).
FEASIBILITY_TOL = 1e-6

#: Default weight :math:`|\alpha_i|\,\|w_i\|` at or below which :func:`used_patterns` ignores a neuron.
WEIGHT_TOL = 1e-8


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
    ``n`` must be at most 10. Raises :class:`hiddenconvex.ConvexSolverError` when a problem is
    not solved to optimality.
    """
    X, y = _checks.as_data(X, y)
    constrained = _checks.flag(constrained, "constrained")
    n, d = X.shape
    if n > 10:
        raise ValueError(f"X must have at most 10 rows (2^n patterns are enumerated), got n = {n}")
    cp = cvxpy()
    fits = []
    for bits in np.ndindex(*(2,) * n):
        D = np.array(bits, dtype=bool)
        u = cp.Variable(d)
        cons = [cp.multiply(2.0 * D - 1.0, X @ u) >= 0] if constrained else []
        problem = cp.Problem(cp.Minimize(cp.sum_squares(cp.multiply(D.astype(float), X @ u) - y)), cons)
        solve_with_fallback(problem, None)
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


def used_patterns(net: ReLUNetwork, X: object, tol: float = WEIGHT_TOL) -> np.ndarray:
    """The distinct non-zero patterns :math:`\\mathbb{1}[Xw_i > 0]` of the neurons of ``net`` whose weight exceeds ``tol``.

    The rule is stated in the module docstring: a neuron counts when
    :math:`|\\alpha_i|\\,\\|w_i\\| >` ``tol`` (dead neurons, e.g. driven to zero by weight decay,
    are left out) and the all-zero pattern is dropped. Returns a boolean array ``(k, n)``,
    rows sorted, possibly with ``k = 0``.
    """
    _checks.instance(net, ReLUNetwork, "net")
    X = net._check_input(X)
    tol = _checks.nonnegative(tol, "tol")
    patterns = pattern_of(net.W, X)
    used = patterns.any(axis=1) & (net.neuron_weights() > tol)
    return np.unique(patterns[used], axis=0)


def restricted_value(net: ReLUNetwork, X: object, y: object, lam: float) -> float:
    """Optimal value of the convex program built only on the :func:`used_patterns` of ``net`` on ``X``.

    Both groups :math:`u_i, v_i` are kept on each pattern. The value is at most
    ``hc.loss(net, X, y, lam)`` (map the network's neurons into the program); the two agree when
    ``net`` is a local minimum of its own patterns and has enough neurons to realize the
    restricted solution. With no used pattern the only fit is zero and the value is
    :math:`\\|y\\|^2`.
    """
    X, y = _checks.as_data(X, y)
    patterns = used_patterns(net, X)
    if len(patterns) == 0:
        return float(y @ y)
    return solve_convex(X, y, lam, patterns=patterns).value


@dataclass(frozen=True)
class SignedSolution:
    r"""Solution of the sign-constrained program of :func:`signed_program`.

    Attributes
    ----------
    U : array (k, d)
        The optimal groups :math:`u_k`, one per chosen (pattern, sign) pair.
    signs : array (k,)
        The output signs :math:`s_k = \pm 1`.
    patterns : bool array (k, n)
        The patterns :math:`D_k`.
    value : float
        The optimal value, which is the loss of :meth:`to_network`.
    lam : float
        The weight decay λ (the penalty is 2λ).
    """

    U: np.ndarray
    signs: np.ndarray
    patterns: np.ndarray
    value: float
    lam: float

    def to_network(self, tol: float = 1e-9) -> ReLUNetwork:
        r"""The network of the groups larger than ``tol``: neuron :math:`(u_k/\sqrt{\|u_k\|},\ s_k\sqrt{\|u_k\|})`."""
        keep = np.linalg.norm(self.U, axis=1) > tol
        return ReLUNetwork.from_groups(self.U[keep], self.signs[keep])


def signed_program(X: object, y: object, lam: float, patterns: object, signs: object) -> SignedSolution:
    r"""The two-layer loss with every neuron's output sign and activation pattern fixed: a convex program.

    Rescaling a neuron so that :math:`\|w_k\| = |\alpha_k|` changes neither its output nor raises its
    weight decay, and then :math:`\alpha_k w_k = s_k u_k` with :math:`s_k = \operatorname{sgn}\alpha_k`
    and :math:`\lambda(\|w_k\|^2 + \alpha_k^2) = 2\lambda\|u_k\|`. The minimum of
    :func:`hiddenconvex.loss` over ``m`` neurons is therefore the minimum over signs
    :math:`s \in \{-1, +1\}^m` and groups :math:`u_k` of
    :math:`\|\sum_k s_k \max(0, Xu_k) - y\|^2 + 2\lambda\sum_k\|u_k\|`, a mixed-integer problem
    (Mishkin, Sahiner & Pilanci, 2022). Fixing the signs leaves the ReLU non-convex; fixing the
    patterns :math:`D_k` too, through the cone constraints, gives the convex program solved here:

    .. math:: \min_{u_k} \Big\|\sum_k s_k D_k X u_k - y\Big\|_2^2 + 2\lambda\sum_k \|u_k\|_2
              \quad\text{s.t.}\quad (2D_k - I) X u_k \ge 0 .

    On the cone, :math:`\max(0, Xu_k) = D_k X u_k`, so the value is the loss of the mapped network
    (:meth:`SignedSolution.to_network`). With both signs on every pattern it is the program of
    :func:`hiddenconvex.solve_convex`.

    Parameters
    ----------
    X, y : arrays (n, d) and (n,)
    lam : float >= 0
    patterns : bool array (k, n)
        One pattern per group (repeats allowed).
    signs : array (k,) of ±1
        One output sign per group.
    """
    X, y = _checks.as_data(X, y)
    beta = 2.0 * _checks.nonnegative(lam, "lam")
    patterns = _checks.as_patterns(patterns, len(y))
    signs = _checks.as_vector(signs, "signs", length=len(patterns))
    if not np.all(np.abs(signs) == 1.0):
        raise ValueError(f"signs must contain only +1 and -1, got {signs}")
    cp = cvxpy()
    mask = patterns.T.astype(float)  # (n, k)
    U = cp.Variable((len(patterns), X.shape[1]))
    fit = cp.sum(cp.multiply(mask * signs, X @ U.T), axis=1)
    problem = cp.Problem(cp.Minimize(cp.sum_squares(fit - y) + beta * cp.sum(cp.norm(U, 2, axis=1))),
                         [cp.multiply(2.0 * mask - 1.0, X @ U.T) >= 0])
    solve_with_fallback(problem, None)
    return SignedSolution(np.asarray(U.value, dtype=float), signs, patterns, float(problem.value), float(lam))
