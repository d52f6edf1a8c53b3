"""Pieces shared by the models of :mod:`hiddenconvex.extensions`: initialization, the ReLU layer, validation.

Each model supplies a function ``value_and_gradient(params) -> (loss, grads)``
where ``params`` and ``grads`` are tuples of arrays of equal shapes; its ``train_gd`` runs
:func:`hiddenconvex.training.recorded_descent` on it and returns a :class:`hiddenconvex.Trajectory`,
as :func:`hiddenconvex.train_gd` does. :func:`descend` is the variant for the WGAN
discriminator's ascent, which watches a quantity other than the loss at every step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from hiddenconvex import _checks
from hiddenconvex.training import Params, ValueAndGradient, gradient_steps


@dataclass(frozen=True)
class Descent:
    """Result of :func:`descend`: the ``losses`` (n_steps + 1,) and the ``monitored`` values (n_steps + 1,)."""

    losses: np.ndarray
    monitored: np.ndarray


def descend(
    params: Params,
    value_and_gradient: ValueAndGradient,
    stepsize: float,
    n_steps: int,
    monitor: Callable[[Params], float] | None = None,
) -> Descent:
    """Run ``n_steps`` gradient steps of size ``stepsize`` from ``params``.

    ``monitor`` (optional) is evaluated on the parameters at every step, 0 included.
    Raises :class:`hiddenconvex.DivergenceError` when the loss becomes non-finite
    or exceeds ``EXPLOSION_FACTOR * (1 + initial loss)``.
    """
    stepsize = _checks.positive(stepsize, "stepsize")
    n_steps = _checks.integer(n_steps, "n_steps", 0)
    losses = np.empty(n_steps + 1)
    monitored = np.full(n_steps + 1, np.nan)

    def visit(t: int, params: Params, value: float) -> None:
        losses[t] = value
        if monitor is not None:
            monitored[t] = monitor(params)

    gradient_steps(params, value_and_gradient, stepsize, n_steps, visit)
    return Descent(losses, monitored)


def gaussian_init(shapes: list[tuple[int, ...]], scale: float, seed: int) -> Params:
    """Arrays of the given shapes with i.i.d. :math:`\\mathcal{N}(0, \\text{scale}^2)` entries, from one seeded generator."""
    scale = _checks.positive(scale, "scale")
    rng = np.random.default_rng(_checks.seed(seed))
    return tuple(scale * rng.standard_normal(shape) for shape in shapes)


def relu_layer(X: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pre-activations :math:`XW^\\top` and hidden outputs :math:`\\max(0, XW^\\top)`, both ``(n, m)``."""
    pre = X @ W.T
    return pre, np.maximum(pre, 0.0)


def paired_matrices(A: object, B: object, names: tuple[str, str], axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Validate two matrices that must agree in size along ``axis`` (0: rows, 1: columns)."""
    A = _checks.as_matrix(A, names[0])
    B = _checks.as_matrix(B, names[1])
    if A.shape[axis] != B.shape[axis]:
        what = "rows" if axis == 0 else "columns"
        raise ValueError(f"{names[1]} must have as many {what} as {names[0]} ({A.shape[axis]}), got {B.shape[axis]}")
    return A, B
