"""The student edition: the convention holds in every chapter, the autograder checks pass on the
solutions and fail on the stubs (both directions), the student notebooks and the student site hide
every solution, and bad notebooks are refused with a clear error."""

from __future__ import annotations

import ast
import re

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


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_autograder_passes_on_the_solutions(path):
    grades = se.grade(_read(path), _read(path))
    assert all(g.passed for g in grades), [g for g in grades if not g.passed]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_autograder_fails_on_the_stubs(path, edition):
    _, student = edition
    grades = se.grade(student[path.name], _read(path))
    assert len(grades) == len(se.exercises(_read(path)))
    for g in grades:
        assert not g.passed and g.message.startswith("NotImplementedError"), g


def test_grading_from_the_command_line(edition, capsys):
    out, _ = edition
    assert se.main(["--grade", str(out / "book" / "01_nonconvex_problem.ipynb")]) == 1
    assert "score: 0/3" in capsys.readouterr().out
    assert se.main(["--grade", str(ROOT / "book" / "01_nonconvex_problem.ipynb")]) == 0
    assert "score: 3/3" in capsys.readouterr().out


def test_the_submissions_copy_of_the_checks_is_not_used(edition):
    _, student = edition
    reference = _read(ROOT / "book" / "01_nonconvex_problem.ipynb")
    cheat = nbformat.from_dict(student["01_nonconvex_problem.ipynb"])
    for cell in cheat.cells:
        if se.CHECK_TAG in cell.metadata.get("tags", []):
            cell.source = "pass"
    assert not any(g.passed for g in se.grade(cheat, reference))


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
                    assert ast.get_docstring(fn) == ast.get_docstring(kept[name])
                    assert isinstance(fn.body[-1], ast.Raise) and len(fn.body) == 2
                assert after.outputs == [] and "hide-input" not in after.metadata["tags"]
            elif se.CHECK_TAG in tags:
                assert after.source == before.source and after.outputs == []
            else:
                assert after == before


def test_the_student_site_hides_every_solution(edition, built_site):
    out, _ = edition
    html = (build_book(out, out) / "book" / "01_nonconvex_problem.html").read_text()
    full = (built_site / "book" / "01_nonconvex_problem.html").read_text()
    assert 'class="solution' in full and 'class="solution' not in html
    solution_line = "return hc.ReLUNetwork(net.W * c[:, None], net.alpha / c)"   # from balance()
    assert solution_line in re.sub(r"<[^>]+>", "", full) and solution_line not in re.sub(r"<[^>]+>", "", html)
    assert html.count("NotImplementedError") == 3
    assert "(student edition)" in html


def test_stubs_keep_decorators_and_imports():
    source = 'import math\n\n@staticmethod\ndef f(x, *, y=2):\n    """Doc."""\n    return math.sqrt(x) + y\n'
    result = se.stub(source, "ex-a")
    assert result.startswith("import math\n@staticmethod\ndef f(x, *, y=2):\n    \"\"\"Doc.\"\"\"\n")
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
    assert se.grade(student, _notebook(("md", EXERCISE, None), SOLUTION, CHECK))[0].passed is False


def test_out_must_not_be_the_book_itself():
    with pytest.raises(ValueError, match="out"):
        se.write_edition(ROOT)
