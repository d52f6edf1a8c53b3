"""Interactive panels (ipywidgets), one module per panel.

Every panel separates a plain *update function* — parameters in, figure (or a
clear message) out, no widget involved — from the ipywidgets layout that calls
it, so the update can be tested headless and timed by a benchmark. A diverging
run or an invalid slider value is shown in the panel as a message, never as a
traceback. Import a panel's module explicitly, e.g.
``from hiddenconvex.widgets import gd_panel``.
"""
