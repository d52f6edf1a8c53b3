r"""A primal-dual interior-point method for the ReLU program, exploiting its structure.

The program (see :mod:`hiddenconvex.convex`) over the ``p`` patterns, the columns of ``M`` (n, p), is

.. math::

    \min_{U, V} \; \Big\|\sum_i D_i X (u_i - v_i) - y\Big\|^2 + \beta \sum_i (t_i + t_{p+i})
    \quad\text{s.t.}\quad S \odot X U^\top \ge 0,\; S \odot X V^\top \ge 0,\;
    \|u_i\| \le t_i,\; \|v_i\| \le t_{p+i},

with ``S = 2M - 1``. The ``q = 2p`` groups ``Z = [U; V]`` (q, d) see the data through
``C = [M, -M]``, so the fit is :math:`f_j = \sum_k C_{jk} x_j^\top z_k`. Each group has ``n`` linear
constraints with slacks ``s`` and multipliers ``lam`` (both (n, q)) and one second-order cone
:math:`(t_k, z_k)` with dual :math:`(\tau_k, \zeta_k)`.

Method
------
Mehrotra's predictor-corrector with Nesterov-Todd scaling for the second-order cones (as in
Vandenberghe's CVXOPT and in Clarabel). Each iteration solves twice a Newton system of the form

.. math:: \big(B + 2 F^\top F\big)\, \Delta = r ,

where ``F`` (n, q(d+1)) maps the groups to the fit and ``B`` is *block diagonal*: one (d+1) x (d+1)
block per group, :math:`X^\top \mathrm{diag}(\lambda_k / s_k) X` from the linear constraints plus
the scaling matrix of its cone. After eliminating each :math:`\Delta t_k` the blocks :math:`E_k`
are d x d, and the system is solved

* for ``n <= q d`` by the Woodbury identity, which needs one Cholesky factorization of the n x n
  matrix :math:`\tfrac12 I + \sum_i \mathrm{diag}(m_i) X (E_i^{-1} + E_{p+i}^{-1}) X^\top
  \mathrm{diag}(m_i)` (the signs of ``C = [M, -M]`` cancel, so ``u_i`` and ``v_i`` share one term);
* otherwise by a Cholesky factorization of the q d x q d matrix itself.

Each block is inverted through its eigendecomposition with eigenvalues clipped below at
``REGULARIZATION`` times the largest (late iterations make the blocks nearly singular), and
``REFINEMENT`` steps of iterative refinement against the exact operator repair the accuracy. The
generic conic solvers build the same Newton system as a sparse matrix with ``n q`` constraint
rows; here it never exceeds ``min(n, q d)`` squared.

It stops when the duality gap :math:`\langle s, \lambda\rangle + \sum_k (t_k\tau_k + z_k^\top\zeta_k)`
(an upper bound on the objective's distance to the optimum, once the residuals vanish) is below
``SAFETY * tol`` relative to :math:`1 +` objective, the largest constraint violation is below ``tol``
and the dual residual is below ``tol`` relative to :func:`hiddenconvex.solvers.gradient_scale`. It
gives up when the iterates leave the cones' interiors by rounding (very tight ``tol``).
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import cho_factor, cho_solve
from scipy.linalg.blas import dsyrk

from hiddenconvex.solvers import SAFETY, GroupLassoResult, gradient_scale, objective

#: Fraction of the largest step that keeps every iterate strictly inside the cones.
STEP_FRACTION = 0.99
#: Smallest eigenvalue kept, relative to the largest, when inverting a Newton block.
REGULARIZATION = 1e-12
#: Iterative-refinement steps per Newton solve.
REFINEMENT = 2


def interior_point(X: np.ndarray, y: np.ndarray, M: np.ndarray, beta: float, tol: float, max_iter: int) -> GroupLassoResult:
    """Solve the ReLU program for the pattern matrix ``M`` (n, p) by the method described above.

    Returns the groups ``Z = [U; V]`` (2p, d); ``iterations`` (and ``rounds``) count interior-point
    iterations, at most ``max_iter``.
    """
    n, d = X.shape
    q = 2 * M.shape[1]
    C, S = np.hstack([M, -M]), np.hstack([2.0 * M - 1.0] * 2)
    Z, t = np.zeros((q, d)), np.ones(q)
    s, lam = np.ones((n, q)), np.ones((n, q))
    dual_cone = np.zeros((q, d + 1))
    dual_cone[:, 0] = 1.0
    degree = n * q + 2 * q
    scale = gradient_scale(X, y, C)
    outer = (X[:, :, None] * X[:, None, :]).reshape(n, d * d)
    used = 0
    while True:
        P = X @ Z.T
        residual = np.einsum("jk,jk->j", C, P) - y
        primal_cone = np.concatenate([t[:, None], Z], axis=1)
        primal_residual = S * P - s
        gap = float(np.sum(s * lam) + np.sum(primal_cone * dual_cone))
        dual_z = 2.0 * (residual[:, None] * C).T @ X - dual_cone[:, 1:] - (S * lam).T @ X
        dual_t = beta - dual_cone[:, 0]
        value = objective(Z, X, y, C, beta)
        violation = float(np.maximum(-S * P, 0.0).max(initial=0.0))
        dual_error = max(float(np.abs(dual_z).max()), float(np.abs(dual_t).max()))
        if gap <= SAFETY * tol * (1.0 + value) and violation <= tol and dual_error <= tol * scale:
            return GroupLassoResult(Z, value, violation, gap, used, used, True)
        interior = bool(np.all(soc_det(primal_cone) > 0) and np.all(soc_det(dual_cone) > 0))
        if used == max_iter or not interior:  # budget spent, or the cones' interiors lost to rounding
            return GroupLassoResult(Z, value, violation, gap, used, used, False)
        H = nesterov_todd(primal_cone, dual_cone)
        weights = lam / s
        system = NewtonSystem(X, C, (weights.T @ outer).reshape(q, d, d), H, n <= q * d)
        if not system.finite:
            return GroupLassoResult(Z, value, violation, gap, used, used, False)
        used += 1

        def direction(target: float, correction: np.ndarray | float) -> tuple[np.ndarray, ...]:
            """Newton direction towards the complementarity ``target`` (0: affine), and its largest step."""
            complementarity = target - s * lam - correction
            cone_rhs = -dual_cone + 2.0 * target * reflect(primal_cone) / soc_det(primal_cone)[:, None]
            v = weights * (-primal_residual) + complementarity / s
            step_z, step_t = system.solve(-dual_z + (S * v).T @ X + cone_rhs[:, 1:], -dual_t + cone_rhs[:, 0])
            step_lam = weights * (-primal_residual - S * (X @ step_z.T)) + complementarity / s
            step_s = (complementarity - s * step_lam) / lam
            step_cone = np.concatenate([step_t[:, None], step_z], axis=1)
            step_dual = cone_rhs - batch_matvec(H, step_cone)
            limits = (linear_step(s, step_s), linear_step(lam, step_lam), cone_step(primal_cone, step_cone), cone_step(dual_cone, step_dual))
            return step_z, step_t, step_s, step_lam, step_cone, step_dual, min(1.0, *limits)

        # predictor (affine step): its predicted gap sets the centering (Mehrotra's heuristic)
        _, _, step_s, step_lam, step_cone, step_dual, a = direction(0.0, 0.0)
        predicted = float(np.sum((s + a * step_s) * (lam + a * step_lam)) + np.sum((primal_cone + a * step_cone) * (dual_cone + a * step_dual)))
        # corrector, with the second-order term of the linear complementarity
        step_z, step_t, step_s, step_lam, _, step_dual, a = direction((predicted / gap) ** 3 * gap / degree, step_s * step_lam)
        a *= STEP_FRACTION
        Z, t, s, lam = Z + a * step_z, t + a * step_t, s + a * step_s, lam + a * step_lam
        dual_cone = dual_cone + a * step_dual


def soc_det(v: np.ndarray) -> np.ndarray:
    r""":math:`v_0^2 - \|v_{1:}\|^2` for each row of ``v`` (k, d+1), factored to avoid cancellation."""
    norms = np.linalg.norm(v[:, 1:], axis=1)
    return (v[:, 0] - norms) * (v[:, 0] + norms)


def reflect(v: np.ndarray) -> np.ndarray:
    """``J v`` with ``J = diag(1, -1, ..., -1)``, row by row."""
    out = -v
    out[:, 0] = v[:, 0]
    return out


def nesterov_todd(x: np.ndarray, z: np.ndarray) -> np.ndarray:
    r"""The Nesterov-Todd scaling matrices ``H`` (k, d+1, d+1), with ``H_k x_k = z_k``, of cone pairs.

    For interior points ``x``, ``z`` of the second-order cone, with :math:`\bar x = x/\sqrt{x^\top Jx}`,
    :math:`\bar z = z/\sqrt{z^\top Jz}` and :math:`v = (\bar z + J\bar x)/\sqrt{2(1 + \bar x^\top\bar z)}`
    (so that :math:`v^\top J v = 1`): :math:`H = \sqrt{z^\top Jz / x^\top Jx}\,(2vv^\top - J)`,
    symmetric positive definite.
    """
    det_x, det_z = soc_det(x), soc_det(z)
    xb, zb = x / np.sqrt(det_x)[:, None], z / np.sqrt(det_z)[:, None]
    v = (zb + reflect(xb)) / np.sqrt(2.0 * (1.0 + np.sum(xb * zb, axis=1)))[:, None]
    H = 2.0 * v[:, :, None] * v[:, None, :]
    diagonal = np.arange(1, x.shape[1])
    H[:, 0, 0] -= 1.0
    H[:, diagonal, diagonal] += 1.0
    return H * np.sqrt(det_z / det_x)[:, None, None]


def batch_matvec(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``A[k] @ b[k]`` for every ``k``: (k, a, c) times (k, c) gives (k, a)."""
    return (A @ b[:, :, None])[:, :, 0]


def linear_step(x: np.ndarray, dx: np.ndarray) -> float:
    """Largest ``a`` with ``x + a dx >= 0`` (``inf`` if ``dx >= 0``), for ``x > 0``."""
    down = dx < 0
    return float(np.min(-x[down] / dx[down])) if down.any() else np.inf


def cone_step(x: np.ndarray, dx: np.ndarray) -> float:
    r"""Largest ``a`` keeping every row of ``x + a dx`` in the second-order cone, for interior ``x``.

    The boundary is the first positive root of :math:`(x_0 + a\,dx_0)^2 - \|x_{1:} + a\,dx_{1:}\|^2`.
    """
    a2, a0 = soc_det(dx), soc_det(x)
    a1 = 2.0 * (x[:, 0] * dx[:, 0] - np.sum(x[:, 1:] * dx[:, 1:], axis=1))
    discriminant = a1 * a1 - 4.0 * a2 * a0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        root = np.sqrt(np.maximum(discriminant, 0.0))
        roots = np.stack([(-a1 - root) / (2.0 * a2), (-a1 + root) / (2.0 * a2)])
        roots = np.where(a2 == 0, -a0 / a1, roots)
    valid = np.isfinite(roots) & (roots > 0) & ((discriminant >= 0) | (a2 == 0))
    return float(np.min(roots, where=valid, initial=np.inf))


class NewtonSystem:
    """The Newton matrix ``B + 2 F^T F`` of one iteration, factored once and solved several times.

    ``blocks`` (q, d, d) are the linear-constraint parts :math:`X^\\top\\mathrm{diag}(\\lambda_k/s_k)X`
    and ``H`` (q, d+1, d+1) the cone scalings, in the order ``(t_k, z_k)``; ``C = [M, -M]`` (n, q).
    ``woodbury`` selects the n x n factorization (else the q d x q d one). ``finite`` is False when
    the iterates have lost precision; nothing is factored then.
    """

    def __init__(self, X: np.ndarray, C: np.ndarray, blocks: np.ndarray, H: np.ndarray, woodbury: bool) -> None:
        self.X, self.C, self.woodbury = X, C, woodbury
        self.zz = blocks + H[:, 1:, 1:]
        self.zt, self.tt = H[:, 1:, 0], H[:, 0, 0]
        self.finite = bool(np.all(np.isfinite(self.zz)) and np.all(np.isfinite(self.tt)) and np.all(self.tt > 0))
        if not self.finite:
            return
        n, d = X.shape
        p = C.shape[1] // 2
        schur = self.zz - self.zt[:, :, None] * self.zt[:, None, :] / self.tt[:, None, None]
        values, vectors = np.linalg.eigh(schur)
        values = np.maximum(values, REGULARIZATION * values[:, -1:])
        if woodbury:
            self.inverse = (vectors / values[:, None, :]) @ vectors.transpose(0, 2, 1)
            pair_values, pair_vectors = np.linalg.eigh(self.inverse[:p] + self.inverse[p:])
            root = pair_vectors * np.sqrt(np.maximum(pair_values, 0.0))[:, None, :]
            W = (C[:, :p].T[:, :, None] * (X @ root)).transpose(1, 0, 2).reshape(n, p * d)
            core = dsyrk(1.0, W, lower=1)
            core[np.diag_indices(n)] += 0.5
        else:
            FM = (C[:, :p].T[:, :, None] * X[None]).transpose(1, 0, 2).reshape(n, p * d)
            gram = 2.0 * FM.T @ FM
            core = np.block([[gram, -gram], [-gram, gram]])
            index = np.arange(2 * p)[:, None] * d + np.arange(d)
            core[index[:, :, None], index[:, None, :]] += (vectors * values[:, None, :]) @ vectors.transpose(0, 2, 1)
        self.factor = cho_factor(core, lower=True)

    def apply(self, dz: np.ndarray, dt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The exact matrix times ``(dz, dt)``, of shapes (q, d) and (q,)."""
        fit = np.einsum("jk,jk->j", self.C, self.X @ dz.T)
        out_z = batch_matvec(self.zz, dz) + self.zt * dt[:, None] + 2.0 * (fit[:, None] * self.C).T @ self.X
        return out_z, np.sum(self.zt * dz, axis=1) + self.tt * dt

    def _solve_once(self, rz: np.ndarray, rt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        reduced = rz - self.zt * (rt / self.tt)[:, None]
        if self.woodbury:
            first = batch_matvec(self.inverse, reduced)
            u = cho_solve(self.factor, np.einsum("jk,jk->j", self.C, self.X @ first.T))
            dz = first - batch_matvec(self.inverse, (u[:, None] * self.C).T @ self.X)
        else:
            dz = cho_solve(self.factor, reduced.ravel()).reshape(reduced.shape)
        return dz, (rt - np.sum(self.zt * dz, axis=1)) / self.tt

    def solve(self, rz: np.ndarray, rt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Solve for ``(dz, dt)`` with right-hand side ``(rz, rt)``, plus ``REFINEMENT`` refinement steps."""
        dz, dt = self._solve_once(rz, rt)
        for _ in range(REFINEMENT):
            az, at = self.apply(dz, dt)
            ez, et = self._solve_once(rz - az, rt - at)
            dz, dt = dz + ez, dt + et
        return dz, dt
