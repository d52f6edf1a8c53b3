"""Grade submitted chapter notebooks: the submission runs in a sandbox process, the checks run here.

For each exercise with code (see book/instructors.md) grading has three steps:

1. **record** (here, once per chapter): the instructor's ``solution`` cell is executed and its
   ``autograde`` cell runs against it; every call of an exercise function is recorded with its
   arguments (the hidden test inputs) and whether it modified them;
2. **run** (in the sandbox, see ``booktools.sandbox_runner``): a separate Python process, started in a
   fresh temporary folder that holds only the submission's cells and the recorded inputs, with a
   stripped environment, resource limits and, when the grader runs as root, the unprivileged user
   ``nobody``; it executes the submitted cell of each exercise and makes the recorded calls, and sends
   the results back as JSON. A per-exercise and a per-submission time limit apply; an exercise that
   hangs or ends the process is failed and the sandbox restarts for the next one;
3. **replay** (here): the ``autograde`` cell runs again in this process, compiled with assertions on
   whatever ``-O`` says, with each exercise function replaced by one that returns the submission's
   result of the same call, rebuilt from JSON into plain numbers, arrays, tuples, lists, dicts and the
   library's own dataclasses (nothing else is accepted).

So a grade is decided by the instructor's checks in a process the submission never ran in.

    python -m booktools.grader SUBMISSION_OR_FOLDER ... --chapter 01_nonconvex_problem --csv scores.csv

Exit status: 0 if every submission was graded (whatever its score), 2 if one could not be graded
(not a notebook, unreadable, unknown chapter).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import csv
import io
import json
import os
import pickle
import queue
import re
import shutil
import signal
import site
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import numpy as np

import hiddenconvex as hc
from hiddenconvex.extensions.batchnorm import BNNetwork

from .student_edition import ROOT, SETUP, ConventionError, Exercise, chapter_notebooks, exercises

RUNNER = Path(__file__).with_name("sandbox_runner.py")
READY = "(sandbox ready)"  # the runner's first line (sandbox_runner.READY)
ALLOWED_TYPES = {f"{t.__module__}.{t.__qualname__}": t for t in (hc.ReLUNetwork, hc.Trajectory, BNNetwork)}
ARRAY_KINDS = {"b": bool, "i": np.int64, "u": np.uint64, "f": np.float64}
EXERCISE_SECONDS = 120.0
SUBMISSION_SECONDS = 900.0
STARTUP_SECONDS = 60.0
MEMORY_BYTES = 4 * 2**30
FILE_BYTES = 2**20
REPLY_BYTES = 64 * 2**20
NOBODY = 65534


class CannotGrade(ValueError):
    """The submission cannot be graded at all (not a notebook, unreadable)."""


class SubmissionError(Exception):
    """A submitted function failed, or its result cannot be read; raised inside the replayed checks."""


@dataclass
class Call:
    """One call of an exercise function made by the instructor's checks."""
    name: str
    arguments: bytes
    mutated: bool


@dataclass
class HiddenTest:
    """An exercise's hidden test: its checks, the functions they call and the recorded calls."""
    exercise: Exercise
    functions: list[str]
    calls: list[Call] = field(default_factory=list)


@dataclass
class Grade:
    label: str
    passed: bool
    message: str = ""


def _functions(source: str) -> list[str]:
    return [n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)]


def _run_checks(test: HiddenTest, namespace: dict) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        for check in test.exercise.checks:
            exec(compile(check, f"<{test.exercise.label}: autograde>", "exec", optimize=0), namespace)


def record(reference: nbformat.NotebookNode, name: str = "reference") -> list[HiddenTest]:
    """The hidden tests of a chapter: its autograde cells run on its solutions, calls recorded."""
    tests = []
    for exercise in exercises(reference, name):
        test = HiddenTest(exercise, _functions(exercise.solution))
        namespace: dict = {}
        exec(compile(SETUP + exercise.solution, f"<{exercise.label}: solution>", "exec", optimize=0), namespace)
        for function in test.functions:
            namespace[function] = _recorder(function, namespace[function], test.calls)
        try:
            _run_checks(test, namespace)
        except Exception as err:
            raise ConventionError(f"{name}: the checks of {exercise.label} fail on its solution: {err!r}") from err
        tests.append(test)
    return tests


def _recorder(name: str, function, calls: list[Call]):
    def recorded(*args, **kwargs):
        arguments = pickle.dumps((args, kwargs))
        result = function(*args, **kwargs)
        calls.append(Call(name, arguments, pickle.dumps((args, kwargs)) != arguments))
        return result
    return recorded


def decode(data):
    """Rebuild a result sent by the sandbox; only plain data and ALLOWED_TYPES are accepted."""
    if data is None or isinstance(data, (bool, str, int)):
        return data
    if isinstance(data, list):
        return [decode(v) for v in data]
    if isinstance(data, dict) and data.keys() == {"float"}:
        return float(data["float"])
    if isinstance(data, dict) and data.keys() == {"tuple"}:
        return tuple(decode(v) for v in data["tuple"])
    if isinstance(data, dict) and data.keys() == {"dict"}:
        return {_hashable(decode(k)): decode(v) for k, v in data["dict"]}
    if isinstance(data, dict) and data.keys() == {"array", "kind"} and data["kind"] in ARRAY_KINDS:
        return np.array(decode(data["array"]), dtype=ARRAY_KINDS[data["kind"]])
    if isinstance(data, dict) and data.keys() == {"class"} and data["class"] in ALLOWED_TYPES:
        return ALLOWED_TYPES[data["class"]]
    if isinstance(data, dict) and data.keys() == {"type", "fields"} and data["type"] in ALLOWED_TYPES:
        try:
            return ALLOWED_TYPES[data["type"]](**{str(k): decode(v) for k, v in data["fields"].items()})
        except (TypeError, ValueError) as err:
            raise SubmissionError(f"a result of type {data['type']} is not valid: {err}") from None
    raise SubmissionError(f"a result the grader cannot read: {str(data)[:80]}")


def _hashable(key):
    if isinstance(key, (list, np.ndarray)):
        raise SubmissionError("a result is a dict with an unhashable key")
    return key


def replay(test: HiddenTest, reply: dict) -> Grade:
    """Run the exercise's checks here on the submission's results (``reply`` from the sandbox)."""
    label = test.exercise.label
    if "error" in reply:
        return Grade(label, False, reply["error"])
    results = iter(reply.get("results", []))
    calls = iter(test.calls)

    def answer(name):
        def replayed(*args, **kwargs):
            call, result = next(calls, None), next(results, None)
            if call is None or call.name != name or call.arguments != pickle.dumps((args, kwargs)) \
                    or not isinstance(result, dict):
                raise SubmissionError(f"the checks called {name} on inputs it was not run on")
            if "error" in result:
                raise SubmissionError(str(result["error"]))
            if result.get("mutated") and not call.mutated:
                raise SubmissionError(f"{name} modified its arguments")
            return decode(result.get("value"))
        return replayed

    namespace: dict = {}
    exec(compile(SETUP, "<setup>", "exec"), namespace)
    namespace.update({name: answer(name) for name in test.functions})
    try:
        _run_checks(test, namespace)
    except SubmissionError as err:
        return Grade(label, False, str(err))
    except AssertionError as err:
        return Grade(label, False, f"a check failed{f' ({err})' if str(err) else ''}")
    except Exception as err:  # a result of the wrong shape or type makes the checks raise
        return Grade(label, False, f"the checks could not use your result: {type(err).__name__}: {err}"[:300])
    return Grade(label, True)


def read_submission(path: Path) -> list[str]:
    """The code cells of a submitted notebook, read leniently (missing metadata or outputs are fine)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise CannotGrade(f"{path}: not a Jupyter notebook ({type(err).__name__}: {err})") from None
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        raise CannotGrade(f"{path}: not a Jupyter notebook (no list of cells)")
    sources = []
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            sources.append("".join(source) if isinstance(source, list) else str(source))
    return sources


def submitted_cell(test: HiddenTest, sources: list[str]) -> str | None:
    """The last code cell that defines one of the exercise's functions (tags are not needed)."""
    patterns = [re.compile(rf"^def\s+{name}\s*\(", re.M) for name in test.functions]
    found = [s for s in sources if any(p.search(s) for p in patterns)]
    return found[-1] if found else None


def _limits(cpu_seconds: int) -> None:
    """Run in the sandbox process before the runner starts (preexec_fn)."""
    import resource
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_BYTES, FILE_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if os.getuid() == 0:
        resource.setrlimit(resource.RLIMIT_NPROC, (1, 1))  # as nobody: no child process, no thread
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)


@dataclass
class Sandbox:
    """Limits of one submission's sandbox (seconds)."""
    exercise_seconds: float = EXERCISE_SECONDS
    submission_seconds: float = SUBMISSION_SECONDS

    def run(self, jobs: list[dict]) -> dict[str, dict]:
        """Replies per label; an exercise that times out or ends the process gets an error reply."""
        replies: dict[str, dict] = {}
        deadline = time.monotonic() + self.submission_seconds
        while len(replies) < len(jobs):
            pending = [job for job in jobs if job["label"] not in replies]
            if time.monotonic() >= deadline:
                for job in pending:
                    replies[job["label"]] = {"error": f"not run: the submission's time limit "
                                                      f"({self.submission_seconds:.0f} s) was reached"}
                break
            replies.update(self._run_once(pending, deadline))
        return replies

    def _run_once(self, jobs: list[dict], deadline: float) -> dict[str, dict]:
        with tempfile.TemporaryDirectory(prefix="hc-sandbox-") as folder:
            work = Path(folder)
            lib = work / "lib"
            shutil.copytree(ROOT / "hiddenconvex", lib / "hiddenconvex",
                            ignore=shutil.ignore_patterns("__pycache__"))
            shutil.copy2(RUNNER, work / "runner.py")
            with open(work / "job.pickle", "wb") as handle:
                pickle.dump({"setup": SETUP, "exercises": jobs}, handle)
            if os.getuid() == 0:
                for path in [work, *work.rglob("*")]:
                    os.chown(path, NOBODY, NOBODY)
            cpu = int(max(1, deadline - time.monotonic())) + 1
            env = {"PATH": "/usr/bin:/bin", "HOME": folder, "MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1",
                   "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
            command = [_interpreter(), "-I", "-B", "runner.py", str(lib), *site.getsitepackages()]
            process = subprocess.Popen(command, cwd=folder, env=env,
                                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.DEVNULL, preexec_fn=lambda: _limits(cpu),
                                       start_new_session=True)
            lines: queue.Queue = queue.Queue()
            threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True).start()
            replies: dict[str, dict] = {}
            try:
                ready = _next_reply(lines, READY, min(deadline, time.monotonic() + STARTUP_SECONDS))
                if ready == "timeout" and time.monotonic() >= deadline:
                    return replies  # the submission's time ran out while the sandbox restarted
                if not isinstance(ready, dict):
                    raise CannotGrade(f"the sandbox did not start ({ready}); is numpy importable by nobody?")
                for job in jobs:
                    reply = _next_reply(lines, job["label"], min(deadline, time.monotonic() + self.exercise_seconds))
                    if reply == "timeout":
                        replies[job["label"]] = {"error": f"time limit: no result after "
                                                          f"{self.exercise_seconds:.0f} s (or the submission's "
                                                          f"{self.submission_seconds:.0f} s)"}
                        break
                    if reply == "ended":  # its output closed, or exceeded REPLY_BYTES
                        with contextlib.suppress(subprocess.TimeoutExpired):
                            process.wait(timeout=5)
                        status = "still running" if process.returncode is None else process.returncode
                        replies[job["label"]] = {"error": f"the sandbox process ended or flooded its output "
                                                          f"during this exercise (exit status {status})"}
                        break
                    replies[job["label"]] = reply
            finally:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            return replies


def _world_runnable(path: Path) -> bool:
    return all(os.stat(p).st_mode & 0o001 for p in [path, *path.parents])


def _interpreter() -> str:
    """This Python, or when it is not reachable by ``nobody`` (e.g. under /root) the system's Python
    of the same version; the sandbox adds this environment's site-packages to its path."""
    own = Path(os.path.realpath(sys.executable))
    if os.getuid() != 0 or _world_runnable(own):
        return str(own)
    system = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
    if system.exists() and _world_runnable(system):
        return str(system)
    raise CannotGrade(f"the user nobody cannot run {own}: install Python {sys.version_info.major}."
                      f"{sys.version_info.minor} where every user can run it")


def _pump(stream, lines: queue.Queue) -> None:
    """Pass the sandbox's lines on; past REPLY_BYTES in all, stop as if the process had ended."""
    total = 0
    while line := stream.readline(REPLY_BYTES - total + 1):
        total += len(line)
        if total > REPLY_BYTES:
            break
        lines.put(line)
    lines.put(None)


def _next_reply(lines: queue.Queue, label: str, until: float):
    """The next reply for ``label``; "timeout" or "ended" if none comes. Other lines are ignored."""
    while True:
        try:
            line = lines.get(timeout=max(0.0, until - time.monotonic()))
        except queue.Empty:
            return "timeout"
        if line is None:
            return "ended"
        with contextlib.suppress(ValueError, TypeError, RecursionError):
            reply = json.loads(line)
            if isinstance(reply, dict) and reply.get("label") == label:
                return reply


def grade(sources: list[str], tests: list[HiddenTest], sandbox: Sandbox | None = None) -> list[Grade]:
    """Grade the code cells of a submission against a chapter's hidden tests."""
    jobs, missing = [], {}
    for test in tests:
        source = submitted_cell(test, sources)
        if source is None:
            missing[test.exercise.label] = (f"no code cell defines {' or '.join(test.functions)} "
                                            f"(the exercise's cell is missing or its function was renamed)")
        else:
            jobs.append({"label": test.exercise.label, "source": source,
                         "calls": [(c.name, c.arguments) for c in test.calls]})
    replies = (sandbox or Sandbox()).run(jobs) if jobs else {}
    return [Grade(t.exercise.label, False, missing[t.exercise.label]) if t.exercise.label in missing
            else replay(t, replies[t.exercise.label]) for t in tests]


def submissions(paths: list[Path]) -> list[Path]:
    """Files to grade: the given files, and every file of the given folders (recursively)."""
    found = []
    for path in paths:
        found.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    return found


def _progress(done: int, total: int, name: str) -> None:
    width = 30
    filled = width * done // max(total, 1)
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:40}", end="",
          file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Grade submitted chapter notebooks in a sandbox.")
    parser.add_argument("paths", type=Path, nargs="+", help="submitted notebooks, or folders of them")
    parser.add_argument("--chapter", help="chapter name, e.g. 01_nonconvex_problem (default: the file's name)")
    parser.add_argument("--book", type=Path, default=ROOT / "book", help="folder of the instructor's notebooks")
    parser.add_argument("--csv", type=Path, help="write one row of scores per submission to this file")
    parser.add_argument("--exercise-seconds", type=float, default=EXERCISE_SECONDS)
    parser.add_argument("--submission-seconds", type=float, default=SUBMISSION_SECONDS)
    args = parser.parse_args(argv)
    sandbox = Sandbox(args.exercise_seconds, args.submission_seconds)
    references = {p.stem: p for p in chapter_notebooks(args.book)}
    cache: dict[str, list[HiddenTest]] = {}
    files = submissions(args.paths)
    rows, status = [], 0
    for done, path in enumerate(files):
        if len(files) > 1:
            _progress(done, len(files), path.name)
        chapter = args.chapter or path.stem
        try:
            if chapter not in references:
                raise CannotGrade(f"{path}: no chapter {chapter!r} in {args.book} (use --chapter)")
            sources = read_submission(path)
            if chapter not in cache:
                cache[chapter] = record(nbformat.read(references[chapter], as_version=4), chapter)
            grades = grade(sources, cache[chapter], sandbox)
        except (CannotGrade, ConventionError) as err:
            print(f"\ncould not grade: {err}")
            rows.append({"submission": str(path), "chapter": chapter, "status": "could not grade"})
            status = 2
            continue
        print(f"\n{path}")
        for g in grades:
            print(f"  {'PASS' if g.passed else 'FAIL'}  {g.label}  {g.message}".rstrip())
        score = sum(g.passed for g in grades)
        print(f"  score: {score}/{len(grades)}")
        rows.append({"submission": str(path), "chapter": chapter, "status": "graded", "score": score,
                     "out_of": len(grades), **{g.label: int(g.passed) for g in grades}})
    if len(files) > 1:
        _progress(len(files), len(files), "done")
        print(file=sys.stderr)
    if args.csv:
        columns = list(dict.fromkeys(key for row in rows for key in row))
        with open(args.csv, "w", newline="") as handle:
            writer = csv.DictWriter(handle, columns)
            writer.writeheader()
            writer.writerows(rows)
    return status


if __name__ == "__main__":
    sys.exit(main())
