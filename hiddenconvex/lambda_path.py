r"""The convex optimum as the weight decay λ varies: the regularization path and the λ beyond which zero is optimal.

The program of :mod:`hiddenconvex.convex` with penalty :math:`\beta = 2\lambda` is solved on a
grid of λ (:func:`regularization_path`, each solution pruned to at most ``n + 1`` groups by
:func:`hiddenconvex.pruning.prune`); :func:`zero_threshold` gives a λ from which on the zero
network is optimal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hiddenconvex import _checks
from hiddenconvex.convex import ConvexSolution, solve_convex
from hiddenconvex.patterns import activation_patterns
from hiddenconvex.pruning import n_active, prune


@dataclass(frozen=True)
class RegularizationPath:
    """The convex optimum on a grid of weight decays λ.

    Attributes
    ----------
    lams : array (k,)
        The weight decays, increasing.
    values : array (k,)
        Optimal values of the convex program (= global minima of ``hc.loss``).
    data_fit : array (k,)
        The squared error :math:`\\|\\sum_i D_i X (u_i - v_i) - y\\|^2` part of each optimum.
    n_active : int array (k,)
        Number of non-zero groups :math:`u_i, v_i`, i.e. neurons of the mapped network.
    solutions : list of ConvexSolution
        The solutions themselves.
    """

    lams: np.ndarray
    values: np.ndarray
    data_fit: np.ndarray
    n_active: np.ndarray
    solutions: list[ConvexSolution]


def regularization_path(X: object, y: object, lams: Sequence[float], patterns: object | None = None) -> RegularizationPath:
    """Solve the convex program for every λ in ``lams`` (all patterns by default), each solution pruned.

    Every solution goes through :func:`prune`, so it has at most ``n + 1`` non-zero groups.

    ``lams`` must be a non-empty increasing sequence of numbers ``>= 0``.
    """
    X, y = _checks.as_data(X, y)
    lams = _checks.as_vector(lams, "lams")
    if len(lams) == 0 or np.any(lams < 0) or np.any(np.diff(lams) <= 0):
        raise ValueError(f"lams must be a non-empty increasing sequence of numbers >= 0, got {lams}")
    if patterns is None:
        patterns = activation_patterns(X)
    sols = [prune(solve_convex(X, y, float(lam), patterns=patterns), X) for lam in lams]
    fits = np.array([np.sum((s.predict_train(X) - y) ** 2) for s in sols])
    return RegularizationPath(
        lams=lams,
        values=np.array([s.value for s in sols]),
        data_fit=fits,
        n_active=np.array([n_active(s) for s in sols]),
        solutions=sols,
    )


def zero_threshold(X: object, y: object, patterns: object | None = None) -> float:
    r"""A weight decay beyond which the zero network is optimal: :math:`\max_i \|X^\top D_i y\|_2`.

    At :math:`u = v = 0` the gradient of the data-fit term along group :math:`i` is
    :math:`\mp 2 X^\top D_i y`; when its norm is at most :math:`\beta = 2\lambda` for every
    pattern, zero satisfies the optimality condition even without the cone constraints, so
    it is optimal for every :math:`\lambda \ge` this threshold (a sufficient condition).
    """
    X, y = _checks.as_data(X, y)
    if patterns is None:
        patterns = activation_patterns(X)
    patterns = _checks.as_patterns(patterns, X.shape[0])
    return float(np.max(np.linalg.norm((patterns * y) @ X, axis=1)))
