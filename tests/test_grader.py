"""The grader: for every exercise the stub fails and the solution passes; submissions that try to get
the marks without the work (hang, exit, patching, forging results, reading the reference, writing
outside their folder, ``python -O``) are graded as failing; bad files are refused with exit status 2;
one broken exercise does not stop the others from being graded."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import nbformat
import pytest

from booktools import grader
from booktools import student_edition as se

from .conftest import ROOT

CHAPTERS = se.chapter_notebooks(ROOT / "book")
CHAPTER_1 = ROOT / "book" / "01_nonconvex_problem.ipynb"
LABELS_1 = ["ex-nonconvex-minima", "ex-nonconvex-stepsize", "ex-nonconvex-symmetry"]
QUICK = grader.Sandbox(exercise_seconds=20, submission_seconds=120)


def _read(path):
    return nbformat.read(path, as_version=4)


def _code(notebook) -> list[str]:
    return [c.source for c in notebook.cells if c.cell_type == "code"]


@pytest.fixture(scope="module")
def hidden_1():
    return grader.record(_read(CHAPTER_1))


def _with(cells: dict[str, str]) -> list[str]:
    """Chapter 1's code cells with the solution cells of some exercises replaced (key: function name)."""
    sources = _code(_read(CHAPTER_1))
    for name, source in cells.items():
        index = next(i for i, s in enumerate(sources) if s.startswith(f"def {name}("))
        sources[index] = source
    return sources


def _verdicts(grades) -> list[bool]:
    return [g.passed for g in grades]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_solutions_pass_and_stubs_fail(path):
    hidden = grader.record(_read(path))
    assert hidden and all(test.calls for test in hidden)
    solved = grader.grade(_code(_read(path)), hidden)
    assert all(g.passed for g in solved), [g for g in solved if not g.passed]
    stubbed = grader.grade(_code(se.student_notebook(_read(path))), hidden)
    assert len(stubbed) == len(hidden)
    for g in stubbed:
        assert not g.passed and g.message.startswith("NotImplementedError"), g


def test_a_hang_and_an_exit_fail_alone(hidden_1):
    sources = _with({"one_neuron_minima": "def one_neuron_minima(a, b):\n    while True:\n        pass\n",
                     "final_loss": "import sys\ndef final_loss(step, seed, _=sys.exit(0)):\n    return 5.0\n"})
    grades = grader.grade(sources, hidden_1, grader.Sandbox(exercise_seconds=5, submission_seconds=120))
    assert _verdicts(grades) == [False, False, True]
    assert "time limit" in grades[0].message and "SystemExit" in grades[1].message


def test_ending_the_process_and_catching_everything_fail(hidden_1):
    sources = _with({"one_neuron_minima": "import os\ndef one_neuron_minima(a, b):\n    os._exit(0)\n",
                     "final_loss": "def final_loss(step, seed):\n    while True:\n        try:\n"
                                   "            while True:\n                pass\n"
                                   "        except BaseException:\n            pass\n"})
    grades = grader.grade(sources, hidden_1, grader.Sandbox(exercise_seconds=5, submission_seconds=120))
    assert _verdicts(grades) == [False, False, True]
    assert "ended" in grades[0].message and "time limit" in grades[1].message


def test_the_submission_time_limit_stops_the_rest(hidden_1):
    hang = "def {}(*args):\n    while True:\n        pass\n"
    grades = grader.grade(_with({"one_neuron_minima": hang.format("one_neuron_minima"),
                                 "final_loss": hang.format("final_loss")}), hidden_1,
                          grader.Sandbox(exercise_seconds=4, submission_seconds=7))
    assert _verdicts(grades) == [False, False, False]
    assert "time limit" in grades[1].message and "not run" in grades[2].message


def test_a_function_that_modifies_its_argument_fails():
    path = ROOT / "book" / "08_extensions.ipynb"
    hidden = [t for t in grader.record(_read(path)) if t.exercise.label == "ex-ext-bn-scale"]
    mutating = ("def rescale_neuron(net, i, c):\n    net.W[i] = c * net.W[i]\n"
                "    return hc.extensions.batchnorm.BNNetwork(net.W.copy(), net.gamma, net.beta, net.alpha)\n")
    honest = mutating.replace("net.W[i] = c * net.W[i]\n", "W = net.W.copy()\n    W[i] = c * W[i]\n")
    honest = honest.replace("BNNetwork(net.W.copy()", "BNNetwork(W")
    assert _verdicts(grader.grade([honest], hidden, QUICK)) == [True]
    [grade] = grader.grade([mutating], hidden, QUICK)
    assert not grade.passed and "modified its arguments" in grade.message


PATCHING = '''import builtins, sys
import numpy
def one_neuron_minima(a, b, _=None):
    numpy.allclose = numpy.isclose = lambda *args, **kwargs: True
    builtins.AssertionError = KeyError
    sys.modules["booktools"] = None
    return [(0.0, 0.0)]
'''
AFTER_PATCHING = "def final_loss(step, seed):\n    return float(numpy.isclose(step, seed)) + 42.0\n"


class_with_true_eq = '''class Anything(float):
    def __eq__(self, other):
        return True
    __hash__ = float.__hash__
def balance(net):
    """Return something equal to everything."""
    return Anything(1.0)
'''


def test_patching_numpy_or_the_result_types_changes_nothing(hidden_1):
    numpy_after = "import numpy\n" + AFTER_PATCHING
    grades = grader.grade(_with({"one_neuron_minima": PATCHING, "final_loss": numpy_after,
                                 "balance": class_with_true_eq}), hidden_1, QUICK)
    assert _verdicts(grades) == [False, False, False]


def test_a_forged_result_line_is_data_only(hidden_1):
    forged = {"label": "ex-nonconvex-symmetry", "results": [
        {"value": {"type": "posix.system", "fields": {"command": "touch /tmp/hc-forged"}}, "mutated": False}]}
    cell = (f"import os\ndef balance(net):\n    os.write(1, {json.dumps(json.dumps(forged) + chr(10))}.encode())\n"
            f"    os._exit(0)\n")
    grades = grader.grade(_with({"balance": cell}), hidden_1, QUICK)
    assert _verdicts(grades) == [True, True, False]
    assert "cannot read" in grades[2].message and not os.path.exists("/tmp/hc-forged")


@pytest.mark.skipif(os.getuid() != 0, reason="the sandbox runs as nobody only when the grader runs as root")
def test_the_sandbox_cannot_read_the_reference_nor_write_outside(tmp_path):
    secret = tmp_path / "instructor"
    secret.mkdir(mode=0o700)
    reference = secret / CHAPTER_1.name
    reference.write_bytes(CHAPTER_1.read_bytes())
    hidden = grader.record(_read(reference))
    thief = (f"import json\ndef one_neuron_minima(a, b):\n    cells = json.load(open({str(reference)!r}))['cells']\n"
             f"    code = [''.join(c['source']) for c in cells if 'solution' in c['metadata'].get('tags', [])]\n"
             f"    namespace = {{'np': np, 'hc': hc}}\n    exec(code[0], namespace)\n"
             f"    return namespace['one_neuron_minima'](a, b)\n")
    target = secret / "planted.txt"
    writer = (f"def final_loss(step, seed):\n    open({str(target)!r}, 'w').write('x')\n"
              f"    open({str(ROOT / 'planted.txt')!r}, 'w').write('x')\n    return 5.0\n")
    grades = grader.grade(_with({"one_neuron_minima": thief, "final_loss": writer}), hidden, QUICK)
    assert _verdicts(grades) == [False, False, True]
    assert "PermissionError" in grades[0].message and "PermissionError" in grades[1].message
    assert not target.exists() and not (ROOT / "planted.txt").exists()


@pytest.mark.skipif(os.getuid() != 0, reason="the process limit is set only when the sandbox runs as nobody")
def test_the_sandbox_cannot_start_processes_nor_flood_the_grader(hidden_1):
    forker = "import os\ndef one_neuron_minima(a, b):\n    os.fork()\n    return []\n"
    flood = ("import os\ndef final_loss(step, seed):\n    while True:\n"
             "        os.write(1, b'x' * 2**20)\n")
    grades = grader.grade(_with({"one_neuron_minima": forker, "final_loss": flood}), hidden_1, QUICK)
    assert _verdicts(grades) == [False, False, True]
    assert "BlockingIOError" in grades[0].message and "ended" in grades[1].message


def test_the_sandbox_gets_a_copy_of_the_library_and_an_empty_folder(hidden_1):
    spy = ("import os, sys\ndef one_neuron_minima(a, b):\n"
           "    return [float(os.getuid()), os.listdir('.'), 'booktools' in sys.modules, "
           "hc.__file__.startswith(os.getcwd())]\n")
    test = hidden_1[0]
    job = {"label": test.exercise.label, "source": spy, "calls": [(c.name, c.arguments) for c in test.calls]}
    reply = grader.Sandbox(20, 60).run([job])[test.exercise.label]
    sandbox_facts = grader.decode(reply["results"][0]["value"])
    uid, files, grader_imported, library_copied = sandbox_facts
    assert uid == (grader.NOBODY if os.getuid() == 0 else os.getuid())
    # runner.py, the library's copy and matplotlib's caches: the job file is gone, nothing else is there
    assert set(files) <= {"runner.py", "lib", ".cache", ".config"} and "runner.py" in files
    assert not grader_imported and library_copied


def test_missing_broken_and_renamed_cells_are_graded_one_by_one(hidden_1):
    notebook = _read(CHAPTER_1)
    cells = [c for c in notebook.cells if not c.source.startswith("def one_neuron_minima(")]
    for cell in cells:
        if "solution" in cell.metadata.get("tags", []):
            cell.metadata["tags"] = ["my-answer"]
        if cell.source.startswith("def final_loss("):
            cell.source = "print('debug')\n" + cell.source.replace("return np.inf", "return np.inf)")
        if cell.source.startswith("def balance("):
            cell.source = "print('left over')\n" + cell.source
    grades = grader.grade([c.source for c in cells if c.cell_type == "code"], hidden_1, QUICK)
    assert _verdicts(grades) == [False, False, True]
    assert "no code cell defines one_neuron_minima" in grades[0].message
    assert "SyntaxError" in grades[1].message


def _cli(*args, optimize=False, cwd=ROOT):
    command = [sys.executable, *(["-O"] if optimize else []), "-m", "booktools.grader", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_a_class_folder_is_graded_to_csv_with_exit_codes(tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    nbformat.write(_read(CHAPTER_1), folder / "alice.ipynb")
    nbformat.write(se.student_notebook(_read(CHAPTER_1)), folder / "bob.ipynb")
    (folder / "carol.ipynb").write_text("{ this is not json")
    (folder / "dave.pdf").write_bytes(b"%PDF-1.4")
    result = _cli(folder, "--chapter", CHAPTER_1.stem, "--csv", tmp_path / "scores.csv", optimize=True)
    assert result.returncode == 2, result.stderr
    assert result.stdout.count("could not grade") == 2 and "not a Jupyter notebook" in result.stdout
    assert "4/4" in result.stderr  # the progress bar
    rows = {os.path.basename(r["submission"]): r for r in csv.DictReader(open(tmp_path / "scores.csv"))}
    assert rows["alice.ipynb"]["score"] == "3" and rows["bob.ipynb"]["score"] == "0"
    assert rows["carol.ipynb"]["status"] == rows["dave.pdf"]["status"] == "could not grade"
    assert [rows["alice.ipynb"][label] for label in LABELS_1] == ["1", "1", "1"]
    graded = _cli(folder / "bob.ipynb", "--chapter", CHAPTER_1.stem, optimize=True)
    assert graded.returncode == 0 and "score: 0/3" in graded.stdout


def test_an_unknown_chapter_cannot_be_graded(tmp_path):
    nbformat.write(_read(CHAPTER_1), tmp_path / "homework.ipynb")
    result = _cli(tmp_path / "homework.ipynb")
    assert result.returncode == 2 and "use --chapter" in result.stdout


def test_only_plain_data_and_the_librarys_types_are_rebuilt():
    network = grader.decode({"type": "hiddenconvex.network.ReLUNetwork",
                             "fields": {"W": {"array": [[1, 2]], "kind": "i"}, "alpha": [{"float": "2.5"}]}})
    assert network.W.tolist() == [[1.0, 2.0]] and network.alpha.tolist() == [2.5]
    assert grader.decode({"tuple": [{"float": "inf"}, None]}) == (float("inf"), None)
    invalid = {"type": "hiddenconvex.network.ReLUNetwork", "fields": {"W": [[1.0]], "alpha": [{"float": "nan"}]}}
    for data in ({"type": "builtins.eval", "fields": {}}, {"array": [1], "kind": "O"}, {"tuple": [], "x": 1}, invalid):
        with pytest.raises(grader.SubmissionError):
            grader.decode(data)
