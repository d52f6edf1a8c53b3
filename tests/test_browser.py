"""Every page of the built site, opened in headless Chromium with the network cut off except for the
site itself (served from 127.0.0.1): it loads, its own scripts log no error, every image loads, the
maths is typeset by the vendored MathJax, the GIFs it references are shown, the launch buttons point
at this repository's notebooks, and no internal link is broken. A screenshot of each page is saved
(see the path printed at the end of the run).

Needs Chromium (Debian package `chromium`) and the Python package `playwright`. Without Chromium the
tests are skipped with the reason, unless HC_REQUIRE_BROWSER=1 (set by .ci/run): then they fail.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import os
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
import yaml


from .conftest import ROOT, SCREENSHOT_DIR, build_book, report_line

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def _chromium() -> str | None:
    return os.environ.get("HC_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def _require_browser() -> str:
    """The Chromium executable, or skip (fail under HC_REQUIRE_BROWSER=1) with the reason."""
    problem = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "the Python package playwright is not installed (pip install -r requirements.txt)"
    executable = _chromium()
    if problem is None and executable is None:
        problem = "Chromium is not installed (apt-get install chromium)"
    if problem is not None:
        if os.environ.get("HC_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required (HC_REQUIRE_BROWSER=1) but {problem}")
        pytest.skip(f"browser tests need headless Chromium: {problem}")
    return executable


@dataclass
class PageReport:
    """What the browser saw on one page."""
    status: int | None = None
    script_errors: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    math_nodes: int = 0
    typeset: int = 0
    math_errors: int = 0
    links: list[str] = field(default_factory=list)
    launch: list[str] = field(default_factory=list)
    downloads: list[str] = field(default_factory=list)
    widget_views: int = 0
    widgets_rendered: int = 0
    offline_requests: list[str] = field(default_factory=list)
    width: int = 1280
    inert_inputs: list[str] = field(default_factory=list)     # controls whose change shows nothing
    inputs: int = 0
    transferred: int = 0                                       # bytes over the wire (HTTP, uncompressed here)
    decoded: int = 0                                           # decoded bytes, as the browser reports them
    overflowing_math: list[str] = field(default_factory=list)  # display equations wider than their column
    unscrollable_math: list[str] = field(default_factory=list) # ... that the reader cannot scroll
    low_contrast: dict[str, list[str]] = field(default_factory=dict)  # mode -> texts below 4.5:1
    unreadable_figures: list[str] = field(default_factory=list)  # shrunk below 0.72x, no way to enlarge
    enlargeable: int = 0                                          # figures that offer "Enlarge figure"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_server(built_site):
    """Serve the built site on 127.0.0.1 (a random free port) for the duration of the session."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    executable = _require_browser()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()


# Every control in the article: change it and compare what its figure shows (image, text).
INPUTS_JS = """async () => {
    const inert = [];
    const controls = Array.from(document.querySelectorAll('.bd-article input, .bd-article select'))
                          .filter(c => c.type !== 'hidden' && c.getClientRects().length);
    const shown = c => { const box = c.closest('figure, .cell_output, section') || document.body;
        return Array.from(box.querySelectorAll('img')).map(i => i.src).join('|') + box.innerText; };
    for (const c of controls) {
        const before = shown(c);
        if (c.type === 'range') { c.value = c.max; } else if (c.type === 'checkbox') { c.checked = !c.checked; }
        else if (c.tagName === 'SELECT') { c.selectedIndex = c.options.length - 1; } else { c.value = c.value + '1'; }
        c.dispatchEvent(new Event('input', {bubbles: true})); c.dispatchEvent(new Event('change', {bubbles: true}));
        await new Promise(r => setTimeout(r, 50));
        if (shown(c) === before) inert.push(c.outerHTML.slice(0, 120));
    }
    return {inputs: controls.length, inert};
}"""

# Display equations: wider than their column? and if so, can the reader scroll them (overflow-x auto)?
MATH_JS = """() => {
    const wide = [], stuck = [];
    document.querySelectorAll('mjx-container[display="true"]').forEach(c => {
        const box = c.closest('div.math') || c;
        const inner = c.firstElementChild ? c.firstElementChild.getBoundingClientRect().width : 0;
        if (Math.max(c.scrollWidth, inner) > box.clientWidth + 1) {
            const tex = (c.getAttribute('aria-label') || box.textContent || '').slice(0, 80);
            wide.push(tex);
            const scroller = [c, box].find(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX));
            if (!scroller) stuck.push(tex);
        }
    });
    return {wide, stuck};
}"""

# WCAG contrast of every visible text in the article against the colour it is drawn on.
CONTRAST_JS = """() => {
    const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => { const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
    const background = e => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3); }
        return rgb(getComputedStyle(document.body).backgroundColor).slice(0, 3); };
    const low = [];
    document.querySelectorAll('.bd-article *').forEach(e => {
        const text = Array.from(e.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
        if (!text || !e.getClientRects().length || e.closest('mjx-container, .highlight, svg')) return;
        const style = getComputedStyle(e);
        if (style.visibility === 'hidden' || style.opacity === '0') return;
        const [a, b] = [lum(rgb(style.color).slice(0, 3)), lum(background(e))];
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        if (ratio < 4.5) low.push(`${ratio.toFixed(2)}:1 ${e.tagName.toLowerCase()}.${e.className} "${text.slice(0, 40)}"`);
    });
    return low;
}"""


# Figures shown at less than 0.72 of the width they were drawn for (their 9 pt text under 9 px): each
# must offer the "Enlarge figure" button of hc-site.js.
FIGURES_JS = """() => {
    const drawn = i => parseFloat(i.style.width) || parseFloat(i.getAttribute('width')) || i.naturalWidth;
    const small = Array.from(document.querySelectorAll('.bd-article img')).filter(i =>
        i.getClientRects().length && i.getBoundingClientRect().width < 0.72 * drawn(i));
    const enlarge = i => i.hcZoomButton && !i.hcZoomButton.hidden;
    return {unreadable: small.filter(i => !enlarge(i)).map(i => (i.alt || i.src).slice(0, 60)),
            enlargeable: small.filter(enlarge).length};
}"""


def _visit(browser, url: str, origin: str, screenshot: Path | None, width: int = 1280) -> PageReport:
    report = PageReport(width=width)
    page = browser.new_page(viewport={"width": width, "height": 900 if width > 600 else 844})

    def route(r):  # the site only: any other host is what an offline reader would not reach
        if r.request.url.startswith(origin):
            r.continue_()
        else:
            report.offline_requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)

    def on_console(msg):
        where = (msg.location or {}).get("url", "")
        if msg.type == "error" and (not where or where.startswith(origin)):
            report.script_errors.append(f"{msg.text} ({where})")

    page.on("console", on_console)
    page.on("pageerror", lambda err: report.script_errors.append(f"uncaught: {err}"))
    response = page.goto(url, wait_until="load")
    report.status = response.status if response else None
    # load lazy images, wait for MathJax (if the page has maths) and let the scripts settle
    page.evaluate("""async () => {
        const imgs = Array.from(document.images);
        imgs.forEach(i => { i.loading = 'eager'; });
        await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
        if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
    }""")
    views = 'script[type="application/vnd.jupyter.widget-view+json"]'
    if page.locator(views).count():  # saved widget state: wait until the widget manager has drawn it
        page.wait_for_function(f"document.querySelectorAll('.jupyter-widgets').length >= "
                               f"document.querySelectorAll('{views}').length", timeout=20000)
    info = page.evaluate("""() => ({
        images: Array.from(document.images).map(i => ({src: i.currentSrc || i.src, alt: i.alt,
                                                        complete: i.complete, width: i.naturalWidth})),
        math: document.querySelectorAll('.math, div.math, span.math').length,
        typeset: document.querySelectorAll('mjx-container').length,
        errors: document.querySelectorAll('mjx-merror, mjx-container [data-mjx-error]').length,
        links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
        launch: Array.from(document.querySelectorAll('.dropdown-launch-buttons a, .btn-launch-thebe'))
                     .map(a => a.href || a.className),
        downloads: Array.from(document.querySelectorAll('.dropdown-download-buttons a[href]')).map(a => a.href),
        views: document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length,
        widgets: document.querySelectorAll('.jupyter-widgets').length,
    })""")
    report.images = info["images"]
    report.math_nodes, report.typeset, report.math_errors = info["math"], info["typeset"], info["errors"]
    report.links, report.launch, report.downloads = info["links"], info["launch"], info["downloads"]
    report.widget_views, report.widgets_rendered = info["views"], info["widgets"]
    sizes = page.evaluate("""() => performance.getEntriesByType('navigation').concat(
        performance.getEntriesByType('resource')).reduce((t, e) => [t[0] + (e.transferSize || 0),
        t[1] + (e.decodedBodySize || 0)], [0, 0])""")
    report.transferred, report.decoded = sizes
    math = page.evaluate(MATH_JS)
    figures = page.evaluate(FIGURES_JS)
    report.unreadable_figures, report.enlargeable = figures["unreadable"], figures["enlargeable"]
    report.overflowing_math, report.unscrollable_math = math["wide"], math["stuck"]
    if width > 600:
        for mode in ("light", "dark"):
            page.evaluate(f"document.documentElement.dataset.theme = '{mode}'")
            page.wait_for_timeout(100)
            report.low_contrast[mode] = page.evaluate(CONTRAST_JS)
        page.evaluate("document.documentElement.dataset.theme = 'light'")
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
    controls = page.evaluate(INPUTS_JS)
    report.inputs, report.inert_inputs = controls["inputs"], controls["inert"]
    page.close()
    return report


@pytest.fixture(scope="session")
def visits(browser, site_server, toc_pages) -> dict[str, PageReport]:
    """Each page of the table of contents, visited once on a desktop (1280 px); a screenshot of each."""
    return {page: _visit(browser, urljoin(site_server, f"{page}.html"), site_server,
                         SCREENSHOT_DIR / f"{page.replace('/', '__')}.png")
            for page in toc_pages}


@pytest.fixture(scope="session")
def phone_visits(browser, site_server, toc_pages) -> dict[str, PageReport]:
    """Each page again on a phone (390 px wide); screenshots end in -390.png."""
    return {page: _visit(browser, urljoin(site_server, f"{page}.html"), site_server,
                         SCREENSHOT_DIR / f"{page.replace('/', '__')}-390.png", width=390)
            for page in toc_pages}


def test_every_page_weighs_less_than_5_mb(visits):
    rows = [f"{page:34s} {r.transferred / 1e6:6.2f} MB transferred {r.decoded / 1e6:6.2f} MB decoded"
            for page, r in visits.items()]
    report_line("page weight (1280 px):\n  " + "\n  ".join(rows))
    for page, report in visits.items():
        assert 0 < report.decoded < 5e6, f"{page}: {report.decoded / 1e6:.2f} MB decoded"


def test_every_control_on_every_page_changes_what_is_shown(visits, phone_visits):
    assert sum(r.inputs for r in visits.values()) >= 4, "the precomputed sliders were not found"
    for reports in (visits, phone_visits):
        for page, report in reports.items():
            assert not report.inert_inputs, f"{page} at {report.width} px: inert controls {report.inert_inputs}"


def test_text_contrast_is_at_least_4_5_to_1_in_both_modes(visits):
    for page, report in visits.items():
        for mode, low in report.low_contrast.items():
            assert not low, f"{page}, {mode} mode: text below 4.5:1: {low[:5]}"


def test_equations_fit_on_desktop_and_scroll_on_a_phone(visits, phone_visits):
    wide = {page: r.overflowing_math for page, r in visits.items() if r.overflowing_math}
    report_line(f"display equations wider than the column at 1280 px: {wide or 'none'}")
    cut = wide
    assert not cut, f"display equations cut off at 1280 px: {cut}"
    for page, report in phone_visits.items():
        assert not report.unscrollable_math, f"{page} at 390 px: equations that cannot scroll {report.unscrollable_math}"


def test_every_figure_is_readable_or_can_be_enlarged(visits, phone_visits):
    """A figure shrunk below 0.72 of its drawn width (its 9 pt labels under 9 px) offers a button that
    shows it at full size; on a phone many do, on the desktop none needs to (plots.style.MAX_WIDTH)."""
    for reports in (visits, phone_visits):
        for page, report in reports.items():
            assert not report.unreadable_figures, \
                f"{page} at {report.width} px: shrunk figures with no way to enlarge {report.unreadable_figures}"
    assert sum(r.enlargeable for r in phone_visits.values()) >= 10
    shrunk = {page: r.enlargeable for page, r in visits.items() if r.enlargeable}
    assert not shrunk, f"figures shown below 0.72 of their drawn width at 1280 px: {shrunk}"


def test_enlarge_shows_a_figure_at_its_drawn_width_and_closes(browser, site_server):
    """At 390 px: the button opens the figure at its drawn width (so its smallest text is 9 pt =
    12.5 px) in a box that scrolls sideways; Escape closes it and gives the focus back."""
    page = _open(browser, urljoin(site_server, "book/06_initialization_scale.html"), 390)
    page.wait_for_timeout(300)
    button = page.locator("button.hc-zoom-button:visible").first
    button.click()
    page.wait_for_timeout(200)
    shown = page.evaluate("""() => { const box = document.querySelector('.hc-zoom'), img = box.querySelector('img');
        return {width: img.getBoundingClientRect().width, natural: img.naturalWidth,
                scrolls: box.scrollWidth > box.clientWidth, covers: document.elementFromPoint(200, 700) === box}; }""")
    assert shown["width"] >= 500 and shown["scrolls"] and shown["covers"], shown
    page.keyboard.press("Escape")
    page.wait_for_timeout(100)
    assert page.evaluate("() => !document.querySelector('.hc-zoom') && "
                         "document.activeElement.classList.contains('hc-zoom-button')")
    page.close()


def test_search_snippets_show_formulas_as_text_without_page_chrome(browser, site_server):
    """Sphinx builds a result's snippet from the page's text; hc-site.js turns TeX into characters and
    leaves buttons and the printed table of contents out."""
    page = _open(browser, urljoin(site_server, "search.html?q=weight+decay"), 1280, site_server)
    page.wait_for_function("document.querySelectorAll('#search-results p.context').length >= 5", timeout=20000)
    snippets = page.evaluate("() => Array.from(document.querySelectorAll('#search-results p.context'), p => p.textContent)")
    page.close()
    assert any("\u03bb" in s for s in snippets), snippets[:3]
    for snippet in snippets:
        assert not re.search(r"\\[A-Za-z]+|\\[()\[\]]", snippet), f"raw TeX in a snippet: {snippet}"
        assert "Contents" not in snippet.split()[:3] and "Toggle" not in snippet, f"page chrome in a snippet: {snippet}"


def test_every_page_loads_without_script_errors(visits):
    for page, report in visits.items():
        assert report.status == 200, f"{page}: HTTP {report.status}"
        assert not report.script_errors, f"{page}: JavaScript errors: {report.script_errors}"


def test_pages_request_nothing_outside_the_site(visits):
    for page, report in visits.items():
        assert not report.offline_requests, f"{page} loads from the internet: {report.offline_requests}"


def test_every_image_loads(visits):
    for page, report in visits.items():
        for img in report.images:
            assert img["complete"] and img["width"] > 0, f"{page}: image did not load: {img['src']}"


def test_math_is_typeset_offline(visits):
    with_math = [page for page, r in visits.items() if r.math_nodes]
    assert "book/intro" in with_math and "book/01_nonconvex_problem" in with_math
    for page in with_math:
        report = visits[page]
        assert report.typeset >= report.math_nodes, \
            f"{page}: {report.math_nodes} formulas but {report.typeset} typeset by MathJax"
        assert report.math_errors == 0, f"{page}: MathJax reported {report.math_errors} errors (undefined macro?)"


def _page_markdown(page: str) -> str:
    """The markdown of a page (of a notebook: its markdown cells, where figures are referenced)."""
    path = next(ROOT.glob(f"{page}.*"))
    if path.suffix != ".ipynb":
        return path.read_text()
    cells = json.loads(path.read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_gifs_referenced_by_a_page_are_shown(visits):
    for page, report in visits.items():
        for gif in set(re.findall(r"[\w./-]+\.gif\b", _page_markdown(page))):
            shown = [img for img in report.images if img["src"].endswith(Path(gif).name)]
            assert shown, f"{page} references {gif} but shows no such image"
            assert all(img["width"] > 0 for img in shown), f"{page}: {gif} did not load"


def _repository() -> tuple[str, str]:
    repo = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]
    return repo["url"].rstrip("/"), repo["branch"]


def test_launch_buttons_open_this_repositorys_notebooks(visits):
    url, branch = _repository()
    owner_repo = urlparse(url).path.strip("/")
    notebooks = [page for page in visits if (ROOT / f"{page}.ipynb").is_file()]
    assert notebooks, "no notebook among the pages"
    for page in notebooks:
        launch = visits[page].launch
        binder = f"https://mybinder.org/v2/gh/{owner_repo}/{branch}?urlpath=lab/tree/{page}.ipynb"
        colab = f"https://colab.research.google.com/github/{owner_repo}/blob/{branch}/{page}.ipynb"
        assert binder in launch, f"{page}: no Binder button {binder} among {launch}"
        assert colab in launch, f"{page}: no Colab button {colab} among {launch}"
        assert any("thebe" in item for item in launch), f"{page}: no live-code (Thebe) button"


def test_every_page_offers_its_source_for_download(visits, site_server):
    for page, report in visits.items():
        suffix = next(ROOT.glob(f"{page}.*")).suffix
        assert urljoin(site_server, f"_sources/{page}{suffix}") in report.downloads, \
            f"{page}: no download button for its source ({report.downloads})"


def _ids(path: Path) -> set[str]:
    return {html.unescape(i) for i in re.findall(r'\bid="([^"]+)"', path.read_text())}


def test_no_broken_internal_links(visits, site_server, built_site):
    ids: dict[Path, set[str]] = {}
    for page, report in visits.items():
        for link in report.links:
            if not link.startswith(site_server):
                continue
            parsed = urlparse(link)
            target = built_site / unquote(parsed.path[len(urlparse(site_server).path):])
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page}: broken link {link}"
            if parsed.fragment and target.suffix == ".html":
                known = ids.setdefault(target, _ids(target))
                assert unquote(parsed.fragment) in known, f"{page}: link to a missing anchor {link}"


def test_a_missing_browser_is_skipped_with_the_reason_or_fails_when_required(monkeypatch):
    monkeypatch.delenv("HC_CHROMIUM", raising=False)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("HC_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium is not installed"):
        _require_browser()
    monkeypatch.setenv("HC_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="required .* Chromium is not installed"):
        _require_browser()



@pytest.fixture(scope="module")
def widget_book(tmp_path_factory) -> Path:
    """A one-page book with this repository's configuration and a notebook saved with the state of a
    slider, as Jupyter (and nbconvert --execute) saves it."""
    import ipywidgets
    import nbformat
    from ipywidgets.embed import embed_data

    src = tmp_path_factory.mktemp("widget-book")
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config["sphinx"]["local_extensions"] = {name: str(ROOT) for name in config["sphinx"]["local_extensions"]}
    (src / "_config.yml").write_text(yaml.safe_dump(config))
    (src / "_toc.yml").write_text("format: jb-book\nroot: book/widget\n")
    (src / "book").mkdir()
    shutil.copytree(ROOT / "book" / "_static", src / "book" / "_static")
    shutil.copy2(ROOT / "book" / "references.bib", src / "book" / "references.bib")
    data = embed_data(views=[ipywidgets.IntSlider(value=3, min=0, max=10, description=r"$\lambda$")])
    view = nbformat.v4.new_output("display_data", data={
        "application/vnd.jupyter.widget-view+json": data["view_specs"][0], "text/plain": "IntSlider(value=3)"})
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# A saved widget\n\nWith maths, $\\RR^2$."),
        nbformat.v4.new_code_cell("slider", outputs=[view])])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": data["manager_state"]}
    nbformat.write(notebook, src / "book" / "widget.ipynb")
    return build_book(src, src)


def test_saved_widgets_become_a_live_only_note_without_the_widget_manager(browser, widget_book):
    """A live panel cannot run on a static page (its slider would move, its figure would not): the site
    shows booktools.site_widgets' note instead and loads neither the widget state nor its manager."""
    from booktools.site_widgets import NOTE_TEXT
    page_html = (widget_book / "book" / "widget.html").read_text()
    assert "widget-view+json" not in page_html and "widget-state+json" not in page_html
    assert not [s for s in re.findall(r'<script[^>]+src="([^"]+)"', page_html)
                if "hc-vendor" in s or "embed-amd" in s or "require" in s]
    handler = functools.partial(_QuietHandler, directory=str(widget_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        report = _visit(browser, urljoin(origin, "book/widget.html"), origin, None)
    finally:
        server.shutdown()
        server.server_close()
    assert report.widget_views == 0 and report.widgets_rendered == 0
    assert NOTE_TEXT[:40] in html.unescape(page_html)
    assert not report.script_errors, report.script_errors
    assert not report.offline_requests, report.offline_requests

NAV_STATE = """() => ({
    dialog: !!(document.querySelector('#pst-primary-sidebar-modal') || {}).open,
    collapsed: document.querySelector('#pst-primary-sidebar').classList.contains('pst-sidebar-hidden'),
    chapters: Array.from(document.querySelectorAll('#pst-primary-sidebar-modal nav.bd-links a'))
                   .filter(a => a.getBoundingClientRect().width > 0).length,
    sidebar: document.querySelector('#pst-primary-sidebar').getBoundingClientRect().width,
})"""


def _open(browser, url: str, width: int, origin: str | None = None):
    origin = origin or url.split("/book/")[0]
    page = browser.new_page(viewport={"width": width, "height": 844 if width < 600 else 800})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(origin) else r.abort())
    page.goto(url, wait_until="load")
    return page


def test_phone_menu_button_opens_the_chapter_list(browser, site_server, toc_pages):
    """At 390 px the sidebar is off-screen; the visible ☰ in the article header opens it as a dialog
    (the themes' handlers sit on a hidden duplicate: booktools/site_static/hc-site.js forwards)."""
    page = _open(browser, urljoin(site_server, "book/02_activation_patterns.html"), 390)
    button = page.locator(".bd-header-article .primary-toggle")
    assert button.is_visible()
    assert not page.evaluate(NAV_STATE)["dialog"]
    button.click()
    page.wait_for_timeout(300)
    state = page.evaluate(NAV_STATE)
    assert state["dialog"], "tapping ☰ at 390 px did not open the chapter list"
    assert state["chapters"] >= len(toc_pages) - 1, f"only {state['chapters']} chapter links visible"
    page.screenshot(path=str(SCREENSHOT_DIR / "nav-phone-open.png"))
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)
    assert not page.evaluate(NAV_STATE)["dialog"], "Escape does not close the chapter list"
    page.locator(".bd-header-article .secondary-toggle").click()
    page.wait_for_timeout(300)
    assert page.evaluate("() => !!(document.querySelector('#pst-secondary-sidebar-modal') || {}).open"), \
        "the in-page contents button does nothing at 390 px"
    page.close()


def test_desktop_menu_button_collapses_and_restores_the_sidebar(browser, site_server):
    """At 1280 px sphinx-book-theme documents the ☰ as collapsing the left sidebar (and restoring it)."""
    page = _open(browser, urljoin(site_server, "book/02_activation_patterns.html"), 1280)
    button = page.locator(".bd-header-article .primary-toggle")
    assert page.evaluate(NAV_STATE)["sidebar"] > 150 and not page.evaluate(NAV_STATE)["collapsed"]
    button.click()
    page.wait_for_timeout(400)
    state = page.evaluate(NAV_STATE)
    assert state["collapsed"] and not state["dialog"], f"☰ at 1280 px did not collapse the sidebar: {state}"
    button.click()
    page.wait_for_timeout(400)
    assert not page.evaluate(NAV_STATE)["collapsed"], "a second ☰ click does not restore the sidebar"
    page.close()


def test_live_code_offline_tells_the_reader_within_a_few_seconds(browser, site_server):
    """Offline (the CDN is blocked here) the Live Code loader never finishes; hc-site.js says why."""
    page = _open(browser, urljoin(site_server, "book/02_activation_patterns.html"), 1280)
    page.locator('button[aria-label="Launch interactive content"]').first.click()
    page.locator(".btn-launch-thebe").first.click()
    page.wait_for_function("""() => { const b = document.querySelector('.thebe-launch-button');
        return b && b.innerText.includes('needs an internet connection'); }""", timeout=10000)
    page.close()
