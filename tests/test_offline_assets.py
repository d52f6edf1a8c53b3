"""booktools.offline_assets and booktools.site_widgets: repeated scripts are removed from a page, and
saved widgets become a note (so no page needs the widget manager)."""

from __future__ import annotations

import json
from types import SimpleNamespace


from booktools import offline_assets as oa


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
