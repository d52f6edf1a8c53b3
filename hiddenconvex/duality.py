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

Cost: one product over all patterns and signs, :math:`O(p n d)`, finds those whose
:math:`g = \sigma X^\top D_i\nu` already lies in :math:`K_i` (exact: :math:`\|g\|`); for the others with
:math:`\|g\|` above the best exact value, ``BOUND_STEPS`` vectorised projected-gradient steps give
upper bounds, and one exact NNLS (``d`` x ``n``) runs per pattern and sign whose bound still exceeds the
best value found. On the 2-D spirals with a bias and all patterns this takes about a second for
n = 100 (9,901 patterns) and several for n = 200 (39,801) on this 2-core machine.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import nnls

from hiddenconvex.patterns import activation_patterns

#: Slack, relative to the largest norm of a data point, below which a data point counts as on a circle's plane.
CONE_SLACK = 1e-12
#: Projected-gradient steps of the cheap, vectorised upper bounds that prune the exact NNLS solves.
BOUND_STEPS = 10


def dual_norm(
    X: np.ndarray, nu: np.ndarray, patterns: np.ndarray, stop_above: float = np.inf, interior_only: bool = False
) -> tuple[float, np.ndarray, float]:
    r""":math:`M(\nu)` above over the patterns ``(p, n)`` (boolean), with a maximizer: ``(M, u, sign)``.

    ``u`` is a unit vector in the cone of the maximizing pattern (zero when :math:`M = 0`) and ``sign``
    the maximizing :math:`\sigma`. An NNLS solve that stops early gives a larger value, so ``M`` is
    never underestimated. With ``stop_above``, the search ends as soon as a value above it is found
    (enough to decide whether :math:`M \le` ``stop_above``). With ``interior_only`` only the patterns
    whose maximizer is :math:`g/\|g\|` itself count (part (i) of :func:`sphere_dual_norm`).
    """
    masks = np.asarray(patterns, dtype=bool)
    G, norms, inside = _pattern_gradients(X, nu, masks)
    best = float(norms[inside].max(initial=0.0))
    if best > stop_above:
        i = int(np.flatnonzero(inside)[np.argmax(norms[inside])])
        return best, G[i] / best, 1.0 if i < len(masks) else -1.0
    best_u, best_sign = np.zeros(X.shape[1]), 1.0
    if best > 0.0:
        i = int(np.flatnonzero(inside)[np.argmax(norms[inside])])
        best_u, best_sign = G[i] / best, 1.0 if i < len(masks) else -1.0
    if interior_only:
        return best, best_u, best_sign
    candidates = np.flatnonzero(~inside & (norms > best))
    A_signs = np.where(masks[candidates % len(masks)], 1.0, -1.0)  # row k: the signs of pattern candidates[k]
    upper = _projection_bound(G[candidates], A_signs, X)
    for k in np.argsort(-upper):
        if upper[k] <= best or best > stop_above:
            break
        value, u = _cone_maximizer(G[candidates[k]], A_signs[k], X)
        if value > best:
            best, best_u, best_sign = value, u, 1.0 if candidates[k] < len(masks) else -1.0
    return best, best_u, best_sign


def cone_maximizers(
    X: np.ndarray, nu: np.ndarray, patterns: np.ndarray, above: float, limit: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Neurons that violate the dual constraint :math:`|\nu^\top\mathrm{relu}(Xu)| \le` ``above``: for up
    to ``limit`` patterns and signs whose cone maximum (:func:`dual_norm`) exceeds ``above``, the
    maximizer :math:`u = \Pi_{K_i}(g)/\|\Pi_{K_i}(g)\|` on the face of the cone where the maximum
    sits (the interior, an edge, a vertex). Returns ``(directions (k, d), signs (k,), values (k,))``, the
    largest values first; ``sigma * nu^T relu(X u) = value`` for each.

    Patterns whose :math:`\pm g` lies inside the cone come first (no projection needed); the others are
    screened with the bounds of :func:`_projection_bound` and projected exactly (NNLS), largest
    bound first, until ``limit`` are found.
    """
    masks = np.asarray(patterns, dtype=bool)
    G, norms, inside = _pattern_gradients(X, nu, masks)
    found = [(float(norms[i]), G[i] / norms[i], 1.0 if i < len(masks) else -1.0)
             for i in np.flatnonzero(inside & (norms > above))]
    found = sorted(found, key=lambda f: -f[0])[:limit]
    candidates = np.flatnonzero(~inside & (norms > above))
    A_signs = np.where(masks[candidates % len(masks)], 1.0, -1.0)
    upper = _projection_bound(G[candidates], A_signs, X)
    for k in np.argsort(-upper):
        if upper[k] <= above or len(found) >= limit:
            break
        value, u = _cone_maximizer(G[candidates[k]], A_signs[k], X)
        if value > above:
            found.append((value, u, 1.0 if candidates[k] < len(masks) else -1.0))
    found = sorted(found, key=lambda f: -f[0])
    d = X.shape[1]
    return (np.array([f[1] for f in found]).reshape(-1, d), np.array([f[2] for f in found]),
            np.array([f[0] for f in found]))


def _pattern_gradients(X: np.ndarray, nu: np.ndarray, masks: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""For every pattern :math:`D_i` and sign: :math:`g = \sigma X^\top D_i\nu` (rows of ``G`` (2p, d), signs
    +1 then -1), its norm, and whether :math:`g` lies in the pattern's cone (then :math:`\|g\|` is the cone
    maximum, at :math:`g/\|g\|`)."""
    half = masks.astype(float) @ (nu[:, None] * X)  # rows X^T D_i nu
    G = np.concatenate([half, -half])  # rows sigma X^T D_i nu: sigma = +1, then -1
    norms = np.linalg.norm(G, axis=1)
    fit = half @ X.T  # (p, n); g in the cone of D_i: sigma x_j^T g >= 0 on D_i and <= 0 off it
    inside = np.concatenate([np.all(np.where(masks, fit >= 0, fit <= 0), axis=1),
                             np.all(np.where(masks, fit <= 0, fit >= 0), axis=1)])
    return G, norms, inside


def _cone_maximizer(g: np.ndarray, cone_signs: np.ndarray, X: np.ndarray) -> tuple[float, np.ndarray]:
    r""":math:`\|\Pi_K(g)\|` and :math:`\Pi_K(g)/\|\Pi_K(g)\|` (zero if the projection is 0) for the cone
    :math:`K = \{u : \mathrm{diag}(s) X u \ge 0\}`, ``s = cone_signs``: one NNLS,
    :math:`\Pi_K(g) = g + A^\top\mu` with :math:`\mu = \arg\min_{\mu \ge 0}\|g + A^\top\mu\|`."""
    A = cone_signs[:, None] * X
    mu, value = nnls(A.T, -g)
    projection = g + A.T @ mu
    return float(value), projection / value if value > 0 else np.zeros_like(g)


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
    if not np.any(nu0):  # fit == y: the bound nu = 0 gives 0
        return 0.0, 0.0, np.zeros(X.shape[1])
    M, u, _ = dual_norm(X, nu0, patterns)
    return scaled_bound(y, nu0, M, lam), M, u


def scaled_bound(y: np.ndarray, nu0: np.ndarray, M: float, lam: float) -> float:
    r"""The best bound :math:`D(s\nu_0)` over the feasible multiples of :math:`\nu_0` (:math:`M = M(\nu_0)`), :math:`\max_{|s| \le 2\lambda/M} s\,\nu_0^\top y - s^2\|\nu_0\|^2/4`, and at least 0."""
    squared = float(nu0 @ nu0)
    if squared == 0.0:
        return 0.0
    s = 2.0 * float(nu0 @ y) / squared
    if M > 0:
        s = float(np.clip(s, -2.0 * lam / M, 2.0 * lam / M))
    return max(s * float(nu0 @ y) - 0.25 * s * s * squared, 0.0)


def sphere_dual_norm(X: np.ndarray, nu: np.ndarray, patterns: np.ndarray | None = None) -> tuple[float, np.ndarray, float]:
    r""":math:`\max_{\|u\|=1} |\nu^\top \mathrm{relu}(Xu)|` over *every* unit ``u``, for data with ``d <= 3`` columns.

    The hyperplanes :math:`x_j^\perp` cut the unit sphere into faces (cells, arcs, vertices), on each
    of which :math:`h(u) = \nu^\top\mathrm{relu}(Xu)` is linear, :math:`h(u) = g^\top u`. The maximum of
    :math:`|h|` sits in the relative interior of some face, where it is a critical point of
    :math:`g^\top u` on the sphere within the face's span: :math:`u = \pm\Pi(g)/\|\Pi(g)\|`. So it is
    the largest of (i) :math:`\|g_D\|` over the cells whose :math:`\pm g_D/\|g_D\|` lies inside
    them, (ii) the same on the arcs of each great circle :math:`x_j^\perp` (:func:`_circle_max`), and
    (iii) :math:`|h|` at the vertices, the arcs' end points. Cost: :math:`O(n \log n + n^2)` per circle, and one enumeration of the patterns for (i)
    (skipped when ``patterns``, every non-zero pattern of ``X``, are given: a caller that calls often enumerates them once).
    """
    n, d = X.shape
    if d == 1:
        values = [(float(np.maximum(s * X[:, 0], 0.0) @ nu), s) for s in (1.0, -1.0)]
        value, s = max(values, key=lambda v: abs(v[0]))
        return abs(value), np.array([s]), float(np.sign(value)) or 1.0
    if d == 2:
        return _circle_max(X, nu, np.eye(2))
    best = dual_norm(X, nu, activation_patterns(X) if patterns is None else patterns, interior_only=True)
    for x in X[np.linalg.norm(X, axis=1) > 0]:
        basis = np.linalg.svd(x[None, :])[2][1:]  # orthonormal basis (2, 3) of the plane x^perp
        on_circle = _circle_max(X, nu, basis)
        if on_circle[0] > best[0]:
            best = on_circle
    return best


def _circle_max(X: np.ndarray, nu: np.ndarray, basis: np.ndarray) -> tuple[float, np.ndarray, float]:
    r"""The largest :math:`|h(u)|` over the unit circle :math:`u(\theta) = \cos\theta\, e_1 + \sin\theta\, e_2`
    of the plane spanned by the rows of ``basis`` (2, d): the best arc maximum of :func:`_circle_arcs`
    or the best break point, evaluated directly."""
    breaks, directions, signs, values = _circle_arcs(X, nu, basis)
    k = int(np.argmax(values)) if len(values) else -1
    best = (float(values[k]), directions[k], float(signs[k])) if k >= 0 else (0.0, basis[0], 1.0)
    points = np.stack([np.cos(breaks), np.sin(breaks)], axis=1) @ basis  # (breaks, d) unit vectors
    at_breaks = np.maximum(points @ X.T, 0.0) @ nu
    j = int(np.argmax(np.abs(at_breaks)))
    if abs(at_breaks[j]) > best[0]:
        return float(abs(at_breaks[j])), points[j], float(np.sign(at_breaks[j])) or 1.0
    return best


def _circle_arcs(X: np.ndarray, nu: np.ndarray, basis: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""The arcs of the circle spanned by ``basis`` (2, d) and the maxima inside them:
    ``(breaks, directions (k, d), signs (k,), values (k,))``.

    Point :math:`j` is active where :math:`x_j^\top u(\theta) > 0`, an open half circle; the break
    points (sorted angles) cut the circle into arcs on which :math:`h = A\cos\theta + B\sin\theta`,
    whose maximum of :math:`\sigma h` over the whole circle, :math:`\sqrt{A^2 + B^2}` at
    :math:`\theta = \mathrm{atan2}(\sigma B, \sigma A)`, counts if it falls in the arc (end points
    included); one row per arc and sign :math:`\sigma` where it does.
    """
    coords = X @ basis.T  # (n, 2)
    live = np.linalg.norm(coords, axis=1) > CONE_SLACK * max(float(np.abs(X).max()), 1e-300)
    phi = np.arctan2(coords[live, 1], coords[live, 0])
    breaks = np.sort(np.mod(np.concatenate([phi + np.pi / 2, phi - np.pi / 2]), 2 * np.pi))
    if len(breaks) == 0:
        breaks = np.array([0.0])
    ends = np.append(breaks[1:], breaks[0] + 2 * np.pi)
    middles = (breaks + ends) / 2
    active = coords @ np.stack([np.cos(middles), np.sin(middles)]) > 0  # (n, arcs)
    AB = (active * nu[:, None]).T @ coords  # (arcs, 2): h = A cos + B sin on each arc
    thetas, signs, values = [], [], []
    for s in (1.0, -1.0):
        theta = np.arctan2(s * AB[:, 1], s * AB[:, 0])
        inside = np.mod(theta - breaks, 2 * np.pi) <= ends - breaks
        thetas.append(theta[inside])
        signs.append(np.full(int(inside.sum()), s))
        values.append(np.hypot(AB[inside, 0], AB[inside, 1]))
    theta = np.concatenate(thetas)
    directions = np.stack([np.cos(theta), np.sin(theta)], axis=1) @ basis
    return breaks, directions, np.concatenate(signs), np.concatenate(values)


def face_maxima(X: np.ndarray, nu: np.ndarray, patterns: np.ndarray, above: float, limit: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""For data with two or three columns: the maxima of :math:`\sigma\nu^\top\mathrm{relu}(Xu)` inside
    the arcs and cells of the arrangement (not at its vertices) that exceed ``above``, the ``limit``
    largest: ``(directions (k, d), signs (k,), values (k,))``. Exact, without projections: the arcs of
    every circle :math:`x_j^\perp` (:func:`_circle_arcs`; for two columns the one circle, whose arcs
    are the cells) and, for three columns, the cells whose :math:`\pm g_D/\|g_D\|` lies inside them.
    """
    d = X.shape[1]
    if d == 2:
        found = [_circle_arcs(X, nu, np.eye(2))[1:]]
    else:
        found = [_circle_arcs(X, nu, np.linalg.svd(x[None, :])[2][1:])[1:] for x in X[np.linalg.norm(X, axis=1) > 0]]
        G, norms, inside = _pattern_gradients(X, nu, np.asarray(patterns, dtype=bool))
        cells = np.flatnonzero(inside & (norms > 0))
        found.append((G[cells] / norms[cells, None], np.where(cells < len(patterns), 1.0, -1.0), norms[cells]))
    directions = np.concatenate([f[0] for f in found])
    signs, values = np.concatenate([f[1] for f in found]), np.concatenate([f[2] for f in found])
    order = np.argsort(-values)[:limit]
    order = order[values[order] > above]
    return directions[order], signs[order], values[order]
