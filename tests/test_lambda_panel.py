"""The λ panel: the plain update function at extreme slider values, the static slider and the layout."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import hiddenconvex as hc
from hiddenconvex.widgets import lambda_panel

XS, YS = hc.data.sine(10)


@pytest.mark.parametrize("lam", [0.0, 1e-4, 10.0, 1e3])
def test_update_at_extreme_lambdas_draws_the_fit(lam):
    fig = lambda_panel.update(XS, YS, lam).figure
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert f"{lam:.3g}" in fig.axes[0].get_title()


def test_update_large_lambda_shows_the_zero_network():
    fig = lambda_panel.update(XS, YS, 1e3).figure
    _, bars = fig.axes
    assert max(abs(p.get_height()) for p in bars.patches) < 1e-6


@pytest.mark.parametrize("lam", [-1.0, float("nan")])
def test_update_invalid_lambda_shows_a_message(lam):
    view = lambda_panel.update(XS, YS, lam)
    assert view.figure is None and "lam" in view.message
    assert view.frame(dpi=20).ndim == 3  # the message is drawn as a frame of the precomputed slider


def test_update_draws_at_most_n_plus_one_neurons():
    fig = lambda_panel.update(XS, YS, 1e-3).figure
    _, bars = fig.axes
    assert 0 < sum(abs(p.get_height()) > 0 for p in bars.patches) <= len(YS) + 1


def test_update_with_patterns_given():
    fig = lambda_panel.update(XS, YS, 0.01, patterns=hc.activation_patterns(XS)).figure
    assert len(fig.axes) == 2


def test_static_slider_is_deterministic():
    first = lambda_panel.static_slider(XS, YS, [1e-3, 1.0], dpi=72)
    assert first == lambda_panel.static_slider(XS, YS, [1e-3, 1.0], dpi=72)
    assert first.count("data:image/png;base64,") == 3  # the first frame as <img> src, then both in the list
    assert "lambda = 0.001" in first and "lambda = 1" in first


def test_panel_builds_slider_and_output():
    box = lambda_panel.panel(XS, YS)
    slider, out = box.children
    assert slider.description == "λ" and np.isclose(10**slider.min, 1e-4)
    slider.value = 1.0
    assert slider.value == pytest.approx(1.0)  # the update ran without raising
