"""Independent oracles for the tests: an LP brute force for realizable patterns."""

from __future__ import annotations

import itertools

import numpy as np
from scipy.optimize import linprog


def lp_realizable_patterns(X: np.ndarray) -> set[tuple[bool, ...]]:
    """Brute force over all 2^n sign vectors: s is a cell iff {w : s_j x_j^T w >= 1} is non-empty.

    A zero row is never active and adds no constraint. The all-zero pattern
    (w = 0) is always added. Only for tiny n.
    """
    n, d = X.shape
    live = np.any(X != 0, axis=1)
    found = {tuple([False] * n)}
    for signs in itertools.product([False, True], repeat=n):
        if any(np.array(signs) & ~live):
            continue
        s = np.where(signs, 1.0, -1.0)[live]
        A = -(s[:, None] * X[live])
        res = linprog(np.zeros(d), A_ub=A, b_ub=-np.ones(len(A)), bounds=[(None, None)] * d, method="highs")
        if res.status == 0:
            found.add(tuple(signs))
    return found


def wgan_feature_gap(X_real, X_fake, directions):
    """delta(u) = mean_j max(0, x_j^T u) over the real points minus the same mean over the fake points, per row u."""
    real = np.maximum(np.asarray(X_real) @ np.asarray(directions).T, 0.0).mean(axis=0)
    fake = np.maximum(np.asarray(X_fake) @ np.asarray(directions).T, 0.0).mean(axis=0)
    return real - fake
