"""The gradient-descent panel's update function, at default and extreme slider values (never a traceback)."""

import itertools

import numpy as np
import pytest

import hiddenconvex as hc
from hiddenconvex.widgets import gd_panel


def test_defaults_give_a_figure_with_output_and_loss():
    view = gd_panel.update()
    assert view.figure is not None and view.message == ""
    left, right = view.figure.axes
    assert len(left.lines) == 1 and len(right.lines) == 2
    png = view.png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("step, lam, scale", list(itertools.product(
    [gd_panel.RANGES["stepsize"][0], gd_panel.RANGES["stepsize"][1]],
    [gd_panel.RANGES["lam"][0], gd_panel.RANGES["lam"][1]],
    [gd_panel.RANGES["scale"][0], gd_panel.RANGES["scale"][1]])))
def test_extreme_slider_values_never_raise(step, lam, scale):
    view = gd_panel.update(stepsize=step, lam=lam, scale=scale, m=gd_panel.RANGES["m"][1], n_steps=200)
    assert (view.figure is None) != (view.message == "")
    if view.figure is None:
        assert "diverged" in view.message
    assert view.frame().ndim == 3  # a message is drawn as well


def test_diverging_stepsize_gives_a_message():
    view = gd_panel.update(stepsize=1.0, scale=3.0)
    assert view.figure is None and "diverged" in view.message and "stepsize" in view.message


def test_extreme_neurons_and_steps():
    for m, steps in itertools.product(gd_panel.RANGES["m"], gd_panel.RANGES["n_steps"]):
        view = gd_panel.update(m=m, n_steps=steps)
        assert view.figure is not None, view.message


def test_invalid_values_give_a_message():
    for bad in ({"m": 0}, {"stepsize": -1.0}, {"lam": float("nan")}, {"n_steps": 2.5}):
        view = gd_panel.update(**bad)
        assert view.figure is None and view.message.startswith("Invalid setting")


def test_custom_dataset():
    X, y = hc.data.bias_pair()
    view = gd_panel.update(m=3, n_steps=20, dataset=(X, y))
    assert len(view.figure.axes[0].collections[0].get_offsets()) == 2  # the two data points


def test_static_slider_has_one_frame_per_setting_and_shows_divergence():
    settings = [{"stepsize": 0.01}, {"stepsize": 1.0, "scale": 3.0}]
    html = gd_panel.static_slider(settings, title="t", alt="panel views")
    assert html.count("data:image/png;base64,") == len(settings) + 1
    assert "stepsize = 1, scale = 3" in html
    assert html == gd_panel.static_slider(settings, title="t", alt="panel views")  # deterministic
    with pytest.raises(ValueError, match="settings must be a non-empty sequence of dicts of slider values"):
        gd_panel.static_slider([], title="t", alt="x")


def test_every_panel_offers_the_same_pair():
    from hiddenconvex.widgets import lambda_panel, pattern_panel
    from hiddenconvex.widgets.view import PanelView

    X, y = hc.data.sine(6)
    views = [gd_panel.update(m=2, n_steps=5), lambda_panel.update(X, y, 0.1), pattern_panel.update(30.0, 1.0)]
    assert all(isinstance(view, PanelView) and view.figure is not None for view in views)
    assert all(callable(module.static_slider) for module in (gd_panel, lambda_panel, pattern_panel))
    assert views[0]._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"  # a view shows itself in a notebook


def test_panel_builds_and_shows_the_divergence_message_when_driven_to_diverge(monkeypatch):
    """The live panel (no display needed): moving its sliders to a diverging stepsize redraws a message, no traceback."""
    shown, original = [], gd_panel.update

    def recorded(**values):
        shown.append(original(**values))
        return shown[-1]

    monkeypatch.setattr(gd_panel, "update", recorded)
    box = gd_panel.panel()
    sliders = {s.description: s for row in box.children[:2] for s in row.children}
    assert list(sliders) == ["stepsize γ", "λ", "init scale", "neurons m", "steps"]
    assert shown[-1].figure is not None  # the defaults draw
    sliders["init scale"].value = 3.0
    sliders["stepsize γ"].value = 1.0
    assert shown[-1].figure is None and "diverged" in shown[-1].message and "stepsize 1" in shown[-1].message
