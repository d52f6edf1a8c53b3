r"""The group-lasso program shared by the solvers, and their one result type.

Both programs have the same shape. The unknowns are ``q`` groups :math:`z_k \in \mathbb{R}^d`,
stacked as the rows of ``Z`` (q, d). With data ``X`` (n, d), labels ``y`` (n,) and a
coefficient matrix ``C`` (n, q) the model's fit on point :math:`j` is

.. math:: f_j(Z) = \sum_{k=1}^q C_{jk}\, x_j^\top z_k ,

and the program is the group lasso

.. math::

    \min_Z \; \|f(Z) - y\|_2^2 + \beta \sum_{k=1}^q \|z_k\|_2
    \quad\text{s.t.}\quad S_{jk}\, x_j^\top z_k \ge 0 \ \text{ for all } j, k,

where the constraints are present only for the ReLU program. For the ReLU program with patterns
:math:`D_1, \dots, D_p`, ``Z`` stacks :math:`(u_1..u_p, v_1..v_p)`, ``C = [M, -M]`` and
``S = [2M - 1, 2M - 1]`` with ``M`` (n, p) the pattern matrix; the gated-ReLU program has
``Z = U``, ``C = M`` and no constraints.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np


class StopReason(enum.Enum):
    """Why a solver stopped."""

    #: Every stopping test passed.
    CONVERGED = "converged"
    #: The iteration budget ``max_iter`` was spent first.
    BUDGET_SPENT = "budget spent"
    #: Rounding moved the iterates to the boundary of a cone (interior-point method, very tight ``tol``).
    CONE_INTERIOR_LOST = "cone interior lost"
    #: A Newton system could not be solved (``numpy.linalg.LinAlgError``; its message is kept).
    NEWTON_FAILED = "Newton system failed"
    #: The objective or a stopping quantity became NaN or infinite.
    NON_FINITE = "non-finite values"


@dataclass(frozen=True)
class SolverResult:
    """Outcome of :func:`.rfista.group_lasso` or :func:`.interior_point.interior_point`.

    Attributes
    ----------
    Z : array (q, d)
        The groups :math:`z_k`.
    value : float
        The objective :math:`\\|f(Z) - y\\|^2 + \\beta\\sum_k\\|z_k\\|` at ``Z``.
    violation : float
        Largest constraint violation :math:`\\max_{j,k} (-S_{jk} x_j^\\top z_k)_+` (0 without constraints).
    gap : float
        Duality gap of the interior-point method, a bound on the objective's error (0 without constraints).
    iterations : int
        Iterations used (R-FISTA or interior-point).
    stop : StopReason
        Why the solver stopped.
    detail : str
        More about the stop, when there is more to say (the ``LinAlgError`` message of ``NEWTON_FAILED``).
    """

    Z: np.ndarray
    value: float
    violation: float
    gap: float
    iterations: int
    stop: StopReason
    detail: str = ""

    @property
    def converged(self) -> bool:
        """Whether every stopping test passed within the iteration budget."""
        return self.stop is StopReason.CONVERGED


def fit(P: np.ndarray, C: np.ndarray) -> np.ndarray:
    """The model's fit :math:`f_j = \\sum_k C_{jk} P_{jk}` from ``P = X Z^T`` (n, q)."""
    return np.einsum("jk,jk->j", C, P)


def objective(Z: np.ndarray, X: np.ndarray, y: np.ndarray, C: np.ndarray, beta: float) -> float:
    r""":math:`\|f(Z) - y\|^2 + \beta \sum_k \|z_k\|` (constraints not included)."""
    residual = fit(X @ Z.T, C) - y
    return float(residual @ residual + beta * np.linalg.norm(Z, axis=1).sum())


def gradient_scale(X: np.ndarray, y: np.ndarray, C: np.ndarray) -> float:
    r"""The size :math:`\max(1, \|\nabla\|_F)` of the least-squares gradient at ``Z = 0``; subgradient tolerances are relative to it."""
    return max(1.0, float(np.linalg.norm((2.0 * y[:, None] * C).T @ X)))
