"""The Colab set-up cell: present and current in every notebook of book/, silent off Colab, and on
Colab (simulated) it clones the repository named in _config.yml and installs its requirements."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import types

import nbformat
import pytest
import yaml

from booktools import colab_cell

from .conftest import ROOT

OTHER_URL = "https://example.org/someone/some-book"   # any repository URL will do


def test_every_notebook_opens_with_the_current_colab_cell():
    source = colab_cell.cell_source(*colab_cell.repository())
    notebooks = colab_cell.notebooks(ROOT / "book")
    assert notebooks
    for path in notebooks:
        first = nbformat.read(path, as_version=4).cells[0]
        assert first.source == source, f"{path.name}: run python -m booktools.colab_cell --apply"
        assert first.outputs == [] and "remove-cell" in first.metadata.tags
    assert colab_cell.main([]) == 0


def test_the_cell_names_the_repository_of_config_yml():
    url, branch = colab_cell.repository()
    assert url.startswith("https://") and branch == "main"
    source = colab_cell.cell_source(url, branch)
    assert f'"{url}"' in source and f'"/content/{url.rsplit("/", 1)[-1]}"' in source


def _run(source: str, namespace: dict) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        exec(compile(source, "colab-cell", "exec"), namespace)
    return out.getvalue()


def test_off_colab_the_cell_does_nothing(monkeypatch):
    assert "google.colab" not in sys.modules
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a))
    cwd, path = os.getcwd(), list(sys.path)
    assert _run(colab_cell.cell_source(OTHER_URL), {}) == ""
    assert calls == [] and os.getcwd() == cwd and sys.path == path


def test_on_colab_the_cell_clones_installs_and_enters_the_book(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: calls.append((cmd, kw.get("cwd"))))
    monkeypatch.setattr(os.path, "isdir", lambda p: False)
    entered = []
    monkeypatch.setattr(os, "chdir", entered.append)
    monkeypatch.setattr(sys, "path", list(sys.path))
    _run(colab_cell.cell_source(OTHER_URL, "main"), {})
    repo = "/content/some-book"
    assert calls[0] == (["git", "clone", "--depth", "1", "--branch", "main", OTHER_URL, repo], None)
    assert calls[1] == ([sys.executable, "-m", "pip", "install", "-q", "-r", "requirements.txt"], repo)
    assert sys.path[0] == repo and entered == [f"{repo}/book"]


def test_apply_inserts_the_cell_once_and_check_reports_stale_notebooks(tmp_path):
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    (tmp_path / "book").mkdir()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A chapter")])
    nbformat.write(notebook, tmp_path / "book" / "ch.ipynb")
    assert colab_cell.main(["--root", str(tmp_path)]) == 1
    assert colab_cell.main(["--root", str(tmp_path), "--apply"]) == 0
    assert colab_cell.main(["--root", str(tmp_path), "--apply"]) == 0
    cells = nbformat.read(tmp_path / "book" / "ch.ipynb", as_version=4).cells
    assert [c.cell_type for c in cells] == ["code", "markdown"]
    assert colab_cell.main(["--root", str(tmp_path)]) == 0


def test_a_url_without_a_repository_name_is_refused():
    with pytest.raises(ValueError, match="url"):
        colab_cell.cell_source("https://github.com/")


def test_set_url_rewrites_config_and_citation_and_applies_the_cells(tmp_path):
    for name in ("_config.yml", "CITATION.cff"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "book").mkdir()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A chapter")])
    nbformat.write(notebook, tmp_path / "book" / "ch.ipynb")
    config_before = (tmp_path / "_config.yml").read_text()
    new_url = "https://github.com/someone/their-book"
    assert colab_cell.main(["--root", str(tmp_path), "--set-url", new_url + "/"]) == 0
    assert colab_cell.repository(tmp_path) == (new_url, "main")
    config_after = (tmp_path / "_config.yml").read_text()
    old_url = colab_cell.repository(ROOT)[0]
    assert config_after == config_before.replace(f"url: {old_url}", f"url: {new_url}")  # comments kept
    assert f'repository-code: "{new_url}"' in (tmp_path / "CITATION.cff").read_text()
    first = nbformat.read(tmp_path / "book" / "ch.ipynb", as_version=4).cells[0]
    assert first.source == colab_cell.cell_source(new_url, "main")
    assert colab_cell.main(["--root", str(tmp_path)]) == 0


@pytest.mark.parametrize("url", ["https://gitlab.com/someone/book", "http://github.com/a/b",
                                 "https://github.com/someone", "github.com/a/b"])
def test_set_url_refuses_what_is_not_a_github_repository(tmp_path, url):
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    before = (tmp_path / "_config.yml").read_text()
    with pytest.raises(ValueError, match="url must be https://github.com/OWNER/NAME"):
        colab_cell.set_url(url, tmp_path)
    assert (tmp_path / "_config.yml").read_text() == before


def test_the_citation_names_the_repository_of_config_yml():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["repository-code"] == colab_cell.repository()[0]
    assert citation["cff-version"] == "1.2.0" and citation["license"] == "MIT"
