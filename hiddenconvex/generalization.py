r"""Held-out error: the convex regularization path against gradient descent from several initialization scales.

The *test error* of a network :math:`f` on held-out data :math:`(x_j, y_j)_{j \le N}` is the mean
squared error :math:`\frac1N \sum_j (f(x_j) - y_j)^2` (:func:`mean_squared_error`). :func:`held_out_study`
computes it along the convex regularization path (the global minimizer for each λ,
:func:`hiddenconvex.lambda_path.regularization_path`) and for gradient descent without weight decay
(λ = 0) from a few initialization scales and seeds, with the training error of each run, so that a
run that fits the training data as well as another but predicts worse between the data points can
be told apart from one that simply has not fitted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from hiddenconvex import _checks
from hiddenconvex.lambda_path import regularization_path
from hiddenconvex.network import ReLUNetwork
from hiddenconvex.phases import batched_descent
from hiddenconvex.training import MAX_STEPS, DivergenceError, init_network


def mean_squared_error(net: ReLUNetwork, X: object, y: object) -> float:
    """Mean squared error of ``net`` on the data ``X``, ``y``."""
    _checks.instance(net, ReLUNetwork, "net")
    X, y = _checks.as_data(X, y)
    if net.dim != X.shape[1]:
        raise ValueError(f"net has input dimension {net.dim} but X has {X.shape[1]} columns")
    return float(np.mean((net.predict(X) - y) ** 2))


@dataclass(frozen=True)
class HeldOutStudy:
    """Test errors of the convex path and of gradient descent.

    Attributes
    ----------
    lams : array (k,)
        The weight decays of the path.
    path_test, path_train : arrays (k,)
        Test and training mean squared errors of the global minimizer for each λ.
    gd_test, gd_train : dict scale -> array (seeds,)
        Test and training mean squared errors of the gradient-descent runs (λ = 0) from each scale.
    """

    lams: np.ndarray
    path_test: np.ndarray
    path_train: np.ndarray
    gd_test: dict[float, np.ndarray]
    gd_train: dict[float, np.ndarray]


def held_out_study(X: object, y: object, X_test: object, y_test: object, lams: object,
                   stepsizes: Mapping[float, float], m: int, n_steps: int, seeds: int) -> HeldOutStudy:
    """The convex path on ``lams`` and ``seeds`` gradient-descent runs of width ``m`` for each
    ``scale: stepsize`` of ``stepsizes`` (λ = 0, ``n_steps`` steps), all scored on the training data
    and on ``X_test``, ``y_test``. Raises :class:`hiddenconvex.DivergenceError` if a run diverges
    (lower that scale's stepsize), with the step and loss at which the lowest diverging seed was flagged.

    The runs of one scale start from ``hc.train_gd``'s initialization for seeds ``0 .. seeds - 1`` and
    are taken together by :func:`hiddenconvex.phases.batched_descent` (the same steps as ``train_gd``,
    up to rounding)."""
    X, y = _checks.as_data(X, y)
    X_test, y_test = _checks.as_data(X_test, y_test)
    if X_test.shape[1] != X.shape[1]:
        raise ValueError(f"X_test must have the {X.shape[1]} columns of X, got {X_test.shape[1]}")
    if not isinstance(stepsizes, Mapping) or not stepsizes:
        raise ValueError("stepsizes must be a non-empty mapping scale -> stepsize")
    seeds = _checks.integer(seeds, "seeds", 1, 1000)
    m = _checks.integer(m, "m", 1)
    n_steps = _checks.integer(n_steps, "n_steps", 1, MAX_STEPS)
    path = regularization_path(X, y, lams)
    nets = [sol.to_network() for sol in path.solutions]
    gd_test, gd_train = {}, {}
    for scale, stepsize in stepsizes.items():
        stepsize = _checks.positive(stepsize, f"stepsizes[{scale!r}]")
        starts = [init_network(m, X.shape[1], _checks.positive(scale, "scale"), seed) for seed in range(seeds)]
        W, alpha, loss, diverged_at = batched_descent(X, y, np.stack([net.W for net in starts]),
                                                      np.stack([net.alpha for net in starts]), 0.0, stepsize, n_steps)
        if np.any(diverged_at >= 0):
            first = int(np.argmax(diverged_at >= 0))  # the lowest diverging seed
            raise DivergenceError(int(diverged_at[first]), stepsize, float(loss[first]))
        runs = [ReLUNetwork(W[k], alpha[k]) for k in range(seeds)]
        gd_test[float(scale)] = np.array([mean_squared_error(net, X_test, y_test) for net in runs])
        gd_train[float(scale)] = np.array([mean_squared_error(net, X, y) for net in runs])
    return HeldOutStudy(path.lams, np.array([mean_squared_error(net, X_test, y_test) for net in nets]),
                        np.array([mean_squared_error(net, X, y) for net in nets]), gd_test, gd_train)
