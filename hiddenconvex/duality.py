r"""A dual lower bound on the ReLU program, from any candidate fit: the check behind ``status="optimal"``.

For the program of :mod:`hiddenconvex.convex` with penalty :math:`\beta = 2\lambda`, Lagrange duality
(bound :math:`\|w\|^2 \ge -\nu^\top w - \|\nu\|^2/4` with :math:`w = f - y`, then minimize over each
cone-constrained group) gives, for every :math:`\nu \in \mathbb{R}^n` with :math:`M(\nu) \le \beta`,

.. math::

    \text{optimum} \;\ge\; \nu^\top y - \|\nu\|^2/4,
    \qquad M(\nu) = \max_{i,\ \sigma = \pm 1}\ \max_{u \in K_i,\ \|u\| \le 1} \sigma\,\nu^\top D_i X u ,

with the cones :math:`K_i = \{u : (2D_i - I) X u \ge 0\}`. For a closed convex cone
:math:`\max_{u \in K, \|u\| \le 1} g^\top u = \|\Pi_K(g)\|`, the distance from :math:`g` to the polar
cone :math:`\{-A^\top\mu : \mu \ge 0\}`, :math:`A = (2D_i - I)X`:
:math:`\|\Pi_K(g)\| = \min_{\mu \ge 0} \|g + A^\top\mu\|`, a non-negative least-squares problem.

:func:`dual_bound` takes :math:`\nu_0 = 2(y - f)` (the optimal dual point when :math:`f` is the
optimal fit) and the best multiple :math:`\nu = s\nu_0` that keeps :math:`M(\nu) = |s| M(\nu_0) \le \beta`.
The bound is valid for any ``fit``; it is tight when ``fit`` is optimal.

Cost: ``BOUND_STEPS`` vectorised projected-gradient steps over all patterns, :math:`O(p n d)` each,
give an upper bound per pattern and sign; then one exact NNLS (``d`` x ``n``) for each pattern and sign
whose bound exceeds the best exact value found so far and whose :math:`\sigma X^\top D_i\nu` is not
already inside :math:`K_i`. Most are pruned, so the check stays cheap next to the solve.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import nnls

#: Projected-gradient steps of the cheap, vectorised upper bounds that prune the exact NNLS solves.
BOUND_STEPS = 30


def dual_norm(X: np.ndarray, nu: np.ndarray, patterns: np.ndarray) -> tuple[float, np.ndarray, float]:
    r""":math:`M(\nu)` above over the patterns ``(p, n)`` (boolean), with a maximizer: ``(M, u, sign)``.

    ``u`` is a unit vector in the cone of the maximizing pattern (zero when :math:`M = 0`) and ``sign``
    the maximizing :math:`\sigma`. An NNLS solve that stops early gives a larger value, so ``M`` is
    never underestimated.
    """
    masks = np.asarray(patterns, dtype=float)
    G = (masks * nu) @ X  # row i: X^T D_i nu
    cone_signs = 2.0 * masks - 1.0
    slack = cone_signs * (G @ X.T)  # row i: (2 D_i - I) X X^T D_i nu
    inside = {1.0: np.all(slack >= 0, axis=1), -1.0: np.all(slack <= 0, axis=1)}
    upper = {sign: _projection_bound(sign * G, cone_signs, X) for sign in (1.0, -1.0)}
    order = sorted(((upper[sign][i], i, sign) for i in range(len(G)) for sign in (1.0, -1.0)), reverse=True)
    best, best_u, best_sign = 0.0, np.zeros(X.shape[1]), 1.0
    for bound, i, sign in order:
        if bound <= best:
            break
        g = sign * G[i]
        if inside[sign][i]:  # the projection onto the cone is g itself
            value, u = bound, g / bound
        else:
            A = cone_signs[i][:, None] * X
            mu, value = nnls(A.T, -g)
            projection = g + A.T @ mu
            u = projection / value if value > 0 else np.zeros_like(g)
        if value > best:
            best, best_u, best_sign = float(value), u, sign
    return best, best_u, best_sign


def _projection_bound(G: np.ndarray, cone_signs: np.ndarray, X: np.ndarray) -> np.ndarray:
    r"""Upper bounds on :math:`\|\Pi_{K_i}(g_i)\|` for the rows ``g_i`` of ``G``, all patterns at once:
    :math:`\|g_i + A_i^\top\mu_i\|` after ``BOUND_STEPS`` projected-gradient steps on
    :math:`\mu_i \ge 0` from 0 (any :math:`\mu_i \ge 0` gives an upper bound), never above :math:`\|g_i\|`."""
    lipschitz = max(float(np.linalg.norm(X, 2)) ** 2, np.finfo(float).tiny)
    mu = np.zeros(cone_signs.shape)
    bound = np.linalg.norm(G, axis=1)
    for _ in range(BOUND_STEPS):
        residual = G + (cone_signs * mu) @ X  # rows g_i + A_i^T mu_i
        bound = np.minimum(bound, np.linalg.norm(residual, axis=1))
        mu = np.maximum(0.0, mu - cone_signs * (residual @ X.T) / lipschitz)
    return bound


def dual_bound(
    X: np.ndarray, y: np.ndarray, lam: float, fit: np.ndarray, patterns: np.ndarray
) -> tuple[float, float, np.ndarray]:
    r"""A lower bound on the optimum of the ReLU program over ``patterns`` (p, n) with weight decay
    ``lam`` (penalty :math:`2\lambda`), from the dual point :math:`\nu = s\,\nu_0`,
    :math:`\nu_0 = 2(y - \text{fit})`, :math:`s = \mathrm{clip}(2\nu_0^\top y/\|\nu_0\|^2, \pm 2\lambda/M(\nu_0))`.

    Returns ``(bound, M, u)``: the bound :math:`\nu^\top y - \|\nu\|^2/4`, :math:`M(\nu_0)` and the unit
    vector ``u`` attaining it (zero when :math:`M = 0`), the neuron that most violates the dual constraint.
    """
    nu0 = 2.0 * (y - fit)
    size = float(nu0 @ nu0)
    if size == 0.0:  # fit == y: the bound nu = 0 gives 0
        return 0.0, 0.0, np.zeros(X.shape[1])
    s = 2.0 * float(nu0 @ y) / size
    M, u, _ = dual_norm(X, nu0, patterns)
    if M > 0.0:
        s = float(np.clip(s, -2.0 * lam / M, 2.0 * lam / M))
    nu = s * nu0
    return float(nu @ y - nu @ nu / 4.0), M, u
