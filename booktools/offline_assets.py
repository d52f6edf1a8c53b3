"""Sphinx extension: the built site serves require.js and the Jupyter widget manager itself.

By default MyST-NB loads both from CDNs on pages that carry widget state, which fails offline.
This extension is the build step that vendors them: the versions are pinned in ``package.json`` and
``package-lock.json`` at the root of the repository that holds this extension; when ``node_modules``
does not hold exactly those versions, the extension runs ``npm ci`` (Node.js is needed to build the
site, not to read it). It then copies the files the pages load into ``_static/hc-vendor/`` of the
HTML output, writes ``widgets-config.js`` beside them, and points MyST-NB's ``nb_ipywidgets_js`` at
them. It also removes repeated scripts from every page (see ``_dedupe``). MathJax is served by the
``sphinx-mathjax-offline`` package.

Every page also gets the book's own script and styles, ``hc-site.js`` and ``hc-site.css`` from
``booktools/site_static/`` (sidebar toggles that work, figures a phone reader can enlarge, equations
that scroll in their box, readable captions in dark mode; each file says what it does).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.util import logging

from booktools.site_widgets import strip_source

LOGGER = logging.getLogger(__name__)
# package.json, package-lock.json and node_modules live at the root of the repository holding this
# extension (also when it builds another book, such as the student edition).
NPM_ROOT = Path(__file__).resolve().parents[1]

SITE_STATIC = Path(__file__).resolve().parent / "site_static"
SITE_FILES = ("hc-site.js", "hc-site.css")

VENDOR_DIR = "hc-vendor"
REQUIRE_JS = ("requirejs", "require.js")
WIDGET_MANAGER = ("@jupyter-widgets/html-manager", "dist")
# The widget manager's bundle plus the fonts and icons it loads relative to its own URL.
WIDGET_MANAGER_FILES = ("embed-amd.js", "*.woff", "*.woff2", "*.ttf", "*.eot", "*.svg", "*.LICENSE.txt")


# Loaded between require.js and the widget manager, this script (written by the build):
# - maps the manager's AMD module to the vendored copy, relative to this script's URL, since the manager
#   locates its fonts from that module's URL, which require.js would otherwise put in the page's folder;
# - gives MathJax 3 the one MathJax 2 call the manager makes to typeset widget labels
#   (MathJax.Hub.Queue(["Typeset", MathJax.Hub, element])). MathJax replaces its global object when
#   its (deferred) script runs, which happens before DOMContentLoaded, hence the listener.
WIDGETS_CONFIG_JS = """(function () {
  var here = new URL('.', document.currentScript.src).href;
  window.__jupyter_widgets_assets_path__ = here + 'html-manager/';
  window.require.config({paths: {'@jupyter-widgets/html-manager/dist': here + 'html-manager'}});
  document.addEventListener('DOMContentLoaded', function () {
    var mathjax = window.MathJax;
    if (mathjax && !mathjax.Hub && mathjax.startup) {
      mathjax.Hub = {Queue: function (command) {
        mathjax.startup.promise.then(function () { return mathjax.typesetPromise([command[2]]); });
      }};
    }
  });
})();
"""


def widget_scripts() -> dict[str, dict[str, str]]:
    """MyST-NB's ``nb_ipywidgets_js``: the vendored scripts in load order, relative to ``_static``."""
    return {
        f"{VENDOR_DIR}/require.js": {},
        f"{VENDOR_DIR}/widgets-config.js": {},
        f"{VENDOR_DIR}/html-manager/embed-amd.js": {},
    }


def locked_versions(root: Path) -> dict[str, str]:
    """The version of each direct dependency in package.json, as fixed by package-lock.json."""
    wanted = json.loads((root / "package.json").read_text())["dependencies"]
    lock = json.loads((root / "package-lock.json").read_text())["packages"]
    return {name: lock[f"node_modules/{name}"]["version"] for name in wanted}


def installed_versions(root: Path, names) -> dict[str, str | None]:
    """The version of each package in ``root/node_modules`` (None when it is missing)."""
    versions: dict[str, str | None] = {}
    for name in names:
        manifest = root / "node_modules" / name / "package.json"
        versions[name] = json.loads(manifest.read_text())["version"] if manifest.is_file() else None
    return versions


def ensure_node_modules(root: Path) -> bool:
    """Run ``npm ci`` unless node_modules already holds the locked versions.

    Returns False, without failing, when the versions are missing and there is no npm: a machine
    with Python alone still builds the book, whose widget pages then load the widget manager from
    its CDN (CI installs Node.js, so the tested site is the offline one).
    """
    locked = locked_versions(root)
    if installed_versions(root, locked) == locked:
        return True
    npm = shutil.which("npm")
    if npm is None:
        LOGGER.info("offline assets: npm (Node.js) not found; widget pages will load require.js and the "
                    "widget manager from their CDN. Install Node.js to vendor them.")
        return False
    LOGGER.info("offline assets: npm ci (versions %s)", locked)
    result = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=root,
                            capture_output=True, text=True)
    if result.returncode != 0 or installed_versions(root, locked) != locked:
        raise ExtensionError(f"npm ci failed in {root}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return True


def vendor_files(root: Path, static_dir: Path) -> list[Path]:
    """Copy require.js and the widget manager from node_modules into ``static_dir/hc-vendor`` and write
    widgets-config.js there; return the files written."""
    modules = root / "node_modules"
    target = static_dir / VENDOR_DIR
    (target / "html-manager").mkdir(parents=True, exist_ok=True)
    copied = [Path(shutil.copy2(modules / REQUIRE_JS[0] / REQUIRE_JS[1], target / "require.js"))]
    (target / "widgets-config.js").write_text(WIDGETS_CONFIG_JS)
    copied.append(target / "widgets-config.js")
    source = modules / WIDGET_MANAGER[0] / WIDGET_MANAGER[1]
    for pattern in WIDGET_MANAGER_FILES:
        copied += [Path(shutil.copy2(f, target / "html-manager" / f.name)) for f in sorted(source.glob(pattern))]
    return copied


def _configure(app: Sphinx, config: Config) -> None:
    config.html_static_path = [*config.html_static_path, str(SITE_STATIC)]
    app.hc_vendored = ensure_node_modules(NPM_ROOT)
    if app.hc_vendored:
        config.nb_ipywidgets_js = widget_scripts()


def _copy(app: Sphinx, exc: Exception | None) -> None:
    if exc is None and app.builder.format == "html" and app.hc_vendored:
        vendor_files(NPM_ROOT, Path(app.outdir) / "_static")


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
    app.connect("build-finished", _copy)
    app.connect("html-page-context", _dedupe, priority=900)
    app.connect("source-read", _no_live_widgets)
    app.add_js_file(SITE_FILES[0])
    app.add_css_file(SITE_FILES[1])
    return {"parallel_read_safe": True, "parallel_write_safe": True}
