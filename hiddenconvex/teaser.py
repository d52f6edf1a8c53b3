r"""The teaser experiment: a wide network fits :math:`\sin(10x)` by gradient descent, next to the convex optimum.

Ten equally spaced points of :math:`\sin(10x)` on :math:`[-1, 1]` with a bias column
(:func:`hiddenconvex.data.sine`), a network of many neurons trained by full-batch gradient
descent on :func:`hiddenconvex.loss`, and the global optimum of the same loss computed by
:func:`hiddenconvex.solve_convex` over all activation patterns. :func:`sine_teaser` runs the
experiment, :func:`teaser_gif` turns it into the book's animation.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hiddenconvex import _checks, animation, data
from hiddenconvex.convex import ConvexSolution, solve_convex
from hiddenconvex.plots.convex import teaser_frame
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
    step: float = 2e-3,
    scale: float = 0.05,
    steps: int = 40_000,
    seed: int = 0,
    record_every: int = 1000,
    n: int = 10,
) -> Teaser:
    """Train ``m`` neurons on ``n`` points of sin(10x) (+ bias) and solve the convex program.

    Gradient descent: ``hc.train_gd(X, y, m, lam, step, scale, steps, seed, record_every)``.
    Convex side: ``hc.solve_convex(X, y, lam)`` over all patterns, whose value is the global
    minimum of the loss, so no recorded loss can be below it.
    """
    X, y = data.sine(n)
    trajectory = train_gd(X, y, m, lam, step, scale, steps, seed=seed, record_every=record_every)
    return Teaser(X, y, trajectory, solve_convex(X, y, lam))


def teaser_gif(teaser: Teaser, path: str | os.PathLike, frames: int = 20, dpi: float = 70) -> Path:
    """Write the teaser's animation (GD output against the convex optimum) as a GIF at ``path``.

    ``frames`` records are taken evenly from the trajectory (``frames >= 2``); each frame is
    :func:`hiddenconvex.plots.convex.teaser_frame` rendered at ``dpi``.
    """
    frames = _checks.integer(frames, "frames", 2)
    dpi = _checks.positive(dpi, "dpi")
    picks = np.unique(np.linspace(0, len(teaser.trajectory) - 1, frames).round().astype(int))
    images = []
    for t in picks:
        fig = teaser_frame(teaser.X, teaser.y, teaser.trajectory, teaser.solution, t)
        images.append(animation.figure_to_rgb(fig, dpi=dpi))
    return animation.write_gif(images, path, frame_ms=120, last_frame_ms=2500)
