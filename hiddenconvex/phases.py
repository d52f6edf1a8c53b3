r"""A phase diagram of gradient descent: network width × initialization scale → what the runs find.

For every width :math:`m` in ``widths`` and scale :math:`s` in ``scales``, gradient descent is run
from the seeds' initializations (every weight :math:`\mathcal{N}(0, s^2)`, as
:func:`hiddenconvex.train_gd` draws them) and each end point is measured twice:

* **certified global** — the certificate of :func:`hiddenconvex.certify` (exact patterns) proves
  the run within relative accuracy ``tol`` of the global optimum;
* **patterns changed** — the fraction of the :math:`m` neurons whose activation pattern
  :math:`\one[Xw_i > 0]` at the end differs from the one they started with. Few changes means a
  *lazy* run that keeps the features it was born with; many means an *active* run.

The scale that separates a small from a large initialization is where the random network's output
is as large as the targets. With :math:`w_i \sim \mathcal{N}(0, s^2 I)` and
:math:`\alpha_i \sim \mathcal{N}(0, s^2)` independent, :math:`\mathbb{E}[\alpha_i^2 \max(0, w_i^\top x)^2]
= s^2 \cdot s^2\|x\|^2 / 2`, and the :math:`m` terms are uncorrelated (:math:`\mathbb{E}\alpha_i = 0`), so

.. math:: \mathbb{E}\,\|f_0(X)\|_2^2 = \frac{m s^4 \|X\|_F^2}{2} = \|y\|_2^2
          \iff s^\star(m) = \Big(\frac{2\|y\|_2^2}{\|X\|_F^2}\Big)^{1/4} m^{-1/4} .

Below :math:`s^\star(m)` the network starts near the zero function; above it, it starts with a
random output larger than the data and must first undo it (:func:`output_scale_boundary`).

The runs of one cell are batched over seeds in numpy: the same arithmetic as
:func:`hiddenconvex.train_gd`, so each run agrees with it to rounding.

:func:`scale_sweep` measures the lazy/active contrast on its own, for one wide network: how far the
first layer moves, :math:`\|W_T - W_0\|_F / \|W_0\|_F`, and the fraction of neurons whose pattern
changes (:func:`feature_movement`), for each initialization scale.

:func:`tangent_kernel` splits the network's tangent kernel by layer. With
:math:`J` the Jacobian of the outputs :math:`f(x_j)` with respect to all weights,
:math:`K = JJ^\top = K_W + K_\alpha`, where :math:`K_W` comes from the first layer
(:math:`\partial f(x_j)/\partial w_i = \alpha_i \one[w_i^\top x_j > 0]\, x_j`) and :math:`K_\alpha`
from the second (:math:`\partial f(x_j)/\partial \alpha_i = \max(0, w_i^\top x_j)`). One gradient step
with stepsize :math:`\gamma` changes the outputs by about :math:`-2\gamma K r` (:math:`r` the
residual), so the share of :math:`K_W` in :math:`K` says how much of the fit the first layer does, and
gradient descent near the start is stable only for :math:`\gamma < 2/\lambda_{\max}(2K)`, the
inverse of the largest curvature of the Gauss-Newton part :math:`2J^\top J` of the loss's Hessian.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from hiddenconvex import _checks
from hiddenconvex.certificate import certify
from hiddenconvex.network import ReLUNetwork
from hiddenconvex.patterns import pattern_of
from hiddenconvex.training import EXPLOSION_FACTOR, MAX_STEPS, init_network, train_gd

#: At most this many gradient steps in total (cells × seeds × steps), to keep a call to minutes.
MAX_WORK = 5 * 10**7


@dataclass(frozen=True)
class PhaseDiagram:
    """Result of :func:`phase_diagram`; the arrays have shape ``(len(scales), len(widths))``.

    ``global_fraction``: fraction of the non-diverged seeds whose end point is certified global;
    ``changed_fraction``: mean over those seeds of the fraction of neurons whose pattern changed;
    ``diverged``: number of seeds whose run diverged (their cells' fractions leave them out; NaN
    when every seed diverged); ``boundary``: :math:`s^\\star(m)` at each width.
    """

    widths: np.ndarray
    scales: np.ndarray
    n_seeds: int
    global_fraction: np.ndarray
    changed_fraction: np.ndarray
    diverged: np.ndarray
    boundary: np.ndarray


def output_scale_boundary(X: object, y: object, widths: object) -> np.ndarray:
    r"""The scale :math:`s^\star(m) = (2\|y\|^2 / \|X\|_F^2)^{1/4} m^{-1/4}` at which :math:`\mathbb{E}\|f_0(X)\|^2 = \|y\|^2`."""
    X, y = _checks.as_data(X, y)
    widths = np.array(_widths(widths), dtype=float)
    return (2.0 * (y @ y) / np.sum(X * X)) ** 0.25 * widths**-0.25


def _widths(widths: object) -> list[int]:
    """A non-empty list of widths, each an integer in [1, 10000]."""
    _checks.refuse_converted(widths, "widths")
    if isinstance(widths, (str, bytes)) or not hasattr(widths, "__len__") or len(widths) == 0:
        raise ValueError(f"widths must be a non-empty sequence of integers, got {widths!r}")
    return [_checks.integer(m, "widths", 1, 10_000) for m in widths]


def batched_descent(X: np.ndarray, y: np.ndarray, W: np.ndarray, alpha: np.ndarray, lam: float, stepsize: float,
                    n_steps: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""Gradient descent on :func:`hiddenconvex.loss` for S networks at once.

    ``W`` (S, m, d) and ``alpha`` (S, m) are the starting networks. The gradient is that of
    :func:`hiddenconvex.gradient`, evaluated for all S networks in one pass. A network whose loss
    becomes non-finite or exceeds ``EXPLOSION_FACTOR * (1 + initial loss)`` stops there and is
    flagged. Returns the final ``W``, ``alpha``, their ``loss`` (S,) and ``diverged_at`` (S,): the
    step at which each network was flagged, -1 for those that were not (a flagged network's
    ``W``, ``alpha`` and ``loss`` are those of that step).
    """
    W, alpha = W.copy(), alpha.copy()
    diverged_at = np.full(len(W), -1)
    loss = np.empty(len(W))
    limit = None
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(n_steps + 1):
            live = diverged_at < 0
            pre = W @ X.T  # (S, m, n)
            hidden = np.maximum(pre, 0.0)
            residual = (alpha[:, None, :] @ hidden)[:, 0, :] - y  # (S, n)
            value = np.sum(residual**2, axis=1) + lam * (np.sum(W**2, axis=(1, 2)) + np.sum(alpha**2, axis=1))
            if limit is None:
                limit = EXPLOSION_FACTOR * (1.0 + value)
            loss[live] = value[live]
            diverged_at[live & (~np.isfinite(value) | (value > limit))] = t
            live = diverged_at < 0
            if t == n_steps or not live.any():
                break
            grad_alpha = 2.0 * (hidden @ residual[:, :, None])[:, :, 0] + 2.0 * lam * alpha
            grad_W = 2.0 * alpha[:, :, None] * (((pre > 0) * residual[:, None, :]) @ X)
            grad_W += 2.0 * lam * W
            W[live] -= stepsize * grad_W[live]
            alpha[live] -= stepsize * grad_alpha[live]
    return W, alpha, loss, diverged_at


def phase_diagram(X: object, y: object, lam: float, widths: object, scales: object, seeds: object,
                  stepsize: float, n_steps: int, tol: float = 1e-3) -> PhaseDiagram:
    """Run gradient descent for every width, scale and seed, and measure where the runs end (module docstring).

    ``tol`` is the relative accuracy of "certified global" (:meth:`hiddenconvex.Certificate.is_global`).
    """
    X, y = _checks.as_data(X, y)
    lam = _checks.positive(lam, "lam")
    widths = _widths(widths)
    scales = _checks.as_vector(scales, "scales")
    if np.any(scales <= 0):
        raise ValueError(f"scales must be positive, got {scales}")
    seeds = [_checks.seed(s, "seeds") for s in seeds] if seeds is not None else []
    if not seeds:
        raise ValueError("seeds must contain at least one seed")
    stepsize = _checks.positive(stepsize, "stepsize")
    n_steps = _checks.integer(n_steps, "n_steps", 1, MAX_STEPS)
    tol = _checks.positive(tol, "tol")
    work = len(widths) * len(scales) * len(seeds) * n_steps
    if work > MAX_WORK:
        raise ValueError(f"widths x scales x seeds x n_steps = {work} exceeds {MAX_WORK}; use a smaller grid")
    shape = (len(scales), len(widths))
    global_fraction, changed_fraction = np.full(shape, np.nan), np.full(shape, np.nan)
    diverged = np.zeros(shape, dtype=int)
    for a, scale in enumerate(scales):
        for b, m in enumerate(widths):
            starts = [init_network(m, X.shape[1], float(scale), seed) for seed in seeds]
            W0 = np.stack([net.W for net in starts])
            alpha0 = np.stack([net.alpha for net in starts])
            W, alpha, _, diverged_at = batched_descent(X, y, W0, alpha0, lam, stepsize, n_steps)
            lost = diverged_at >= 0
            diverged[a, b] = int(lost.sum())
            kept = np.flatnonzero(~lost)
            if len(kept) == 0:
                continue
            certified = [certify(ReLUNetwork(W[k], alpha[k]), X, y, lam).is_global(tol) for k in kept]
            changed = [feature_movement(W0[k], W[k], X)[1] for k in kept]
            global_fraction[a, b] = np.mean(certified)
            changed_fraction[a, b] = np.mean(changed)
    return PhaseDiagram(np.array(widths), scales, len(seeds), global_fraction, changed_fraction, diverged,
                        output_scale_boundary(X, y, widths))


def feature_movement(W_start: object, W_end: object, X: object) -> tuple[float, float]:
    r"""How far a first layer moved: :math:`\|W_{end} - W_{start}\|_F / \|W_{start}\|_F`, and the
    fraction of neurons whose activation pattern :math:`\one[Xw_i > 0]` on ``X`` changed."""
    W_start = _checks.as_matrix(W_start, "W_start")
    W_end = _checks.as_matrix(W_end, "W_end")
    X = _checks.as_matrix(X, "X")
    if W_start.shape != W_end.shape or W_start.shape[1] != X.shape[1]:
        raise ValueError(f"W_start {W_start.shape} and W_end {W_end.shape} must have the same shape, "
                         f"with the {X.shape[1]} columns of X")
    start = np.linalg.norm(W_start)
    if start == 0:
        raise ValueError("W_start is zero: the relative movement is undefined")
    changed = np.any(pattern_of(W_start, X) != pattern_of(W_end, X), axis=1)
    return float(np.linalg.norm(W_end - W_start) / start), float(np.mean(changed))


def tangent_kernel(net: ReLUNetwork, X: object) -> tuple[np.ndarray, np.ndarray]:
    r"""The tangent kernel of ``net`` on ``X``, split by layer: ``(K_W, K_alpha)``, each ``(n, n)``.

    :math:`(K_W)_{jk} = \sum_i \alpha_i^2\, \one[w_i^\top x_j > 0]\, \one[w_i^\top x_k > 0]\, x_j^\top x_k` and
    :math:`(K_\alpha)_{jk} = \sum_i \max(0, w_i^\top x_j) \max(0, w_i^\top x_k)` (module docstring).
    """
    _checks.instance(net, ReLUNetwork, "net")
    X = _checks.as_matrix(X, "X")
    if X.shape[1] != net.dim:
        raise ValueError(f"X must have the {net.dim} columns of the network's inputs, got {X.shape[1]}")
    pre = X @ net.W.T  # (n, m)
    hidden = np.maximum(pre, 0.0)
    gates = (pre > 0) * net.alpha  # alpha_i 1[w_i^T x_j > 0]
    return (gates @ gates.T) * (X @ X.T), hidden @ hidden.T


@dataclass(frozen=True)
class ScaleSweep:
    """Gradient descent from several initialization scales (:func:`scale_sweep`).

    Attributes: ``scales`` and ``stepsizes`` (k,), and for each run its ``final_loss``, the relative
    movement ``moved`` of its first layer and the fraction ``changed`` of neurons whose pattern
    changed (:func:`feature_movement`).
    """

    scales: np.ndarray
    stepsizes: np.ndarray
    final_loss: np.ndarray
    moved: np.ndarray
    changed: np.ndarray


def scale_sweep(X: object, y: object, m: int, stepsizes: Mapping[float, float], n_steps: int,
                seed: int = 0) -> ScaleSweep:
    """One run of :func:`hiddenconvex.train_gd` without weight decay for each ``scale: stepsize`` of
    ``stepsizes`` (same width ``m``, seed and number of steps), measured by :func:`feature_movement`.
    A diverging run raises :class:`hiddenconvex.DivergenceError` (lower that scale's stepsize)."""
    X, y = _checks.as_data(X, y)
    if not isinstance(stepsizes, Mapping) or not stepsizes:
        raise ValueError("stepsizes must be a non-empty mapping scale -> stepsize")
    scales = sorted(_checks.positive(scale, "scale") for scale in stepsizes)
    rows = []
    for scale in scales:
        stepsize = stepsizes[scale]
        run = train_gd(X, y, m, 0.0, stepsize, scale, n_steps, seed=seed, record_every=max(int(n_steps), 1))
        rows.append((stepsize, run.final_loss, *feature_movement(run.W[0], run.W[-1], X)))
    stepsize, final_loss, moved, changed = map(np.array, zip(*rows))
    return ScaleSweep(np.array(scales), stepsize, final_loss, moved, changed)
