"""The build is a test: the whole site builds with warnings as errors, every page of the
table of contents produces HTML, and every figure carries alt text."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part["chapters"]:
            files.append(chapter["file"])
            files.extend(section["file"] for section in chapter.get("sections", []))
    return files


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), "--path-output", str(out),
           "--all", "-W", "-n", "--keep-going"]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"book build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return out / "_build" / "html"


def test_every_toc_page_is_built(built_site):
    missing = [f for f in _toc_files() if not (built_site / f"{f}.html").is_file()]
    assert not missing, f"pages in _toc.yml without HTML: {missing}"


def test_every_image_has_alt_text(built_site):
    for page in _toc_files():
        html = (built_site / f"{page}.html").read_text()
        for tag in re.findall(r"<img\b[^>]*>", html):
            if "logo" in tag:
                continue
            alt = re.search(r'alt="([^"]*)"', tag)
            assert alt and alt.group(1).strip(), f"{page}: image without alt text: {tag[:120]}"


def _cited_keys() -> set[str]:
    keys: set[str] = set()
    for page in _toc_files():
        source = next(ROOT.glob(f"{page}.*")).read_text()
        for group in re.findall(r"\{cite(?::[a-z]+)?\}`([^`]+)`", source.replace('\\n', ' ')):
            keys.update(k.strip() for k in group.split(","))
    return keys


def test_citations_and_references_resolve(built_site):
    for page in _toc_files():
        html = (built_site / f"{page}.html").read_text()
        assert "??" not in re.sub(r"<[^>]+>", "", html), f"{page}: an unresolved reference shows '??'"
    bib = (built_site / "book" / "bibliography.html").read_text()
    cited = _cited_keys()
    assert "pilanci2020neural" in cited
    assert bib.count('role="doc-biblioentry"') == len(cited), "the bibliography lists each cited work once"
