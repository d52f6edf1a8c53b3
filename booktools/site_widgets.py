"""Live ipywidgets panels are not shown on the website: it has no kernel to run them.

A panel saved with its widget state (Jupyter's "Save widget state", which nbconvert/nbclient does by
default when it executes a notebook) is drawn on a static page by the widget manager: its sliders move
and its readouts change, but the figure, computed in Python, never does. So the site replaces every
widget view by a short note telling the reader how to run the panel live, and drops the notebook's
widget state, so the page does not load the widget manager (3.6 MB) either. The book's kernel-free
figures are the precomputed sliders of ``hiddenconvex.animation``.

Two ways in, same function (``strip_widgets``):

- at build time, a ``source-read`` hook (registered by ``booktools.offline_assets``) applies it to each
  notebook as Sphinx reads it, so the site is right whatever state the committed notebook was saved in;
- ``python -m booktools.site_widgets book/*.ipynb`` rewrites notebooks in place (run it after
  re-executing a chapter, so the repository does not carry the state either); ``--check`` only reports.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

VIEW_MIME = "application/vnd.jupyter.widget-view+json"
STATE_KEY = "widgets"
NOTE_TEXT = ("This interactive panel re-runs Python at every change, so it needs a live kernel and is "
             "not shown on the website. To use it, open the chapter live: the rocket icon at the top "
             "of the page launches it on Binder or Colab (or open the notebook in Jupyter).")
NOTE_HTML = f'<p class="hc-live-only">{NOTE_TEXT}</p>'


def strip_widgets(notebook: dict) -> int:
    """Replace each widget-view output of ``notebook`` (nbformat 4, as a dict) by the live-only note and
    remove the saved widget state; return how many outputs were replaced (the dict is changed in place)."""
    replaced = 0
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if VIEW_MIME in data:
                output["data"] = {"text/html": NOTE_HTML, "text/plain": NOTE_TEXT}
                replaced += 1
    notebook.get("metadata", {}).pop(STATE_KEY, None)
    return replaced


def has_widgets(notebook: dict) -> bool:
    """True when the notebook still carries widget state or a widget view."""
    if STATE_KEY in notebook.get("metadata", {}):
        return True
    return any(VIEW_MIME in output.get("data", {})
               for cell in notebook.get("cells", []) for output in cell.get("outputs", []))


def strip_source(source: str) -> str:
    """``strip_widgets`` on a notebook's JSON text; the text is returned unchanged when there is nothing
    to strip (or it is not a JSON notebook)."""
    try:
        notebook = json.loads(source)
    except ValueError:
        return source
    if not isinstance(notebook, dict) or not has_widgets(notebook):
        return source
    strip_widgets(notebook)
    return json.dumps(notebook, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="report notebooks with widgets, change nothing")
    args = parser.parse_args(argv)
    found = []
    for path in args.notebooks:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        if not has_widgets(notebook):
            continue
        found.append(path)
        if not args.check:
            views = strip_widgets(notebook)
            path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"{path}: {views} widget view(s) replaced by the live-only note, widget state removed")
    if args.check and found:
        print("notebooks with saved widgets:", *found, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
