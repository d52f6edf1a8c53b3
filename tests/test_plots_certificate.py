"""Figures of the certificate: what they draw, and the inputs they refuse."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

import hiddenconvex as hc
from hiddenconvex.plots import certificate as plots

X, Y = hc.data.two_points()
LAM = 0.1


def _end(seed: int) -> hc.ReLUNetwork:
    return hc.train_gd(X, Y, m=5, lam=LAM, stepsize=0.02, scale=0.5, n_steps=20000, seed=seed, record_every=20000).network()


def test_dual_curves_draw_the_bar_the_neurons_and_the_direction():
    nets = [_end(1), _end(4)]
    certs = [hc.certify(net, X, Y, LAM) for net in nets]
    fig = plots.dual_curves(X, Y, LAM, nets, ["global", "spurious"], certs)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    for ax, net, cert in zip(fig.axes, nets, certs):
        curve, bar, star, triangles = ax.lines
        assert np.max(curve.get_ydata()) == pytest.approx((cert.violation + 1) * 2 * LAM, rel=1e-3)
        assert star.get_ydata()[0] == pytest.approx((cert.violation + 1) * 2 * LAM)
        assert len(triangles.get_xdata()) == np.sum(net.neuron_weights() > hc.restricted.WEIGHT_TOL)
        assert np.all(np.asarray(bar.get_ydata()) == pytest.approx(2 * LAM))
    assert fig.legends and not any(ax.get_legend() for ax in fig.axes)  # the legend covers no panel


def test_birth_line_shades_the_side_where_the_new_neuron_is_active():
    Xs, ys = hc.data.spirals(40)
    run = hc.train_gd(Xs, ys, m=3, lam=0.01, stepsize=0.01, scale=0.5, n_steps=4000, seed=0, record_every=4000)
    fig = plots.birth_line(Xs, ys, hc.certify(run.network(), Xs, ys, 0.01))
    ax = fig.axes[0]
    assert len(ax.collections) >= 3  # shaded side, the line, the two classes of points
    assert ax.get_aspect() == 1.0


def test_labelled_losses_has_one_row_per_label():
    fig = plots.labelled_losses([0.31, 0.41, 0.32], ["global", "spurious", "global"], 0.3)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["global", "spurious"]


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: plots.dual_curves(np.ones((2, 3)), Y, LAM, [], [], []), "two columns"),
        (lambda: plots.dual_curves(X, Y, LAM, [], [], []), "same number of entries, 1 to"),
        (lambda: plots.birth_line(X, Y, None), "three columns"),
        (lambda: plots.labelled_losses([], [], 0.3), "losses must hold at least one value"),
    ],
)
def test_bad_inputs_are_refused(call, match):
    with pytest.raises(ValueError, match=match):
        call()
