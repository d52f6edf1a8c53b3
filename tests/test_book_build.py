"""The build is a test: the whole site builds with warnings as errors (once per session, see
conftest.py), every page of the table of contents produces HTML, every image carries alt text, and
the site loads no script or stylesheet from the internet. The chapters listed in STRUCTURED_CHAPTERS
open with learning objectives and prerequisites and end with a summary."""

from __future__ import annotations

import json
import re

import pytest

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
    assert (built_site / "_static" / "mathjax" / "tex-chtml.js").stat().st_size > 10_000, "MathJax missing from the site"


#: Chapters that open with learning objectives and prerequisites and end with a summary. The list
#: grows as chapters are given this structure; every chapter is meant to be on it.
STRUCTURED_CHAPTERS = ["01_nonconvex_problem", "02_activation_patterns", "03_convex_reformulation", "04b_certificate", "07_performance", "08_extensions"]


def _markdown(chapter: str) -> str:
    cells = json.loads((ROOT / "book" / f"{chapter}.ipynb").read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


@pytest.mark.parametrize("chapter", STRUCTURED_CHAPTERS)
def test_chapter_opens_with_objectives_and_ends_with_a_summary(chapter):
    text = _markdown(chapter)
    objectives = text.find("```{admonition} Learning objectives")
    prerequisites = text.find("```{admonition} Prerequisites")
    first_section = text.find("\n## ")
    assert 0 <= objectives < first_section, f"{chapter}: no 'Learning objectives' admonition before the first section"
    assert 0 <= prerequisites < first_section, f"{chapter}: no 'Prerequisites' admonition before the first section"
    summary = text.find("\n## Summary\n")
    exercises = text.find("\n## Exercises\n")
    assert summary > 0, f"{chapter}: no '## Summary' section"
    assert exercises < 0 or summary < exercises, f"{chapter}: the summary must come before the exercises"
    assert "\n- " in text[summary : exercises if exercises > 0 else None], f"{chapter}: the summary is not a list"
