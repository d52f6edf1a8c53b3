"""Property tests on random small data sets (hypothesis): the two sides of the equivalence agree."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hiddenconvex as hc

SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def small_problems(draw):
    n = draw(st.integers(2, 6))
    d = draw(st.integers(1, 2))
    seed = draw(st.integers(0, 2**31 - 1))
    lam = draw(st.sampled_from([0.01, 0.05, 0.2, 1.0]))
    rng = np.random.default_rng(seed)
    X = hc.data.add_bias(rng.uniform(-2, 2, size=(n, d)))
    y = rng.uniform(-2, 2, size=n)
    return X, y, lam


@SETTINGS
@given(small_problems())
def test_convex_value_equals_mapped_loss(problem):
    X, y, lam = problem
    sol = hc.solve_convex(X, y, lam)
    assert hc.loss(sol.to_network(), X, y, lam) == pytest.approx(sol.value, abs=1e-5, rel=1e-5)


@SETTINGS
@given(small_problems())
def test_mapped_network_reproduces_the_convex_fit(problem):
    X, y, lam = problem
    sol = hc.solve_convex(X, y, lam)
    np.testing.assert_allclose(sol.to_network()(X), sol.predict_train(X), atol=1e-4)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems())
def test_gradient_descent_never_ends_below_the_convex_value(problem):
    X, y, lam = problem
    sol = hc.solve_convex(X, y, lam)
    step = 0.25 / (1.0 + np.linalg.norm(X, 2) ** 2 + lam)
    finals = []
    for seed in range(4):
        try:
            finals.append(hc.train_gd(X, y, 8, lam, step, 0.5, 1500, seed=seed).final_loss)
        except hc.DivergenceError:
            continue
    assert finals, "every run diverged"
    assert min(finals) >= sol.value - 1e-6 * (1 + sol.value)


@SETTINGS
@given(small_problems(), st.integers(1, 300), st.integers(0, 100))
def test_sampled_patterns_are_exact_patterns(problem, k, seed):
    X, _, _ = problem
    exact = {tuple(r) for r in hc.activation_patterns(X)}
    assert {tuple(r) for r in hc.sample_patterns(X, k, seed=seed)} <= exact


@SETTINGS
@given(small_problems())
def test_every_neuron_pattern_is_realizable(problem):
    X, _, _ = problem
    exact = {tuple(r) for r in hc.activation_patterns(X)}
    W = np.random.default_rng(0).standard_normal((50, X.shape[1]))
    assert {tuple(r) for r in hc.pattern_of(W, X)} <= exact
