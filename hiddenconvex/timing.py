"""Wall-clock measurements for the performance chapter and the benchmark script.

Timings vary from run to run and machine to machine; the book prints them only as ratios, and
the tests check the values these functions return, never the seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np

from hiddenconvex import _checks
from hiddenconvex.convex import solve_convex
from hiddenconvex.training import train_gd

T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """Call ``fn()`` once; return its result and the elapsed wall-clock seconds."""
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def fast_solver_trace(
    X: object, y: object, lam: float, patterns: object, tols: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    """Seconds and objective values of ``solve_convex(..., solver="fast", tol=t)`` for each ``t`` in ``tols``.

    Each tolerance is a separate run from zero, so the seconds are the time to reach that accuracy.
    """
    if len(tols) == 0:
        raise ValueError("tols must contain at least one tolerance")
    runs = [timed(lambda t=t: solve_convex(X, y, lam, patterns=patterns, solver="fast", tol=t)) for t in tols]
    return np.array([s for _, s in runs]), np.array([sol.value for sol, _ in runs])


def gd_trace(
    X: object, y: object, m: int, lam: float, stepsize: float, scale: float, n_steps: int, seed: int = 0,
    record_every: int = 1,
) -> tuple[np.ndarray, np.ndarray]:
    """Elapsed seconds (estimated as step index times the mean time per step) and loss along ``train_gd``.

    The run is timed as a whole; recording the trajectory is part of the cost.
    """
    n_steps = _checks.integer(n_steps, "n_steps", 1)
    traj, seconds = timed(lambda: train_gd(X, y, m, lam, stepsize, scale, n_steps, seed=seed, record_every=record_every))
    return traj.recorded_steps * (seconds / n_steps), traj.loss
