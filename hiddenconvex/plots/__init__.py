"""Figures of the book: one module per family of figures, each function returns a ``matplotlib.figure.Figure``.

Call them as ``hc.plots.<family>.<function>`` (for example
``hc.plots.landscape.one_neuron_loss``). Figures are built with
:class:`matplotlib.figure.Figure` directly, not through ``pyplot``, so they are
displayed once in a notebook and never pile up in memory when a widget redraws
them. Colours and sizes come from :mod:`hiddenconvex.plots.style`; in a notebook, importing this
package makes figures display as high-density PNGs (:func:`hiddenconvex.plots.style.use_high_density_png`).
"""

from hiddenconvex.plots import certificate, convex, dynamics, extensions, landscape, patterns, performance, phases, style

style.use_high_density_png()

__all__ = ["certificate", "convex", "dynamics", "extensions", "landscape", "patterns", "performance", "phases", "style"]
