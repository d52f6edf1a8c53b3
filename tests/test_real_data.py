"""hc.real_data: the bundled scikit-learn tasks and the three-method comparison of chapter 7."""

import numpy as np
import pytest

import hiddenconvex as hc
from hiddenconvex.real_data import TASKS, binary_task, compare_methods


@pytest.mark.parametrize("name", sorted(TASKS))
def test_tasks_are_standardized_halves_with_signed_labels(name):
    X, y, X_test, y_test = binary_task(name)
    assert abs(len(y) - len(y_test)) <= 1 and X.shape[1] == X_test.shape[1]
    assert np.all(X[:, -1] == 1.0) and np.all(X_test[:, -1] == 1.0)  # the bias column
    assert np.allclose(X[:, :-1].mean(axis=0), 0.0, atol=1e-12)
    spread = X[:, :-1].std(axis=0)
    assert np.all(np.isclose(spread, 1.0) | (spread == 0.0))
    assert set(np.unique(y)) == {-1.0, 1.0} and set(np.unique(y_test)) <= {-1.0, 1.0}
    # every point of the two classes once (class sizes from scikit-learn's documentation)
    assert len(y) + len(y_test) == {"digits 3 vs 8": 183 + 174, "breast cancer": 569, "wine 1 vs 2": 71 + 48,
                                    "iris versicolor vs virginica": 100}[name]


def test_the_split_depends_on_the_seed_only():
    a, b = binary_task("wine 1 vs 2", seed=1), binary_task("wine 1 vs 2", seed=1)
    assert all(np.array_equal(u, v) for u, v in zip(a, b))
    assert not np.array_equal(a[1], binary_task("wine 1 vs 2", seed=2)[1])


def test_compare_methods_scores_each_method_by_its_own_network():
    X, y, X_test, y_test = binary_task("iris versicolor vs virginica")
    convex, gd, adam = compare_methods(X, y, X_test, y_test, lam=0.1, n_gates=3, n_steps=40, seed=0)
    assert [r.method for r in (convex, gd, adam)] == ["convex", "gd", "adam"]
    patterns = hc.sample_patterns(X, 3, seed=0)
    solution = hc.solve_convex(X, y, 0.1, patterns=patterns, solver="fast")
    net = solution.to_network()
    assert convex.width == net.width == gd.width == adam.width
    assert convex.objective == pytest.approx(solution.value)
    assert convex.test_accuracy == np.mean(np.sign(net.predict(X_test)) == y_test)
    run = hc.optimizers.train(X, y, gd.width, 0.1, "adam", 1e-2, 0.1, 40, seed=0)
    assert adam.objective == pytest.approx(hc.loss(run.network(), X, y, 0.1), rel=1e-12)
    assert all(0.0 <= r.test_accuracy <= 1.0 and r.seconds > 0 for r in (convex, gd, adam))


@pytest.mark.parametrize("call, match", [
    (lambda: binary_task("mnist"), "name must be one of"),
    (lambda: binary_task("wine 1 vs 2", seed=1.5), "seed"),
    (lambda: compare_methods(np.ones((4, 2)), np.ones(4), np.ones((3, 3)), np.ones(3), 0.1, 2, 5), "X_test"),
    (lambda: compare_methods(np.ones((4, 2)), np.ones(4), np.ones((3, 2)), np.ones(3), 0.0, 2, 5), "lam"),
    (lambda: compare_methods(np.ones((4, 2)), np.ones(4), np.ones((3, 2)), np.ones(3), 0.1, 0, 5), "n_gates"),
    (lambda: compare_methods(np.full((4, 2), np.nan), np.ones(4), np.ones((3, 2)), np.ones(3), 0.1, 2, 5), "X"),
])
def test_bad_input_is_refused_with_the_argument_named(call, match):
    with pytest.raises(ValueError, match=match):
        call()
