r"""A panel to turn one neuron and move two data points: its pattern, activation line and cone update.

The data are two scalar inputs :math:`t_1, t_2` with a bias column, i.e. the
points :math:`x_j = (t_j, 1)` (the two-point example has :math:`t = (-1, 1)`).
The neuron is :math:`w = s(\cos\theta, \sin\theta)` with angle :math:`\theta` in
degrees and scale :math:`s \ge 0`.

* :func:`update` is the plain update function: slider values in, a
  :class:`~hiddenconvex.widgets.view.PanelView` out — the figure
  (:func:`hiddenconvex.plots.patterns.neuron_view`) or a message.
* :func:`panel` lays the sliders out with ipywidgets (needs a running kernel).
* :func:`static_slider` precomputes the figure over a grid of angles and returns
  kernel-free HTML (:func:`hiddenconvex.widgets.view.html_slider`) for the website.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from hiddenconvex import _checks
from hiddenconvex.data import add_bias
from hiddenconvex.patterns import pattern_of
from hiddenconvex.plots.patterns import neuron_view, pattern_label
from hiddenconvex.plots.style import display_dpi
from hiddenconvex.widgets.view import PanelView, html_slider


def neuron(angle: float, scale: float) -> np.ndarray:
    r"""The neuron :math:`w = s(\cos\theta, \sin\theta)`, ``angle`` :math:`\theta` in degrees, ``scale`` :math:`s \ge 0`."""
    angle = _checks.real_number(angle, "angle")
    scale = _checks.nonnegative(scale, "scale")
    theta = np.radians(angle)
    return scale * np.array([np.cos(theta), np.sin(theta)])


def update(angle: float, scale: float, t1: float = -1.0, t2: float = 1.0) -> PanelView:
    """The panel's view for these slider values: the figure, or a message saying what is wrong with them.

    ``angle`` in degrees, ``scale >= 0``, ``t1`` and ``t2`` the scalar inputs of
    the two data points (a bias column is appended).
    """
    try:
        return PanelView(neuron_view(_data(t1, t2), neuron(angle, scale)))
    except ValueError as err:
        return PanelView(None, f"Cannot draw this neuron: {err}")


def _data(t1: float, t2: float) -> np.ndarray:
    """The two data points :math:`(t_1, 1)` and :math:`(t_2, 1)` (``t1``, ``t2`` finite numbers)."""
    return add_bias([_checks.real_number(t1, "t1"), _checks.real_number(t2, "t2")])


def panel():
    """The interactive panel (ipywidgets): sliders for angle, scale and the two inputs, and the figure."""
    import html

    import ipywidgets as widgets
    from IPython.display import HTML

    sliders = {
        "angle": widgets.FloatSlider(value=100.0, min=0.0, max=360.0, step=1.0, description="angle (deg)"),
        "scale": widgets.FloatSlider(value=1.0, min=0.0, max=3.0, step=0.05, description="scale"),
        "t1": widgets.FloatSlider(value=-1.0, min=-3.0, max=3.0, step=0.05, description="input t1"),
        "t2": widgets.FloatSlider(value=1.0, min=-3.0, max=3.0, step=0.05, description="input t2"),
    }
    out = widgets.Output()

    def redraw(_change=None) -> None:
        view = update(**{name: slider.value for name, slider in sliders.items()})
        out.outputs = ()
        out.append_display_data(HTML(f"<b>{html.escape(view.message)}</b>") if view.figure is None else view.figure)

    for slider in sliders.values():
        slider.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([sliders["angle"], sliders["scale"]]),
                         widgets.HBox([sliders["t1"], sliders["t2"]]), out])


def static_slider(angles: Sequence[float], scale: float = 1.0, t1: float = -1.0, t2: float = 1.0,
                  dpi: float = 72) -> str:
    """Kernel-free HTML slider over :func:`update` at each angle of ``angles`` (degrees), other values fixed.

    Invalid values are refused (a ``ValueError`` naming them) instead of shown as a message.
    """
    angles = _checks.as_vector(angles, "angles", nonempty=True)
    X = _data(t1, t2)
    scale = _checks.nonnegative(scale, "scale")
    dpi = display_dpi(dpi)
    views, labels = [], []
    for angle in angles:
        w = neuron(angle, scale)
        views.append(PanelView(neuron_view(X, w)))
        labels.append(f"angle {angle:g} deg, pattern {pattern_label(pattern_of(w, X)[0])}")
    return html_slider(views, labels, title="Turn the neuron",
                       alt="A neuron turning around the origin: its ReLU output, its activation line among "
                           "the two data points, and the shaded cone of neurons sharing its pattern.", dpi=dpi)
