r"""Fewer neurons, same function: merging a network by pattern and pruning a convex solution to ``n + 1`` groups.

Both are steps of the proof that the convex program of :mod:`hiddenconvex.convex` and the
network's loss :func:`hiddenconvex.loss` have the same optimum:

* :func:`merge_by_pattern` — the triangle-inequality step, done on a network: neurons with the
  same pattern and output sign merge into one without raising the penalty;
* :func:`prune` and :func:`n_active` — Carathéodory's argument: an optimum needs at most
  ``n + 1`` neurons.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from hiddenconvex import _checks
from hiddenconvex.convex import ConvexSolution
from hiddenconvex.network import ReLUNetwork
from hiddenconvex.patterns import pattern_of


def n_active(solution: ConvexSolution) -> int:
    """Number of non-zero groups of a convex solution: the width of ``solution.to_network()``."""
    on_u, on_v = solution.active()
    return int(on_u.sum() + on_v.sum())


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
    live = (net.neuron_weights() > 0) & patterns.any(axis=1)
    if not live.any():
        return ReLUNetwork.from_groups(np.zeros((0, net.dim)), np.zeros(0))
    U = np.abs(net.alpha[live])[:, None] * net.W[live]
    keys = np.hstack([patterns[live], (net.alpha[live] > 0)[:, None]])
    classes, index = np.unique(keys, axis=0, return_inverse=True)
    merged = np.zeros((len(classes), net.dim))
    np.add.at(merged, index.ravel(), U)
    return ReLUNetwork.from_groups(merged, np.where(classes[:, -1], 1.0, -1.0))


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
