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
