"""The build is a test: the whole site builds with warnings as errors (once per session, see
conftest.py), every page of the table of contents produces HTML, every image carries alt text, and
the site loads no script or stylesheet from the internet."""

from __future__ import annotations

import re

from .conftest import ROOT


def test_every_toc_page_is_built(built_site, toc_pages):
    missing = [f for f in toc_pages if not (built_site / f"{f}.html").is_file()]
    assert not missing, f"pages in _toc.yml without HTML: {missing}"


def test_every_image_has_alt_text(built_site, toc_pages):
    for page in toc_pages:
        html = (built_site / f"{page}.html").read_text()
        for tag in re.findall(r"<img\b[^>]*>", html):
            alt = re.search(r'alt="([^"]*)"', tag)
            assert alt and alt.group(1).strip(), f"{page}: image without alt text: {tag[:120]}"


def _cited_keys(toc_pages) -> set[str]:
    keys: set[str] = set()
    for page in toc_pages:
        source = next(ROOT.glob(f"{page}.*")).read_text()
        for group in re.findall(r"\{cite(?::[a-z]+)?\}`([^`]+)`", source.replace('\\n', ' ')):
            keys.update(k.strip() for k in group.split(","))
    return keys


def test_citations_and_references_resolve(built_site, toc_pages):
    for page in toc_pages:
        html = (built_site / f"{page}.html").read_text()
        assert "??" not in re.sub(r"<[^>]+>", "", html), f"{page}: an unresolved reference shows '??'"
    bib = (built_site / "book" / "bibliography.html").read_text()
    cited = _cited_keys(toc_pages)
    assert "pilanci2020neural" in cited
    assert bib.count('role="doc-biblioentry"') == len(cited), "the bibliography lists each cited work once"


def test_the_site_serves_its_own_scripts(built_site, toc_pages):
    for page in toc_pages:
        html = (built_site / f"{page}.html").read_text()
        remote = re.findall(r'<script[^>]+src="(https?:[^"]+)"', html)
        remote += re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="(https?:[^"]+)"', html)
        assert not remote, f"{page} loads from the internet: {remote}"
        if 'class="math' in html:
            assert 'src="../_static/mathjax/tex-chtml.js"' in html, f"{page}: MathJax is not the vendored copy"
    for asset in ("mathjax/tex-chtml.js", "hc-vendor/require.js", "hc-vendor/html-manager/embed-amd.js"):
        assert (built_site / "_static" / asset).stat().st_size > 10_000, f"{asset} missing from the site"
