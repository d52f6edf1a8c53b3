"""Many gradient-descent runs that differ only in their seed: the spread of the losses GD ends at.

:func:`gd_runs` keeps the final state of each run of :func:`hiddenconvex.train_gd`; the chapters
compare those losses with the convex optimum (:func:`hiddenconvex.solve_convex`) and with the
optimum restricted to each network's patterns (:func:`hiddenconvex.restricted.restricted_value`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hiddenconvex.network import ReLUNetwork
from hiddenconvex.training import DivergenceError, train_gd


@dataclass(frozen=True)
class GDRuns:
    """Final states of many gradient-descent runs that differ only in their seed, in the order of the seeds.

    Attributes
    ----------
    losses : array (k,)
        Final losses (NaN for a run that diverged).
    networks : list of ReLUNetwork or None
        Final networks (None for a run that diverged).
    """

    losses: np.ndarray
    networks: list[ReLUNetwork | None]


def gd_runs(
    X: object, y: object, m: int, lam: float, stepsize: float, scale: float, n_steps: int, seeds: Sequence[int]
) -> GDRuns:
    """Run ``hc.train_gd(X, y, m, lam, stepsize, scale, n_steps, seed)`` for each seed in ``seeds``.

    Only the last state of each run is kept, so many runs cost little memory. A diverging run
    is recorded as a NaN loss and a ``None`` network instead of stopping the others.
    """
    losses, networks = [], []
    for seed in seeds:
        try:
            traj = train_gd(X, y, m, lam, stepsize, scale, n_steps, seed=int(seed), record_every=max(n_steps, 1))
        except DivergenceError:
            losses.append(np.nan)
            networks.append(None)
            continue
        losses.append(traj.final_loss)
        networks.append(traj.network())
    return GDRuns(np.array(losses), networks)
