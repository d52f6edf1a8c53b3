"""Sphinx extension: the site's own scripts, no repeated scripts, and no saved widgets.

* Every page gets the book's own script and styles, ``hc-site.js`` and ``hc-site.css`` from
  ``booktools/site_static/`` (sidebar toggles that work, figures a phone reader can enlarge, equations
  that scroll in their box, readable captions in dark mode; each file says what it does).
* Repeated scripts are removed from every page (see ``_dedupe``).
* A notebook's saved ipywidgets are replaced by a note before it is read
  (:mod:`booktools.site_widgets`): they cannot run without a kernel, so no page needs require.js or
  the Jupyter widget manager. MathJax is served by the ``sphinx-mathjax-offline`` package.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from booktools.site_widgets import strip_source

SITE_STATIC = Path(__file__).resolve().parent / "site_static"
SITE_FILES = ("hc-site.js", "hc-site.css")


def _configure(app: Sphinx, config: Config) -> None:
    config.html_static_path = [*config.html_static_path, str(SITE_STATIC)]


def _script_key(script) -> tuple:
    attributes = getattr(script, "attributes", {}) or {}
    return getattr(script, "filename", None) or "", tuple(sorted((k, str(v)) for k, v in attributes.items()))


def unique_scripts(scripts: list) -> list:
    """The page's scripts without repeats (same file or inline body, same attributes), in order."""
    seen: set[tuple] = set()
    kept = []
    for script in scripts:
        if _script_key(script) not in seen:
            seen.add(_script_key(script))
            kept.append(script)
    return kept


def _dedupe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    # Jupyter Book registers sphinx-thebe's inline configuration twice; the second copy
    # re-declares `const THEBE_JS_URL` and the browser reports a SyntaxError on every page.
    if "script_files" in context:
        context["script_files"] = unique_scripts(context["script_files"])


def _no_live_widgets(app: Sphinx, docname: str, source: list[str]) -> None:
    # A notebook's saved ipywidgets cannot run without a kernel: see booktools/site_widgets.py.
    if str(app.env.doc2path(docname)).endswith(".ipynb"):
        source[0] = strip_source(source[0])


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _configure)
    app.connect("html-page-context", _dedupe, priority=900)
    app.connect("source-read", _no_live_widgets)
    app.add_js_file(SITE_FILES[0])
    app.add_css_file(SITE_FILES[1])
    return {"parallel_read_safe": True, "parallel_write_safe": True}
