"""The student edition of the book and its autograder.

Convention (see book/instructors.md): an exercise with code is a markdown cell with an
``{exercise}`` directive (its written ``{solution}`` may follow in the same cell), then a code cell
tagged ``solution`` holding only imports and function definitions, then a code cell tagged
``autograde`` holding assertions on those functions.

    python -m booktools.student_edition --out student      # the student edition (notebooks + book)
    python -m booktools.student_edition --check             # validate the convention in book/
    python -m booktools.student_edition --grade NB.ipynb    # grade a submission against book/NB.ipynb

In the student edition every function of a ``solution`` cell keeps its signature and docstring and
its body becomes ``raise NotImplementedError``; ``{solution}`` blocks are removed from the markdown;
outputs of solution and autograde cells are cleared; the book's configuration gets
``hide_solutions: true``. Grading runs, per exercise, the submission's solution cell and then the
instructor's autograde cell in a fresh namespace holding ``np`` and ``hc``.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import io
import re
import shutil
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
SOLUTION_TAG = "solution"
CHECK_TAG = "autograde"
SETUP = "import numpy as np\nimport hiddenconvex as hc\n"
EXERCISE_LABEL = re.compile(r"^(`{3,}|:{3,})\{exercise\}[^\n]*\n(?:[ \t]*:[^\n]*\n)*?[ \t]*:label:[ \t]*(\S+)",
                            re.M)
SOLUTION_BLOCK = re.compile(r"^(`{3,}|:{3,})\{solution\}.*?^\1[ \t]*$\n?", re.M | re.S)


class ConventionError(ValueError):
    """A notebook does not follow the exercise convention of book/instructors.md."""


@dataclass
class Exercise:
    """An exercise with code: its label, its solution cell and its autograde cell (sources)."""
    label: str
    solution: str | None = None
    checks: list[str] = field(default_factory=list)


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def exercises(notebook: nbformat.NotebookNode, name: str = "notebook") -> list[Exercise]:
    """The exercises with code of a notebook, in order; raise ConventionError if it breaks the convention."""
    found: list[Exercise] = []
    label = None
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            labels = [m.group(2) for m in EXERCISE_LABEL.finditer(cell.source)]
            label = labels[-1] if labels else label
            continue
        tags = _tags(cell)
        if SOLUTION_TAG in tags or CHECK_TAG in tags:
            if label is None:
                raise ConventionError(f"{name}, cell {index}: a {tags} cell before any {{exercise}} label")
            if not found or found[-1].label != label:
                found.append(Exercise(label))
        if SOLUTION_TAG in tags:
            if found[-1].solution is not None:
                raise ConventionError(f"{name}: exercise {label} has two solution cells")
            stub(cell.source, label)  # validates the cell's content
            found[-1].solution = cell.source
        elif CHECK_TAG in tags:
            if found[-1].solution is None:
                raise ConventionError(f"{name}: the autograde cell of {label} comes before its solution cell")
            found[-1].checks.append(cell.source)
    for exercise in found:
        if exercise.solution is None or not exercise.checks:
            raise ConventionError(f"{name}: exercise {exercise.label} needs a solution cell and an autograde cell")
    return found


def stub(source: str, label: str) -> str:
    """The solution cell with each function body replaced by ``raise NotImplementedError``.

    Signatures, decorators, docstrings and imports are kept; anything else at the top level of a
    solution cell is a ConventionError (it could give the answer away).
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        raise ConventionError(f"exercise {label}: the solution cell is not valid Python ({err})") from None
    lines = source.splitlines()
    out: list[str] = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            out.extend(lines[node.lineno - 1:node.end_lineno])
        elif isinstance(node, ast.FunctionDef):
            doc = node.body[0] if ast.get_docstring(node) is not None else None
            if doc is None:
                raise ConventionError(f"exercise {label}: function {node.name} needs a docstring")
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            out.extend(lines[first - 1:doc.end_lineno])
            indent = " " * doc.col_offset
            out.append(f'{indent}raise NotImplementedError("{label}: write {node.name}")')
            out.append("")
        else:
            raise ConventionError(f"exercise {label}: a solution cell holds only imports and functions, "
                                  f"found {type(node).__name__} on line {node.lineno}")
    if not any(isinstance(node, ast.FunctionDef) for node in tree.body):
        raise ConventionError(f"exercise {label}: the solution cell defines no function")
    return "\n".join(out).rstrip() + "\n"


def student_notebook(notebook: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """The student version of a chapter notebook (see the module docstring)."""
    exercises(notebook, name)  # validate first
    student = nbformat.from_dict(notebook)
    label = None
    for cell in student.cells:
        if cell.cell_type == "markdown":
            labels = [m.group(2) for m in EXERCISE_LABEL.finditer(cell.source)]
            label = labels[-1] if labels else label
            cell.source = SOLUTION_BLOCK.sub("", cell.source).rstrip() + "\n"
            continue
        tags = _tags(cell)
        if SOLUTION_TAG in tags:
            cell.source = stub(cell.source, label).rstrip("\n")
            cell.metadata["tags"] = [t for t in tags if t != "hide-input"]
        if SOLUTION_TAG in tags or CHECK_TAG in tags:
            cell.outputs, cell.execution_count = [], None
    return student


@dataclass
class Grade:
    label: str
    passed: bool
    message: str = ""


def grade(submission: nbformat.NotebookNode, reference: nbformat.NotebookNode) -> list[Grade]:
    """Run each exercise's submitted solution, then the reference's autograde cells, in a fresh namespace."""
    submitted = {e.label: e for e in exercises(submission, "submission")}
    grades = []
    for exercise in exercises(reference, "reference"):
        answer = submitted.get(exercise.label)
        if answer is None:
            grades.append(Grade(exercise.label, False, "no solution cell in the submission"))
            continue
        namespace: dict = {}
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(SETUP, "<setup>", "exec"), namespace)
                exec(compile(answer.solution, f"<{exercise.label}: solution>", "exec"), namespace)
                for check in exercise.checks:
                    exec(compile(check, f"<{exercise.label}: autograde>", "exec"), namespace)
        except Exception as err:  # any failure of student code is a failed exercise, reported
            frame = traceback.extract_tb(err.__traceback__)[-1]
            grades.append(Grade(exercise.label, False, f"{type(err).__name__}: {err} ({frame.filename}, "
                                                       f"line {frame.lineno})"))
        else:
            grades.append(Grade(exercise.label, True))
    return grades


def chapter_notebooks(book: Path) -> list[Path]:
    return sorted(book.glob("*.ipynb"))


def student_config(config: dict) -> dict:
    """The book's _config.yml for the student site: solutions hidden, title marked, no launch
    buttons (they would open the instructor's notebooks from the repository; the download button
    gives the student notebook)."""
    student = copy.deepcopy(config)
    student["title"] = f"{config['title']} (student edition)"
    student.pop("launch_buttons", None)
    student.setdefault("sphinx", {}).setdefault("config", {})["hide_solutions"] = True
    student["sphinx"]["local_extensions"] = {name: str(ROOT) for name in student["sphinx"].get("local_extensions", {})}
    return student


def write_edition(out: Path, root: Path = ROOT) -> list[Path]:
    """Write the student edition of the book in `root` into `out`; return the student notebooks."""
    if out.resolve() in (root.resolve(), (root / "book").resolve()):
        raise ValueError(f"out must be a folder other than the book's own, got {out}")
    if (out / "book").exists():
        shutil.rmtree(out / "book")
    shutil.copytree(root / "book", out / "book", ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
    shutil.copy2(root / "_toc.yml", out / "_toc.yml")
    config = yaml.safe_load((root / "_config.yml").read_text())
    (out / "_config.yml").write_text(yaml.safe_dump(student_config(config), sort_keys=False, allow_unicode=True))
    written = []
    for path in chapter_notebooks(root / "book"):
        notebook = nbformat.read(path, as_version=4)
        nbformat.write(student_notebook(notebook, path.name), out / "book" / path.name)
        written.append(out / "book" / path.name)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Student edition of the book and its autograder.")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--out", type=Path, help="write the student edition into this folder")
    action.add_argument("--check", action="store_true", help="validate the exercise convention in book/")
    action.add_argument("--grade", type=Path, metavar="NOTEBOOK", help="grade a submitted chapter notebook")
    parser.add_argument("--reference", type=Path, help="instructor notebook (default: book/<name of NOTEBOOK>)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's repository (default: this one)")
    args = parser.parse_args(argv)
    try:
        if args.out:
            written = write_edition(args.out, args.root)
            print(f"student edition: {len(written)} notebooks in {args.out / 'book'}; "
                  f"build its site with: jupyter-book build {args.out} --all -W -n --keep-going")
            return 0
        if args.check:
            total = sum(len(exercises(nbformat.read(p, as_version=4), p.name))
                        for p in chapter_notebooks(args.root / "book"))
            print(f"exercise convention respected; {total} exercises with autograder checks")
            return 0
        reference = args.reference or args.root / "book" / args.grade.name
        grades = grade(nbformat.read(args.grade, as_version=4), nbformat.read(reference, as_version=4))
    except ConventionError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for g in grades:
        print(f"{'PASS' if g.passed else 'FAIL'}  {g.label}  {g.message}".rstrip())
    passed = sum(g.passed for g in grades)
    print(f"score: {passed}/{len(grades)}")
    return 0 if passed == len(grades) else 1


if __name__ == "__main__":
    sys.exit(main())
