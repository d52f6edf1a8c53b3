"""The student edition of the book: the chapter notebooks are the single source of the coursework.

Convention (see book/instructors.md): an exercise with code is a markdown cell with an
``{exercise}`` directive (its written ``{solution}`` may follow in the same cell), then a code cell
tagged ``solution`` holding only imports and function definitions, then a code cell tagged
``autograde`` holding assertions on those functions (the hidden tests).

    python -m booktools.student_edition --out student      # the student edition (notebooks + book)
    python -m booktools.student_edition --check             # validate the convention in book/

Grading is ``booktools.grader``. In the student edition every function of a ``solution`` cell keeps
its signature, its docstring becomes a pointer to the exercise (docstrings may hold the answer) and its
body becomes ``raise NotImplementedError``; each ``autograde`` cell is replaced by a note naming the
functions that the hidden tests call (no input, no expected value); ``{solution}`` blocks are removed
from the markdown; outputs of those cells are cleared. The student folder also gets the library and its
requirements, and a book configuration with solutions hidden, no launch buttons and no absolute path.
"""

from __future__ import annotations

import argparse
import ast
import copy
import re
import shutil
import sys
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
STUB_DOCSTRING = "Write this function as exercise {label} asks."
HIDDEN_TESTS = ("# {label}: graded by hidden tests, which call {names} on inputs of their own and check the\n"
                "# results. Test your code on examples of your own in a new cell.")
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

    Signatures, decorators and imports are kept, the docstring becomes STUB_DOCSTRING (the instructor's
    docstring, required, may give the answer away); anything else at the top level of a
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
            out.extend(lines[first - 1:node.body[0].lineno - 1])
            indent = " " * doc.col_offset
            out.append(f'{indent}"""{STUB_DOCSTRING.format(label=label)}"""')
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
            names = [n.name for n in ast.parse(cell.source).body if isinstance(n, ast.FunctionDef)]
            cell.source = stub(cell.source, label).rstrip("\n")
            cell.metadata["tags"] = [t for t in tags if t != "hide-input"]
        elif CHECK_TAG in tags:
            cell.source = HIDDEN_TESTS.format(label=label, names=", ".join(names))
        if SOLUTION_TAG in tags or CHECK_TAG in tags:
            cell.outputs, cell.execution_count = [], None
    return student


def chapter_notebooks(book: Path) -> list[Path]:
    return sorted(book.glob("*.ipynb"))


STUDENT_LIVE_NOTE = """```{admonition} This figure is precomputed
:class: tip
The slider replays frames computed when the chapter was executed, so it works offline. To change the
parameters, run the chapter's notebook in Jupyter (see *How to read and run it* in the introduction).
```
"""
LAUNCH_BULLET = re.compile(r"^- \*\*On your machine\*\*.*?^- \*\*On Binder or Colab\*\*.*?(?=^- |^$)", re.M | re.S)
STUDENT_RUN_BULLET = """- **Your notebooks** are the files `book/*.ipynb` of this edition (the download button at
  the top of a chapter gives the same file). In the edition's folder run
  `python3.11 -m venv .venv && .venv/bin/pip install -r requirements.txt`, then
  `.venv/bin/jupyter lab book/`; write each exercise's functions in its cell and hand in the notebook.
"""
# what a student folder needs besides book/: the library, its requirements, the book's own extension
STUDENT_FILES = ["_toc.yml", "pyproject.toml", "requirements.txt", "runtime.txt", "booktools/__init__.py", "booktools/offline_assets.py",
                 "booktools/site_widgets.py", *(f"booktools/site_static/{f.name}" for f in sorted(
                     (ROOT / "booktools" / "site_static").iterdir()) if f.is_file())]


def student_config(config: dict) -> dict:
    """The book's _config.yml for the student site: solutions hidden, title marked, no launch
    buttons (they would open the instructor's notebooks from the repository; the download button
    gives the student notebook)."""
    student = copy.deepcopy(config)
    student["title"] = f"{config['title']} (student edition)"
    student.pop("launch_buttons", None)
    student.setdefault("sphinx", {}).setdefault("config", {})["hide_solutions"] = True
    substitutions = student.get("parse", {}).get("myst_substitutions", {})
    if "live_note" in substitutions:
        substitutions["live_note"] = STUDENT_LIVE_NOTE
    return student


def student_intro(text: str) -> str:
    """The introduction with its repository and Binder/Colab bullets replaced by how to run the student notebooks."""
    return LAUNCH_BULLET.sub(STUDENT_RUN_BULLET, text)


def write_edition(out: Path, root: Path = ROOT) -> list[Path]:
    """Write the student edition of the book in `root` into `out`; return the student notebooks."""
    if out.resolve() in (root.resolve(), (root / "book").resolve()):
        raise ValueError(f"out must be a folder other than the book's own, got {out}")
    for folder in ("book", "hiddenconvex"):
        if (out / folder).exists():
            shutil.rmtree(out / folder)
        # the notebooks are rewritten below; book/source holds their text pairs, solutions included
        shutil.copytree(root / folder, out / folder,
                        ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints", "__pycache__", "source"))
    for name in STUDENT_FILES:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, out / name)
    (out / "book" / "intro.md").write_text(student_intro((root / "book" / "intro.md").read_text()))
    config = yaml.safe_load((root / "_config.yml").read_text())
    (out / "_config.yml").write_text(yaml.safe_dump(student_config(config), sort_keys=False, allow_unicode=True))
    written = []
    for path in chapter_notebooks(root / "book"):
        notebook = nbformat.read(path, as_version=4)
        nbformat.write(student_notebook(notebook, path.name), out / "book" / path.name)
        written.append(out / "book" / path.name)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Student edition of the book (grading: booktools.grader).")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--out", type=Path, help="write the student edition into this folder")
    action.add_argument("--check", action="store_true", help="validate the exercise convention in book/")
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's repository (default: this one)")
    args = parser.parse_args(argv)
    try:
        if args.out:
            written = write_edition(args.out, args.root)
            print(f"student edition: {len(written)} notebooks in {args.out / 'book'}; "
                  f"build its site with: jupyter-book build {args.out} --all -W -n --keep-going")
            return 0
        total = sum(len(exercises(nbformat.read(p, as_version=4), p.name))
                    for p in chapter_notebooks(args.root / "book"))
        print(f"exercise convention respected; {total} exercises with hidden tests")
        return 0
    except ConventionError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
