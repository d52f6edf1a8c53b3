r"""Newton's method that slides neurons to their optimal directions within their faces.

A unit neuron :math:`u` lies on a *face* of the arrangement of the planes :math:`x_j^\perp`: the data
points with :math:`x_j^\top u = 0` (its *tight set* :math:`T`) fix the face's span
:math:`S = \{z : x_j^\top z = 0,\ j \in T\}`, and on the face the activation pattern
:math:`D = \mathrm{diag}(\mathbb 1[Xu > 0])` is constant. Neurons of one face and one sign
:math:`\sigma` form one group :math:`z = B^\top w` (:math:`B` an orthonormal basis of :math:`S`), with
fit :math:`\sigma D X B^\top w` as long as :math:`z` stays in the face. Over the groups
:math:`g` of a solution, the program of :mod:`hiddenconvex.exact` is then the smooth (away from
:math:`w_g = 0`) problem

.. math:: F(w) = \Big\|\sum_g A_g w_g - y\Big\|^2 + \beta \sum_g \|w_g\|, \qquad A_g = \sigma_g D_g X B_g^\top ,

with gradient :math:`2A^\top(Aw - y) + \beta\, w_g/\|w_g\|` and Hessian
:math:`2A^\top A + \beta\,\mathrm{blockdiag}\big((I - \hat w_g \hat w_g^\top)/\|w_g\|\big)`.
:func:`slide` runs damped Newton steps (least-squares solves, backtracking on :math:`F`) from the
merged groups of an exact dictionary solution. A vertex (:math:`S` one-dimensional) cannot move; its
group only takes part in the fit. The result is a *proposal*: the caller adds the new directions to
its dictionary and solves exactly again, so a wrong step can cost time but never accuracy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: :math:`|x_j^\top u| \le` ``TIGHT`` :math:`\|x_j\|` puts point j in the tight set of unit u.
TIGHT = 1e-10
#: Newton steps at most.
MAX_STEPS = 30
#: Armijo constant of the backtracking line search.
ARMIJO = 1e-4


@dataclass(frozen=True)
class _Group:
    """Neurons of one face and sign, merged: basis ``B`` (k, d) of the face's span, sign, pattern, start ``w``."""

    basis: np.ndarray
    sign: float
    pattern: np.ndarray
    start: np.ndarray

    def columns(self, X: np.ndarray) -> np.ndarray:
        r""":math:`A_g = \sigma D X B^\top` (n, k)."""
        return self.sign * (self.pattern[:, None] * X) @ self.basis.T


def slide(X: np.ndarray, y: np.ndarray, beta: float, directions: np.ndarray, signs: np.ndarray,
          weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Newton-refined unit directions ``(k, d)`` and their signs, one per group of the neurons
    ``weights[i] * directions[i]`` (sign ``signs[i]``; unit directions, weights > 0) that can move (not
    a vertex) and ends in the relative interior of its face: after at most ``MAX_STEPS`` damped Newton
    steps, or where the line search stalls, converged or not. Empty when every group is a vertex or
    every group shrinks to zero."""
    groups = _groups(X, directions, signs, weights)
    none = (np.zeros((0, X.shape[1])), np.zeros(0))
    if all(len(g.start) == 1 for g in groups):
        return none
    w = _newton([g.columns(X) for g in groups], y, beta, [g.start for g in groups])
    if w is None:
        return none
    new, new_signs = [], []
    for g, w_g in zip(groups, w):
        z = w_g @ g.basis
        length = float(np.linalg.norm(z))
        if len(w_g) == 1 or length == 0.0:
            continue
        u = z / length
        pattern, tight = _pattern_and_tight_set(X, u)
        if np.array_equal(pattern, g.pattern) and len(_null_space(X[tight], X.shape[1])) == len(w_g):  # same face
            new.append(u)
            new_signs.append(g.sign)
    return (np.array(new).reshape(-1, X.shape[1]), np.array(new_signs)) if new else none


def _groups(X: np.ndarray, directions: np.ndarray, signs: np.ndarray, weights: np.ndarray) -> list[_Group]:
    """The neurons with positive weight merged by face and sign (see the module docstring)."""
    merged: dict[bytes, tuple[np.ndarray, float, np.ndarray, np.ndarray]] = {}
    for k in np.flatnonzero(weights > 0):
        u = directions[k]
        pattern, tight = _pattern_and_tight_set(X, u)
        key = tight.tobytes() + pattern.tobytes() + bytes([int(signs[k] > 0)])
        if key not in merged:
            merged[key] = (_null_space(X[tight], X.shape[1]), float(signs[k]), pattern, np.zeros(X.shape[1]))
        merged[key][3][:] += weights[k] * u
    return [_Group(B, sign, pattern, B @ z) for B, sign, pattern, z in merged.values()]


def _pattern_and_tight_set(X: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The points the unit ``u`` activates (:math:`x_j^\\top u` above the tight level) and its tight set."""
    values, level = X @ u, TIGHT * np.linalg.norm(X, axis=1)
    return values > level, np.abs(values) <= level


def _null_space(rows: np.ndarray, d: int) -> np.ndarray:
    """An orthonormal basis (k, d) of the vectors orthogonal to every row of ``rows``."""
    if len(rows) == 0:  # no tight point: the whole space
        return np.eye(d)
    _, s, Vt = np.linalg.svd(rows)
    rank = int(np.count_nonzero(s > TIGHT * s.max()))
    return Vt[rank:]


def _newton(blocks: list[np.ndarray], y: np.ndarray, beta: float, start: list[np.ndarray]) -> list[np.ndarray] | None:
    """Damped Newton's method on F of the module docstring from the groups ``start`` (columns ``blocks``).
    A group that reaches zero leaves (a one-dimensional group, a vertex, may not change sign), and the
    method goes on with the others; the groups are returned with zeros for those that left."""
    w = [part.astype(float).copy() for part in start]
    alive = [bool(np.any(part)) for part in w]
    for _ in range(MAX_STEPS):
        live = [g for g in range(len(w)) if alive[g]]
        if not live:
            return None
        A = np.concatenate([blocks[g] for g in live], axis=1)
        sizes = [len(w[g]) for g in live]
        cuts = np.cumsum(sizes)[:-1]
        x = np.concatenate([w[g] for g in live])
        gradient, hessian = 2.0 * A.T @ (A @ x - y), 2.0 * A.T @ A
        offset = 0
        for part in np.split(x, cuts):
            size, length = len(part), float(np.linalg.norm(part))
            block = slice(offset, offset + size)
            gradient[block] += beta * part / length
            hessian[block, block] += beta * (np.eye(size) - np.outer(part, part) / length**2) / length
            offset += size
        step = np.linalg.lstsq(hessian, -gradient, rcond=None)[0]
        slope = float(gradient @ step)
        if slope >= 0 or np.linalg.norm(step) <= 1e-15 * np.linalg.norm(x):
            break
        t = _largest_sign_preserving_step(x, step, sizes)
        value = _objective(A, y, beta, x, cuts)
        while _objective(A, y, beta, x + t * step, cuts) > value + ARMIJO * t * slope:
            t /= 2
            if t < 1e-12:
                return w
        x = x + t * step
        largest = max(float(np.linalg.norm(part)) for part in np.split(x, cuts))
        for g, part in zip(live, np.split(x, cuts)):
            w[g] = part
            if np.linalg.norm(part) <= 1e-12 * largest or (len(part) == 1 and part[0] <= 0):
                w[g], alive[g] = np.zeros_like(part), False
    return w


def _largest_sign_preserving_step(x: np.ndarray, step: np.ndarray, sizes: list[int]) -> float:
    """1, or less so that no one-dimensional group (a vertex weight) becomes negative: it stops at zero."""
    t, offset = 1.0, 0
    for size in sizes:
        if size == 1 and step[offset] < 0:
            t = min(t, -x[offset] / step[offset])
        offset += size
    return t


def _objective(A: np.ndarray, y: np.ndarray, beta: float, x: np.ndarray, cuts: np.ndarray) -> float:
    residual = A @ x - y
    return float(residual @ residual + beta * sum(np.linalg.norm(part) for part in np.split(x, cuts)))
