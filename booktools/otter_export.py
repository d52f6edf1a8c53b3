"""One chapter as an otter-grader assignment: the student notebook and an autograder zip.

    python -m booktools.otter_export --chapter 01_nonconvex_problem --out otter/

writes ``otter/<chapter>.ipynb`` (the student edition's notebook: stubs, no solution, no hidden test)
and ``otter/autograder.zip``, made by otter-grader's own ``otter generate`` (so its layout, ``setup.sh``
and ``run_autograder`` are those Gradescope and ``otter run`` expect) with:

* ``otter_config.json`` naming the plugin :class:`booktools.otter_plugin.SandboxGrader`, which grades
  in the book's sandbox instead of otter's kernel (see that module);
* ``reference/<chapter>.ipynb``: the instructor's notebook, the only place the hidden tests live;
* ``files/project/``: the library and ``booktools`` with their ``pyproject.toml``, installed by the
  zip's requirements on Gradescope (``otter run`` uses the current environment instead);
* ``tests/``: empty: otter's own tests are not used.

The zip holds the hidden tests: give students the notebook only. It is written readable by its owner
only, so that the sandbox (``nobody`` when grading as root) cannot read it.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import nbformat

from .grader import EXERCISE_SECONDS, SUBMISSION_SECONDS
from .otter_plugin import REFERENCE_DIR
from .student_edition import ROOT, chapter_notebooks, student_notebook

PLUGIN = "booktools.otter_plugin.SandboxGrader"
PROJECT_FILES = ["pyproject.toml", "README.md", "hiddenconvex", "booktools"]
GRADESCOPE_PROJECT = "/autograder/source/files/project"
#: The grading image's Python (conda): the version the project is tested with.
PYTHON_VERSION = "3.11"
#: Appended to otter's setup.sh. Otter installs its conda environment under /root, which is mode 0700 in
#: the grading image, and the sandbox, started as ``nobody`` there (grading runs as root), must run that
#: environment's Python (booktools.grader._interpreter). Traversal only: /root stays unlistable.
SETUP_SANDBOX = "\n# the book's sandbox runs the grading environment's Python as nobody\nchmod o+x /root\n"
#: otter's display settings: one test per exercise, visible to the student with its score and reason
#: (the plugin's tests are public), instead of hidden tests under a "Public Tests" summary.
GRADESCOPE_DISPLAY = {"show_hidden": True, "show_all_public": True, "force_public_test_summary": False}


#: The packages the library imports, whose pins requirements.txt holds (the book's tooling is not needed to grade).
LIBRARY_PACKAGES = ("numpy", "scipy", "cvxpy", "matplotlib", "ipywidgets", "imageio", "scikit-learn", "threadpoolctl",
                    "nbformat")


def _requirements(root: Path) -> str:
    """The grading environment's requirements: the library's pinned dependencies and the project itself
    from the zip."""
    pins = [line for line in (root / "requirements.txt").read_text().splitlines()
            if re.split(r"[<>=!~ ]", line, maxsplit=1)[0] in LIBRARY_PACKAGES]
    return "\n".join([*pins, GRADESCOPE_PROJECT]) + "\n"


def export(chapter: str, out: Path, root: Path = ROOT, exercise_seconds: float = EXERCISE_SECONDS,
           submission_seconds: float = SUBMISSION_SECONDS) -> tuple[Path, Path]:
    """Write the student notebook and the autograder zip of ``chapter`` into ``out``; return both paths.
    The sandbox's time limits (seconds per exercise and per submission) go into the plugin's configuration."""
    references = {path.stem: path for path in chapter_notebooks(root / "book")}
    if chapter not in references:
        raise ValueError(f"chapter must be one of {sorted(references)}, got {chapter!r}")
    reference = nbformat.read(references[chapter], as_version=4)
    out.mkdir(parents=True, exist_ok=True)
    notebook = out / f"{chapter}.ipynb"
    nbformat.write(student_notebook(reference, chapter), notebook)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        (work / "tests").mkdir()
        project = work / "project"
        project.mkdir()
        for name in PROJECT_FILES:
            source = root / name
            if source.is_dir():
                shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
            else:
                shutil.copy2(source, project / name)
        settings = {"chapter": chapter, "exercise_seconds": float(exercise_seconds),
                    "submission_seconds": float(submission_seconds)}
        (work / "otter_config.json").write_text(json.dumps({"lang": "python", "plugins": [{PLUGIN: settings}],
                                                            **GRADESCOPE_DISPLAY}))
        (work / "requirements.txt").write_text(_requirements(root))
        zip_path = out / "autograder.zip"
        generated = work / "generated.zip"
        subprocess.run([sys.executable, "-m", "otter", "generate", "-t", "tests", "-o", str(generated),
                        "-c", "otter_config.json", "-r", "requirements.txt", "--python-version", PYTHON_VERSION,
                        "project"],
                       cwd=work, check=True, capture_output=True, text=True)
        with zipfile.ZipFile(generated) as source, zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
            for item in source.infolist():
                data = source.read(item)
                if item.filename == "setup.sh":
                    data += SETUP_SANDBOX.encode()
                archive.writestr(item, data)
            archive.write(references[chapter], f"{REFERENCE_DIR}/{chapter}.ipynb")
            if not any(name.startswith("tests/") for name in archive.namelist()):
                archive.writestr("tests/", "")  # otter copies this folder next to the submission
    zip_path.chmod(0o600)  # the sandbox runs as nobody when grading as root: it must not read the zip
    return notebook, zip_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="One chapter as an otter-grader assignment (grading in the sandbox).")
    parser.add_argument("--chapter", required=True, help="e.g. 01_nonconvex_problem")
    parser.add_argument("--out", type=Path, required=True, help="folder for the student notebook and autograder.zip")
    parser.add_argument("--exercise-seconds", type=float, default=EXERCISE_SECONDS)
    parser.add_argument("--submission-seconds", type=float, default=SUBMISSION_SECONDS)
    args = parser.parse_args(argv)
    try:
        notebook, zip_path = export(args.chapter, args.out, exercise_seconds=args.exercise_seconds,
                                    submission_seconds=args.submission_seconds)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as err:
        print(f"error: otter generate failed:\n{err.stderr}", file=sys.stderr)
        return 2
    print(f"student notebook: {notebook} (give this to students)\n"
          f"autograder: {zip_path} (keep it: it holds the hidden tests; upload it to Gradescope or run "
          f"`otter run -a {zip_path} SUBMISSION.ipynb`)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
