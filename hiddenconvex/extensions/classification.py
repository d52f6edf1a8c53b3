r"""Binary classification with the logistic loss: the non-convex network and its convex program.

Labels are :math:`y_j \in \{-1, +1\}` and the logistic loss is
:math:`\ell(f, y) = \log(1 + e^{-y f})`. The non-convex objective keeps the
book's weight decay:

.. math:: \mathcal{L}_{\log}(W, \alpha) = \sum_{j=1}^n \log\big(1 + e^{-y_j f(x_j)}\big)
          + \lambda \sum_{i=1}^m \big(\|w_i\|_2^2 + \alpha_i^2\big),
          \qquad f(x) = \sum_i \max(0, w_i^\top x)\,\alpha_i .

The rescaling argument does not look at the loss, so the equivalent convex
program (Pilanci & Ergen, 2020, who allow any convex loss) has the same
penalty :math:`\beta = 2\lambda` as the squared-loss program:

.. math:: \min_{u_i, v_i} \sum_{j=1}^n \log\Big(1 + \exp\big(-y_j \big[\textstyle\sum_i D_i X (u_i - v_i)\big]_j\big)\Big)
          + 2\lambda \sum_{i=1}^p \big(\|u_i\|_2 + \|v_i\|_2\big)
          \quad\text{s.t.}\quad (2D_i - I) X u_i \ge 0,\ (2D_i - I) X v_i \ge 0 .

With all patterns its optimal value is the global minimum of
:math:`\mathcal{L}_{\log}` (for :math:`m \ge m^*` neurons), and the mapping
back of :mod:`hiddenconvex.convex` turns a solution into a network.
"""

from __future__ import annotations

import numpy as np

from hiddenconvex import _checks
from hiddenconvex.convex import ConvexSolution, convex_penalty
from hiddenconvex._cvx import cone_groups, cvxpy
from hiddenconvex.extensions._cones import checked_patterns, solve
from hiddenconvex.extensions._descent import ValueAndGradient, gaussian_init, relu_layer
from hiddenconvex.network import ReLUNetwork
from hiddenconvex.training import Trajectory, recorded_descent


def check_labels(X: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    """Validated data with labels in {-1, +1}."""
    X, y = _checks.as_data(X, y)
    if not np.all(np.isin(y, (-1.0, 1.0))):
        raise ValueError(f"y must contain only the labels -1 and +1, got values {np.unique(y)}")
    return X, y


def loss(net: ReLUNetwork, X: object, y: object, lam: float) -> float:
    r""":math:`\sum_j \log(1 + e^{-y_j f(x_j)}) + \lambda \sum_i (\|w_i\|^2 + \alpha_i^2)` for ``net`` on ``(X, y)``."""
    X, y = check_labels(X, y)
    lam = _checks.nonnegative(lam, "lam")
    return float(np.sum(np.logaddexp(0.0, -y * net(X))) + lam * net.penalty())


def accuracy(scores: object, y: object) -> float:
    """Fraction of points with :math:`\\operatorname{sign}(f(x_j)) = y_j` (a score of 0 counts as wrong)."""
    scores = _checks.as_vector(scores, "scores")
    if scores.size == 0:
        raise ValueError("scores must hold at least one point's score: the accuracy of no points is undefined")
    y = _checks.as_vector(y, "y", length=len(scores))
    return float(np.mean(np.sign(scores) == y))


def solve_convex(
    X: object, y: object, lam: float, patterns: object | None = None, solver: str | None = None
) -> ConvexSolution:
    """Solve the convex logistic program above (penalty 2λ); ``value`` is its optimal objective.

    ``patterns`` defaults to all activation patterns of ``X``. The returned
    :class:`hiddenconvex.ConvexSolution` maps back with ``.to_network()``.
    """
    X, y = check_labels(X, y)
    beta = convex_penalty(lam)
    patterns = checked_patterns(X, patterns)
    cp = cvxpy()
    U, V, fit, norms, constraints = cone_groups(X, patterns)
    objective = cp.sum(cp.logistic(-cp.multiply(y, fit))) + beta * norms
    problem = cp.Problem(cp.Minimize(objective), constraints)
    used = solve(problem, solver)
    return ConvexSolution(U.value, V.value, patterns, float(problem.value), float(lam), problem.status, used)


def train_gd(
    X: object, y: object, m: int, lam: float, stepsize: float, scale: float, n_steps: int, seed: int = 0,
    record_every: int = 1,
) -> Trajectory:
    """Full-batch gradient descent on :math:`\\mathcal{L}_{\\log}`: a :class:`hiddenconvex.Trajectory` of ReLU networks.

    Initialization: i.i.d. :math:`\\mathcal{N}(0, \\text{scale}^2)` weights from ``seed``. Every
    ``record_every``-th state and the last one are recorded, as in :func:`hiddenconvex.train_gd`.
    """
    X, y = check_labels(X, y)
    m = _checks.integer(m, "m", 1)
    lam = _checks.nonnegative(lam, "lam")
    init = gaussian_init([(m, X.shape[1]), (m,)], scale, seed)
    return recorded_descent(init, logistic_objective(X, y, lam), lam, stepsize, n_steps, record_every, model=ReLUNetwork)


def logistic_objective(X: object, y: object, lam: float) -> ValueAndGradient:
    r"""The function ``(W, alpha) -> (loss, (grad_W, grad_alpha))`` of :math:`\mathcal{L}_{\log}` on ``(X, y)``."""
    X, y = check_labels(X, y)
    lam = _checks.nonnegative(lam, "lam")

    def value_and_gradient(params):
        W, alpha = params
        pre, hidden = relu_layer(X, W)
        margin = y * (hidden @ alpha)
        value = np.sum(np.logaddexp(0.0, -margin)) + lam * (np.sum(W * W) + alpha @ alpha)
        dscore = -y * np.exp(-np.logaddexp(0.0, margin))  # d loss / d f(x_j) = -y_j sigmoid(-y_j f_j)
        grad_alpha = hidden.T @ dscore + 2.0 * lam * alpha
        grad_W = alpha[:, None] * (((pre > 0) * dscore[:, None]).T @ X) + 2.0 * lam * W
        return float(value), (grad_W, grad_alpha)

    return value_and_gradient
