r"""Convex programs on chosen patterns: one fixed pattern for one neuron, or the patterns a network uses.

The convex program of :func:`hiddenconvex.solve_convex` may be built on any set of patterns. Two
choices matter in the chapters:

* :func:`single_neuron_fits` — the walkthrough for one neuron without second layer: one
  least-squares problem :math:`\min_u \|DXu - y\|^2` per diagonal matrix :math:`D`, with or without
  the cone constraint :math:`(2D - I)Xu \ge 0`;
* :func:`restricted_value` — the program on :func:`used_patterns`, the patterns of the neurons
  that contribute to a network's output.

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
    if not isinstance(net, ReLUNetwork):
        raise ValueError(f"net must be a hc.ReLUNetwork, got {type(net).__name__}")
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
