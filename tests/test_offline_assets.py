"""booktools.offline_assets: the npm lockfile decides the vendored versions, a missing npm leaves the
build working (widget pages then use the CDN), the files the pages load are copied, and repeated
scripts are removed from a page."""

from __future__ import annotations

import json
import shutil
from types import SimpleNamespace

import os

import pytest

from booktools import offline_assets as oa

from .conftest import ROOT


@pytest.fixture
def node_modules():
    """node_modules with the locked versions (npm ci runs if needed); skipped without npm, except in CI."""
    if not oa.ensure_node_modules(ROOT):
        if os.environ.get("HC_REQUIRE_BROWSER") == "1":
            pytest.fail("offline assets required (HC_REQUIRE_BROWSER=1) but npm is not installed")
        pytest.skip("vendoring the widget manager needs npm (Node.js), which is not installed")


def test_the_locked_versions_are_the_installed_ones(node_modules):
    locked = oa.locked_versions(ROOT)
    assert set(locked) == {"@jupyter-widgets/html-manager", "requirejs"}
    assert oa.installed_versions(ROOT, locked) == locked


def test_without_npm_the_build_falls_back_instead_of_failing(tmp_path, monkeypatch):
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, tmp_path / name)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert set(oa.installed_versions(tmp_path, oa.locked_versions(tmp_path)).values()) == {None}
    assert oa.ensure_node_modules(tmp_path) is False
    assert not (tmp_path / "node_modules").exists()


def test_vendor_files_copies_what_the_pages_load(tmp_path, node_modules):
    copied = oa.vendor_files(ROOT, tmp_path)
    for path in oa.widget_scripts():
        assert (tmp_path / path).is_file() and (tmp_path / path) in copied
    assert (tmp_path / "hc-vendor" / "html-manager" / "embed-amd.js").stat().st_size > 1_000_000
    assert list((tmp_path / "hc-vendor" / "html-manager").glob("*.woff2")), "the manager's fonts"
    version = json.loads((ROOT / "node_modules" / "requirejs" / "package.json").read_text())["version"]
    assert version in (tmp_path / "hc-vendor" / "require.js").read_text()[:300]


def test_repeated_scripts_are_removed_in_order():
    def script(filename, **attributes):
        return SimpleNamespace(filename=filename, attributes=attributes)

    scripts = [script("a.js"), script(None, body="const X = 1"), script("b.js", defer="defer"),
               script("", body="const X = 1"), script("a.js"), script("b.js")]
    kept = oa.unique_scripts(scripts)
    assert kept == [scripts[0], scripts[1], scripts[2], scripts[5]]


def _widget_notebook() -> dict:
    view = {"output_type": "display_data", "metadata": {},
            "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "m1", "version_major": 2,
                                                                  "version_minor": 0},
                     "text/plain": "IntSlider(value=3)"}}
    figure = {"output_type": "display_data", "metadata": {}, "data": {"image/png": "iVBOR", "text/plain": "fig"}}
    return {"nbformat": 4, "nbformat_minor": 5,
            "metadata": {"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {"m1": {}}}}},
            "cells": [{"cell_type": "code", "source": "panel()", "metadata": {}, "execution_count": 1,
                       "outputs": [view, figure]}]}


def test_strip_widgets_replaces_views_by_the_note_and_drops_the_state():
    from booktools.site_widgets import NOTE_HTML, has_widgets, strip_widgets
    notebook = _widget_notebook()
    assert has_widgets(notebook)
    assert strip_widgets(notebook) == 1
    outputs = notebook["cells"][0]["outputs"]
    assert outputs[0]["data"]["text/html"] == NOTE_HTML
    assert outputs[1]["data"] == {"image/png": "iVBOR", "text/plain": "fig"}   # other outputs untouched
    assert "widgets" not in notebook["metadata"] and not has_widgets(notebook)


def test_strip_source_leaves_notebooks_without_widgets_and_other_text_unchanged():
    import json
    from booktools.site_widgets import strip_source
    plain = json.dumps({"cells": [], "metadata": {}})
    assert strip_source(plain) == plain
    assert strip_source("# a markdown page") == "# a markdown page"
    stripped = json.loads(strip_source(json.dumps(_widget_notebook())))
    assert "widgets" not in stripped["metadata"]


def test_site_widgets_command_strips_in_place_and_check_reports(tmp_path, capsys):
    import json
    from booktools.site_widgets import main
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(_widget_notebook()))
    assert main(["--check", str(path)]) == 1
    assert main([str(path)]) == 0
    assert main(["--check", str(path)]) == 0
    assert "widgets" not in json.loads(path.read_text())["metadata"]
