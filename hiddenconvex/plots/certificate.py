r"""Figures of the dual certificate (:mod:`hiddenconvex.certificate`).

The certificate of a network with outputs :math:`F` is the curve
:math:`u \mapsto |\nu^\top \mathrm{relu}(Xu)|`, :math:`\nu = 2(y - F)`, over unit neurons :math:`u`,
against the bar :math:`2\lambda`. For 1-D data with a bias column the unit neurons form a circle,
drawn here by their angle :math:`\theta`, :math:`u = (\cos\theta, \sin\theta)`. Plot functions
never solve or certify: they receive networks and certificates.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from hiddenconvex import _checks
from hiddenconvex.certificate import Certificate
from hiddenconvex.network import ReLUNetwork
from hiddenconvex.restricted import WEIGHT_TOL
from hiddenconvex.plots._inputs import instance, instances
from hiddenconvex.plots.style import CYCLE, PALETTE, SMALL_FONT, SQUARE, WIDE, legend_below, new_figure


def dual_curves(X: np.ndarray, y: np.ndarray, lam: float, nets: Sequence[ReLUNetwork],
                names: Sequence[str], certificates: Sequence[Certificate]) -> Figure:
    r"""One panel per network: :math:`|\nu^\top\mathrm{relu}(Xu(\theta))|` over the circle of unit neurons.

    The dashed line is the bar :math:`2\lambda`; triangles mark the angles of the network's own
    neurons (weight :math:`|\alpha_i|\|w_i\|` above ``hiddenconvex.restricted.WEIGHT_TOL``), a star the certificate's ``direction``.
    ``X`` must have two columns (1-D data and a bias).
    """
    X, y = _checks.as_data(X, y)
    lam = _checks.nonnegative(lam, "lam")
    instances(nets, ReLUNetwork, "nets")
    instances(certificates, Certificate, "certificates")
    if X.shape[1] != 2:
        raise ValueError(f"X must have two columns (1-D data and a bias), got {X.shape[1]}")
    if not 1 <= len(nets) <= len(CYCLE) or len(certificates) != len(nets):
        raise ValueError(f"nets and certificates must hold the same number of entries, 1 to {len(CYCLE)} (one panel "
                         f"and colour each), got {len(nets)} and {len(certificates)}")
    names = _checks.labels(names, "names", len(nets))
    theta = np.linspace(-np.pi, np.pi, 1441)
    U = np.stack([np.cos(theta), np.sin(theta)], axis=1)
    fig, axes = new_figure(WIDE, ncols=len(nets), sharey=True, squeeze=False)
    for ax, net, name, cert, colour in zip(axes[0], nets, names, certificates, CYCLE):
        nu = 2.0 * (y - net(X))
        ax.plot(theta, np.abs(np.maximum(U @ X.T, 0.0) @ nu), color=colour, label=r"$|\nu^\top \mathrm{relu}(Xu)|$")
        ax.axhline(2 * lam, color=PALETTE["neutral"], linestyle="--", label=r"$2\lambda$")
        used = net.neuron_weights() > WEIGHT_TOL
        angles = np.arctan2(net.W[used, 1], net.W[used, 0])
        top = float(np.arctan2(cert.direction[1], cert.direction[0]))
        ax.plot([top], [(cert.violation + 1) * 2 * lam], "*", markersize=14, color=PALETTE["highlight"],
                label="direction", zorder=3)
        ax.plot(angles, np.full(len(angles), 2 * lam), "v", markersize=7, color=PALETTE["data"],
                label="its neurons", zorder=4)  # drawn over the star, which sits on a neuron when M = 2 lambda
        ax.set_title(f"{name}: violation {cert.violation:+.3f}")
        ax.set_xlabel(r"angle $\theta$ of the unit neuron $u$")
        ax.set_xticks([-np.pi, -np.pi / 2, 0, np.pi / 2, np.pi], [r"$-\pi$", r"$-\pi/2$", "0", r"$\pi/2$", r"$\pi$"])
    axes[0][0].set_ylabel("dual constraint")
    legend_below(fig, axes[0][0])
    return fig


def birth_line(X: np.ndarray, y: np.ndarray, cert: Certificate) -> Figure:
    r"""2-D data (with a bias column) coloured by label, and the activation line :math:`u^\top(x, 1) = 0`
    of the certificate's ``direction`` :math:`u`, with the side where the new neuron is active shaded."""
    X, y = _checks.as_data(X, y)
    if X.shape[1] != 3:
        raise ValueError(f"X must have three columns (2-D data and a bias), got {X.shape[1]}")
    instance(cert, Certificate, "cert")
    fig, ax = new_figure(SQUARE)
    lo, hi = X[:, :2].min(axis=0) - 0.2, X[:, :2].max(axis=0) + 0.2
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], 300), np.linspace(lo[1], hi[1], 300))
    u = cert.direction
    active = u[0] * g0 + u[1] * g1 + u[2] > 0
    ax.contourf(g0, g1, active, levels=[0.5, 1.5], colors=[PALETTE["highlight"]], alpha=0.25)
    ax.contour(g0, g1, u[0] * g0 + u[1] * g1 + u[2], levels=[0.0], colors=[PALETTE["highlight"]])
    for value, colour, name in ((1.0, PALETTE["network"], "y = +1"), (-1.0, PALETTE["convex"], "y = -1")):
        on = np.isclose(y, value)
        ax.scatter(X[on, 0], X[on, 1], s=14, color=colour, label=name)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="lower right", fontsize=SMALL_FONT)
    return fig


def labelled_losses(losses: Sequence[float], labels: Sequence[str], optimum: float) -> Figure:
    """A strip of final losses (one dot per run, log scale), coloured by the label of :func:`hiddenconvex.classify`,
    with the convex optimum as a dashed line."""
    losses = _checks.as_vector(losses, "losses", nonempty=True)
    optimum = _checks.positive(optimum, "optimum")
    labels = np.asarray(_checks.labels(labels, "labels", len(losses)))
    fig, ax = new_figure((WIDE[0], 2.6))
    kinds = list(dict.fromkeys(labels))
    for row, (kind, colour) in enumerate(zip(kinds, CYCLE)):
        on = labels == kind
        jitter = np.random.default_rng(row).uniform(-0.15, 0.15, on.sum())
        ax.scatter(losses[on], row + jitter, s=18, color=colour, label=f"{kind} ({on.sum()})")
    ax.axvline(optimum, color=PALETTE["neutral"], linestyle="--", label="convex optimum")
    ax.set_xscale("log")
    ax.set_yticks(range(len(kinds)), kinds)
    ax.set_ylim(-0.6, len(kinds) - 0.4)
    ax.set_xlabel("final loss")
    return fig
