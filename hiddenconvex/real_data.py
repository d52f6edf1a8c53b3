r"""Real data sets that ship with scikit-learn, as binary tasks, and one comparison of the convex
model against gradient descent and Adam on them (chapter 7, ``benchmarks/bench_real_data.py``).

Each task (:data:`TASKS`) keeps two classes of a bundled scikit-learn data set (nothing is
downloaded), labels them :math:`\pm 1`, splits the points at random into halves for training and
test, standardizes every feature with the training half's mean and standard deviation and appends
a bias column (:func:`binary_task`).

:func:`compare_methods` fits, with the squared loss and weight decay λ of :func:`hiddenconvex.loss`:

* **convex** — the convex program on ``n_gates`` sampled patterns (:func:`hiddenconvex.sample_patterns`,
  solved by ``solve_convex(..., solver="fast")``), mapped back to a network;
* **gd** and **adam** — :func:`hiddenconvex.optimizers.train` on a network of the convex network's
  width, from scale 0.1, for ``n_steps`` steps;

and scores each by its test accuracy, the fraction of test points with
:math:`\operatorname{sign} f(x_j) = y_j`, its training objective and its wall-clock seconds (all
three methods run with one BLAS thread, so that the times compare the algorithms, not how many
cores a library grabs on a shared machine). The
convex value is optimal only among networks whose neurons use the sampled patterns, so a method
that may use any pattern can end below it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from hiddenconvex import _checks
from hiddenconvex.convex import solve_convex
from hiddenconvex.data import add_bias
from hiddenconvex.extensions.classification import accuracy
from hiddenconvex.network import loss
from hiddenconvex.optimizers import train
from hiddenconvex.patterns import sample_patterns
from hiddenconvex.timing import timed

#: The tasks: a name -> (scikit-learn loader, the class labelled +1, the class labelled -1).
TASKS = {
    "digits 3 vs 8": ("load_digits", 3, 8),
    "breast cancer": ("load_breast_cancer", 1, 0),
    "wine 1 vs 2": ("load_wine", 1, 2),
    "iris versicolor vs virginica": ("load_iris", 1, 2),
}

#: Methods of :func:`compare_methods`, in the order of its rows, with the stepsize of each optimizer.
STEPSIZES = {"gd": 1e-3, "adam": 1e-2}


def binary_task(name: str, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``X_train, y_train, X_test, y_test`` of the task ``name`` (see the module docstring)."""
    if name not in TASKS:
        raise ValueError(f"name must be one of {sorted(TASKS)}, got {name!r}")
    from sklearn import datasets

    loader, positive, negative = TASKS[name]
    inputs, classes = getattr(datasets, loader)(return_X_y=True)
    keep = (classes == positive) | (classes == negative)
    inputs, labels = inputs[keep].astype(float), np.where(classes[keep] == positive, 1.0, -1.0)
    order = np.random.default_rng(_checks.seed(seed)).permutation(len(labels))
    train_idx, test_idx = order[: len(labels) // 2], order[len(labels) // 2:]
    mean, std = inputs[train_idx].mean(axis=0), inputs[train_idx].std(axis=0)
    standardized = add_bias((inputs - mean) / np.where(std > 0, std, 1.0))
    return standardized[train_idx], labels[train_idx], standardized[test_idx], labels[test_idx]


@dataclass(frozen=True)
class MethodResult:
    """One method on one task: test accuracy, training objective (:func:`hiddenconvex.loss`), seconds."""

    method: str
    width: int
    test_accuracy: float
    objective: float
    seconds: float


def compare_methods(X: object, y: object, X_test: object, y_test: object, lam: float, n_gates: int,
                    n_steps: int, seed: int = 0) -> list[MethodResult]:
    """The convex model on ``n_gates`` sampled patterns, then gradient descent and Adam at its width
    (module docstring); one :class:`MethodResult` each, in that order."""
    X, y = _checks.as_data(X, y)
    X_test, y_test = _checks.as_data(X_test, y_test)
    if X_test.shape[1] != X.shape[1]:
        raise ValueError(f"X_test must have the {X.shape[1]} columns of X, got {X_test.shape[1]}")
    lam = _checks.positive(lam, "lam")
    n_gates = _checks.integer(n_gates, "n_gates", 1, 10_000)
    patterns = sample_patterns(X, n_gates, seed=seed)
    with threadpool_limits(1):
        solution, seconds = timed(lambda: solve_convex(X, y, lam, patterns=patterns, solver="fast"))
        net = solution.to_network()
        results = [MethodResult("convex", net.width, accuracy(net.predict(X_test), y_test), solution.value, seconds)]
        width = max(net.width, 1)
        for method, stepsize in STEPSIZES.items():
            run, seconds = timed(lambda: train(X, y, width, lam, method, stepsize, 0.1, n_steps, seed=seed,
                                               record_every=max(int(n_steps), 1)))
            trained = run.network()
            results.append(MethodResult(method, width, accuracy(trained.predict(X_test), y_test),
                                        loss(trained, X, y, lam), seconds))
    return results
