"""The small data sets of the book, generated in code (nothing is downloaded).

Every function returns ``(X, y)`` with ``X`` of shape ``(n, d)`` and ``y`` of
shape ``(n,)``. Where a data set has a bias, it is the last column of ``X``,
a column of ones (see :func:`add_bias`).
"""

from __future__ import annotations

import numpy as np

from hiddenconvex import _checks


def add_bias(x: object) -> np.ndarray:
    """Append a column of ones to the data, so that a neuron's last weight acts as its bias.

    ``x`` may be 1-D (``n`` scalar inputs) or 2-D (``n`` points in ``R^d``);
    the result has shape ``(n, d + 1)``.
    """
    arr = np.asarray(x, dtype=float)
    if arr.ndim == 1:
        arr = arr[:, None]
    arr = _checks.as_matrix(arr, "x")
    return np.hstack([arr, np.ones((arr.shape[0], 1))])


def two_points() -> tuple[np.ndarray, np.ndarray]:
    """The running 2-D example: x1 = (-1, 1), x2 = (1, 1) with labels y = (2, 1).

    The second coordinate is constant, so it can be read as a bias column for
    the 1-D inputs -1 and 1.
    """
    return np.array([[-1.0, 1.0], [1.0, 1.0]]), np.array([2.0, 1.0])


def one_neuron_pair() -> tuple[np.ndarray, np.ndarray]:
    """1-D inputs -1 and 1 with labels 1 and 0.5, no bias: a single ReLU has two local minima here."""
    return np.array([[-1.0], [1.0]]), np.array([1.0, 0.5])


def landscape_pair() -> tuple[np.ndarray, np.ndarray]:
    """1-D inputs -1 and 1 with labels 1 and 2, no bias: the two-neuron loss surface of chapter 1."""
    return np.array([[-1.0], [1.0]]), np.array([1.0, 2.0])


def random_regression(n: int, d: int, seed: int = 0, bias: bool = True, noise: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian inputs in ``R^d`` (plus a bias column if ``bias``) and Gaussian labels.

    With ``noise = 0`` the labels are independent standard normals; otherwise
    they are a random linear function of the inputs plus ``noise`` times a normal.
    """
    n = _checks.integer(n, "n", 1)
    d = _checks.integer(d, "d", 1)
    noise = _checks.nonnegative(noise, "noise")
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d))
    if noise == 0.0:
        y = rng.standard_normal(n)
    else:
        y = x @ rng.standard_normal(d) + noise * rng.standard_normal(n)
    return (add_bias(x) if bias else x), y
