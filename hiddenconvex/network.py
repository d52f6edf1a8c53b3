r"""The non-convex side: a two-layer ReLU network, its loss and its gradient.

The network with ``m`` neurons :math:`w_i \in \mathbb{R}^d` and output weights
:math:`\alpha_i \in \mathbb{R}` maps a point :math:`x \in \mathbb{R}^d` to

.. math:: f(x) = \sum_{i=1}^m \max(0, w_i^\top x)\, \alpha_i .

Biases are not separate parameters: they are folded into the data as a column
of ones (see :func:`hiddenconvex.data.add_bias`). The training objective is

.. math:: \mathcal{L}(W, \alpha) = \sum_{j=1}^n \big(f(x_j) - y_j\big)^2
          + \lambda \sum_{i=1}^m \big(\|w_i\|_2^2 + \alpha_i^2\big),

with no factor :math:`1/2` and no mean over the data. The derivative of the
ReLU at 0 is taken to be 0, which matches the activation-pattern convention
:math:`\mathbb{1}[x_j^\top w > 0]` of :mod:`hiddenconvex.patterns`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hiddenconvex import _checks


@dataclass(frozen=True)
class ReLUNetwork:
    """A two-layer ReLU network :math:`x \\mapsto \\sum_i \\max(0, w_i^\\top x)\\,\\alpha_i`.

    Parameters
    ----------
    W : array of shape (m, d)
        First-layer weights, one neuron per row.
    alpha : array of shape (m,)
        Output weights.
    """

    W: np.ndarray
    alpha: np.ndarray

    def __post_init__(self) -> None:
        W = _checks.as_matrix(self.W, "W")
        alpha = _checks.as_vector(self.alpha, "alpha", length=W.shape[0])
        W.setflags(write=False)
        alpha.setflags(write=False)
        object.__setattr__(self, "W", W)
        object.__setattr__(self, "alpha", alpha)

    @property
    def width(self) -> int:
        """Number of neurons ``m``."""
        return self.W.shape[0]

    @property
    def dim(self) -> int:
        """Input dimension ``d`` (bias column included)."""
        return self.W.shape[1]

    def predict(self, X: object) -> np.ndarray:
        """Outputs :math:`f(x_j)` for the rows of ``X`` (shape ``(n, d)``), as an array ``(n,)``."""
        X = self._check_input(X)
        return np.maximum(X @ self.W.T, 0.0) @ self.alpha

    __call__ = predict

    @classmethod
    def from_groups(cls, groups: object, signs: object) -> ReLUNetwork:
        r"""The balanced network of the groups :math:`u_k` with output signs :math:`s_k = \pm 1`.

        Each non-zero group gives the neuron
        :math:`(w_k, \alpha_k) = (u_k/\sqrt{\|u_k\|},\ s_k\sqrt{\|u_k\|})`, so
        :math:`\alpha_k w_k = s_k u_k` and :math:`\|w_k\|^2 + \alpha_k^2 = 2\|u_k\|`: this is
        the mapping from a solution of the convex program back to a network. With no group
        (``groups`` of shape ``(0, d)``) it is a single neuron with zero weights, the zero function.

        ``groups`` has shape ``(k, d)`` with non-zero rows; ``signs`` has shape ``(k,)`` with entries ±1.
        """
        groups = np.asarray(groups, dtype=float)
        if groups.ndim != 2:
            raise ValueError(f"groups must be a 2-D array of shape (k, d), got shape {groups.shape}")
        if len(groups) == 0:
            return cls(np.zeros((1, groups.shape[1])), np.zeros(1))
        groups = _checks.as_matrix(groups, "groups")
        signs = _checks.as_vector(signs, "signs", length=len(groups))
        if not np.all(np.abs(signs) == 1.0):
            raise ValueError(f"signs must contain only +1 and -1, got {signs}")
        root = np.sqrt(np.linalg.norm(groups, axis=1))
        if np.any(root == 0):
            raise ValueError("groups must have non-zero rows (drop the zero groups first)")
        return cls(groups / root[:, None], signs * root)

    def neuron_weights(self) -> np.ndarray:
        r"""Each neuron's weight :math:`|\alpha_i|\,\|w_i\|_2`, the size of its contribution: array ``(m,)``.

        It is the norm of the neuron's convex group :math:`u_i = |\alpha_i| w_i`, and zero
        exactly when the neuron cannot change the output.
        """
        return np.abs(self.alpha) * np.linalg.norm(self.W, axis=1)

    def penalty(self) -> float:
        """Weight-decay sum :math:`\\sum_i \\|w_i\\|^2 + \\alpha_i^2` (without the factor λ)."""
        return float(np.sum(self.W**2) + np.sum(self.alpha**2))

    def _check_input(self, X: object) -> np.ndarray:
        X = _checks.as_matrix(X, "X")
        if X.shape[1] != self.dim:
            raise ValueError(
                f"X has {X.shape[1]} columns but the network's neurons have dimension {self.dim}"
            )
        return X


def loss(net: ReLUNetwork, X: object, y: object, lam: float) -> float:
    r"""The regularized training loss :math:`\mathcal{L}(W, \alpha)` of ``net`` on ``(X, y)``.

    .. math:: \sum_j (f(x_j) - y_j)^2 + \lambda \sum_i (\|w_i\|^2 + \alpha_i^2)

    ``lam`` (λ) must be ``>= 0``. The equivalent convex program penalizes its
    group norms by :math:`2\lambda` (see :func:`hiddenconvex.solve_convex`).
    """
    X, y = _checks.as_data(X, y)
    lam = _checks.nonnegative(lam, "lam")
    _check_network(net)
    residual = net.predict(X) - y
    return float(residual @ residual + lam * net.penalty())


def gradient(net: ReLUNetwork, X: object, y: object, lam: float) -> tuple[np.ndarray, np.ndarray]:
    r"""Gradient of :func:`loss` with respect to ``(W, alpha)``.

    With residuals :math:`r_j = f(x_j) - y_j` and the convention
    :math:`\mathrm{ReLU}'(0) = 0`,

    .. math:: \nabla_{w_i}\mathcal{L} = 2\alpha_i \sum_j r_j \mathbb{1}[w_i^\top x_j > 0]\, x_j
              + 2\lambda w_i, \qquad
              \nabla_{\alpha_i}\mathcal{L} = 2\sum_j r_j \max(0, w_i^\top x_j) + 2\lambda\alpha_i .

    Returns arrays of shapes ``(m, d)`` and ``(m,)``.
    """
    X, y = _checks.as_data(X, y)
    lam = _checks.nonnegative(lam, "lam")
    _check_network(net)
    net._check_input(X)
    grad_W, grad_alpha, _ = _loss_and_gradient(net.W, net.alpha, X, y, lam)
    return grad_W, grad_alpha


def loss_landscape(X: object, y: object, W_grid: object, alpha: object, lam: float = 0.0) -> np.ndarray:
    r"""Loss of many networks that share the output weights ``alpha``, in one vectorized pass.

    ``W_grid`` has shape ``(..., m, d)``: every leading index is one network
    :math:`(W, \alpha)`. Returns the array of losses of shape ``W_grid.shape[:-2]``.
    It draws loss curves and surfaces such as the two-minima curve of a single neuron.
    """
    X, y = _checks.as_data(X, y)
    lam = _checks.nonnegative(lam, "lam")
    W_grid = np.asarray(W_grid, dtype=float)
    if W_grid.ndim < 2 or W_grid.shape[-1] != X.shape[1]:
        raise ValueError(
            f"W_grid must have shape (..., m, d) with d = {X.shape[1]}, got shape {W_grid.shape}"
        )
    if not np.all(np.isfinite(W_grid)):
        raise ValueError("W_grid contains NaN or infinite values; every entry must be finite")
    alpha = _checks.as_vector(alpha, "alpha", length=W_grid.shape[-2])
    hidden = np.maximum(np.einsum("...md,nd->...nm", W_grid, X), 0.0)
    residual = hidden @ alpha - y
    penalty = np.sum(W_grid**2, axis=(-1, -2)) + alpha @ alpha
    return np.sum(residual**2, axis=-1) + lam * penalty


def _check_network(net: object) -> None:
    _checks.instance(net, ReLUNetwork, "net")


def _loss_and_gradient(
    W: np.ndarray, alpha: np.ndarray, X: np.ndarray, y: np.ndarray, lam: float
) -> tuple[np.ndarray, np.ndarray, float]:
    """Unchecked core shared by :func:`gradient` and gradient descent: ``(grad_W, grad_alpha, loss)``."""
    pre = X @ W.T  # (n, m)
    hidden = np.maximum(pre, 0.0)
    residual = hidden @ alpha - y  # (n,)
    value = residual @ residual + lam * (np.sum(W * W) + alpha @ alpha)
    grad_alpha = 2.0 * (hidden.T @ residual) + 2.0 * lam * alpha
    weighted = (pre > 0) * residual[:, None]  # (n, m)
    grad_W = 2.0 * alpha[:, None] * (weighted.T @ X) + 2.0 * lam * W
    return grad_W, grad_alpha, float(value)
