"""Figures of the book: one module per family, each function returns a ``matplotlib.figure.Figure``.

Figures are built with :class:`matplotlib.figure.Figure` directly (not through
``pyplot``), so they are displayed once in a notebook and never accumulate in
memory when a widget redraws them. Colours and sizes come from :mod:`.style`.
"""

from hiddenconvex.plots import style
from hiddenconvex.plots.landscape import loss_curves, one_neuron_loss, two_neuron_surface

__all__ = ["loss_curves", "one_neuron_loss", "style", "two_neuron_surface"]
