r"""From a gated-ReLU solution to a ReLU network: the cone decomposition.

A gated-ReLU model (:func:`hiddenconvex.solve_gated`) fits :math:`\sum_k D_k X u_k` with
:math:`D_k = \mathrm{diag}(\mathbb{1}[X g_k > 0])` fixed by a gate :math:`g_k` and no constraint on
:math:`u_k`. A ReLU neuron with pattern :math:`D_k` must lie in the cone

.. math:: K_k = \{z \in \mathbb{R}^d : (2D_k - I) X z \ge 0\},

and then :math:`\max(0, Xz) = D_k X z`. Mishkin, Sahiner & Pilanci (2022) turn a gated solution into a
ReLU network by writing each :math:`u_k` as a difference of two points of :math:`K_k`.

**With the gate.** The gate lies inside its cone: :math:`c = (2D_k - I) X g_k > 0` componentwise when
no data point lies on its hyperplane. For :math:`a = (2D_k - I) X u_k` put

.. math:: t = \max\big(0, \max_j (-a_j / c_j)\big), \qquad u_k' = u_k + t g_k, \qquad v_k' = t g_k .

Both are in :math:`K_k` (:math:`(2D_k - I) X u_k' = a + tc \ge 0`) and :math:`u_k' - v_k' = u_k`.

**Smallest penalty.** ``refine=True`` then solves, group by group, the convex program

.. math:: \min_{a, b \in K_k} \|a\|_2 + \|b\|_2 \quad\text{s.t.}\quad D_k X (a - b) = D_k X u_k ,

for which the gate construction is a feasible point.

Either way the neurons :math:`(u_k'/\sqrt{\|u_k'\|}, \sqrt{\|u_k'\|})` and
:math:`(v_k'/\sqrt{\|v_k'\|}, -\sqrt{\|v_k'\|})` reproduce the gated fit on the training data, and
their loss is the gated fit plus :math:`2\lambda\sum_k(\|u_k'\| + \|v_k'\|)`. Since the pair is
feasible for the ReLU program on the same patterns,

.. math:: \text{gated value} \;\le\; \text{ReLU program's optimum on those patterns} \;\le\;
          \text{loss of the decomposed network}.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hiddenconvex import _checks
from hiddenconvex._cvx import cvxpy, solve_with_fallback
from hiddenconvex.convex import GatedSolution
from hiddenconvex.network import ReLUNetwork

#: Groups with a norm at or below this are dropped when building the network.
ZERO_GROUP = 1e-12


@dataclass(frozen=True)
class ConeDecomposition:
    r"""A ReLU point :math:`(u_k', v_k')` built from a gated solution.

    Attributes
    ----------
    U, V : arrays (p, d)
        :math:`u_k'` and :math:`v_k'`, both in the cone of pattern :math:`D_k`, with
        :math:`D_k X (u_k' - v_k') = D_k X u_k`.
    patterns : bool array (p, n)
        The gated solution's patterns :math:`D_k`.
    value : float
        The loss of :meth:`to_network`: the gated fit plus :math:`2\lambda\sum_k(\|u_k'\| + \|v_k'\|)`.
    lam : float
        The weight decay λ.
    """

    U: np.ndarray
    V: np.ndarray
    patterns: np.ndarray
    value: float
    lam: float

    def to_network(self) -> ReLUNetwork:
        """The ReLU network: one neuron of output sign + per non-zero :math:`u_k'`, one of sign - per :math:`v_k'`."""
        groups = np.vstack([self.U, self.V])
        signs = np.concatenate([np.ones(len(self.U)), -np.ones(len(self.V))])
        keep = np.linalg.norm(groups, axis=1) > ZERO_GROUP
        return ReLUNetwork.from_groups(groups[keep], signs[keep])


def split_with_gate(u: np.ndarray, gate: np.ndarray, A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""``(u + t g, t g)`` with the smallest :math:`t \ge 0` that puts both in :math:`\{z : Az \ge 0\}`.

    ``A`` is :math:`(2D - I)X` (n, d); the gate must satisfy :math:`Ag > 0` on every row where
    :math:`Au < 0`, otherwise no multiple of it helps and a ValueError is raised.
    """
    a, c = A @ u, A @ gate
    short = a < 0
    if np.any(short & (c <= 0)):
        raise ValueError("a gate lies on the hyperplane of a data point that its group violates: "
                         "draw the gates again (Gaussian gates avoid this with probability one)")
    t = float(np.max(-a[short] / c[short], initial=0.0))
    return u + t * gate, t * gate


def relu_from_gated(solution: GatedSolution, X: object, y: object, refine: bool = True) -> ConeDecomposition:
    r"""Turn a :class:`hiddenconvex.GatedSolution` into a ReLU network with the same fit on ``X``.

    Parameters
    ----------
    solution : GatedSolution
        The output of ``hc.solve_gated(X, y, lam, gates)``.
    X, y : arrays (n, d) and (n,)
        The training data the gated program was solved on.
    refine : bool
        After the gate construction, minimize :math:`\|u_k'\| + \|v_k'\|` per group (a small convex
        program in cvxpy). Without it, only numpy is needed.
    """
    _checks.instance(solution, GatedSolution, "solution")
    X, y = _checks.as_data(X, y)
    refine = _checks.flag(refine, "refine")
    p, n = solution.patterns.shape
    if X.shape != (n, solution.U.shape[1]):
        raise ValueError(f"X must be the training data of the gated solution, of shape {(n, solution.U.shape[1])}, "
                         f"got {X.shape}")
    U, V = np.zeros_like(solution.U), np.zeros_like(solution.U)
    for k in range(p):
        A = (2.0 * solution.patterns[k] - 1.0)[:, None] * X
        U[k], V[k] = split_with_gate(solution.U[k], solution.gates[k], A)
        if refine and np.linalg.norm(solution.U[k]) > ZERO_GROUP:
            U[k], V[k] = _smallest_split(solution.U[k], solution.patterns[k], X, A)
    fit = np.sum(solution.patterns.T * (X @ (U - V).T), axis=1)
    penalty = float(np.linalg.norm(U, axis=1).sum() + np.linalg.norm(V, axis=1).sum())
    value = float(np.sum((fit - y) ** 2) + 2.0 * solution.lam * penalty)
    return ConeDecomposition(U, V, solution.patterns, value, solution.lam)


def _smallest_split(u: np.ndarray, pattern: np.ndarray, X: np.ndarray, A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""The pair :math:`a, b` with :math:`Aa, Ab \ge 0` and :math:`DX(a - b) = DXu` of least :math:`\|a\| + \|b\|`."""
    cp = cvxpy()
    a, b = cp.Variable(len(u)), cp.Variable(len(u))
    on = X[pattern]
    problem = cp.Problem(cp.Minimize(cp.norm(a, 2) + cp.norm(b, 2)),
                         [A @ a >= 0, A @ b >= 0, on @ (a - b) == on @ u])
    solve_with_fallback(problem, None)
    return np.asarray(a.value, dtype=float), np.asarray(b.value, dtype=float)
