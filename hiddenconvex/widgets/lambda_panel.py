r"""A panel for the weight decay λ: the convex optimum, its active neurons and the mapped network.

:func:`update` is the plain function behind the panel: λ in, a :class:`~hiddenconvex.widgets.view.PanelView`
out (the figure :func:`hiddenconvex.plots.convex.lambda_fit` of ``hc.solve_convex(X, y, lam)``, pruned),
or a view holding a message when λ is invalid or the solver fails. :func:`panel` wraps it in an
ipywidgets log-slider; :func:`static_slider` renders it on a grid of λ as a kernel-free HTML
slider (:func:`hiddenconvex.widgets.view.html_slider`) for the static website.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from hiddenconvex import _checks
from hiddenconvex.convex import ConvexSolverError, solve_convex
from hiddenconvex.pruning import prune
from hiddenconvex.plots.convex import lambda_fit
from hiddenconvex.plots.style import display_dpi
from hiddenconvex.widgets.view import PanelView, html_slider


def update(X: np.ndarray, y: np.ndarray, lam: float, patterns: np.ndarray | None = None) -> PanelView:
    """Solve the convex program at weight decay ``lam`` and draw it; a message on failure.

    The solution is reduced by :func:`hiddenconvex.pruning.prune` to at most ``n + 1``
    non-zero groups before it is drawn (same fit, same penalty).

    ``X`` is 1-D data with a bias column (shape ``(n, 2)``), ``lam >= 0``. ``patterns`` (optional) are passed
    to :func:`hiddenconvex.solve_convex`, so a panel can enumerate them once. An invalid value (the
    message names it) or a solver failure gives a view with a message; it never raises.
    """
    try:
        return _view(*_data(X, y), lam, patterns)
    except ValueError as err:
        return PanelView(None, f"No solution shown: {err}")


def _data(X: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    """The panel's data: ``X`` 1-D data with a bias column, ``y`` one label per row."""
    X, y = _checks.as_data(X, y)
    return _checks.with_bias(X), y


def _view(X: np.ndarray, y: np.ndarray, lam: float, patterns: np.ndarray | None = None) -> PanelView:
    """The view at ``lam`` on valid data: a bad value raises a ``ValueError`` naming it, a solver failure is a message."""
    lam = _checks.nonnegative(lam, "lam")
    try:
        solution = solve_convex(X, y, lam, patterns=patterns)
    except ConvexSolverError as err:
        return PanelView(None, f"No solution shown: {err}")
    return PanelView(lambda_fit(X, y, prune(solution, X)))


def static_slider(X: np.ndarray, y: np.ndarray, lams: Sequence[float], dpi: float = 72) -> str:
    """A kernel-free HTML slider over :func:`update` at each λ of ``lams`` (each ``>= 0``, rendered at ``dpi``).

    Invalid data or values are refused (a ``ValueError`` naming them); a solver failure shows its message.
    """
    X, y = _data(X, y)
    lams = _checks.as_vector(lams, "lams", nonempty=True)
    if np.any(lams < 0):
        raise ValueError(f"lams must be weight decays >= 0, got {lams.tolist()}")
    dpi = display_dpi(dpi)
    views = [_view(X, y, lam) for lam in lams]
    labels = [f"lambda = {lam:.3g}" for lam in lams]
    alt = ("Left: data points and the function of the network mapped from the convex optimum, with ticks at its "
           "activation points; right: bar chart of the non-zero convex neurons per pattern, for the chosen lambda.")
    return html_slider(views, labels, "Weight decay and the convex optimum", alt, dpi=dpi)


def panel(X: np.ndarray, y: np.ndarray, lam_range: tuple[float, float] = (1e-4, 10.0)):
    """An ipywidgets panel: a log-slider for λ over ``lam_range`` (``0 < low < high``) above the figure of :func:`update`."""
    import ipywidgets as widgets
    from IPython.display import display

    from hiddenconvex.patterns import activation_patterns

    X, y = _data(X, y)
    low, high = _checks.interval(lam_range, "lam_range")
    if low <= 0:
        raise ValueError(f"lam_range must be (low, high) with 0 < low < high (a log scale), got ({low:g}, {high:g})")
    patterns = activation_patterns(X)
    lo, hi = np.log10(low), np.log10(high)
    slider = widgets.FloatLogSlider(value=10 ** ((lo + hi) / 2), min=lo, max=hi, step=0.1, description="λ")
    out = widgets.Output()

    def redraw(change: object = None) -> None:
        with out:
            out.clear_output(wait=True)
            display(update(X, y, slider.value, patterns=patterns))

    slider.observe(redraw, names="value")
    redraw()
    return widgets.VBox([slider, out])
