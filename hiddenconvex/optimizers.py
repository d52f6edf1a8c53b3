r"""Momentum and Adam for the non-convex loss, written out in numpy, from the same start as gradient descent.

Each optimizer is an *update rule* ``rule(params, grads, t) -> params`` for
:func:`hiddenconvex.training.gradient_steps`, which computes the loss and its gradient
:math:`g_t = \nabla\mathcal{L}(\theta_t)` at every step :math:`t = 0, 1, \dots` and hands them over.
With stepsize :math:`\gamma`:

* **gradient descent**: :math:`\theta_{t+1} = \theta_t - \gamma g_t`;
* **heavy ball** (Polyak's momentum, :func:`heavy_ball`): :math:`v_{t+1} = \mu v_t + g_t`,
  :math:`\theta_{t+1} = \theta_t - \gamma v_{t+1}`, with :math:`v_0 = 0` and :math:`0 \le \mu < 1`;
* **Adam** (Kingma & Ba, 2015, :func:`adam`): :math:`m_{t+1} = \beta_1 m_t + (1 - \beta_1) g_t`,
  :math:`s_{t+1} = \beta_2 s_t + (1 - \beta_2) g_t^2`,
  :math:`\theta_{t+1} = \theta_t - \gamma\, \hat m_{t+1} / (\sqrt{\hat s_{t+1}} + \epsilon)` with the
  bias corrections :math:`\hat m_{t+1} = m_{t+1} / (1 - \beta_1^{t+1})`,
  :math:`\hat s_{t+1} = s_{t+1} / (1 - \beta_2^{t+1})`, all operations entrywise.

:func:`train` runs any of them on :func:`hiddenconvex.loss` from the initialization of
:func:`hiddenconvex.train_gd` (same seed, same weights) and returns a :class:`hiddenconvex.Trajectory`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from hiddenconvex import _checks
from hiddenconvex.network import ReLUNetwork, _loss_and_gradient
from hiddenconvex.training import MAX_STEPS, Params, Trajectory, init_network, recorded_descent

#: An update rule: ``(params, grads, t) -> new params``.
Update = Callable[[Params, Params, int], Params]

OPTIMIZERS = ("gd", "heavy ball", "adam")


def gradient_descent(stepsize: float) -> Update:
    """The plain step :math:`\\theta - \\gamma g`."""
    stepsize = _checks.positive(stepsize, "stepsize")
    return lambda params, grads, t: tuple(p - stepsize * g for p, g in zip(params, grads))


def heavy_ball(stepsize: float, momentum: float = 0.9) -> Update:
    """Polyak's heavy ball with momentum ``momentum`` (module docstring); keeps its velocity between calls."""
    stepsize = _checks.positive(stepsize, "stepsize")
    momentum = _checks.nonnegative(momentum, "momentum")
    if momentum >= 1:
        raise ValueError(f"momentum must be in [0, 1), got {momentum}")
    velocity: list[np.ndarray] = []

    def step(params: Params, grads: Params, t: int) -> Params:
        if not velocity:
            velocity.extend(np.zeros_like(g) for g in grads)
        for v, g in zip(velocity, grads):
            v *= momentum
            v += g
        return tuple(p - stepsize * v for p, v in zip(params, velocity))

    return step


def adam(stepsize: float, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> Update:
    """Adam with bias correction (module docstring); keeps its moment estimates between calls."""
    stepsize = _checks.positive(stepsize, "stepsize")
    for value, name in ((beta1, "beta1"), (beta2, "beta2")):
        if not 0 <= _checks.nonnegative(value, name) < 1:
            raise ValueError(f"{name} must be in [0, 1), got {value}")
    eps = _checks.positive(eps, "eps")
    first: list[np.ndarray] = []
    second: list[np.ndarray] = []

    def step(params: Params, grads: Params, t: int) -> Params:
        if not first:
            first.extend(np.zeros_like(g) for g in grads)
            second.extend(np.zeros_like(g) for g in grads)
        out = []
        for p, g, m, s in zip(params, grads, first, second):
            m *= beta1
            m += (1 - beta1) * g
            s *= beta2
            s += (1 - beta2) * g * g
            m_hat = m / (1 - beta1 ** (t + 1))
            s_hat = s / (1 - beta2 ** (t + 1))
            out.append(p - stepsize * m_hat / (np.sqrt(s_hat) + eps))
        return tuple(out)

    return step


def train(X: object, y: object, m: int, lam: float, optimizer: str, stepsize: float, scale: float, n_steps: int,
          seed: int = 0, record_every: int = 1) -> Trajectory:
    """Run ``optimizer`` (``"gd"``, ``"heavy ball"`` with momentum 0.9, or ``"adam"`` with the usual
    defaults) on :func:`hiddenconvex.loss` from :func:`hiddenconvex.init_network` (``m``, ``scale``, ``seed``).

    With ``"gd"`` the run is that of :func:`hiddenconvex.train_gd`. Raises
    :class:`hiddenconvex.DivergenceError` when the loss explodes, as gradient descent does.
    """
    X, y = _checks.as_data(X, y)
    m = _checks.integer(m, "m", 1, 10_000)
    lam = _checks.nonnegative(lam, "lam")
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {optimizer!r}")
    stepsize = _checks.positive(stepsize, "stepsize")
    n_steps = _checks.integer(n_steps, "n_steps", 0, MAX_STEPS)
    rule = {"gd": gradient_descent, "heavy ball": heavy_ball, "adam": adam}[optimizer](stepsize)
    start = init_network(m, X.shape[1], scale, seed)

    def value_and_gradient(params: Params) -> tuple[float, Params]:
        grad_W, grad_alpha, value = _loss_and_gradient(params[0], params[1], X, y, lam)
        return value, (grad_W, grad_alpha)

    return recorded_descent((start.W.copy(), start.alpha.copy()), value_and_gradient, lam, stepsize, n_steps,
                            record_every, model=ReLUNetwork, update=rule)
