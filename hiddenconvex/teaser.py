r"""The teaser experiment: a wide network fits :math:`\sin(10x)` by gradient descent, next to the convex optimum.

Ten equally spaced points of :math:`\sin(10x)` on :math:`[-1, 1]` with a bias column
(:func:`hiddenconvex.data.sine`), a network of many neurons trained by full-batch gradient
descent on :func:`hiddenconvex.loss`, and the global optimum of the same loss computed by
:func:`hiddenconvex.solve_convex` over all activation patterns. :func:`sine_teaser` runs the
experiment; its animation draws :func:`hiddenconvex.plots.convex.teaser_frame` at several records with
:func:`hiddenconvex.animation.trajectory_frames` and :func:`hiddenconvex.animation.write_gif`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hiddenconvex import data
from hiddenconvex.convex import ConvexSolution, solve_convex
from hiddenconvex.training import Trajectory, train_gd


@dataclass(frozen=True)
class Teaser:
    """The data, the recorded gradient-descent run and the convex optimum of the teaser."""

    X: np.ndarray
    y: np.ndarray
    trajectory: Trajectory
    solution: ConvexSolution


def sine_teaser(
    m: int = 500,
    lam: float = 1e-3,
    stepsize: float = 2e-3,
    scale: float = 0.05,
    n_steps: int = 40_000,
    seed: int = 0,
    record_every: int = 1000,
    n: int = 10,
) -> Teaser:
    """Train ``m`` neurons on ``n`` points of sin(10x) (+ bias) and solve the convex program.

    Gradient descent: ``hc.train_gd(X, y, m, lam, stepsize, scale, n_steps, seed, record_every)``.
    Convex side: ``hc.solve_convex(X, y, lam)`` over all patterns, whose value is the global
    minimum of the loss, so no recorded loss can be below it.
    """
    X, y = data.sine(n)
    trajectory = train_gd(X, y, m, lam, stepsize, scale, n_steps, seed=seed, record_every=record_every)
    return Teaser(X, y, trajectory, solve_convex(X, y, lam))
