r"""A primal-dual interior-point method for the ReLU program, exploiting its structure.

The program (see :mod:`hiddenconvex.convex` and :mod:`.result`) over the ``p`` patterns, the columns of ``M`` (n, p), is

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
Vandenberghe's CVXOPT and in Clarabel), with the second-order correction for both kinds of cone
and the centering parameter capped at ``CENTERING_MAX``. Each iteration solves two Newton systems
with one matrix,

.. math:: \big(B + 2 F^\top F\big)\, \Delta = r ,

where ``F`` (n, q(d+1)) maps the groups to the fit and ``B`` is *block diagonal*: one (d+1) x (d+1)
block per group, :math:`X^\top \mathrm{diag}(\lambda_k / s_k) X` from the linear constraints plus
the scaling matrix of its cone. After eliminating each :math:`\Delta t_k` the blocks :math:`E_k`
are d x d, and the system is solved

* for ``n <= q d`` by the Woodbury identity, which needs one Cholesky factorization of the n x n
  matrix :math:`\tfrac12 I + \sum_i \mathrm{diag}(m_i) X (E_i^{-1} + E_{p+i}^{-1}) X^\top
  \mathrm{diag}(m_i)` (the signs of ``C = [M, -M]`` cancel, so ``u_i`` and ``v_i`` share one term);
* otherwise by a Cholesky factorization of the q d x q d matrix itself.

The sum over patterns, :math:`n^2 p d` operations, dominates the cost; it is formed in single
precision while iterative refinement against the exact (double precision) operator recovers the
accuracy, and in double precision from the first iteration at which refinement no longer reaches
``SINGLE_PRECISION_LIMIT`` (late iterations are ill-conditioned). Each block is inverted with a
relative diagonal shift ``REGULARIZATION`` (late iterations make the blocks nearly singular).
The generic conic solvers build the same Newton system as a sparse matrix with ``n q`` constraint
rows; here it never exceeds ``min(n, q d)`` squared.

It stops when the duality gap :math:`\langle s, \lambda\rangle + \sum_k (t_k\tau_k + z_k^\top\zeta_k)`
(an upper bound on the objective's distance to the optimum, once the residuals vanish) is below
``SAFETY * tol`` relative to :math:`1 +` objective, the largest constraint violation is below ``tol``
and the dual residual is below ``tol`` relative to :func:`.result.gradient_scale`. It
gives up, saying why (:class:`.result.StopReason`), when the budget is spent, the iterates leave the
cones' interiors by rounding (very tight ``tol``), a Newton system cannot be solved, or a quantity
becomes NaN or infinite.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg.blas import dsyrk, ssyrk
from scipy.linalg.lapack import dpotrf, dpotrs

from hiddenconvex._solvers.result import SolverResult, StopReason, gradient_scale, objective

#: Default iteration budget (interior-point iterations).
MAX_ITER = 100_000
#: Default tolerance (constraint violation, relative dual residual; times ``SAFETY`` the relative duality gap).
TOL = 1e-6
#: The duality gap, which bounds the objective's error, must be below ``SAFETY * tol`` relative to 1 + objective.
SAFETY = 0.1
#: Fraction of the largest step that keeps every iterate strictly inside the cones.
STEP_FRACTION = 0.99
#: Largest centering parameter :math:`\sigma` (Mehrotra's :math:`(\mu_{\text{aff}}/\mu)^3`, capped).
CENTERING_MAX = 0.2
#: Diagonal shift of a Newton block, relative to each diagonal entry, when inverting it.
REGULARIZATION = 1e-12
#: Most iterative-refinement steps per Newton solve; refinement stops early below ``REFINED``.
REFINEMENT = 3
#: Relative residual of a Newton solve at which iterative refinement stops.
REFINED = 1e-10
#: Refined residual above which the Newton matrix is formed in double precision from then on.
SINGLE_PRECISION_LIMIT = 1e-8
#: Refined residual above which a Woodbury solve is abandoned for the direct (q d x q d) factorization.
WOODBURY_LIMIT = 1e-6
#: Relative residual of a Newton solve beyond which the iterates are taken to have lost precision.
NEWTON_LIMIT = 1e-2
#: Largest q d for which that direct factorization is formed (its matrix takes 8 (q d)^2 bytes).
DIRECT_MAX = 6000


def interior_point(
    X: np.ndarray, y: np.ndarray, M: np.ndarray, beta: float, tol: float = TOL, max_iter: int = MAX_ITER
) -> SolverResult:
    """Solve the ReLU program for the pattern matrix ``M`` (n, p) by the method described above.

    Returns the groups ``Z = [U; V]`` (2p, d); ``iterations`` counts interior-point iterations, at
    most ``max_iter``; ``stop`` says why it stopped.
    """
    data = ProgramData(X, M)
    n, d, q, C, S = data.n, data.d, data.q, data.C, data.S
    Z, t = np.zeros((q, d)), np.ones(q)
    s, lam = np.ones((n, q)), np.ones((n, q))
    dual_cone = np.zeros((q, d + 1))
    dual_cone[:, 0] = 1.0
    degree = n * q + 2 * q  # of the barrier: 1 per linear constraint, 2 per second-order cone
    scale = gradient_scale(X, y, C)
    single = data.woodbury
    used = 0
    while True:
        P = X @ Z.T
        residual = data.fit(Z) - y
        primal_cone = np.concatenate([t[:, None], Z], axis=1)
        primal_residual = S * P - s
        gap = float(np.sum(s * lam) + np.sum(primal_cone * dual_cone))
        dual_z = 2.0 * data.fit_adjoint(residual) - dual_cone[:, 1:] - (S * lam).T @ X
        dual_t = beta - dual_cone[:, 0]
        value = objective(Z, X, y, C, beta)
        violation = float(np.maximum(-S * P, 0.0).max(initial=0.0))
        dual_error = max(float(np.abs(dual_z).max()), float(np.abs(dual_t).max()))
        if gap <= SAFETY * tol * (1.0 + value) and violation <= tol and dual_error <= tol * scale:
            return SolverResult(Z, value, violation, gap, used, StopReason.CONVERGED)
        if not np.isfinite([value, gap, violation, dual_error]).all():
            return SolverResult(Z, value, violation, gap, used, StopReason.NON_FINITE)
        if used == max_iter:
            return SolverResult(Z, value, violation, gap, used, StopReason.BUDGET_SPENT)
        if not (np.all(soc_det(primal_cone) > 0) and np.all(soc_det(dual_cone) > 0)):  # lost to rounding
            return SolverResult(Z, value, violation, gap, used, StopReason.CONE_INTERIOR_LOST)
        try:
            newton = Linearization(data, s, lam, primal_cone, dual_cone, single)
            step = newton.predictor_corrector((primal_residual, dual_z, dual_t), gap, degree)
        except np.linalg.LinAlgError as exc:  # the iterates lost precision: the Newton matrix is not positive definite
            return SolverResult(Z, value, violation, gap, used, StopReason.NEWTON_FAILED, str(exc))
        used += 1
        single = newton.system.single
        a = STEP_FRACTION * newton.largest_step(step)
        Z, t, s, lam = Z + a * step.z, t + a * step.t, s + a * step.s, lam + a * step.lam
        dual_cone = dual_cone + a * step.dual


class ProgramData:
    """The constant data of one program, ``X`` (n, d) and the pattern matrix ``M`` (n, p), with
    ``C = [M, -M]``, ``S = [2M - 1, 2M - 1]`` and the work arrays that every iteration reuses."""

    def __init__(self, X: np.ndarray, M: np.ndarray) -> None:
        self.X, self.M = X, M
        self.n, self.d = X.shape
        self.p = M.shape[1]
        self.q = 2 * self.p
        self.C, self.S = np.hstack([M, -M]), np.hstack([2.0 * M - 1.0] * 2)
        self.outer = (X[:, :, None] * X[:, None, :]).reshape(self.n, self.d * self.d)
        self.woodbury = self.n <= self.q * self.d
        self._allocate()
        self._mask: np.ndarray | None = None
        self._gram: np.ndarray | None = None
        self._work: dict[type, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def _allocate(self) -> None:
        size = self.n if self.woodbury else self.q * self.d
        self.matrix = np.empty((size, size), order="F")  # the factored matrix, overwritten each iteration

    def leave_woodbury(self) -> bool:
        """Switch to the direct factorization from now on, if its matrix is small enough; say whether it did.

        The Woodbury identity goes through the inverses of the Newton blocks, which late iterations make
        nearly singular; the direct matrix adds the fit's Gram matrix to the blocks before factoring.
        """
        if not self.woodbury or self.q * self.d > DIRECT_MAX:
            return False
        self.woodbury = False
        self._allocate()
        return True

    def mask(self) -> np.ndarray:
        """The pattern matrix with each column repeated d times (n, p d), as booleans (made on first use)."""
        if self._mask is None:
            self._mask = np.repeat(self.M > 0, self.d, axis=1)
        return self._mask

    def work(self, dtype: type) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``X`` in ``dtype``, and work arrays of shapes (n, p d) and (n, n) (made on first use)."""
        if dtype not in self._work:
            n = self.n
            self._work[dtype] = (self.X.astype(dtype), np.empty((n, self.p * self.d), dtype), np.zeros((n, n), dtype, order="F"))
        return self._work[dtype]

    def fit_gram(self) -> np.ndarray:
        """Twice the Gram matrix :math:`F^\\top F` of :meth:`fit` (q d, q d), constant (made on first use)."""
        if self._gram is None:
            n, d, p = self.n, self.d, self.p
            FM = (self.M.T[:, :, None] * self.X[None]).transpose(1, 0, 2).reshape(n, p * d)
            half = 2.0 * FM.T @ FM
            self._gram = np.block([[half, -half], [-half, half]])
        return self._gram

    def fit(self, Z: np.ndarray) -> np.ndarray:
        r"""The fit :math:`f_j = \sum_k C_{jk} x_j^\top z_k = x_j^\top \sum_i M_{ji}(u_i - v_i)` of groups ``Z`` (q, d)."""
        return np.einsum("jd,jd->j", self.X, self.M @ (Z[: self.p] - Z[self.p :]))

    def fit_adjoint(self, r: np.ndarray) -> np.ndarray:
        r"""The adjoint of :meth:`fit`: rows :math:`\sum_j C_{jk} r_j x_j` (q, d) for ``r`` (n,)."""
        half = self.M.T @ (r[:, None] * self.X)
        return np.concatenate([half, -half])


@dataclass
class Direction:
    """A Newton direction: groups ``z`` (q, d), bounds ``t`` (q,), slacks ``s`` and multipliers ``lam``
    (n, q), primal cone ``cone = (t, z)`` and dual cone ``dual`` (q, d+1)."""

    z: np.ndarray
    t: np.ndarray
    s: np.ndarray
    lam: np.ndarray
    cone: np.ndarray
    dual: np.ndarray


class Linearization:
    """The Newton equations at one iterate, solved for several right-hand sides.

    The linear constraints :math:`S\\odot XZ^\\top - s = 0` with complementarity :math:`s\\lambda = \\mu`,
    and the cones :math:`(t_k, z_k)`, :math:`(\\tau_k, \\zeta_k)` with Nesterov-Todd scaling ``H``
    (:math:`\\Delta(\\tau,\\zeta) = r_{\\text{cone}} - H\\,\\Delta(t, z)`), reduce to one solve with ``system``.
    """

    def __init__(self, data: ProgramData, s: np.ndarray, lam: np.ndarray, primal_cone: np.ndarray, dual_cone: np.ndarray, single: bool) -> None:
        self.data, self.s, self.lam = data, s, lam
        self.primal_cone, self.dual_cone = primal_cone, dual_cone
        self.root, self.root_scale = nt_root(primal_cone, dual_cone)
        self.H = scaling_matrix(self.root, self.root_scale)
        self.scaled = scale(self.root, self.root_scale, primal_cone)  # W x = W^{-1} z
        self.weights = lam / s
        blocks = (self.weights.T @ data.outer).reshape(data.q, data.d, data.d)
        self.system = NewtonSystem(data, blocks, self.H, single)

    def predictor_corrector(self, residuals: tuple[np.ndarray, np.ndarray, np.ndarray], gap: float, degree: int) -> Direction:
        r"""Mehrotra's step from an iterate with duality ``gap``, so complementarity :math:`\mu` = ``gap / degree``.

        The affine (predictor) direction aims at zero complementarity; the complementarity
        :math:`\mu_{\text{aff}}` it would reach sets the centering
        :math:`\sigma = \min\big((\mu_{\text{aff}}/\mu)^3, \sigma_{\max}\big)` with
        :math:`\sigma_{\max}` = ``CENTERING_MAX``, and the corrector aims at :math:`\sigma\mu` with the
        predictor's second-order terms subtracted.
        """
        s, lam, primal_cone, dual_cone = self.s, self.lam, self.primal_cone, self.dual_cone
        affine = self.direction(residuals, -s * lam, -dual_cone)
        a = self.largest_step(affine)
        predicted = np.sum((s + a * affine.s) * (lam + a * affine.lam)) + np.sum((primal_cone + a * affine.cone) * (dual_cone + a * affine.dual))
        target = min(float(predicted / gap) ** 3, CENTERING_MAX) * gap / degree
        return self.direction(residuals, target - s * lam - affine.s * affine.lam, self.centering(target) - self.cone_correction(affine))

    def direction(self, residuals: tuple[np.ndarray, np.ndarray, np.ndarray], complementarity: np.ndarray, cone_rhs: np.ndarray) -> Direction:
        """The Newton direction for the primal and dual ``residuals``, the linear
        ``complementarity`` target :math:`s\\Delta\\lambda + \\lambda\\Delta s` and the cone
        right-hand side ``cone_rhs``."""
        primal, dual_z, dual_t = residuals
        weights, S, X = self.weights, self.data.S, self.data.X
        v = complementarity / self.s - weights * primal
        step_z, step_t = self.system.solve(-dual_z + (S * v).T @ X + cone_rhs[:, 1:], -dual_t + cone_rhs[:, 0])
        step_lam = v - weights * (S * (X @ step_z.T))
        step_s = (complementarity - self.s * step_lam) / self.lam
        step_cone = np.concatenate([step_t[:, None], step_z], axis=1)
        return Direction(step_z, step_t, step_s, step_lam, step_cone, cone_rhs - batch_matvec(self.H, step_cone))

    def centering(self, target: float) -> np.ndarray:
        r"""Cone right-hand side towards the central path: :math:`-\zeta + 2\mu J x / (x^\top J x)`."""
        return -self.dual_cone + 2.0 * target * reflect(self.primal_cone) / soc_det(self.primal_cone)[:, None]

    def cone_correction(self, affine: Direction) -> np.ndarray:
        r"""Mehrotra's second-order term for the cones, :math:`W(\lambda^{-1} \circ (W\Delta x \circ W^{-1}\Delta z))`
        in the Jordan algebra of the cone, with :math:`\lambda = W x`."""
        product = jordan_product(scale(self.root, self.root_scale, affine.cone), scale(self.root, 1.0 / self.root_scale, affine.dual, inverse=True))
        return scale(self.root, self.root_scale, jordan_solve(self.scaled, product))

    def largest_step(self, step: Direction) -> float:
        """Largest step in ``[0, 1]`` along ``step`` that keeps every variable in its cone."""
        return min(
            1.0,
            linear_step(self.s, step.s),
            linear_step(self.lam, step.lam),
            cone_step(self.primal_cone, step.cone),
            cone_step(self.dual_cone, step.dual),
        )


def soc_det(v: np.ndarray) -> np.ndarray:
    r""":math:`v_0^2 - \|v_{1:}\|^2` for each row of ``v`` (k, d+1), factored to avoid cancellation."""
    norms = np.linalg.norm(v[:, 1:], axis=1)
    return (v[:, 0] - norms) * (v[:, 0] + norms)


def reflect(v: np.ndarray) -> np.ndarray:
    """``J v`` with ``J = diag(1, -1, ..., -1)``, row by row."""
    out = -v
    out[:, 0] = v[:, 0]
    return out


def nt_root(x: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""The Nesterov-Todd scaling ``W`` of cone pairs, as ``(r, c)`` with :math:`W = c\,(2rr^\top - J)`.

    For interior points ``x``, ``z`` of the second-order cone, with :math:`\bar x = x/\sqrt{x^\top Jx}`
    and :math:`\bar z = z/\sqrt{z^\top Jz}`, the scaling point is
    :math:`v = (\bar z + J\bar x)/\sqrt{2(1 + \bar x^\top\bar z)}` (:math:`v^\top Jv = 1`); ``r`` is
    its Jordan square root :math:`(v + e)/\sqrt{2(v_0 + 1)}` (so :math:`r^\top J r = 1`) and
    :math:`c = (z^\top Jz / x^\top Jx)^{1/4}`. Then :math:`Wx = W^{-1}z`, and :math:`H = W^2` of
    :func:`scaling_matrix` maps ``x`` to ``z``.
    """
    xb, zb = x / np.sqrt(soc_det(x))[:, None], z / np.sqrt(soc_det(z))[:, None]
    v = (zb + reflect(xb)) / np.sqrt(2.0 * (1.0 + np.sum(xb * zb, axis=1)))[:, None]
    r = v / np.sqrt(2.0 * (v[:, 0] + 1.0))[:, None]
    r[:, 0] += 1.0 / np.sqrt(2.0 * (v[:, 0] + 1.0))
    return r, (soc_det(z) / soc_det(x)) ** 0.25


def scaling_matrix(r: np.ndarray, c: np.ndarray) -> np.ndarray:
    r"""The matrices :math:`H = W^2 = c^2 (2vv^\top - J)` (k, d+1, d+1) of :func:`nt_root`'s ``(r, c)``,
    with :math:`v = r \circ r`; symmetric positive definite."""
    v = jordan_product(r, r)
    H = 2.0 * v[:, :, None] * v[:, None, :]
    diagonal = np.arange(1, r.shape[1])
    H[:, 0, 0] -= 1.0
    H[:, diagonal, diagonal] += 1.0
    return H * (c * c)[:, None, None]


def scale(r: np.ndarray, c: np.ndarray, u: np.ndarray, inverse: bool = False) -> np.ndarray:
    r""":math:`W u = c\,(2 r r^\top u - J u)`, row by row; with ``inverse`` (and ``1/c`` for ``c``)
    :math:`W^{-1} u`, since :math:`W^{-1} = c^{-1}(2 Jr (Jr)^\top - J)`."""
    w = reflect(r) if inverse else r
    return c[:, None] * (2.0 * w * np.sum(w * u, axis=1)[:, None] - reflect(u))


def jordan_product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    r""":math:`a \circ b = (a^\top b,\; a_0 b_{1:} + b_0 a_{1:})`, row by row."""
    out = a[:, :1] * b + b[:, :1] * a
    out[:, 0] = np.sum(a * b, axis=1)
    return out


def jordan_solve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    r"""The ``w`` with :math:`a \circ w = b`, row by row, for ``a`` inside the cone."""
    w0 = (a[:, 0] * b[:, 0] - np.sum(a[:, 1:] * b[:, 1:], axis=1)) / soc_det(a)
    out = np.empty_like(b)
    out[:, 0] = w0
    out[:, 1:] = (b[:, 1:] - w0[:, None] * a[:, 1:]) / a[:, :1]
    return out


def batch_matvec(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``A[k] @ b[k]`` for every ``k``: (k, a, c) times (k, c) gives (k, a)."""
    return (A @ b[:, :, None])[:, :, 0]


def linear_step(x: np.ndarray, dx: np.ndarray) -> float:
    """Largest ``a`` with ``x + a dx >= 0`` (``inf`` if ``dx >= 0``), for ``x > 0``."""
    ratios = np.divide(-x, dx, out=np.full_like(x, np.inf), where=dx < 0)
    return float(ratios.min(initial=np.inf))


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


def regularized(E: np.ndarray) -> np.ndarray:
    """The symmetric positive semi-definite blocks ``E`` (k, d, d), each diagonal entry raised by
    ``REGULARIZATION`` times itself (so that the block can be inverted). Relative to each entry, the
    shift does not depend on the scales of the columns of ``X``: it equals a uniform shift of the
    block equilibrated to a unit diagonal."""
    return E + REGULARIZATION * (np.diagonal(E, axis1=1, axis2=2)[:, :, None] * np.eye(E.shape[1]))


def _factor_root(A: np.ndarray) -> np.ndarray:
    """A ``R`` with ``R R^T = A`` for each positive semi-definite block of ``A`` (k, d, d)."""
    try:
        return np.linalg.cholesky(A)
    except np.linalg.LinAlgError:  # a block singular to rounding: its eigendecomposition always works
        values, vectors = np.linalg.eigh(A)
        return vectors * np.sqrt(np.maximum(values, 0.0))[:, None, :]


class NewtonSystem:
    r"""The Newton matrix ``B + 2 F^T F`` of one iteration, factored once and solved several times.

    ``blocks`` (q, d, d) are the linear-constraint parts :math:`X^\top\mathrm{diag}(\lambda_k/s_k)X`
    and ``H`` (q, d+1, d+1) the cone scalings, in the order ``(t_k, z_k)``. ``data.woodbury``
    selects the n x n factorization (else the q d x q d one); ``single`` forms its sum over patterns
    in single precision, until a solve does not refine to ``SINGLE_PRECISION_LIMIT`` (then the
    matrix is formed again in double precision and ``single`` becomes False); a Woodbury solve that
    does not refine to ``WOODBURY_LIMIT`` switches the program to the direct factorization (when its
    matrix has at most ``DIRECT_MAX`` rows). Raises ``numpy.linalg.LinAlgError`` when the matrix is not
    finite or not positive definite, or a solve stays above ``NEWTON_LIMIT`` (the
    iterates have lost precision).
    """

    def __init__(self, data: ProgramData, blocks: np.ndarray, H: np.ndarray, single: bool = False) -> None:
        self.data, self.single = data, single and data.woodbury
        self.zz = blocks + H[:, 1:, 1:]
        self.zt, self.tt = H[:, 1:, 0], H[:, 0, 0]
        if not (np.all(np.isfinite(self.zz)) and np.all(np.isfinite(self.tt)) and np.all(self.tt > 0)):
            raise np.linalg.LinAlgError("the Newton blocks are not finite")
        self.schur = regularized(self.zz - self.zt[:, :, None] * self.zt[:, None, :] / self.tt[:, None, None])
        self.inverse = np.linalg.inv(self.schur)
        self.inverse = 0.5 * (self.inverse + self.inverse.transpose(0, 2, 1))
        self._factor()

    def _factor(self) -> None:
        if self.data.woodbury:
            self._woodbury_matrix()
        else:
            self._direct_matrix()
        self.factor, info = dpotrf(self.data.matrix, lower=1, overwrite_a=1, clean=0)
        if info != 0:
            raise np.linalg.LinAlgError("the Newton matrix is not positive definite")

    def _woodbury_matrix(self) -> None:
        r""":math:`\tfrac12 I + W W^\top` into ``data.matrix``, with the columns of ``W`` (n, p d)
        :math:`\mathrm{diag}(m_i) X R_i` and :math:`R_i R_i^\top = E_i^{-1} + E_{p+i}^{-1}`."""
        data = self.data
        d, p = data.d, data.p
        root = _factor_root(self.inverse[:p] + self.inverse[p:])
        dtype = np.float32 if self.single else np.float64
        X, W, gram = data.work(dtype)
        np.matmul(X, root.transpose(1, 0, 2).reshape(d, p * d).astype(dtype), out=W)
        W *= data.mask()
        gram = (ssyrk if self.single else dsyrk)(1.0, W.T, lower=1, trans=1, c=gram, overwrite_c=1)
        np.copyto(data.matrix, gram)
        data.matrix[np.diag_indices(data.n)] += 0.5

    def _direct_matrix(self) -> None:
        """The q d x q d matrix, the Schur blocks plus :meth:`ProgramData.fit_gram`, into ``data.matrix``."""
        data = self.data
        np.copyto(data.matrix, data.fit_gram())
        index = np.arange(data.q)[:, None] * data.d + np.arange(data.d)
        data.matrix[index[:, :, None], index[:, None, :]] += self.schur

    def apply(self, dz: np.ndarray, dt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The exact matrix times ``(dz, dt)``, of shapes (q, d) and (q,)."""
        out_z = batch_matvec(self.zz, dz) + self.zt * dt[:, None] + 2.0 * self.data.fit_adjoint(self.data.fit(dz))
        return out_z, np.sum(self.zt * dz, axis=1) + self.tt * dt

    def _solve_once(self, rz: np.ndarray, rt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        reduced = rz - self.zt * (rt / self.tt)[:, None]
        if self.data.woodbury:
            first = batch_matvec(self.inverse, reduced)
            u, _ = dpotrs(self.factor, self.data.fit(first), lower=1)
            dz = first - batch_matvec(self.inverse, self.data.fit_adjoint(u))
        else:
            dz = dpotrs(self.factor, reduced.ravel(), lower=1)[0].reshape(reduced.shape)
        return dz, (rt - np.sum(self.zt * dz, axis=1)) / self.tt

    def solve(self, rz: np.ndarray, rt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Solve for ``(dz, dt)`` with right-hand side ``(rz, rt)``, refined against the exact matrix
        (at most ``REFINEMENT`` steps, until the relative residual is below ``REFINED``)."""
        dz, dt, error = self._refined(rz, rt)
        if self.single and not error <= SINGLE_PRECISION_LIMIT:  # too ill-conditioned for single precision (or NaN)
            self.single = False
            self._factor()
            dz, dt, error = self._refined(rz, rt)
        if not error <= WOODBURY_LIMIT and self.data.leave_woodbury():  # the block inverses lost their accuracy
            self._factor()
            dz, dt, error = self._refined(rz, rt)
        if not error <= NEWTON_LIMIT:
            raise np.linalg.LinAlgError(f"the Newton system was solved only to a relative residual of {error:.1e}")
        return dz, dt

    def _refined(self, rz: np.ndarray, rt: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
        """Solve, then refine against the exact matrix; return the solution with the smallest relative
        residual met (refinement can diverge when the factored matrix is far from the exact one)."""
        size = max(np.sqrt(np.sum(rz * rz) + np.sum(rt * rt)), np.finfo(float).tiny)
        best = (np.zeros_like(rz), np.zeros_like(rt), 1.0)  # the zero solution has relative residual 1
        dz, dt = self._solve_once(rz, rt)
        for refined in range(REFINEMENT + 1):
            az, at = self.apply(dz, dt)
            ez, et = rz - az, rt - at
            with np.errstate(over="ignore", invalid="ignore"):
                error = float(np.sqrt(np.sum(ez * ez) + np.sum(et * et)) / size)
            if not error < best[2]:  # diverging (or NaN): keep the best so far
                break
            best = (dz, dt, error)
            if error <= REFINED or refined == REFINEMENT:
                break
            cz, ct = self._solve_once(ez, et)
            dz, dt = dz + cz, dt + ct
        return best
