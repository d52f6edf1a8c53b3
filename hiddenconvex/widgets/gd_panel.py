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

from collections.abc import Mapping, Sequence

import numpy as np

from hiddenconvex import _checks, data
from hiddenconvex.plots import dynamics as dynamics_plots
from hiddenconvex.training import DivergenceError, train_gd
from hiddenconvex.widgets.view import PanelView, html_slider

#: Default slider values: stable, and fast enough for a responsive redraw.
DEFAULTS = {"stepsize": 0.01, "lam": 0.001, "scale": 0.5, "m": 50, "n_steps": 400}
#: Slider ranges (min, max) as shown in the panel (γ, λ and the scale on log scales).
RANGES = {"stepsize": (1e-4, 1.0), "lam": (1e-5, 1.0), "scale": (1e-4, 3.0), "m": (1, 500), "n_steps": (10, 3000)}
#: The values a setting of :func:`static_slider` may give: the sliders' and the seed.
SETTINGS = (*DEFAULTS, "seed")
_RECORDS = 100  # at most this many points on the loss curve


def update(stepsize: float = DEFAULTS["stepsize"], lam: float = DEFAULTS["lam"], scale: float = DEFAULTS["scale"],
           m: int = DEFAULTS["m"], n_steps: int = DEFAULTS["n_steps"], seed: int = 0,
           dataset: tuple[np.ndarray, np.ndarray] | None = None) -> PanelView:
    """Run gradient descent with the slider values and draw the result.

    ``dataset`` is ``(X, y)`` with 1-D inputs and a bias column (default
    :func:`hiddenconvex.data.four_points`). A diverging run (:class:`hiddenconvex.DivergenceError`)
    or an invalid value (a ``ValueError`` naming it: γ, λ, the scale > 0, m >= 1, 0 <= steps, the seed
    an integer >= 0, the data set) gives a view with a message and no figure; it never raises.
    """
    try:
        return _view(*_dataset(dataset), stepsize=stepsize, lam=lam, scale=scale, m=m, n_steps=n_steps, seed=seed)
    except ValueError as err:
        return PanelView(None, f"Invalid setting: {err}")


def _dataset(dataset: object) -> tuple[np.ndarray, np.ndarray]:
    """The panel's data: the default four points for ``None``, else a pair ``(X, y)`` of 1-D data with a bias column."""
    if dataset is None:
        return data.four_points()
    if not isinstance(dataset, (tuple, list)) or len(dataset) != 2:
        raise ValueError(f"dataset must be None or a pair (X, y), got {type(dataset).__name__}")
    X = _checks.with_bias(_checks.as_matrix(dataset[0], "dataset X"), "dataset X")
    return X, _checks.as_vector(dataset[1], "dataset y", len(X))


def _view(X: np.ndarray, y: np.ndarray, stepsize: float, lam: float, scale: float, m: int, n_steps: int,
          seed: int) -> PanelView:
    """The view of one run on valid data; a diverging run is a message, a bad value a ``ValueError`` naming it."""
    n_steps = _checks.integer(n_steps, "n_steps", 0)  # train_gd bounds it; here it sets how often to record
    try:
        traj = train_gd(X, y, m=m, lam=lam, stepsize=stepsize, scale=scale, n_steps=n_steps, seed=seed,
                        record_every=max(1, n_steps // _RECORDS))
    except DivergenceError as err:
        return PanelView(None, f"Gradient descent diverged at step {err.step} with stepsize {stepsize:g}.\n"
                               "Lower the stepsize (or the initialization scale).")
    title = f"γ = {stepsize:g}, λ = {lam:g}, scale = {scale:g}, m = {m}"
    return PanelView(dynamics_plots.output_and_loss(traj, -1, X, y, title=title, fixed_layout=True, legend=False))


def _setting(setting: object, name: str) -> dict:
    """One setting of :func:`static_slider`: a non-empty dict from names in :data:`SETTINGS` to values."""
    if not isinstance(setting, Mapping) or not setting:
        raise ValueError(f"{name} must be a non-empty dict of slider values ({', '.join(SETTINGS)}), got {setting!r}")
    unknown = sorted(str(key) for key in setting if key not in SETTINGS)
    if unknown:
        raise ValueError(f"{name} names no slider: {unknown}; the settings are {', '.join(SETTINGS)}")
    return {**DEFAULTS, "seed": 0, **setting}


def static_slider(settings: Sequence[dict], title: str, alt: str, dataset: tuple[np.ndarray, np.ndarray] | None = None) -> str:
    """Kernel-free HTML slider over the view of :func:`update` at each of ``settings`` (dicts of slider values,
    the others at :data:`DEFAULTS`).

    Each frame is labelled with its setting; a diverging setting shows its message, an invalid one is
    refused (a ``ValueError`` naming the setting and the value).
    """
    X, y = _dataset(dataset)
    title, alt = _checks.text(title, "title"), _checks.text(alt, "alt")
    full = _checks.each(settings, "settings", _setting, "dicts of slider values", nonempty=True)
    views = []
    for k, setting in enumerate(full):
        try:
            views.append(_view(X, y, **setting))
        except ValueError as err:
            raise ValueError(f"settings[{k}]: {err}") from None
    labels = [", ".join(f"{key} = {value:g}" for key, value in setting.items()) for setting in settings]
    return html_slider(views, labels, title=title, alt=alt)


def _log_slider(name: str, description: str):
    import ipywidgets as widgets

    lo, hi = RANGES[name]
    return widgets.FloatLogSlider(value=DEFAULTS[name], base=10, min=np.log10(lo), max=np.log10(hi), step=0.1,
                                  description=description, continuous_update=False)


def _int_slider(name: str, description: str, step: int = 1):
    import ipywidgets as widgets

    lo, hi = RANGES[name]
    return widgets.IntSlider(value=DEFAULTS[name], min=lo, max=hi, step=step, description=description,
                             continuous_update=False)


def panel(dataset: tuple[np.ndarray, np.ndarray] | None = None):
    """The interactive panel: sliders for γ, λ, s (log scales), m and steps, above the redrawn view.

    ``dataset`` is ``None`` (the four points) or ``(X, y)``, 1-D data with a bias column.
    """
    import ipywidgets as widgets
    from IPython.display import Image, display

    dataset = _dataset(dataset)
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
