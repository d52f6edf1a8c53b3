"""The book's palette, figure sizes, smallest font and screen resolution, in one place.

The palette is Okabe & Ito's colour-blind-safe set; every figure takes its
colours from here so a colour means the same thing in every chapter.

Figures are shown at :data:`SCREEN_DPI` CSS pixels per inch and rendered with
:data:`DENSITY` times as many pixels, so that they stay sharp on high-density
(phone, laptop) screens: :func:`png_with_size` is the notebook's PNG formatter for
:class:`~matplotlib.figure.Figure` (registered by :func:`use_high_density_png`), and
it records the display width in the output's metadata, which the website applies.
"""

from __future__ import annotations

import io
import numbers

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from hiddenconvex import _checks

#: Okabe-Ito colours by role.
PALETTE = {
    "data": "#000000",
    "network": "#0072B2",  # blue: the non-convex network / GD
    "convex": "#D55E00",  # vermilion: the convex solution
    "positive": "#009E73",  # bluish green: alpha > 0 / active side
    "negative": "#CC79A7",  # reddish purple: alpha < 0
    "highlight": "#E69F00",  # orange
    "neutral": "#999999",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
}

#: A cycle for several runs drawn in one axes.
CYCLE = [PALETTE[k] for k in ("network", "convex", "positive", "negative", "highlight", "sky", "neutral")]

#: The smallest font size (points) of any text in a figure: with figures shown at
#: SCREEN_DPI, 1 pt is SCREEN_DPI / 72 CSS pixels, so 9 pt is 12.5 px before the page scales it.
SMALL_FONT = 9

#: CSS pixels per inch at which a figure is displayed, and the rendering factor for dense screens.
SCREEN_DPI = 100
DENSITY = 2

#: The lowest resolution (CSS pixels per inch) at which a GIF frame or a slider frame may be shown:
#: there SMALL_FONT pt is SMALL_FONT * dpi / 72 = 9 CSS pixels.
MIN_DISPLAY_DPI = 72.0 * 9.0 / SMALL_FONT


def display_dpi(dpi: float) -> float:
    """``dpi`` if the smallest font stays at least 9 px when a frame is shown at it, else a ValueError."""
    if isinstance(dpi, bool) or not isinstance(dpi, numbers.Real) or not np.isfinite(dpi) or dpi < MIN_DISPLAY_DPI:
        raise ValueError(f"dpi must be a number of at least {MIN_DISPLAY_DPI:g} (so that {SMALL_FONT} pt text "
                         f"is at least 9 px on screen), got {dpi!r}")
    return float(dpi)

WIDE = (9.0, 3.6)
#: The widest a figure may be drawn (inches): the desktop column (672 CSS px at a 1280 px window)
#: shows it, with the few pixels its tight bounding box adds, at about 0.74 of its drawn size, above
#: the 0.72 at which its 9 pt text would fall under 9 px.
MAX_WIDTH = WIDE[0]
SQUARE = (5.0, 4.5)
SURFACE = (7.0, 5.5)
#: The most grid points a side of a drawn surface or region map (the cost grows with its square).
MAX_GRID = 1001


def figure_size(size: object, name: str = "size") -> tuple[float, float]:
    """Return ``(width, height)`` in inches: two finite numbers in ``(0, MAX_WIDTH]`` (the widest a figure
    of the book may be drawn; no figure is taller than wide enough to need more)."""
    width, height = _checks.as_vector(size, name, 2)
    if not (0 < width <= MAX_WIDTH and 0 < height <= MAX_WIDTH):
        raise ValueError(f"{name} must be (width, height) in inches, each in (0, {MAX_WIDTH:g}], "
                         f"got ({width:g}, {height:g})")
    return float(width), float(height)


def new_figure(size: tuple[float, float] = WIDE, **subplots_kwargs) -> tuple[Figure, object]:
    """A figure with a constrained layout and its axes (``subplots_kwargs`` go to ``Figure.subplots``).

    ``size`` is ``(width, height)`` in inches, each in ``(0, MAX_WIDTH]`` (:func:`figure_size`).
    """
    fig = Figure(figsize=figure_size(size), layout="constrained")
    axes = fig.subplots(**subplots_kwargs)
    return fig, axes


def legend_below(fig: Figure, *axes) -> None:
    """One legend for the entries of ``axes``, in a row below the panels (off the data).

    With the constrained layout the panels make room for it, so it never covers a curve or a point.
    """
    _checks.instance(fig, Figure, "fig")
    if not axes:
        raise ValueError("axes must name at least one matplotlib Axes whose entries go in the legend")
    for k, ax in enumerate(axes):
        _checks.instance(ax, Axes, f"axes[{k}]")
    handles, labels = [], []
    for ax in axes:
        h, l = ax.get_legend_handles_labels()
        handles += h
        labels += l
    fig.legend(handles, labels, loc="outside lower center", ncols=len(labels), fontsize=SMALL_FONT)


def png_with_size(fig: Figure) -> tuple[bytes, dict[str, int]]:
    """``fig`` as a PNG at ``DENSITY * SCREEN_DPI`` (256 colours) and its display width in CSS pixels.

    The palette is reduced to 256 colours (most figures use a handful, plus anti-aliasing
    shades), which keeps the high-density image about as light as a plain one at SCREEN_DPI.
    """
    from PIL import Image

    _checks.instance(fig, Figure, "fig")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DENSITY * SCREEN_DPI, bbox_inches="tight", facecolor="white")
    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    quantized = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    quantized.save(out, format="PNG", optimize=True)
    width = int(np.ceil(image.width / DENSITY))
    return out.getvalue(), {"width": width}


def use_high_density_png() -> bool:
    """Make IPython show every :class:`~matplotlib.figure.Figure` with :func:`png_with_size`.

    Does nothing outside IPython; returns whether the formatter was registered.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the book's requirements
        return False
    shell = get_ipython()
    if shell is None:
        return False
    shell.display_formatter.formatters["image/png"].for_type(Figure, png_with_size)
    return True
