"""What every panel's update function returns: a :class:`PanelView`, a figure or a message.

A panel's update function never raises on a slider value: when there is nothing sensible to draw
(a diverging run, a value out of range, a solver failure) it returns a view holding a message. A
view renders to an RGB frame for the precomputed sliders of the website, and shows itself as a PNG
in a notebook.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from collections.abc import Sequence

from hiddenconvex import _checks, animation
from hiddenconvex.plots import dynamics as dynamics_plots
from hiddenconvex.plots.style import DENSITY, display_dpi

#: Resolution at which a view is rendered unless told otherwise.
DPI = 80
#: The highest resolution a view is rendered at (a 9-inch frame is then 5400 pixels wide).
MAX_DPI = 600


@dataclass(frozen=True)
class PanelView:
    """What a panel shows: a figure, or a message when there is nothing sensible to draw."""

    figure: Figure | None
    message: str = ""

    def __post_init__(self) -> None:
        if self.figure is not None:
            _checks.instance(self.figure, Figure, "figure")
        if not isinstance(self.message, str) or (self.figure is None and not self.message):
            raise ValueError(f"message must be a string, non-empty when there is no figure, got {self.message!r}")

    def frame(self, dpi: float = DPI) -> np.ndarray:
        """The view as an RGB array at ``dpi`` in ``(0, MAX_DPI]`` (a message becomes a figure showing the message)."""
        dpi = _checks.positive(dpi, "dpi")
        if dpi > MAX_DPI:
            raise ValueError(f"dpi must be a number in (0, {MAX_DPI}], got {dpi:g}")
        fig = self.figure if self.figure is not None else dynamics_plots.message(self.message)
        return animation.figure_to_rgb(fig, dpi=dpi)

    def png(self, dpi: float = DPI) -> bytes:
        """The view as PNG bytes at ``dpi`` (as :meth:`frame`), ready for ``IPython.display.Image``."""
        return animation.png_bytes(self.frame(dpi))

    def _repr_png_(self) -> bytes:
        return self.png()


def html_slider(views: Sequence[PanelView], labels: Sequence[str], title: str, alt: str, dpi: float = DPI) -> str:
    """A kernel-free slider over ``views``: each rendered at ``DENSITY * dpi``, shown at ``dpi``
    (at least :data:`hiddenconvex.plots.style.MIN_DISPLAY_DPI`, so that its smallest text is 9 px or more);
    ``labels`` names each view."""
    views = _checks.each(views, "views", lambda view, name: _checks.instance(view, PanelView, name), "PanelView",
                         nonempty=True)
    labels = _checks.labels(labels, "labels", len(views))
    dpi = display_dpi(dpi)
    if DENSITY * dpi > MAX_DPI:
        raise ValueError(f"dpi must be at most {MAX_DPI / DENSITY:g} (frames are rendered at {DENSITY} times it), got {dpi:g}")
    frames = [view.frame(DENSITY * dpi) for view in views]
    return animation.html_slider(frames, labels, title=title, alt=alt, density=DENSITY)
