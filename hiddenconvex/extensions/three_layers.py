r"""Three layers: how many combined activation patterns a sub-network has (Ergen & Pilanci, 2021).

Ergen & Pilanci write a parallel three-layer network as a sum of sub-networks,

.. math:: f(X) = \sum_{k=1}^K \max\big(0,\ \max(0, X W_k)\, w'_k\big)\, \alpha_k,
          \qquad W_k \in \mathbb{R}^{d \times m_1},\ w'_k \in \mathbb{R}^{m_1},

and convexify it like the two-layer network, with one group of variables per
*combined pattern* of a sub-network: the patterns :math:`D^{(1)}_1, \dots, D^{(1)}_{m_1}` of its
:math:`m_1` first-layer neurons together with the pattern :math:`D^{(2)}` of its second-layer unit,

.. math:: D^{(2)} = \operatorname{diag}\Big(\mathbb{1}\Big[\sum_{l=1}^{m_1} w'_l\, D^{(1)}_l X w_l > 0\Big]\Big).

Here a combined pattern is the pair (multiset of the :math:`m_1` first-layer patterns,
second-layer pattern): the order of the first-layer neurons inside a sub-network
does not matter. This module counts them by sampling Gaussian weights, which
gives a **lower bound** on the number of realizable combined patterns (every
pattern found is realizable; some may be missed). For :math:`m_1 = 1` the count
is known exactly: the second-layer pattern is the first-layer one when
:math:`w' > 0` and empty otherwise, hence :math:`2p - 1` combined patterns for
:math:`p` two-layer patterns (the all-zero one counted once).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hiddenconvex import _checks
from hiddenconvex._cvx import check_solver_name, cvxpy
from hiddenconvex.extensions._cones import solve
from hiddenconvex.extensions._descent import gaussian_init
from hiddenconvex.training import Trajectory, recorded_descent


def combined_pattern_count(X: object, m1: int, samples: int, seed: int = 0, chunk: int = 20_000) -> int:
    """Number of distinct combined patterns found by ``samples`` random sub-networks.

    Weights: ``W`` (m1, d) and ``w'`` (m1,) i.i.d. standard Gaussian from ``seed``,
    drawn ``chunk`` sub-networks at a time. Returns a lower bound on the number of
    realizable combined patterns of a sub-network with ``m1`` first-layer neurons on ``X``.
    """
    X = _checks.as_matrix(X, "X")
    m1 = _checks.integer(m1, "m1", 1)
    samples = _checks.integer(samples, "samples", 1)
    chunk = _checks.integer(chunk, "chunk", 1)
    n, d = X.shape
    if n > 62:
        raise ValueError(f"X must have at most 62 rows (patterns are packed in 64-bit integers), got {n}")
    rng = np.random.default_rng(_checks.seed(seed))
    bits = 2 ** np.arange(n, dtype=np.int64)
    found: set[tuple[int, ...]] = set()
    for start in range(0, samples, chunk):
        size = min(chunk, samples - start)
        W = rng.standard_normal((size, m1, d))
        w_out = rng.standard_normal((size, m1))
        pre = np.einsum("smd,nd->smn", W, X)  # (size, m1, n)
        first = np.sort((pre > 0) @ bits, axis=1)  # (size, m1) codes, order-free
        second = (np.einsum("sm,smn->sn", w_out, np.maximum(pre, 0.0)) > 0) @ bits  # (size,)
        found.update(map(tuple, np.column_stack([first, second]).tolist()))
    return len(found)


# --- the path-regularized three-layer network and its exact convex program ---------------------------
#
# The penalty is the path norm of each sub-network, weighted by 2λ as the two-layer penalty is:
#
#     R(net) = 2λ Σ_k |α_k| (Σ_l w'_kl² ‖w_kl‖²)^{1/2}.
#
# With every pattern and every sign fixed, a sub-network is linear in U = (u_1, …, u_m1),
# u_l = α w'_l w_l, and R is 2λ‖U‖_F: that is what makes the program below convex.


@dataclass(frozen=True)
class ThreeLayerNetwork:
    r"""A parallel three-layer ReLU network :math:`f(X) = \sum_k \max(0, \max(0, X W_k^\top) w'_k)\,\alpha_k`.

    ``W`` (K, m1, d) holds the first-layer weights of the K sub-networks, ``v`` (K, m1) their
    second-layer weights :math:`w'_k` and ``alpha`` (K,) the output weights.
    """

    W: np.ndarray
    v: np.ndarray
    alpha: np.ndarray

    def __post_init__(self) -> None:
        W = _checks._as_float_array(self.W, "W")
        if W.ndim != 3:
            raise ValueError(f"W must be a 3-D array of shape (K, m1, d), got shape {W.shape}")
        v = _checks.as_matrix(self.v, "v")
        alpha = _checks.as_vector(self.alpha, "alpha")
        if v.shape != W.shape[:2] or alpha.shape != W.shape[:1]:
            raise ValueError(
                f"W (K, m1, d), v (K, m1) and alpha (K,) must agree, got {W.shape}, {v.shape}, {alpha.shape}"
            )
        object.__setattr__(self, "W", W)
        object.__setattr__(self, "v", v)
        object.__setattr__(self, "alpha", alpha)

    def hidden(self, X: object) -> tuple[np.ndarray, np.ndarray]:
        """First-layer outputs (K, n, m1) and second-layer pre-activations (K, n) on ``X``."""
        X = _checks.as_matrix(X, "X")
        if X.shape[1] != self.W.shape[2]:
            raise ValueError(f"X must have {self.W.shape[2]} columns (the network's input dimension), got {X.shape[1]}")
        first = np.maximum(np.einsum("kmd,nd->knm", self.W, X), 0.0)
        return first, np.einsum("knm,km->kn", first, self.v)

    def __call__(self, X: object) -> np.ndarray:
        """The outputs (n,) on the rows of ``X``."""
        return np.maximum(self.hidden(X)[1], 0.0).T @ self.alpha

    def path_norm(self) -> float:
        r""":math:`\sum_k |\alpha_k| (\sum_l w'^2_{kl} \|w_{kl}\|^2)^{1/2}`."""
        paths = self.v**2 * np.sum(self.W**2, axis=2)
        return float(np.abs(self.alpha) @ np.sqrt(paths.sum(axis=1)))


def loss(net: ThreeLayerNetwork, X: object, y: object, lam: float) -> float:
    r""":math:`\|f(X) - y\|^2 + 2\lambda \sum_k |\alpha_k| (\sum_l w'^2_{kl}\|w_{kl}\|^2)^{1/2}` for ``net``."""
    _checks.instance(net, ThreeLayerNetwork, "net")
    X, y = _checks.as_data(X, y)
    lam = _checks.nonnegative(lam, "lam")
    residual = net(X) - y
    return float(residual @ residual + 2.0 * lam * net.path_norm())


def path_objective(X: object, y: object, lam: float):
    """The function ``(W, v, alpha) -> (loss, gradients)`` of :func:`loss` on ``(X, y)``.

    The path norm is not differentiable where a sub-network's path vector vanishes; there the
    gradient uses 0, a subgradient.
    """
    X, y = _checks.as_data(X, y)
    lam = _checks.nonnegative(lam, "lam")

    def value_and_gradient(params):
        W, v, alpha = params
        pre = np.einsum("kmd,nd->knm", W, X)
        first = np.maximum(pre, 0.0)
        z = np.einsum("knm,km->kn", first, v)
        second = np.maximum(z, 0.0)
        residual = second.T @ alpha - y
        norms2 = np.sum(W * W, axis=2)  # (K, m1)
        r = np.sqrt(np.sum(v * v * norms2, axis=1))  # (K,)
        value = residual @ residual + 2.0 * lam * (np.abs(alpha) @ r)
        safe = np.where(r > 0, r, 1.0)
        weight = np.where(r > 0, np.abs(alpha) / safe, 0.0)  # d(|α| r)/d(r²) · 2
        df = 2.0 * residual  # d loss / d f
        dz = (z > 0) * alpha[:, None] * df[None, :]  # (K, n)
        grad_alpha = second @ df + 2.0 * lam * np.sign(alpha) * r
        grad_v = np.einsum("kn,knm->km", dz, first) + 2.0 * lam * weight[:, None] * v * norms2
        dpre = (pre > 0) * dz[:, :, None] * v[:, None, :]  # (K, n, m1)
        grad_W = np.einsum("knm,nd->kmd", dpre, X) + 2.0 * lam * (weight[:, None] * v * v)[:, :, None] * W
        return float(value), (grad_W, grad_v, grad_alpha)

    return value_and_gradient


def train_gd(
    X: object, y: object, K: int, m1: int, lam: float, stepsize: float, scale: float, n_steps: int,
    seed: int = 0, record_every: int = 1,
) -> Trajectory:
    """Full-batch gradient descent on :func:`loss` from i.i.d. :math:`\\mathcal{N}(0, \\text{scale}^2)` weights.

    ``K`` sub-networks of ``m1`` first-layer neurons; returns a :class:`hiddenconvex.Trajectory`
    of :class:`ThreeLayerNetwork` (every ``record_every``-th state and the last one).
    """
    X, y = _checks.as_data(X, y)
    K = _checks.integer(K, "K", 1, 10_000)
    m1 = _checks.integer(m1, "m1", 1, 100)
    lam = _checks.nonnegative(lam, "lam")
    init = gaussian_init([(K, m1, X.shape[1]), (K, m1), (K,)], scale, seed)
    return recorded_descent(init, path_objective(X, y, lam), lam, stepsize, n_steps, record_every, model=ThreeLayerNetwork)


@dataclass(frozen=True)
class ThreeLayerSolution:
    r"""Solution of :func:`solve_convex`: one group :math:`U_g` (m1, d) per combined pattern and signs.

    ``first`` (G, m1, n) and ``second`` (G, n) are the groups' first- and second-layer patterns,
    ``signs`` (G, m1 + 1) their signs :math:`(\tau_1, \dots, \tau_{m_1}, \sigma)`, ``U`` (G, m1, d)
    the optimal groups and ``value`` the optimal objective.
    """

    U: np.ndarray
    first: np.ndarray
    second: np.ndarray
    signs: np.ndarray
    value: float
    lam: float
    status: str
    solver: str

    def to_network(self, cut: float = 1e-7) -> ThreeLayerNetwork:
        r"""One sub-network per group with :math:`\|U_g\|_F > \text{cut} \cdot \max_g \|U_g\|_F`.

        With :math:`\rho = \|U_g\|_F`: :math:`\alpha = \sigma\sqrt{\rho}`, :math:`w'_l = \tau_l
        \|u_l\|/\sqrt{\rho}`, :math:`w_l = u_l / (\alpha w'_l)` (a zero :math:`u_l` gives a zero neuron),
        so that :math:`\alpha w'_l w_l = u_l` and the path norm of the sub-network is :math:`\rho`.
        """
        cut = _checks.nonnegative(cut, "cut")
        rho = np.sqrt(np.sum(self.U**2, axis=(1, 2)))
        keep = np.flatnonzero(rho > cut * max(rho.max(initial=0.0), np.finfo(float).tiny))
        m1, d = self.U.shape[1:]
        W, v, alpha = np.zeros((len(keep), m1, d)), np.zeros((len(keep), m1)), np.zeros(len(keep))
        for k, g in enumerate(keep):
            alpha[k] = self.signs[g, -1] * np.sqrt(rho[g])
            lengths = np.linalg.norm(self.U[g], axis=1)
            v[k] = self.signs[g, :-1] * lengths / np.sqrt(rho[g])
            on = lengths > 0
            W[k, on] = self.U[g, on] / (alpha[k] * v[k, on])[:, None]
        return ThreeLayerNetwork(W, v, alpha)


def combined_groups(X: object, m1: int, max_groups: int = 20_000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Every (first-layer patterns, second-layer pattern, signs) the exact program needs.

    First-layer patterns: multisets of ``m1`` non-zero activation patterns of ``X`` (exact, from
    :func:`hiddenconvex.activation_patterns`). Second-layer patterns: every non-empty subset of the
    rows some first-layer neuron activates — all :math:`2^{|S|} - 1` of them, realizable or not: the
    constraints are non-strict, so an unrealizable one only admits groups whose output another
    pattern also gives. Signs: :math:`\tau \in \{\pm 1\}^{m_1}` with at least one :math:`+1` (else the
    second layer is never active) and :math:`\sigma = \pm 1`. Returns ``first`` (G, m1, n),
    ``second`` (G, n), ``signs`` (G, m1 + 1); refuses more than ``max_groups`` groups.
    """
    from itertools import combinations_with_replacement, product

    from hiddenconvex.patterns import activation_patterns

    X = _checks.as_matrix(X, "X")
    m1 = _checks.integer(m1, "m1", 1, 4)
    max_groups = _checks.integer(max_groups, "max_groups", 1)
    n = X.shape[0]
    if n > 12:
        raise ValueError(f"X must have at most 12 rows (every subset of rows is a second-layer pattern), got {n}")
    patterns = [row for row in activation_patterns(X).astype(bool) if row.any()]
    taus = [t for t in product((1.0, -1.0), repeat=m1) if 1.0 in t]
    first, second, signs = [], [], []
    for combo in combinations_with_replacement(range(len(patterns)), m1):
        chosen = np.array([patterns[i] for i in combo])
        support = np.flatnonzero(chosen.any(axis=0))
        for mask in range(1, 2 ** len(support)):
            d2 = np.zeros(n, dtype=bool)
            d2[support[[(mask >> b) & 1 == 1 for b in range(len(support))]]] = True
            for tau in taus:
                for sigma in (1.0, -1.0):
                    first.append(chosen)
                    second.append(d2)
                    signs.append((*tau, sigma))
            if len(first) > max_groups:
                raise ValueError(f"the exact program of this X and m1 needs more than max_groups = {max_groups} groups")
    return np.array(first), np.array(second), np.array(signs)


def solve_convex(X: object, y: object, lam: float, m1: int = 2, solver: str | None = None) -> ThreeLayerSolution:
    r"""The exact convex program of the path-regularized three-layer network (penalty 2λ, small data only).

    .. math:: \min_{U_g} \Big\|\sum_g D^{(2)}_g \sum_l D^{(1)}_{gl} X u_{gl} - y\Big\|^2
              + 2\lambda \sum_g \|U_g\|_F
              \ \text{s.t.}\ \sigma_g\tau_{gl}(2D^{(1)}_{gl} - I) X u_{gl} \ge 0,\
              \ \sigma_g(2D^{(2)}_g - I) \sum_l D^{(1)}_{gl} X u_{gl} \ge 0,

    over the groups of :func:`combined_groups` (here :math:`\sigma_g` is the sign of the output
    weight, :math:`\tau_{gl}` that of :math:`w'_l`, and the output of a group is
    :math:`D^{(2)}_g \sum_l D^{(1)}_{gl} X u_{gl}` with :math:`u_{gl} = \alpha w'_l w_l`: the sign
    :math:`\sigma_g` enters only the constraints, which make the pre-activation of the second layer,
    :math:`\sum_l D^{(1)}_{gl} X u_{gl} / \alpha`, non-negative exactly on the rows of :math:`D^{(2)}_g`).
    Every network gives a feasible point of equal objective and :meth:`ThreeLayerSolution.to_network`
    maps every feasible point to a network of equal loss, so the optimal value is the global minimum of
    :func:`loss` over networks with enough sub-networks.
    """
    X, y = _checks.as_data(X, y)
    lam = _checks.nonnegative(lam, "lam")
    first, second, signs = combined_groups(X, m1)
    check_solver_name(solver)
    cp = cvxpy()
    G, n, d = len(first), X.shape[0], X.shape[1]
    m1 = first.shape[1]
    U = [cp.Variable((G, d)) for _ in range(m1)]  # U[l][g] = u_{gl}
    sigma, tau = signs[:, -1], signs[:, :-1]
    # inner[l] (G, n): D1_{gl} X u_{gl};  z (G, n): alpha times the second layer's pre-activation
    inner = [cp.multiply(first[:, l, :].astype(float), U[l] @ X.T) for l in range(m1)]
    z = sum(inner)
    fit = cp.sum(cp.multiply(second.astype(float), z), axis=0)
    constraints = [
        cp.multiply((sigma * tau[:, l])[:, None] * (2.0 * first[:, l, :] - 1.0), U[l] @ X.T) >= 0 for l in range(m1)
    ]
    constraints.append(cp.multiply(sigma[:, None] * (2.0 * second - 1.0), z) >= 0)
    norms = cp.sum(cp.norm(cp.hstack(U), 2, axis=1))
    problem = cp.Problem(cp.Minimize(cp.sum_squares(fit - y) + 2.0 * lam * norms), constraints)
    used = solve(problem, solver)
    groups = np.stack([u.value for u in U], axis=1)  # (G, m1, d)
    return ThreeLayerSolution(groups, first, second, signs, float(problem.value), float(lam), problem.status, used)
