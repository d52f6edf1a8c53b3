r"""A certificate of global optimality for any two-layer ReLU network, from the dual of the convex program.

**The dual bound.** Write :math:`F` for the outputs of a network on the data. For every vector
:math:`\nu \in \mathbb{R}^n`, expanding :math:`\|y - F - \nu/2\|^2 \ge 0` gives

.. math:: \|y - F\|^2 \;\ge\; \nu^\top (y - F) - \tfrac14\|\nu\|^2 .

With :math:`F = \sum_i \mathrm{relu}(X w_i)\alpha_i`, the weight decay satisfies
:math:`\lambda(\|w_i\|^2 + \alpha_i^2) \ge 2\lambda\|w_i\||\alpha_i|` (AM-GM), so

.. math::

    \mathcal{L}(W, \alpha) \;\ge\; \nu^\top y - \tfrac14\|\nu\|^2
    + \sum_i |\alpha_i|\,\|w_i\| \Big(2\lambda - \mathrm{sign}(\alpha_i)\,
      \nu^\top \mathrm{relu}\big(X w_i/\|w_i\|\big)\Big).

If :math:`\nu` is *dual feasible*, :math:`\max_{\|u\| = 1} |\nu^\top \mathrm{relu}(Xu)| \le 2\lambda`,
every term of the sum is :math:`\ge 0`, and :math:`D(\nu) = \nu^\top y - \tfrac14\|\nu\|^2` is a lower
bound on the loss of *every* network, of any width: on the global optimum. (It is weak duality for
the convex program of :mod:`hiddenconvex.convex`, whose penalty is :math:`\beta = 2\lambda`.)

**The candidate.** At a global optimum the best :math:`\nu` is :math:`2(y - F^\star)`, so
:func:`certify` takes :math:`\nu_0 = 2(y - F)` from the network at hand, computes
:math:`M = \max_{\|u\|=1} |\nu_0^\top \mathrm{relu}(Xu)|` and scales :math:`\nu_0` into the feasible
set: :math:`\nu = s\nu_0` is feasible for :math:`|s| \le 2\lambda/M`, and
:math:`D(s\nu_0) = s\,\nu_0^\top y - \tfrac{s^2}{4}\|\nu_0\|^2` is a concave parabola in :math:`s`,
maximised at :math:`s^\star = 2\nu_0^\top y/\|\nu_0\|^2`; the best feasible scalar is
:math:`s^\star` clipped to :math:`[-2\lambda/M, 2\lambda/M]`. The lower bound is
:math:`\max(D(s\nu_0), 0)` (:math:`\nu = 0` is always feasible).

**The violation.** ``violation`` :math:`= M/(2\lambda) - 1`. It is :math:`\le 0` at a global optimum
(there :math:`\nu_0` is dual optimal). If it is :math:`> 0`, the maximising unit neuron :math:`u`
(``direction``), added with a small output weight of sign ``sign``, decreases the loss to first
order: the network is *not* globally optimal. At any stationary point of the loss every active
neuron satisfies :math:`\mathrm{sign}(\alpha_i)\nu_0^\top\mathrm{relu}(X\hat w_i) = 2\lambda` —
its neurons touch the bar :math:`2\lambda`, and only the neurons it lacks can poke above it.

**Computing M exactly.** On the closed cone :math:`K_D = \{u : (2D - I)Xu \ge 0\}` of an activation
pattern :math:`D`, :math:`\mathrm{relu}(Xu) = DXu`, so :math:`M` is the largest over patterns and
signs :math:`\sigma = \pm 1` of :math:`\max_{u \in K_D, \|u\| \le 1} \sigma g_D^\top u` with
:math:`g_D = X^\top D\nu_0`, which is the norm of the projection :math:`\|\Pi_{K_D}(\sigma g_D)\|`.
With :math:`A = (2D - I)X`, the polar cone of :math:`K_D` is :math:`\{-A^\top\mu : \mu \ge 0\}`, so
by Moreau's decomposition :math:`\|\Pi_{K_D}(g)\| = \min_{\mu \ge 0} \|g + A^\top\mu\|`, a
non-negative least-squares problem (:func:`hiddenconvex.duality.dual_norm`, which prunes most of
them). For data with at most three columns :func:`hiddenconvex.duality.sphere_dual_norm` searches the
faces that the hyperplanes :math:`x_j^\perp` cut on the sphere instead, much faster.
With the exact set of patterns (:func:`hiddenconvex.activation_patterns`) :math:`M` is exact and the
bound is certified (``exact=True``). With sampled patterns :math:`M` may be too small: then only a
positive violation is a proof, and the lower bound is not certified (``exact=False``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hiddenconvex import _checks
from hiddenconvex.duality import dual_norm, scaled_bound, sphere_dual_norm
from hiddenconvex.network import ReLUNetwork, gradient
from hiddenconvex.patterns import activation_patterns
from hiddenconvex.restricted import restricted_value
from hiddenconvex.training import Trajectory

@dataclass(frozen=True)
class Certificate:
    r"""What the dual of the convex program says about one network (see the module docstring).

    Attributes
    ----------
    value : float
        The network's regularized loss :func:`hiddenconvex.loss` (weight decay λ).
    lower_bound : float
        :math:`D(s\nu_0)`, a lower bound on the global minimum *if* ``exact``.
    violation : float
        :math:`M/(2\lambda) - 1`; > 0 proves that the network is not globally optimal.
    direction : array (d,)
        The unit neuron :math:`u` attaining :math:`M`: where a new neuron should be born.
    sign : float
        The sign of the output weight that such a neuron should get.
    exact : bool
        Whether :math:`M` was computed over every activation pattern of the data (then
        ``lower_bound`` is certified); if False only a positive ``violation`` is a proof.
    lam : float
        The weight decay λ.
    """

    value: float
    lower_bound: float
    violation: float
    direction: np.ndarray
    sign: float
    exact: bool
    lam: float

    @property
    def gap(self) -> float:
        """``value - lower_bound``: how far from the global minimum the network can be at most (if ``exact``)."""
        return self.value - self.lower_bound

    def is_global(self, tol: float = 1e-6) -> bool:
        """Whether the network is certified globally optimal to relative accuracy ``tol``:
        ``exact`` and ``gap <= tol * value``."""
        tol = _checks.positive(tol, "tol")
        return self.exact and self.gap <= tol * self.value

    def __repr__(self) -> str:
        kind = "certified" if self.exact else "NOT certified (sampled patterns: only a positive violation is a proof)"
        return (
            f"Certificate(value={self.value:.8g}, lower_bound={self.lower_bound:.8g} [{kind}], "
            f"gap={self.gap:.3g}, violation={self.violation:.3g})"
        )


def certify(net: ReLUNetwork, X: object, y: object, lam: float, patterns: object | None = None) -> Certificate:
    r"""Certify (or refute) the global optimality of ``net`` for ``hc.loss(., X, y, lam)``.

    Parameters
    ----------
    net : ReLUNetwork
        Any two-layer ReLU network with ``net.dim == X.shape[1]``, of any width.
    X, y : arrays (n, d) and (n,)
        Data (bias column included, if any).
    lam : float > 0
        Weight decay λ (the dual constraint is :math:`|\nu^\top \mathrm{relu}(Xu)| \le 2\lambda`).
    patterns : bool array (p, n), optional
        Patterns over which to maximise. Default: all of them (:func:`hiddenconvex.activation_patterns`),
        which makes the certificate exact. Given patterns make it exact only if they include every
        realizable pattern.
    """
    _checks.instance(net, ReLUNetwork, "net")
    X, y = _checks.as_data(X, y)
    lam = _checks.positive(lam, "lam")
    if net.dim != X.shape[1]:
        raise ValueError(f"net has input dimension {net.dim} but X has {X.shape[1]} columns")
    residual = y - net.predict(X)
    value = float(residual @ residual + lam * net.penalty())
    nu0 = 2.0 * residual
    if patterns is None:
        exact = True
        M, direction, sign = sphere_dual_norm(X, nu0) if X.shape[1] <= 3 else dual_norm(X, nu0, activation_patterns(X))
    else:
        patterns = _checks.as_patterns(patterns, X.shape[0])
        exact = _covers_all(patterns, X)
        M, direction, sign = dual_norm(X, nu0, patterns)
    return Certificate(value, scaled_bound(y, nu0, M, lam), M / (2.0 * lam) - 1.0, direction, sign, exact, lam)


def certified_gaps(run: Trajectory, X: object, y: object, lam: float) -> tuple[np.ndarray, np.ndarray]:
    r"""The certified relative gap :math:`(\mathcal{L} - \text{lower bound}) / \mathcal{L}` of every
    recorded network of ``run`` (:func:`certify` with all patterns): ``(steps, gaps)``.

    Each gap bounds how far that network's loss is from the global minimum, relative to the loss; it
    needs no convex solve, only the dual bound of the network's own residual.
    """
    _checks.instance(run, Trajectory, "run")
    X, y = _checks.as_data(X, y)
    lam = _checks.positive(lam, "lam")
    certificates = [certify(run.network(t), X, y, lam) for t in range(len(run))]
    gaps = np.array([max(c.gap, 0.0) / c.value if c.value > 0 else 0.0 for c in certificates])
    return np.asarray(run.recorded_steps), gaps


def _covers_all(patterns: np.ndarray, X: np.ndarray) -> bool:
    """Whether ``patterns`` include every realizable non-zero pattern of ``X`` (False if there are too many to list)."""
    try:
        every = activation_patterns(X)
    except ValueError:
        return False
    every = every[every.any(axis=1)]
    given = {row.tobytes() for row in np.asarray(patterns, dtype=bool)}
    return all(row.tobytes() in given for row in every)


#: Labels of :func:`classify`, from best to worst.
GLOBAL = "global"
OWN_PATTERNS = "optimal in its own patterns"
STATIONARY = "stationary"
NOT_STATIONARY = "not stationary"
UNCONVERGED = "unconverged"


@dataclass(frozen=True)
class Classification:
    """The label of a network or of the end of a gradient-descent run (see :func:`classify`), with its evidence.

    Attributes
    ----------
    label : str
        One of ``"global"``, ``"optimal in its own patterns"``, ``"stationary"``, ``"not stationary"``,
        ``"unconverged"``.
    certificate : Certificate
        The dual certificate of the network.
    gradient_norm : float
        Euclidean norm of the gradient of the loss at the network.
    restricted_value : float or None
        Optimum of the convex program restricted to the network's own patterns (both signs),
        when it was computed.
    recent_decrease : float or None
        Relative decrease of the loss over the last ``window`` recorded steps (trajectories only).
    """

    label: str
    certificate: Certificate
    gradient_norm: float
    restricted_value: float | None
    recent_decrease: float | None


def classify(run: object, X: object, y: object, lam: float, tol: float = 1e-6, gradient_tol: float = 1e-4,
             window: int = 10) -> Classification:
    r"""Label where a network — or a :class:`hiddenconvex.Trajectory`'s last record — stands.

    After the characterization of stationary points by Wang, Lacotte & Pilanci (2022): a
    stationary network is a global optimum of the convex program restricted to its own activation
    patterns, and it is globally optimal exactly when the dual certificate holds. In order:

    1. ``"global"``: :meth:`Certificate.is_global` with relative tolerance ``tol``.
    2. ``"unconverged"`` (trajectories only): the loss fell by more than ``tol`` (relative) over the
       last ``window`` records — the run was stopped while still descending.
    3. ``"not stationary"``: the gradient norm exceeds ``gradient_tol * (1 + loss)``.
    4. ``"optimal in its own patterns"``: the convex program on the network's own patterns
       (:func:`hiddenconvex.restricted.restricted_value`: the patterns of its neurons of non-negligible
       weight, zero pattern dropped, both signs) has the network's value within ``tol * 100`` relative — yet the
       certificate fails: a spurious local minimum or a saddle, and ``certificate.direction`` says
       where a neuron would lower the loss.
    5. ``"stationary"``: small gradient (below ``gradient_tol``), but not optimal in its own patterns.
       An exactly stationary network always is (Wang et al.), so this label marks a gradient
       tolerance too loose for the case at hand.
    """
    net, losses = _end_point(run)
    X, y = _checks.as_data(X, y)
    lam = _checks.positive(lam, "lam")
    tol = _checks.positive(tol, "tol")
    gradient_tol = _checks.positive(gradient_tol, "gradient_tol")
    window = _checks.integer(window, "window", 1)
    certificate = certify(net, X, y, lam)
    grad_W, grad_alpha = gradient(net, X, y, lam)
    grad_norm = float(np.sqrt(np.sum(grad_W**2) + np.sum(grad_alpha**2)))
    decrease = None
    if losses is not None and len(losses) > 1:
        earlier = losses[max(0, len(losses) - 1 - window)]
        decrease = float((earlier - losses[-1]) / max(abs(earlier), np.finfo(float).tiny))

    def result(label: str, restricted: float | None = None) -> Classification:
        return Classification(label, certificate, grad_norm, restricted, decrease)

    if certificate.is_global(tol):
        return result(GLOBAL)
    if decrease is not None and decrease > tol:
        return result(UNCONVERGED)
    if grad_norm > gradient_tol * (1.0 + certificate.value):
        return result(NOT_STATIONARY)
    restricted = restricted_value(net, X, y, lam)
    if certificate.value - restricted <= 100 * tol * certificate.value:
        return result(OWN_PATTERNS, restricted)
    return result(STATIONARY, restricted)


def _end_point(run: object) -> tuple[ReLUNetwork, np.ndarray | None]:
    if isinstance(run, ReLUNetwork):
        return run, None
    if isinstance(run, Trajectory):
        return run.network(), np.asarray(run.loss)
    raise ValueError(f"run must be a hc.ReLUNetwork or a hc.Trajectory, got {type(run).__name__}")
