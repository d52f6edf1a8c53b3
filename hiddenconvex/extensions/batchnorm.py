r"""A two-layer ReLU network with a batch-normalization layer, and its convex program (Ergen et al., 2022).

Each hidden unit normalizes its pre-activation over the batch before the ReLU:

.. math:: f(X) = \sum_{i=1}^m \max\Big(0,\ \gamma_i \frac{\tilde X w_i}{\|\tilde X w_i\|_2} + \beta_i \mathbb{1}\Big)\, \alpha_i,
          \qquad \tilde X = \big(I - \tfrac{1}{n}\mathbb{1}\mathbb{1}^\top\big) X

(centring, then scaling by the Euclidean norm; the usual standard deviation is
that norm over :math:`\sqrt n`, a constant that can be folded into :math:`\gamma_i`).
The weight decay acts on the parameters that are not scale-free:

.. math:: \mathcal{L}_{BN} = \|f(X) - y\|_2^2 + \lambda \sum_i \big(\gamma_i^2 + \beta_i^2 + \alpha_i^2\big).

(:math:`f` does not change when :math:`w_i` is scaled, so decay on :math:`w_i` would only push it to 0.)

**Whitening.** With the thin SVD :math:`\tilde X = U\Sigma V^\top` (rank :math:`r`),
:math:`\tilde X w / \|\tilde X w\| = U v` with :math:`v = \Sigma V^\top w / \|\Sigma V^\top w\|`
a unit vector of :math:`\mathbb{R}^r`, and every unit :math:`v` is reached. So the
pre-activation is :math:`[U\ \mathbb{1}]\, s_i` with :math:`s_i = (\gamma_i v_i, \beta_i)` and
:math:`\|s_i\|^2 = \gamma_i^2 + \beta_i^2`: the BN network *is* the plain network
of :func:`hiddenconvex.loss` on the whitened data :math:`X_w = [U\ \mathbb{1}]`, neuron
:math:`s_i`, weight decay λ. Its convex program is therefore the usual one with
:math:`X` replaced by :math:`X_w` (patterns :math:`D_i` of :math:`X_w`, penalty :math:`\beta = 2\lambda`):

.. math:: \min \Big\|\sum_i D_i X_w (u_i - v_i) - y\Big\|^2 + 2\lambda \sum_i (\|u_i\| + \|v_i\|)
          \quad\text{s.t.}\quad (2D_i - I) X_w u_i \ge 0,\ (2D_i - I) X_w v_i \ge 0,

and it is exact: its value is the global minimum of :math:`\mathcal{L}_{BN}`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hiddenconvex import _checks
from hiddenconvex import convex as core
from hiddenconvex.convex import ConvexSolution
from hiddenconvex.extensions._descent import ValueAndGradient, gaussian_init
from hiddenconvex.training import Trajectory, recorded_descent

#: Singular values below this fraction of the largest one are treated as zero.
RANK_TOL = 1e-10


@dataclass(frozen=True)
class Whitening:
    """The thin SVD :math:`\\tilde X = U \\Sigma V^\\top` of the centred data and :math:`X_w = [U\\ \\mathbb{1}]`."""

    U: np.ndarray  # (n, r)
    sigma: np.ndarray  # (r,)
    Vt: np.ndarray  # (r, d)

    @property
    def data(self) -> np.ndarray:
        """The whitened data :math:`X_w = [U\\ \\mathbb{1}]` of shape ``(n, r + 1)``."""
        return np.column_stack([self.U, np.ones(len(self.U))])


def whiten(X: object) -> Whitening:
    """Centre the columns of ``X`` (n, d) and take the thin SVD (rank ``r >= 1`` required)."""
    X = _checks.as_matrix(X, "X")
    U, s, Vt = np.linalg.svd(X - X.mean(axis=0), full_matrices=False)
    keep = s > RANK_TOL * max(s.max(initial=0.0), 1e-300)
    if not keep.any():
        raise ValueError("X must not be constant over the batch: its centred columns are all zero")
    return Whitening(U[:, keep], s[keep], Vt[keep])


@dataclass(frozen=True)
class BNNetwork:
    """Parameters of the BN network: ``W`` (m, d), ``gamma``, ``beta``, ``alpha`` (m,)."""

    W: np.ndarray
    gamma: np.ndarray
    beta: np.ndarray
    alpha: np.ndarray

    def predict(self, X: object) -> np.ndarray:
        """Outputs ``(n,)`` on the batch ``X`` (the batch's own mean and norm are used)."""
        X = _checks.as_matrix(X, "X")
        if X.shape[1] != self.W.shape[1]:
            raise ValueError(f"X has {X.shape[1]} columns but the neurons have dimension {self.W.shape[1]}")
        return _forward(X - X.mean(axis=0), self.W, self.gamma, self.beta, self.alpha)[0]

    __call__ = predict


def loss(net: BNNetwork, X: object, y: object, lam: float) -> float:
    """:math:`\\mathcal{L}_{BN} = \\|f(X) - y\\|^2 + \\lambda \\sum_i (\\gamma_i^2 + \\beta_i^2 + \\alpha_i^2)`."""
    X, y = _checks.as_data(X, y)
    lam = _checks.nonnegative(lam, "lam")
    residual = net(X) - y
    return float(residual @ residual + lam * (net.gamma @ net.gamma + net.beta @ net.beta + net.alpha @ net.alpha))


def solve_convex(X: object, y: object, lam: float, solver: str | None = None) -> tuple[ConvexSolution, Whitening]:
    """Solve the convex program on the whitened data (all patterns of :math:`X_w`, penalty 2λ)."""
    X, y = _checks.as_data(X, y)
    white = whiten(X)
    return core.solve_convex(white.data, y, lam, solver=solver), white


def bn_network_from_convex(solution: ConvexSolution, white: Whitening) -> BNNetwork:
    """Map a convex solution back to BN parameters.

    Each mapped neuron :math:`s = (s_U, s_1)` of ``solution.to_network()`` gives
    :math:`\\gamma = \\|s_U\\|`, :math:`\\beta = s_1`, and a :math:`w` with
    :math:`\\Sigma V^\\top w \\propto s_U`, namely :math:`w = V \\Sigma^{-1} s_U`.
    """
    net = solution.to_network()
    if net.dim != len(white.sigma) + 1:
        raise ValueError(f"solution has dimension {net.dim}, but the whitening needs {len(white.sigma) + 1}")
    s_U, s_1 = net.W[:, :-1], net.W[:, -1]
    gamma = np.linalg.norm(s_U, axis=1)
    W = (s_U / white.sigma) @ white.Vt
    W[gamma == 0] = white.Vt[0]  # any direction: gamma = 0 switches it off
    return BNNetwork(W, gamma, s_1.copy(), net.alpha.copy())


def train_gd(
    X: object, y: object, m: int, lam: float, stepsize: float, scale: float, n_steps: int, seed: int = 0,
    record_every: int = 1,
) -> Trajectory:
    """Full-batch gradient descent on :math:`\\mathcal{L}_{BN}` (all of ``W, gamma, beta, alpha``).

    Returns a :class:`hiddenconvex.Trajectory` of :class:`BNNetwork`; every ``record_every``-th
    state and the last one are recorded, as in :func:`hiddenconvex.train_gd`.
    """
    X, y = _checks.as_data(X, y)
    m = _checks.integer(m, "m", 1)
    lam = _checks.nonnegative(lam, "lam")
    init = gaussian_init([(m, X.shape[1]), (m,), (m,), (m,)], scale, seed)
    return recorded_descent(init, bn_objective(X, y, lam), lam, stepsize, n_steps, record_every, model=BNNetwork)


def bn_objective(X: object, y: object, lam: float) -> ValueAndGradient:
    r"""The function ``(W, gamma, beta, alpha) -> (loss, gradients)`` of :math:`\mathcal{L}_{BN}` on ``(X, y)``."""
    X, y = _checks.as_data(X, y)
    lam = _checks.nonnegative(lam, "lam")
    Xc = X - X.mean(axis=0)
    whiten(X)  # refuses a constant batch

    def value_and_gradient(params):
        W, gamma, beta, alpha = params
        out, pre, z, norms = _forward(Xc, W, gamma, beta, alpha)
        residual = out - y
        value = residual @ residual + lam * (gamma @ gamma + beta @ beta + alpha @ alpha)
        g_pre = 2.0 * (pre > 0) * residual[:, None] * alpha  # (n, m)
        g_z = g_pre * gamma
        g_h = (g_z - z * np.sum(g_z * z, axis=0)) / norms  # through h / ||h||
        return float(value), (
            g_h.T @ Xc,
            np.sum(g_pre * z, axis=0) + 2.0 * lam * gamma,
            np.sum(g_pre, axis=0) + 2.0 * lam * beta,
            2.0 * np.maximum(pre, 0.0).T @ residual + 2.0 * lam * alpha,
        )

    return value_and_gradient


def _forward(Xc: np.ndarray, W: np.ndarray, gamma: np.ndarray, beta: np.ndarray, alpha: np.ndarray):
    """Outputs, pre-activations (n, m), normalized directions z (n, m) and the norms (m,)."""
    h = Xc @ W.T
    norms = np.linalg.norm(h, axis=0)
    if np.any(norms == 0):
        raise ValueError("a neuron's centred pre-activation is zero on the batch: its normalization is undefined")
    z = h / norms
    pre = z * gamma + beta
    return np.maximum(pre, 0.0) @ alpha, pre, z, norms
