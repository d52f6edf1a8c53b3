r"""Full-batch gradient descent on :func:`hiddenconvex.loss`.

.. math:: (W, \alpha)_{t+1} = (W, \alpha)_t - \gamma\, \nabla \mathcal{L}\big((W, \alpha)_t\big)

Initialization: unless a starting network is given, every entry of ``W`` and
``alpha`` is drawn independently from :math:`\mathcal{N}(0, \text{scale}^2)`
with ``numpy.random.default_rng(seed)``, so a run is reproducible from its seed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from dataclasses import dataclass

import numpy as np

from hiddenconvex import _checks
from hiddenconvex.network import ReLUNetwork, _loss_and_gradient

#: Most gradient steps of one run (minutes for the book's networks; a typo like 10**12 would never end).
MAX_STEPS = 10**7
#: Most weights a trajectory may record (8 bytes each: 800 MB).
MAX_RECORDED = 10**8

#: A run whose loss grows beyond this multiple of ``1 + initial loss`` is declared divergent.
EXPLOSION_FACTOR = 1e12

#: Parameters of a model, a tuple of arrays, and gradients of the same shapes.
Params = tuple[np.ndarray, ...]
#: A function of the parameters returning the loss and its gradient.
ValueAndGradient = Callable[[Params], tuple[float, Params]]


class DivergenceError(RuntimeError):
    """Gradient descent diverged: the loss became non-finite or exploded.

    Attributes ``step`` (the first step at which it was seen), ``stepsize`` and
    ``loss`` (the offending value) let a caller, such as a widget, report it.
    """

    def __init__(self, step: int, stepsize: float, loss: float) -> None:
        self.step = step
        self.stepsize = stepsize
        self.loss = loss
        super().__init__(
            f"gradient descent diverged at step {step} with stepsize {stepsize:g} "
            f"(loss = {loss:.3g}); try a smaller stepsize"
        )


@dataclass(frozen=True)
class Trajectory:
    """Recorded states of a gradient-descent run: of the basic network (:func:`train_gd`) or of an extension's model.

    Attributes
    ----------
    recorded_steps : array (T,)
        Step number of each record (0 is the initialization; the last step is always recorded).
        A record is addressed by its index ``t`` in ``0..T-1``; :meth:`at_step` finds the index of a step.
    params : tuple of arrays
        The model's parameter arrays at each record, each with a leading axis of length ``T``;
        for :func:`train_gd` they are ``W`` (T, m, d) and ``alpha`` (T, m).
    loss : array (T,)
        The run's objective at each record (:func:`hiddenconvex.loss` for :func:`train_gd`).
    lam, stepsize : float
        The regularization strength and stepsize of the run.
    model : callable
        Builds the network of one record from its parameter arrays (default :class:`hiddenconvex.ReLUNetwork`).
    """

    recorded_steps: np.ndarray
    params: Params
    loss: np.ndarray
    lam: float
    stepsize: float
    model: Callable[..., Any] = ReLUNetwork

    @property
    def W(self) -> np.ndarray:
        """First-layer weights at each record, ``(T, m, d)``."""
        return self.params[0]

    @property
    def alpha(self) -> np.ndarray:
        """Output weights at each record (the last parameter array), ``(T, m)`` for :func:`train_gd`."""
        return self.params[-1]

    def __len__(self) -> int:
        return len(self.recorded_steps)

    def network(self, t: int = -1) -> Any:
        """The network at record index ``t`` in ``[-len(self), len(self) - 1]`` (default: the last record), built by ``model``."""
        t = _checks.index(t, "t", len(self))
        return self.model(*(p[t] for p in self.params))

    def at_step(self, step: int) -> int:
        """The record index ``t`` with ``self.recorded_steps[t] == step``; ``step`` must be a recorded step."""
        step = _checks.integer(step, "step", 0)
        t = int(np.searchsorted(self.recorded_steps, step))
        if t == len(self.recorded_steps) or self.recorded_steps[t] != step:
            raise ValueError(f"step must be a recorded step (every record_every-th, and the last), got {step}; "
                             f"recorded steps run from {self.recorded_steps[0]} to {self.recorded_steps[-1]}")
        return t

    @property
    def final_loss(self) -> float:
        """Loss at the last recorded step."""
        return float(self.loss[-1])


#: Initialization schemes of :func:`init_network`.
INIT_SCHEMES = ("gaussian", "he")


def init_network(m: int, d: int, scale: float, seed: int = 0, scheme: str = "gaussian") -> ReLUNetwork:
    r"""A random network with ``m`` neurons on ``d`` inputs, drawn with ``numpy.random.default_rng(seed)``.

    ``scheme="gaussian"`` (the book's default): every weight i.i.d. :math:`\mathcal{N}(0, \text{scale}^2)`.

    ``scheme="he"`` (He et al., 2015): each layer's weights i.i.d. centred normal with variance
    :math:`2/\text{fan-in}` times :math:`\text{scale}^2`, so :math:`w_{ik} \sim \mathcal{N}(0, 2\,\text{scale}^2/d)`
    and :math:`\alpha_i \sim \mathcal{N}(0, 2\,\text{scale}^2/m)`; ``scale = 1`` is He's initialization.
    Both schemes use the same standard normal draws, so for one seed the He network is the Gaussian
    network of the same scale with ``W`` multiplied by :math:`\sqrt{2/d}` and ``alpha`` by :math:`\sqrt{2/m}`.
    """
    m = _checks.integer(m, "m", 1)
    d = _checks.integer(d, "d", 1)
    scale = _checks.positive(scale, "scale")
    if scheme not in INIT_SCHEMES:
        raise ValueError(f"scheme must be one of {INIT_SCHEMES}, got {scheme!r}")
    rng = np.random.default_rng(_checks.seed(seed))
    W, alpha = scale * rng.standard_normal((m, d)), scale * rng.standard_normal(m)
    if scheme == "he":
        W, alpha = np.sqrt(2.0 / d) * W, np.sqrt(2.0 / m) * alpha
    return ReLUNetwork(W, alpha)


def train_gd(
    X: object,
    y: object,
    m: int,
    lam: float,
    stepsize: float,
    scale: float,
    n_steps: int,
    seed: int = 0,
    record_every: int = 1,
    init: ReLUNetwork | None = None,
    first_layer_ratio: float = 1.0,
) -> Trajectory:
    r"""Run ``n_steps`` iterations of full-batch gradient descent on ``hc.loss(., X, y, lam)``.

    With ``first_layer_ratio`` :math:`\varepsilon \ne 1` the two layers take different stepsizes
    (the *two-timescale* regime of Marion & Berthier, 2023, for :math:`\varepsilon \ll 1`):
    :math:`W \leftarrow W - \varepsilon\gamma\, \nabla_W \mathcal{L}` and
    :math:`\alpha \leftarrow \alpha - \gamma\, \nabla_\alpha \mathcal{L}`.

    Parameters
    ----------
    X, y : arrays (n, d) and (n,)
        Data (fold a bias into ``X`` with :func:`hiddenconvex.data.add_bias`).
    m : int >= 1
        Number of neurons.
    lam : float >= 0
        Weight decay λ.
    stepsize : float > 0
        Stepsize γ.
    scale : float > 0
        Standard deviation of the Gaussian initialization (ignored when ``init`` is given).
    n_steps : int >= 0
        Number of gradient steps.
    seed : int
        Seed of the initialization.
    record_every : int >= 1
        Keep every ``record_every``-th state (the last one is always kept); their step numbers
        are the trajectory's ``recorded_steps``.
    init : ReLUNetwork, optional
        Starting network of width ``m`` and dimension ``d``, instead of a random one.
    first_layer_ratio : float > 0
        Stepsize of the first layer divided by ``stepsize`` (1: plain gradient descent).

    Raises
    ------
    DivergenceError
        When the loss becomes non-finite or exceeds ``EXPLOSION_FACTOR * (1 + initial loss)``.
    """
    X, y = _checks.as_data(X, y)
    m = _checks.integer(m, "m", 1)
    lam = _checks.nonnegative(lam, "lam")
    stepsize = _checks.positive(stepsize, "stepsize")
    scale = _checks.positive(scale, "scale")
    n_steps = _checks.integer(n_steps, "n_steps", 0, MAX_STEPS)
    record_every = _checks.integer(record_every, "record_every", 1)
    first_layer_ratio = _checks.positive(first_layer_ratio, "first_layer_ratio")
    records = n_steps // record_every + 2
    if records * m * X.shape[1] > MAX_RECORDED:
        raise ValueError(
            f"recording {records} states of {m} x {X.shape[1]} weights needs more than {MAX_RECORDED} numbers; "
            f"raise record_every (now {record_every})"
        )
    if init is None:
        init = init_network(m, X.shape[1], scale, seed)
    elif init.W.shape != (m, X.shape[1]):
        raise ValueError(f"init must have W of shape (m, d) = {(m, X.shape[1])}, got {init.W.shape}")

    def value_and_gradient(params: Params) -> tuple[float, Params]:
        grad_W, grad_alpha, value = _loss_and_gradient(params[0], params[1], X, y, lam)
        return value, (grad_W, grad_alpha)

    update = None
    if first_layer_ratio != 1.0:
        def update(params: Params, grads: Params, t: int) -> Params:
            return params[0] - first_layer_ratio * stepsize * grads[0], params[1] - stepsize * grads[1]

    start = (init.W.copy(), init.alpha.copy())
    return recorded_descent(start, value_and_gradient, lam, stepsize, n_steps, record_every, update=update)


def recorded_descent(
    params: Params,
    value_and_gradient: ValueAndGradient,
    lam: float,
    stepsize: float,
    n_steps: int,
    record_every: int = 1,
    model: Callable[..., Any] = ReLUNetwork,
    update: Callable[[Params, Params, int], Params] | None = None,
) -> Trajectory:
    """Run :func:`gradient_steps` from ``params`` and keep every ``record_every``-th state and the last one.

    The one way every gradient-descent run of the package (:func:`train_gd` and the ``train_gd``
    of each model in :mod:`hiddenconvex.extensions`) becomes a :class:`Trajectory`; ``lam`` is only
    recorded, the objective is ``value_and_gradient``; ``update`` goes to :func:`gradient_steps`.
    """
    stepsize = _checks.positive(stepsize, "stepsize")
    n_steps = _checks.integer(n_steps, "n_steps", 0)
    record_every = _checks.integer(record_every, "record_every", 1)
    recorded = list(range(0, n_steps + 1, record_every))
    if recorded[-1] != n_steps:
        recorded.append(n_steps)
    slot = {t: k for k, t in enumerate(recorded)}
    stores = tuple(np.empty((len(recorded), *np.shape(p))) for p in params)
    loss_rec = np.empty(len(recorded))

    def record(t: int, state: Params, value: float) -> None:
        if t in slot:
            for store, p in zip(stores, state):
                store[slot[t]] = p
            loss_rec[slot[t]] = value

    gradient_steps(params, value_and_gradient, stepsize, n_steps, record, update)
    return Trajectory(np.array(recorded), stores, loss_rec, lam, stepsize, model)


def gradient_steps(
    params: Params,
    value_and_gradient: ValueAndGradient,
    stepsize: float,
    n_steps: int,
    visit: Callable[[int, Params, float], None],
    update: Callable[[Params, Params, int], Params] | None = None,
) -> Params:
    r"""Full-batch gradient descent :math:`\theta_{t+1} = \theta_t - \gamma \nabla \mathcal{L}(\theta_t)` on every array.

    Calls ``visit(t, params, loss)`` at steps ``t = 0..n_steps`` and returns the final parameters.
    ``update(params, grads, t)``, when given, replaces the plain step (momentum and Adam, see
    :mod:`hiddenconvex.optimizers`).
    Raises :class:`DivergenceError` when the loss becomes non-finite or exceeds
    ``EXPLOSION_FACTOR * (1 + initial loss)``; the one loop behind :func:`train_gd` and the
    models of :mod:`hiddenconvex.extensions`.
    """
    limit = np.inf
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(n_steps + 1):
            value, grads = value_and_gradient(params)
            if t == 0:
                limit = EXPLOSION_FACTOR * (1.0 + value)
            if not np.isfinite(value) or value > limit:
                raise DivergenceError(step=t, stepsize=stepsize, loss=value)
            visit(t, params, value)
            if t < n_steps:
                if update is None:
                    params = tuple(p - stepsize * g for p, g in zip(params, grads))
                else:
                    params = update(params, grads, t)
    return params


def two_neuron_paths(X: np.ndarray, y: np.ndarray, starts: object, stepsize: float = 0.05, n_steps: int = 400) -> np.ndarray:
    r"""Gradient-descent paths of two 1-D neurons with output weights fixed to 1.

    The loss is :math:`L(w_1, w_2) = \sum_j (\max(0, w_1 x_j) + \max(0, w_2 x_j) - y_j)^2`, whose
    gradient is :math:`\partial L / \partial w_k = 2 \sum_j r_j\, \one[w_k x_j > 0]\, x_j` with
    :math:`r_j` the residual. ``X`` must have one column; ``starts`` has shape ``(k, 2)``.
    Returns the paths, shape ``(k, n_steps + 1, 2)``.
    """
    X, y = _checks.as_data(X, y)
    if X.shape[1] != 1:
        raise ValueError(f"X must have one column (1-D neurons), got {X.shape[1]}")
    starts = np.asarray(starts, dtype=float)
    if starts.ndim != 2 or starts.shape[1] != 2 or not np.all(np.isfinite(starts)):
        raise ValueError(f"starts must be a finite array of shape (k, 2), got shape {starts.shape}")
    stepsize = _checks.positive(stepsize, "stepsize")
    n_steps = _checks.integer(n_steps, "n_steps", 1)
    x = X[:, 0]
    paths = np.empty((len(starts), n_steps + 1, 2))
    paths[:, 0] = starts
    for t in range(n_steps):
        w = paths[:, t]  # (k, 2)
        pre = w[:, :, None] * x  # (k, 2, n)
        residual = np.maximum(pre, 0.0).sum(axis=1) - y  # (k, n)
        grad = 2 * np.einsum("kn,kin,n->ki", residual, (pre > 0).astype(float), x)
        paths[:, t + 1] = w - stepsize * grad
    return paths
