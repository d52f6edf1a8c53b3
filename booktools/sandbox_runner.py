"""The only code that runs beside a submission: it executes each exercise's submitted cell and calls the
submitted functions on the grader's inputs, and sends back what they returned as JSON data.

It decides nothing: the checks that grade the results run in the grader's own process
(``booktools.grader``), which reads these JSON lines as data and never unpickles anything from here.
Started by the grader as ``python -I sandbox_runner.py LIBDIR SITE...`` in a fresh temporary folder holding
``job.pickle`` (written by the grader: trusted inputs); one JSON line per exercise goes to the file
descriptor that was standard output when the runner started. This file imports nothing from the project
so that it can run from a copy.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import pickle
import sys

DEPTH = 50
READY = "(sandbox ready)"


def encode(value, depth: int = 0):
    """``value`` as JSON-ready data: None, bools, numbers, strings, lists, and tagged tuples, dicts,
    arrays, classes (by name) and dataclasses (the grader rebuilds only the types it allows). Anything
    else is refused."""
    import numpy as np

    if depth > DEPTH:
        raise TypeError("the result is nested too deeply")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)):
        return {"float": repr(float(value))} if isinstance(value, float) else int(value)
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biuf":
            raise TypeError(f"an array of dtype {value.dtype} cannot be graded")
        return {"array": encode(value.tolist(), depth + 1), "kind": value.dtype.kind}
    if isinstance(value, np.generic):
        return encode(value.item(), depth + 1)
    if isinstance(value, (list, tuple)):
        items = [encode(v, depth + 1) for v in value]
        return items if isinstance(value, list) else {"tuple": items}
    if isinstance(value, dict):
        return {"dict": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()]}
    if isinstance(value, type):  # e.g. the model class a Trajectory builds its networks with
        return {"class": f"{value.__module__}.{value.__qualname__}"}
    if dataclasses.is_dataclass(value):
        kind = type(value)
        return {"type": f"{kind.__module__}.{kind.__qualname__}",
                "fields": {f.name: encode(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value)}}
    raise TypeError(f"a result of type {type(value).__name__} cannot be graded")


def _error(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}"[:500]


def run_exercise(exercise: dict, setup: str) -> dict:
    """Execute the submitted cell in a fresh namespace, then make the recorded calls."""
    namespace: dict = {}
    try:
        exec(compile(setup, "<setup>", "exec"), namespace)
        exec(compile(exercise["source"], f"<{exercise['label']}: your cell>", "exec"), namespace)
    except BaseException as err:  # noqa: BLE001 - whatever the cell does is reported, including SystemExit
        return {"label": exercise["label"], "error": f"your cell failed: {_error(err)}"}
    results = []
    for name, arguments in exercise["calls"]:
        try:
            args, kwargs = pickle.loads(arguments)
            function = namespace[name]
            value = function(*args, **kwargs)
            results.append({"value": encode(value),
                            "mutated": pickle.dumps((args, kwargs)) != arguments})
        except BaseException as err:  # noqa: BLE001
            results.append({"error": _error(err)})
    return {"label": exercise["label"], "results": results}


def main() -> None:
    sys.path[:0] = sys.argv[1:]
    channel = os.fdopen(os.dup(1), "w")
    sys.stdout = sys.stderr = io.StringIO()  # what the submission prints is dropped
    with open("job.pickle", "rb") as handle:
        job = pickle.load(handle)
    os.remove("job.pickle")
    exec(compile(job["setup"], "<setup>", "exec"), {})  # imports done before the exercises' clocks start
    channel.write(json.dumps({"label": READY}) + "\n")
    channel.flush()
    for exercise in job["exercises"]:
        reply = run_exercise(exercise, job["setup"])
        sys.stdout.seek(0)
        sys.stdout.truncate()
        channel.write(json.dumps(reply) + "\n")
        channel.flush()


if __name__ == "__main__":
    main()
