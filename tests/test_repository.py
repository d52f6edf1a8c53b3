"""The project's promises about itself: the README's two commands and what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    return re.findall(r"```(?:bash|sh)\n(.*?)\n```", text, flags=re.S)[:2]


def test_readme_opens_with_a_build_command_and_a_test_command():
    build, test = _readme_commands()
    assert "jupyter-book build . --all -W -n --keep-going" in build
    assert "pip install -r requirements.txt" in build and "pip install -r requirements.txt" in test
    assert test.rstrip().endswith("pytest")


def test_ci_runs_exactly_the_readme_test_command():
    _, test = _readme_commands()
    ci = (ROOT / ".ci" / "run").read_text()
    assert test.strip() in ci, "the README's test command must appear verbatim in .ci/run"


def test_requirements_pin_ranges_and_install_the_library():
    lines = [l.strip() for l in (ROOT / "requirements.txt").read_text().splitlines()]
    reqs = [l for l in lines if l and not l.startswith("#")]
    assert "-e ." in reqs
    for req in reqs:
        if req != "-e .":
            assert re.search(r">=.*,<", req), f"requirement without a pinned range: {req}"
    assert any(r.startswith("jupyter-book>=1.0.4,<2") for r in reqs)


def _chapter_labels() -> dict[str, str]:
    """Each chapter page of _toc.yml (parts other than the back matter, sections included) -> its label."""
    import json

    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    labels = {}
    for part in toc["parts"]:
        if part["caption"].lower().startswith("back matter"):
            continue
        for chapter in part["chapters"]:
            for entry in [chapter, *chapter.get("sections", [])]:
                cells = json.loads((ROOT / f"{entry['file']}.ipynb").read_text())["cells"]
                first = next("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
                match = re.match(r"\((?P<label>[\w-]+)\)=", first)
                assert match, f"{entry['file']}: the first markdown cell must open with its label"
                labels[entry["file"]] = match["label"]
    return labels


@pytest.mark.parametrize("page", ["intro", "instructors", "conclusion"])
def test_every_chapter_is_listed_on_the_overview_pages(page):
    text = (ROOT / "book" / f"{page}.md").read_text()
    missing = [f for f, label in _chapter_labels().items() if f"{{ref}}`{label}`" not in text]
    assert not missing, f"book/{page}.md does not link {missing}"
