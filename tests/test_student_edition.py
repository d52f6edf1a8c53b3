"""The student edition: the convention holds in every chapter, the student notebooks and the student
site (built from another folder) hold no solution line, no docstring of a solution and no line of a
hidden test, and bad notebooks are refused with a clear error. Grading: tests/test_grader.py."""

from __future__ import annotations

import ast
import functools
import html as html_lib
import re
import shutil
import zipfile

import nbformat
import pytest

from booktools import student_edition as se

from .conftest import ROOT, build_book

CHAPTERS = se.chapter_notebooks(ROOT / "book")


def _read(path):
    return nbformat.read(path, as_version=4)


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    written = se.write_edition(out)
    return out, {path.name: _read(path) for path in written}


def test_every_chapter_has_three_exercises_with_solutions():
    assert CHAPTERS
    for path in CHAPTERS:
        text = "\n".join(c.source for c in _read(path).cells if c.cell_type == "markdown")
        labels = re.findall(r"\{exercise\}\n(?:\s*:[^\n]*\n)*?\s*:label:\s*(\S+)", text)
        solved = re.findall(r"\{solution\}\s+(\S+)", text)
        assert len(labels) >= 3, f"{path.name}: {len(labels)} exercises, at least 3 expected"
        assert set(labels) <= set(solved), f"{path.name}: exercises without a solution: {set(labels) - set(solved)}"


def test_the_convention_holds_and_the_book_has_autograded_exercises():
    found = {path.name: se.exercises(_read(path), path.name) for path in CHAPTERS}
    assert [e.label for e in found["01_nonconvex_problem.ipynb"]] == [
        "ex-nonconvex-minima", "ex-nonconvex-stepsize", "ex-nonconvex-symmetry"]
    assert se.main(["--check"]) == 0


def _functions(source: str) -> dict[str, ast.FunctionDef]:
    return {n.name: n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)}


def test_student_notebooks_keep_signatures_and_drop_solutions(edition):
    _, student = edition
    for path in CHAPTERS:
        original, stubbed = _read(path), student[path.name]
        assert len(original.cells) == len(stubbed.cells)
        for before, after in zip(original.cells, stubbed.cells):
            tags = before.metadata.get("tags", [])
            if before.cell_type == "markdown":
                assert "{solution}" not in after.source
            elif se.SOLUTION_TAG in tags:
                kept, stubs = _functions(before.source), _functions(after.source)
                assert kept.keys() == stubs.keys()
                for name, fn in stubs.items():
                    assert ast.dump(fn.args) == ast.dump(kept[name].args)
                    assert ast.get_docstring(fn).startswith("Write this function as exercise ")
                    assert isinstance(fn.body[-1], ast.Raise) and len(fn.body) == 2
                assert after.outputs == [] and "hide-input" not in after.metadata["tags"]
            elif se.CHECK_TAG in tags:
                assert after.source.startswith("# ex-") and "graded by hidden tests" in after.source
                assert after.outputs == [] and after.metadata["tags"] == tags
            else:
                assert after == before


@functools.cache
def _public_lines() -> frozenset[str]:
    """Stripped lines of every chapter outside exercise cells and solution blocks, and of the library:
    they are public, so a secret line that also appears there is not a leak."""
    text = [se.SOLUTION_BLOCK.sub("", c.source) for path in CHAPTERS for c in _read(path).cells
            if not {se.SOLUTION_TAG, se.CHECK_TAG} & set(c.metadata.get("tags", []))]
    text += [p.read_text() for p in (ROOT / "hiddenconvex").rglob("*.py")]
    return frozenset(line.strip() for chunk in text for line in chunk.splitlines())


def secrets(notebook) -> set[str]:
    """What a student must never receive: each line of a solution cell (docstrings included) and of a
    hidden test (autograde cell: inputs and expected values), and each written solution's code, minus
    short or public lines."""
    public, found = _public_lines(), set()
    for cell in notebook.cells:
        tags = set(cell.metadata.get("tags", []))
        if {se.SOLUTION_TAG, se.CHECK_TAG} & tags:
            lines = cell.source.splitlines()
            if se.SOLUTION_TAG in tags:
                lines += [d for f in _functions(cell.source).values() for d in ast.get_docstring(f).splitlines()]
            found |= {line.strip() for line in lines}
    return {line for line in found if len(line) >= 12 and line not in public and not line.startswith("def ")
            and not line.startswith('"""')}


def _text(html: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", html)).split())


def test_secrets_are_found_in_the_instructors_edition():
    secret = secrets(_read(ROOT / "book" / "01_nonconvex_problem.ipynb"))
    assert "return hc.ReLUNetwork(net.W * c[:, None], net.alpha / c)" in secret          # a solution line
    assert "assert np.isclose(final_loss(0.05, 1), 0.311228, atol=1e-3)" in secret       # a hidden test
    assert "# autograder: the minima are (-a, b^2) and (b, a^2)" in secret               # its comment
    assert any("c_i^2 = |alpha_i| / ||w_i||" in line for line in secret)                 # a docstring


def test_no_student_file_holds_a_secret(edition, tmp_path):
    """Every file of the student folder, and the zip of it that the README distributes."""
    out, _ = edition
    archive = shutil.make_archive(str(tmp_path / "student"), "zip", out)
    texts = {str(p): p.read_bytes().decode("utf-8", "replace") for p in out.rglob("*") if p.is_file()}
    with zipfile.ZipFile(archive) as zipped:
        texts |= {f"zip:{name}": zipped.read(name).decode("utf-8", "replace") for name in zipped.namelist()}
    assert any(name.endswith("01_nonconvex_problem.ipynb") for name in texts)
    for path in CHAPTERS:
        secret = secrets(_read(path))
        leaked = [(name, line) for name, text in texts.items() for line in secret if line in text]
        assert not leaked, (path.name, leaked[:5])


def test_the_student_site_builds_elsewhere_and_holds_no_secret(edition, built_site, tmp_path):
    out, _ = edition
    moved = shutil.copytree(out, tmp_path / "elsewhere" / "student")
    config = (moved / "_config.yml").read_text()
    assert str(ROOT) not in config and "launch_buttons" not in config and "rocket" not in config
    site = build_book(moved, moved)
    html = (site / "book" / "01_nonconvex_problem.html").read_text()
    full = (built_site / "book" / "01_nonconvex_problem.html").read_text()
    assert 'class="solution' in full and 'class="solution' not in html
    assert "return hc.ReLUNetwork(net.W * c[:, None], net.alpha / c)" in _text(full)
    assert html.count("NotImplementedError") == 3 and "(student edition)" in html
    intro = _text((site / "book" / "intro.html").read_text())
    assert "rocket" not in intro and "Live Code" not in intro and "jupyter lab book/" in intro
    for path in CHAPTERS:
        page = _text((site / "book" / f"{path.stem}.html").read_text())
        leaked = [line for line in secrets(_read(path)) if " ".join(line.split()) in page]
        assert not leaked, (path.name, leaked[:5])


def test_stubs_keep_decorators_and_imports():
    source = 'import math\n\n@staticmethod\ndef f(x, *, y=2):\n    """Doc."""\n    return math.sqrt(x) + y\n'
    result = se.stub(source, "ex-a")
    header = 'import math\n@staticmethod\ndef f(x, *, y=2):\n    """Write this function as exercise ex-a'
    assert result.startswith(header)
    assert "Doc." not in result
    assert 'raise NotImplementedError("ex-a: write f")' in result
    compile(result, "stub", "exec")


@pytest.mark.parametrize("source, message", [
    ("def f(x):\n    return x\n", "docstring"),
    ("answer = 42\n", "only imports and functions"),
    ("import numpy\n", "defines no function"),
    ("def f(:\n", "not valid Python"),
])
def test_bad_solution_cells_are_refused(source, message):
    with pytest.raises(se.ConventionError, match=message):
        se.stub(source, "ex-a")


def _notebook(*cells):
    made = []
    for kind, source, tags in cells:
        cell = nbformat.v4.new_markdown_cell(source) if kind == "md" else nbformat.v4.new_code_cell(source)
        if tags:
            cell.metadata["tags"] = tags
        made.append(cell)
    return nbformat.v4.new_notebook(cells=made)


EXERCISE = "````{exercise}\n:label: ex-a\n\nText.\n````\n\n:::{solution} ex-a\n:class: dropdown\n```\ncode\n```\n:::\n"
SOLUTION = ("code", 'def f():\n    """Doc."""\n    return 1', ["solution"])
CHECK = ("code", "assert f() == 1", ["autograde"])


def test_convention_errors_name_the_problem():
    with pytest.raises(se.ConventionError, match="before any"):
        se.exercises(_notebook(SOLUTION))
    with pytest.raises(se.ConventionError, match="comes before its solution"):
        se.exercises(_notebook(("md", EXERCISE, None), CHECK, SOLUTION))
    with pytest.raises(se.ConventionError, match="needs a solution cell and an autograde cell"):
        se.exercises(_notebook(("md", EXERCISE, None), SOLUTION))
    with pytest.raises(se.ConventionError, match="two solution cells"):
        se.exercises(_notebook(("md", EXERCISE, None), SOLUTION, SOLUTION, CHECK))


def test_solution_blocks_with_colon_fences_and_nested_code_are_removed():
    student = se.student_notebook(_notebook(("md", EXERCISE, None), SOLUTION, CHECK))
    assert student.cells[0].source == "````{exercise}\n:label: ex-a\n\nText.\n````\n"
    assert "return 1" not in student.cells[1].source and "== 1" not in student.cells[2].source


def test_out_must_not_be_the_book_itself():
    with pytest.raises(ValueError, match="out"):
        se.write_edition(ROOT)
