"""otter-grader delivers the assignment; the book's sandbox decides the grade.

An otter-grader plugin (listed in the ``otter_config.json`` that ``booktools.otter_export`` writes)
that replaces otter's own grading of a submission, because otter runs its tests in the kernel that
ran the student's notebook, where the notebook can patch them. Its three events, in the order otter
calls them:

1. ``before_grading``: reads the instructor's chapter notebook from the autograder's ``source/``
   folder (it is not among the files copied next to the submission), records the hidden tests
   (:func:`booktools.grader.record`), makes the notebook unreadable to other users, and grades the
   submission with :func:`booktools.grader.grade`: the submitted functions run in the sandbox process
   (:mod:`booktools.sandbox_runner`, as ``nobody`` when otter runs as root) and the checks run here,
   on the results sent back as data. The grades stay in this object's memory.
   Then it empties the submission folder (:func:`clear_submission_folder`): otter goes on to unpickle
   a ``.OTTER_LOG`` found there in its own process, and starts its kernel in that folder, where an
   uploaded ``otter/`` or ``otter.py`` would be imported instead of otter and could forge the results
   that otter's process unpickles. Both were shown to forge a full score before this step.
2. ``before_execution``: hands otter an empty notebook, so that nothing of the submission runs in
   otter's kernel.
3. ``after_grading``: replaces otter's results by one test per exercise (named by the exercise's
   label, one point each) with the sandbox's verdict and, for a failure, its reason.

A submission that is not a notebook never reaches the plugin: otter itself refuses it and reports
that the autograder failed, with a score of 0.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
from otter.plugins import AbstractOtterPlugin
from otter.test_files.abstract_test import TestCase, TestCaseResult
from otter.test_files.ok_test import OKTestFile

from .grader import CannotGrade, Grade, Sandbox, grade, read_submission, record

#: Where the autograder keeps the instructor's notebook, relative to the autograder's ``source/``.
REFERENCE_DIR = "reference"


class SandboxGrader(AbstractOtterPlugin):
    """Grades with :mod:`booktools.grader` (module docstring). Configuration: ``chapter`` (the
    notebook's name in ``reference/``), optional ``exercise_seconds`` and ``submission_seconds``."""

    grades: list[Grade] | None = None

    def before_grading(self, config) -> None:
        chapter = self.plugin_config["chapter"]
        reference = Path(config.autograder_dir) / "source" / REFERENCE_DIR / f"{chapter}.ipynb"
        tests = record(nbformat.read(reference, as_version=4), chapter)
        os.chmod(reference, 0o600)
        sandbox = Sandbox(float(self.plugin_config.get("exercise_seconds", Sandbox.exercise_seconds)),
                          float(self.plugin_config.get("submission_seconds", Sandbox.submission_seconds)))
        submission = Path(self.submission_path)
        try:
            self.grades = grade(read_submission(submission), tests, sandbox)
        except CannotGrade as err:
            self.grades = [Grade(test.exercise.label, False, str(err)) for test in tests]
        clear_submission_folder(submission)

    def before_execution(self, submission):
        return nbformat.v4.new_notebook()

    def after_grading(self, results) -> None:
        results.clear_results()
        for verdict in self.grades or []:
            case = TestCase(name=verdict.label, body="", hidden=False, points=1,
                            success_message=None, failure_message=None)
            test = OKTestFile(verdict.label, f"{verdict.label}.py", [case])
            test.test_case_results = [TestCaseResult(case, None if verdict.passed else verdict.message, verdict.passed)]
            results.results[verdict.label] = test


def clear_submission_folder(submission: Path) -> None:
    """Leave in the submission's folder only an empty ``tests/``, an empty ``__init__.py`` (both of
    which otter expects) and the submitted notebook, which Python cannot import; a submitted file
    that is not a notebook (then graded as unreadable) is emptied. Everything else there came from the
    student (or, when grading without root, possibly from the sandbox) and nothing of it is needed:
    the sandbox has already graded the notebook."""
    folder = submission.parent
    for entry in folder.iterdir():
        if entry.name == submission.name:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    if submission.suffix != ".ipynb":
        submission.write_text("")
    (folder / "tests").mkdir()
    (folder / "__init__.py").write_text("")
