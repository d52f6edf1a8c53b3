r"""What gradient descent does to the neurons: patterns, activation points and the early direction flow.

Functions here read a :class:`hiddenconvex.Trajectory` (or one network) and
return arrays; the figures built from them are in :mod:`hiddenconvex.plots.dynamics`.

**Patterns along a run.** At each recorded step the neurons' activation
patterns :math:`\mathbb{1}[X w_i > 0]` (:func:`hiddenconvex.pattern_of`) are a
handful of rows among the many realizable ones. :func:`distinct_pattern_counts`
counts them; :func:`restricted_convex_values` solves the convex program
*restricted to the patterns the network uses* (:mod:`hiddenconvex.restricted` states the rule)
at chosen records; each value is a lower bound on the loss of the network that supplied the
patterns.

**Small initialization.** While every weight is tiny the network's output is
negligible, the residual is :math:`r_j = f(x_j) - y_j \approx -y_j`, and the
gradient flow :math:`\dot\theta = -\nabla\mathcal{L}(\theta)` of the loss
:math:`\sum_j r_j^2 + \lambda\sum_i(\|w_i\|^2 + \alpha_i^2)` becomes

.. math::

    \dot w_i \approx 2\alpha_i\, g(w_i) - 2\lambda w_i, \qquad
    \dot\alpha_i \approx 2\, w_i^\top g(w_i) - 2\lambda\alpha_i, \qquad
    g(w) = \sum_j y_j\, \mathbb{1}[w^\top x_j > 0]\, x_j ,

(:func:`early_phase_velocity`). The weight-decay term is radial, so the
direction :math:`\hat w_i = w_i/\|w_i\|` obeys

.. math:: \dot{\hat w}_i = \frac{2\alpha_i}{\|w_i\|}\,(I - \hat w_i \hat w_i^\top)\, g(\hat w_i),

a flow on the sphere whose speed, but not path, depends on the neuron's scale.
:func:`direction_flow` evaluates this flow on the circle of directions of 2-D weights;
:func:`early_phase_run` follows the approximate dynamics; :func:`aligned_directions`
lists the rest points of the direction flow :math:`\hat w \propto \operatorname{sign}(\alpha)\, g_D`, one per
activation pattern :math:`D` that the direction itself realizes
(Boursier, Pillaud-Vivien & Flammarion, 2022).
"""

from __future__ import annotations

import numpy as np

from hiddenconvex import _checks
from hiddenconvex.network import ReLUNetwork
from hiddenconvex.patterns import activation_patterns, pattern_of
from hiddenconvex.restricted import restricted_value
from hiddenconvex.training import Trajectory


def distinct_pattern_counts(traj: Trajectory, X: object) -> np.ndarray:
    """Number of distinct activation patterns among the neurons at each record of ``traj``.

    A dead neuron (all-zero pattern) counts as one pattern like any other.
    Returns an int array of shape ``(T,)``.
    """
    X = _checks.as_matrix(X, "X")
    _check_trajectory(traj, X)
    return np.array([len(np.unique(pattern_of(W, X), axis=0)) for W in traj.W])


def restricted_convex_values(traj: Trajectory, X: object, y: object, records: object) -> np.ndarray:
    r"""The restricted optimum :func:`hiddenconvex.restricted.restricted_value` at the given records of ``traj``.

    For record ``t`` the convex program is built on the patterns that the network
    ``traj.network(t)`` uses (:func:`hiddenconvex.restricted.used_patterns`), with the run's
    own weight decay ``traj.lam``. Each value is at most ``traj.loss[t]``. ``records`` are
    indices into the trajectory (not step numbers). Returns a float array of the same length.
    """
    X, y = _checks.as_data(X, y)
    _check_trajectory(traj, X)
    records = _checks.indices(records, "records", len(traj))
    return np.array([restricted_value(traj.network(t), X, y, traj.lam) for t in records])


def first_step_below(traj: Trajectory, level: float) -> int | None:
    """The first recorded step whose loss is strictly below ``level``, or ``None``."""
    level = _checks.real_number(level, "level")
    below = np.flatnonzero(traj.loss < level)
    return int(traj.recorded_steps[below[0]]) if len(below) else None


def early_phase_velocity(W: object, alpha: object, X: object, y: object, lam: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    r"""The small-weight approximation of :math:`-\nabla\mathcal{L}` (the residual replaced by :math:`-y`).

    Returns ``(dW, dalpha)`` of shapes ``(m, d)`` and ``(m,)``:
    :math:`\dot w_i = 2\alpha_i \sum_j y_j \mathbb{1}[w_i^\top x_j > 0] x_j - 2\lambda w_i` and
    :math:`\dot\alpha_i = 2\sum_j y_j \max(0, w_i^\top x_j) - 2\lambda\alpha_i`.
    """
    X, y = _checks.as_data(X, y)
    W = _checks.as_matrix(np.atleast_2d(W), "W")
    alpha = _checks.as_vector(alpha, "alpha", length=W.shape[0])
    lam = _checks.nonnegative(lam, "lam")
    if W.shape[1] != X.shape[1]:
        raise ValueError(f"W has {W.shape[1]} columns but X has {X.shape[1]}")
    pre = X @ W.T  # (n, m)
    g = ((pre > 0) * y[:, None]).T @ X  # (m, d): g(w_i)
    return 2.0 * alpha[:, None] * g - 2.0 * lam * W, 2.0 * (np.maximum(pre, 0.0).T @ y) - 2.0 * lam * alpha


def early_phase_run(init: ReLUNetwork, X: object, y: object, lam: float, stepsize: float, n_steps: int) -> ReLUNetwork:
    r"""Euler steps of the small-weight dynamics :func:`early_phase_velocity`, from ``init``.

    The same recursion as gradient descent, :math:`\theta_{t+1} = \theta_t + \gamma\, v(\theta_t)`,
    with the residual frozen at :math:`-y`. While the true network's output stays
    negligible the two runs agree; compare them with :func:`cosines`.
    Returns the network after ``n_steps`` steps.
    """
    _checks.instance(init, ReLUNetwork, "init")
    stepsize = _checks.positive(stepsize, "stepsize")
    n_steps = _checks.integer(n_steps, "n_steps", 0)
    W, alpha = init.W.copy(), init.alpha.copy()
    for _ in range(n_steps):
        dW, dalpha = early_phase_velocity(W, alpha, X, y, lam)
        W, alpha = W + stepsize * dW, alpha + stepsize * dalpha
    return ReLUNetwork(W, alpha)


def direction_flow(X: object, y: object, angles: object) -> np.ndarray:
    r"""The early-phase direction flow on the unit circle, for weights in the plane (``X`` with 2 columns).

    At the direction :math:`u(\theta) = (\cos\theta, \sin\theta)` with tangent
    :math:`t(\theta) = (-\sin\theta, \cos\theta)`, returns
    :math:`\omega(\theta) = t(\theta)^\top g(u(\theta))`, one value per angle. A neuron whose direction
    is at angle :math:`\theta` turns at :math:`\dot\theta = (2\alpha_i/\|w_i\|)\,\omega(\theta)`
    (module docstring): towards growing :math:`\theta` where :math:`\alpha_i\,\omega > 0`. The flow
    vanishes at the aligned directions (:func:`aligned_directions`) and on directions that activate no point.
    """
    X, y = _checks.as_data(X, y)
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 columns (weights in the plane), got {X.shape[1]}")
    angles = _checks.as_vector(angles, "angles")
    if angles.size == 0:
        raise ValueError("angles must hold at least one angle")
    U = np.column_stack([np.cos(angles), np.sin(angles)])
    T = np.column_stack([-np.sin(angles), np.cos(angles)])
    g = ((U @ X.T > 0) * y[None, :]) @ X  # (k, 2): g(u(theta_k))
    return np.sum(T * g, axis=1)


def aligned_directions(X: object, y: object, sign: float = 1.0) -> np.ndarray:
    r"""Rest points of the direction flow: unit vectors :math:`z = s\, g_D / \|g_D\|` realizing their own pattern.

    For each realizable pattern :math:`D` (:func:`hiddenconvex.activation_patterns`),
    :math:`g_D = \sum_j y_j D_{jj} x_j`; the candidate :math:`z = s\,g_D/\|g_D\|`
    is kept when :math:`\mathbb{1}[Xz > 0] = D`. Neurons with :math:`\alpha_i` of
    sign ``sign`` can only settle (during the early phase) on these directions or on
    directions that activate no data point. Returns an array ``(k, d)``.
    """
    X, y = _checks.as_data(X, y)
    s = 1.0 if _checks.real_number(sign, "sign") >= 0 else -1.0
    patterns = activation_patterns(X)
    g = (patterns * y[None, :]) @ X  # (p, d)
    norms = np.linalg.norm(g, axis=1)
    keep = norms > 0
    Z = s * g[keep] / norms[keep, None]
    consistent = np.all(pattern_of(Z, X) == patterns[keep], axis=1)
    return Z[consistent]


def cosines(A: object, B: object) -> np.ndarray:
    """Row-wise cosine of the angle between the rows of ``A`` and ``B`` (same shape ``(m, d)``)."""
    A = _checks.as_matrix(np.atleast_2d(A), "A")
    B = _checks.as_matrix(np.atleast_2d(B), "B")
    if A.shape != B.shape:
        raise ValueError(f"A and B must have the same shape, got {A.shape} and {B.shape}")
    norms = np.linalg.norm(A, axis=1) * np.linalg.norm(B, axis=1)
    if np.any(norms == 0):
        raise ValueError("A and B must have non-zero rows")
    return np.sum(A * B, axis=1) / norms


def _check_trajectory(traj: Trajectory, X: np.ndarray) -> None:
    if not isinstance(traj, Trajectory):
        raise ValueError(f"traj must be a hc.Trajectory (from hc.train_gd), got {type(traj).__name__}")
    if traj.model is not ReLUNetwork:
        raise ValueError(f"traj must be a run of the two-layer ReLU network (hc.train_gd), got one of {traj.model.__name__}")
    if traj.W.shape[2] != X.shape[1]:
        raise ValueError(f"the trajectory's neurons have dimension {traj.W.shape[2]} but X has {X.shape[1]} columns")
