r"""WGAN with a two-layer ReLU discriminator: the discriminator's best response (Sahiner et al., 2022).

Real points :math:`x_1, \dots, x_n` and generated points :math:`g_1, \dots, g_k`
(rows of ``X_real`` and ``X_fake``, a bias column included) are scored by the
discriminator :math:`D(x) = \sum_i \max(0, w_i^\top x)\,\alpha_i`. With weight decay λ
the discriminator maximizes

.. math:: J(W, \alpha) = \frac1n \sum_j D(x_j) - \frac1k \sum_l D(g_l) - \lambda \sum_i \big(\|w_i\|^2 + \alpha_i^2\big).

Each neuron contributes :math:`\alpha_i\,\delta(w_i) - \lambda(\|w_i\|^2 + \alpha_i^2)`, where
:math:`\delta(u) = \frac1n\sum_j \max(0, u^\top x_j) - \frac1k\sum_l \max(0, u^\top g_l)`. Both terms
scale like :math:`t^2` under :math:`(w, \alpha) \to (t w, t\alpha)`, and the best balance
gives :math:`\|w_i\|\,(|\delta(w_i/\|w_i\|)| - 2\lambda)\,|\alpha_i|`. Hence

.. math:: \max_{W, \alpha} J = \begin{cases} 0 & \text{if } \Delta \le 2\lambda,\\ +\infty & \text{otherwise,}\end{cases}
          \qquad \Delta = \max_{\|u\|_2 \le 1} |\delta(u)| ,

and the generator's side of the game becomes the constraint :math:`\Delta \le 2\lambda`: the
generated points must match the real ones in every ReLU feature up to :math:`2\lambda`.
:math:`\delta(u)` is linear in the weights the two empirical distributions put on the points,
so the constraint is convex in the generated distribution; Sahiner et al. build their
convex programs and convex-concave games from this structure.

:math:`\Delta` is computed exactly: on the cone of each activation pattern :math:`D` of the
stacked points :math:`Z = [X_{real}; X_{fake}]`, :math:`\delta(u) = c_D^\top u` is linear,
with :math:`c_D = Z^\top D\, \omega` and :math:`\omega = (\tfrac1n \mathbb{1}_n, -\tfrac1k \mathbb{1}_k)`, and
:math:`\max_{u \in K_D, \|u\| \le 1} \pm c_D^\top u` is a small second-order-cone program.
"""

from __future__ import annotations

import numpy as np

from hiddenconvex import _checks
from hiddenconvex._cvx import cvxpy
from hiddenconvex.extensions._cones import solve
from hiddenconvex.extensions._descent import ValueAndGradient, descend, gaussian_init, paired_matrices, relu_layer
from hiddenconvex.patterns import nonzero_patterns


def _check_pair(X_real: object, X_fake: object) -> tuple[np.ndarray, np.ndarray]:
    return paired_matrices(X_real, X_fake, ("X_real", "X_fake"), axis=1)


def discriminator_budget(X_real: object, X_fake: object, solver: str | None = None) -> float:
    """:math:`\\Delta = \\max_{\\|u\\| \\le 1} |\\delta(u)|`, exactly, over the patterns of the stacked points."""
    X_real, X_fake = _check_pair(X_real, X_fake)
    Z = np.vstack([X_real, X_fake])
    omega = _weights(X_real, X_fake)
    cp = cvxpy()
    u = cp.Variable(Z.shape[1])
    c = cp.Parameter(Z.shape[1])
    sign = cp.Parameter(Z.shape[0])
    problem = cp.Problem(cp.Maximize(c @ u), [cp.norm(u, 2) <= 1, cp.multiply(sign, Z @ u) >= 0])
    best = 0.0
    for pattern in nonzero_patterns(Z):  # the all-zero pattern gives delta = 0
        sign.value = 2.0 * pattern - 1.0
        for s in (1.0, -1.0):
            c.value = s * (Z.T @ (pattern * omega))
            solve(problem, solver)
            best = max(best, float(problem.value))
    return best


def discriminator_ascent(
    X_real: object, X_fake: object, m: int, lam: float, stepsize: float, n_steps: int, scale: float = 0.1,
    seed: int = 0,
) -> np.ndarray:
    """Gradient *ascent* on :math:`J` from a random discriminator; returns :math:`\\sum_i \\|w_i\\|^2 + \\alpha_i^2` at every step.

    It shrinks to 0 when :math:`\\Delta < 2\\lambda` and grows without bound when
    :math:`\\Delta > 2\\lambda` (a long run ends in :class:`hiddenconvex.DivergenceError`
    once the numbers overflow).
    """
    X_real, X_fake = _check_pair(X_real, X_fake)
    m = _checks.integer(m, "m", 1)
    init = gaussian_init([(m, X_real.shape[1]), (m,)], scale, seed)
    run = descend(init, negative_game(X_real, X_fake, lam), stepsize, n_steps, monitor=_size)
    return run.monitored


def negative_game(X_real: object, X_fake: object, lam: float) -> ValueAndGradient:
    """The function ``(W, alpha) -> (-J, gradients of -J)``: descent on it is ascent on :math:`J`."""
    X_real, X_fake = _check_pair(X_real, X_fake)
    lam = _checks.nonnegative(lam, "lam")
    Z = np.vstack([X_real, X_fake])
    omega = _weights(X_real, X_fake)

    def value_and_gradient(params):
        W, alpha = params
        pre, hidden = relu_layer(Z, W)
        value = -(omega @ hidden @ alpha) + lam * _size(params)
        grad_alpha = -(hidden.T @ omega) + 2.0 * lam * alpha
        grad_W = -alpha[:, None] * (((pre > 0) * omega[:, None]).T @ Z) + 2.0 * lam * W
        return float(value), (grad_W, grad_alpha)

    return value_and_gradient


def _size(params) -> float:
    W, alpha = params
    return float(np.sum(W * W) + alpha @ alpha)


def _weights(X_real: np.ndarray, X_fake: np.ndarray) -> np.ndarray:
    r""":math:`\omega = (\tfrac1n \mathbb{1}_n, -\tfrac1k \mathbb{1}_k)`: the signed empirical weights of the stacked points."""
    return np.concatenate([np.full(len(X_real), 1 / len(X_real)), np.full(len(X_fake), -1 / len(X_fake))])
