"""otter-grader as the delivery tool (booktools.otter_export) with the book's sandbox as the judge
(booktools.otter_plugin), run end to end with `otter run` (no Docker): exercise cells that hang, read
the hidden tests, patch otter, forge results files and exit score nothing, while the instructor's
solution of the third exercise, in the same submission, scores its point; files uploaded next to the
notebook (a forged `.OTTER_LOG`, which otter unpickles in its own process, and an `otter` package,
which otter's kernel would import) run nothing and forge nothing; the instructor's notebook scores
full marks."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import zipfile

import nbformat
import pytest

from booktools import otter_export
from booktools import student_edition as se

from .conftest import ROOT

CHAPTER = "01_nonconvex_problem"
LABELS = ["ex-nonconvex-minima", "ex-nonconvex-stepsize", "ex-nonconvex-symmetry"]

# Two exercise cells attack, the third is the instructor's solution (so one otter run shows both
# that a correct answer passes through otter and that the attacks do not).
ATTACKS = {
    "one_neuron_minima": "while True:\n    pass\n",
    "final_loss": (
        "import glob, json, os\n"
        "forged = {'tests': [{'name': n, 'score': 1, 'max_score': 1} for n in %r], 'score': 3}\n"
        "for folder in glob.glob('/tmp/**/autograder/results', recursive=True):\n"
        "    open(os.path.join(folder, 'results.json'), 'w').write(json.dumps(forged))\n"
        "try:\n"
        "    import otter.test_files\n"
        "    otter.test_files.GradingResults.update_score = lambda self, name, score: None\n"
        "except ImportError:\n"
        "    pass\n"
        "reference = glob.glob('/tmp/**/autograder/source/reference/*.ipynb', recursive=True)\n"
        "cells = json.load(open(reference[0]))['cells']\n"  # PermissionError as nobody; IndexError if hidden
        "exec(next(''.join(c['source']) for c in cells if 'def final_loss(' in ''.join(c['source'])))\n"
        "os._exit(0)\n" % LABELS
    ),
}
EXPECTED = {"ex-nonconvex-minima": 0, "ex-nonconvex-stepsize": 0, "ex-nonconvex-symmetry": 1}


@pytest.fixture(scope="module")
def assignment(tmp_path_factory):
    out = tmp_path_factory.mktemp("otter")
    return otter_export.export(CHAPTER, out, exercise_seconds=3, submission_seconds=60)


def _otter_run(zip_path, submission_path, out) -> dict[str, float]:
    out.mkdir()
    done = subprocess.run([sys.executable, "-m", "otter", "run", "-a", str(zip_path), "-o", str(out), str(submission_path)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    tests = json.loads((out / "results.json").read_text())["tests"]
    assert all(t["visibility"] == "visible" for t in tests)  # each exercise's score and reason, shown to students
    return {t["name"]: t["score"] for t in tests if "score" in t}


class _Forge:
    """Unpickled in otter's process or kernel, it would write ``marker`` and mark every exercise passed."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return exec, (f"open({self.marker!r}, 'w').write('ran')\n" + FORGE,)


FORGE = ("import gc\n"
         "from booktools.otter_plugin import SandboxGrader\n"
         "for o in gc.get_objects():\n"
         "    if isinstance(o, SandboxGrader) and o.grades:\n"
         "        o.grades = [type(g)(g.label, True, '') for g in o.grades]\n")


def test_students_get_the_stubbed_notebook_and_the_zip_keeps_the_reference_apart(assignment):
    notebook, zip_path = assignment
    reference = nbformat.read(ROOT / "book" / f"{CHAPTER}.ipynb", as_version=4)
    assert nbformat.read(notebook, as_version=4) == se.student_notebook(reference, CHAPTER)
    names = zipfile.ZipFile(zip_path).namelist()
    assert f"reference/{CHAPTER}.ipynb" in names and "otter_config.json" in names
    assert not [n for n in names if n.endswith(".ipynb") and not n.startswith("reference/")]
    config = json.loads(zipfile.ZipFile(zip_path).read("otter_config.json"))
    assert config["plugins"] == [{otter_export.PLUGIN: {"chapter": CHAPTER, "exercise_seconds": 3.0,
                                                        "submission_seconds": 60.0}}]
    assert zip_path.stat().st_mode & 0o077 == 0  # the sandbox (nobody, when grading as root) cannot read it
    archive = zipfile.ZipFile(zip_path)
    assert archive.read("setup.sh").decode().endswith(otter_export.SETUP_SANDBOX)  # Gradescope: not tested here
    assert "python=3.11" in archive.read("environment.yml").decode()


def test_attacks_score_nothing_and_a_solution_passes_through_otter(assignment, tmp_path):
    notebook, zip_path = assignment
    submission = nbformat.read(notebook, as_version=4)
    solutions = [c.source for c in nbformat.read(ROOT / "book" / f"{CHAPTER}.ipynb", as_version=4).cells
                 if c.cell_type == "code" and c.source.startswith("def balance(")]
    for cell in submission.cells:
        if cell.cell_type == "code" and cell.source.startswith("def balance("):
            cell.source = solutions[0]
        for name, attack in ATTACKS.items():
            if cell.cell_type == "code" and cell.source.startswith(f"def {name}("):
                cell.source = attack + cell.source
    path = tmp_path / "submission.ipynb"
    nbformat.write(submission, path)
    assert _otter_run(zip_path, path, tmp_path / "out") == EXPECTED


def test_files_uploaded_beside_the_notebook_run_nothing_in_otter(assignment, tmp_path):
    """A zip submission (as on Gradescope): the stub notebook whose first exercise exits, whose second
    writes into the grading folders it can find, and beside it a forged ``.OTTER_LOG`` (otter unpickles
    it in its own process after the plugin graded) and an ``otter`` package (imported by otter's kernel,
    which starts in the submission folder). Without the plugin clearing that folder both forge 3/3."""
    notebook, zip_path = assignment
    marker = tmp_path / "forged-code-ran"
    submission = nbformat.read(notebook, as_version=4)
    writes = ("import glob, os\n"
              "for d in glob.glob('/tmp/**/autograder/submission', recursive=True) + ['/tmp']:\n"
              "    try:\n"
              "        open(os.path.join(d, '.OTTER_LOG'), 'wb').write(b'x')\n"
              "    except OSError:\n"
              "        pass\n")
    for cell in submission.cells:
        if cell.cell_type == "code" and cell.source.startswith("def one_neuron_minima("):
            cell.source = "import sys\nsys.exit(0)\n" + cell.source
        if cell.cell_type == "code" and cell.source.startswith("def final_loss("):
            cell.source = writes + cell.source
    shadow = (f"open({str(marker)!r}, 'w').write('ran')\n"  # otter's kernel imported the upload
              "import sys\ndel sys.modules['otter']\n"
              "sys.path[:] = [p for p in sys.path if p not in ('', '.') and 'submission' not in p]\n"
              "import otter\nsys.modules[__name__] = otter\n")
    path = tmp_path / "submission.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("submission.ipynb", nbformat.writes(submission))
        archive.writestr(".OTTER_LOG", pickle.dumps(_Forge(marker)))
        archive.writestr("otter/__init__.py", shadow)
    assert _otter_run(zip_path, path, tmp_path / "out") == dict.fromkeys(LABELS, 0)
    assert not marker.exists()


def test_the_instructors_notebook_scores_full_marks(assignment, tmp_path):
    _, zip_path = assignment
    assert _otter_run(zip_path, ROOT / "book" / f"{CHAPTER}.ipynb", tmp_path / "out") == dict.fromkeys(LABELS, 1)


def test_an_unknown_chapter_is_refused(tmp_path):
    assert otter_export.main(["--chapter", "no_such_chapter", "--out", str(tmp_path)]) == 2
