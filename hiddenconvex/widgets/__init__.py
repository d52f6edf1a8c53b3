"""Interactive panels (ipywidgets), one module per panel.

Every panel offers the same pair: a plain *update function* — parameters in, a
:class:`~hiddenconvex.widgets.view.PanelView` (a figure, or a clear message) out, no widget
involved — and ``static_slider``, the precomputed kernel-free version for the website; the
ipywidgets layout (``panel``) calls the update function, so the update can be tested headless and timed by a benchmark. A diverging
run or an invalid slider value is shown in the panel as a message, never as a
traceback. Import a panel's module explicitly, e.g.
``from hiddenconvex.widgets import gd_panel``.
"""
