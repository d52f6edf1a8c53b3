"""The small data sets of the book, generated in code (nothing is downloaded).

Every function returns ``(X, y)`` with ``X`` of shape ``(n, d)`` and ``y`` of
shape ``(n,)``. Where a data set has a bias, it is the last column of ``X``,
a column of ones (see :func:`add_bias`).
"""

from __future__ import annotations

import numpy as np

from hiddenconvex import _checks


#: Largest data sets the generators make (points, input dimension, entries of a Gaussian ``X``): far
#: beyond the book's, and small enough that a mistyped size gets this message, not a MemoryError.
MAX_POINTS = 10**7
MAX_DIM = 10**4
MAX_ENTRIES = 10**8


def _gaussian_size(n: object, d: object) -> tuple[int, int]:
    """``n`` points in ``d`` dimensions, each in range and ``n * d <= MAX_ENTRIES``."""
    n = _checks.integer(n, "n", 1, MAX_POINTS)
    d = _checks.integer(d, "d", 1, MAX_DIM)
    if n * d > MAX_ENTRIES:
        raise ValueError(f"n * d must be at most {MAX_ENTRIES:.0e} entries, got n = {n}, d = {d}")
    return n, d


def add_bias(x: object) -> np.ndarray:
    """Append a column of ones to the data, so that a neuron's last weight acts as its bias.

    ``x`` may be 1-D (``n`` scalar inputs) or 2-D (``n`` points in ``R^d``);
    the result has shape ``(n, d + 1)``.
    """
    arr = _checks.as_array(x, "x")
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
    n, d = _gaussian_size(n, d)
    noise = _checks.nonnegative(noise, "noise")
    bias = _checks.flag(bias, "bias")
    rng = np.random.default_rng(_checks.seed(seed))
    x = rng.standard_normal((n, d))
    if noise == 0.0:
        y = rng.standard_normal(n)
    else:
        y = x @ rng.standard_normal(d) + noise * rng.standard_normal(n)
    return (add_bias(x) if bias else x), y


def bias_pair() -> tuple[np.ndarray, np.ndarray]:
    """1-D inputs -0.2 and 1 with a bias column, labels 0.5 and 1: the single-neuron example of Part II/III.

    A neuron ``w = (w1, w2)`` on this data has its *activation point* at
    ``a = -w2 / w1``, where ``w1 * a + w2 = 0``.
    """
    return add_bias(np.array([-0.2, 1.0])), np.array([0.5, 1.0])


def four_points() -> tuple[np.ndarray, np.ndarray]:
    """Four 1-D inputs with a bias column: x = (-1, -0.4, 0.3, 1), y = (1, -0.3, 0.4, 0.9)."""
    return add_bias(np.array([-1.0, -0.4, 0.3, 1.0])), np.array([1.0, -0.3, 0.4, 0.9])


def sine(n: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """``n`` equally spaced inputs on [-1, 1] with a bias column and labels sin(10 x)."""
    n = _checks.integer(n, "n", 2, MAX_POINTS)
    x = np.linspace(-1.0, 1.0, n)
    return add_bias(x), np.sin(10.0 * x)


def noisy_sine(n: int, noise: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""``n`` inputs drawn uniformly from [-1, 1], with a bias column, and labels
    :math:`\sin(\pi x) + \text{noise}\cdot\varepsilon`, :math:`\varepsilon` standard normal (a train or test set)."""
    n = _checks.integer(n, "n", 1, MAX_POINTS)
    noise = _checks.nonnegative(noise, "noise")
    rng = np.random.default_rng(_checks.seed(seed))
    x = rng.uniform(-1.0, 1.0, n)
    return add_bias(x), np.sin(np.pi * x) + noise * rng.standard_normal(n)


def random_linear(n: int = 100, d: int = 10, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian inputs in ``R^d`` (no bias) with noiseless linear labels ``y = X theta``, theta Gaussian."""
    n, d = _gaussian_size(n, d)
    rng = np.random.default_rng(_checks.seed(seed))
    X = rng.standard_normal((n, d))
    return X, X @ rng.standard_normal(d)


def spirals(n: int = 100, turns: float = 1.25, noise: float = 0.05, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spirals in the plane with labels +1 and -1 (``n`` points in all), plus a bias column.

    A data set that no line separates: the 2-D view of feature learning.
    """
    n = _checks.integer(n, "n", 2, MAX_POINTS)
    turns = _checks.positive(turns, "turns")
    noise = _checks.nonnegative(noise, "noise")
    rng = np.random.default_rng(_checks.seed(seed))
    half = n // 2
    t = np.sqrt(rng.uniform(0.05, 1.0, size=n)) * turns * 2 * np.pi
    radius = t / (turns * 2 * np.pi)
    sign = np.where(np.arange(n) < half, 1.0, -1.0)
    points = sign[:, None] * np.stack([radius * np.cos(t), radius * np.sin(t)], axis=1)
    points += noise * rng.standard_normal((n, 2))
    return add_bias(points), sign
