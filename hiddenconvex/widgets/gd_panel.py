"""A panel that re-runs gradient descent on 1-D data when its sliders move.

Sliders: stepsize γ, weight decay λ, initialization scale s, number of neurons m and number of
steps. Each change calls :func:`update`, a plain function (no widget involved) that runs
:func:`hiddenconvex.train_gd` on the data set and returns a :class:`PanelView`: the figure of
:func:`hiddenconvex.plots.dynamics.output_and_loss` (output, data, activation points, loss curve),
or a message when the run diverges or a value is out of range. :func:`panel` wraps it in
ipywidgets; :func:`static_slider` precomputes views over a list of settings for readers without a
kernel (:func:`hiddenconvex.widgets.view.html_slider`).

The figure is drawn with a fixed layout (no layout pass per redraw) and no legend (blue line: the
network; black dots: the data; ticks: activation points, green for α > 0) at :data:`hiddenconvex.widgets.view.DPI`, and shown as
a PNG, so one redraw is one GD run plus one Agg rendering; ``benchmarks/bench_widgets.py`` times it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from hiddenconvex import data
from hiddenconvex.plots import dynamics as dynamics_plots
from hiddenconvex.training import DivergenceError, train_gd
from hiddenconvex.widgets.view import PanelView, html_slider

#: Default slider values: stable, and fast enough for a responsive redraw.
DEFAULTS = {"stepsize": 0.01, "lam": 0.001, "scale": 0.5, "m": 50, "n_steps": 400}
#: Slider ranges (min, max) as shown in the panel (γ, λ and the scale on log scales).
RANGES = {"stepsize": (1e-4, 1.0), "lam": (1e-5, 1.0), "scale": (1e-4, 3.0), "m": (1, 500), "n_steps": (10, 3000)}
_RECORDS = 100  # at most this many points on the loss curve


def update(stepsize: float = DEFAULTS["stepsize"], lam: float = DEFAULTS["lam"], scale: float = DEFAULTS["scale"],
           m: int = DEFAULTS["m"], n_steps: int = DEFAULTS["n_steps"], seed: int = 0,
           dataset: tuple[np.ndarray, np.ndarray] | None = None) -> PanelView:
    """Run gradient descent with the slider values and draw the result.

    ``dataset`` is ``(X, y)`` with 1-D inputs and a bias column (default
    :func:`hiddenconvex.data.four_points`). A diverging run (:class:`hiddenconvex.DivergenceError`)
    or an invalid value (``ValueError``) gives a view with a message and no figure; it never raises.
    """
    X, y = dataset if dataset is not None else data.four_points()
    try:
        every = max(1, int(n_steps) // _RECORDS) if isinstance(n_steps, (int, np.integer)) else 1
        traj = train_gd(X, y, m=m, lam=lam, stepsize=stepsize, scale=scale, n_steps=n_steps, seed=seed, record_every=every)
    except DivergenceError as err:
        return PanelView(None, f"Gradient descent diverged at step {err.step} with stepsize {stepsize:g}.\n"
                               "Lower the stepsize (or the initialization scale).")
    except ValueError as err:
        return PanelView(None, f"Invalid setting: {err}")
    title = f"γ = {stepsize:g}, λ = {lam:g}, scale = {scale:g}, m = {m}"
    return PanelView(dynamics_plots.output_and_loss(traj, -1, X, y, title=title, fixed_layout=True, legend=False))


def static_slider(settings: Sequence[dict], title: str, alt: str, dataset: tuple[np.ndarray, np.ndarray] | None = None) -> str:
    """Kernel-free HTML slider over :func:`update` at each of ``settings`` (dicts of slider values).

    Each frame is labelled with its setting; a diverging setting shows its message.
    """
    if len(settings) == 0:
        raise ValueError("settings must contain at least one dict of slider values")
    views = [update(**setting, dataset=dataset) for setting in settings]
    labels = [", ".join(f"{key} = {value:g}" for key, value in setting.items()) for setting in settings]
    return html_slider(views, labels, title=title, alt=alt)


def _log_slider(name: str, description: str):  # pragma: no cover - needs ipywidgets in a kernel
    import ipywidgets as widgets

    lo, hi = RANGES[name]
    return widgets.FloatLogSlider(value=DEFAULTS[name], base=10, min=np.log10(lo), max=np.log10(hi), step=0.1,
                                  description=description, continuous_update=False)


def _int_slider(name: str, description: str, step: int = 1):  # pragma: no cover - needs ipywidgets in a kernel
    import ipywidgets as widgets

    lo, hi = RANGES[name]
    return widgets.IntSlider(value=DEFAULTS[name], min=lo, max=hi, step=step, description=description,
                             continuous_update=False)


def panel(dataset: tuple[np.ndarray, np.ndarray] | None = None):  # pragma: no cover - needs a live kernel
    """The interactive panel: sliders for γ, λ, s (log scales), m and steps, above the redrawn view."""
    import ipywidgets as widgets
    from IPython.display import Image, display

    sliders = {
        "stepsize": _log_slider("stepsize", "stepsize γ"),
        "lam": _log_slider("lam", "λ"),
        "scale": _log_slider("scale", "init scale"),
        "m": _int_slider("m", "neurons m"),
        "n_steps": _int_slider("n_steps", "steps", step=10),
    }
    out = widgets.Output()

    def redraw(_change=None) -> None:
        view = update(**{name: s.value for name, s in sliders.items()}, dataset=dataset)
        with out:
            out.clear_output(wait=True)
            display(Image(view.png()))

    for slider in sliders.values():
        slider.observe(redraw, names="value")
    redraw()
    rows = list(sliders.values())
    return widgets.VBox([widgets.HBox(rows[:3]), widgets.HBox(rows[3:]), out])
