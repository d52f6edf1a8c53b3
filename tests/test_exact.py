"""hc.solve_exact: the program over every activation pattern, called optimal only with a certified gap."""

import numpy as np
import pytest

import hiddenconvex as hc

TWO_POINT_OPTIMUM = 0.31122777  # X = [[-1, 1], [1, 1]], y = [2, 1], lam = 0.1 (cvxpy and 200 GD runs)

PROBLEMS = {
    "two points": (*hc.data.two_points(), 0.1),
    "four points": (*hc.data.four_points(), 0.05),
    "spirals n=12": (*hc.data.spirals(12), 0.01),
    "spirals n=16, y x 1e6": (hc.data.spirals(16)[0], 1e6 * hc.data.spirals(16)[1], 1e9),
}


@pytest.mark.parametrize("name", sorted(PROBLEMS))
def test_agrees_with_clarabel_on_all_patterns_and_certifies_its_gap(name):
    X, y, lam = PROBLEMS[name]
    exact = hc.solve_exact(X, y, lam, tol=1e-6)
    reference = hc.solve_convex(X, y, lam, solver="CLARABEL", tol=1e-9)  # every pattern, by default
    assert exact.status == "optimal"
    assert exact.value == pytest.approx(reference.value, rel=1e-6)
    assert exact.lower_bound <= exact.value and exact.gap <= 1e-6 * exact.value
    assert exact.lower_bound <= reference.value * (1 + 1e-8)  # a rigorous bound, below every solver's value
    assert exact.value <= float(y @ y)  # never worse than the zero network
    assert hc.loss(exact.to_network(), X, y, lam) == pytest.approx(exact.value, rel=1e-12)
    assert np.array_equal(exact.patterns, reference.patterns)


def test_two_points_reach_the_reference_optimum():
    exact = hc.solve_exact(*hc.data.two_points(), 0.1)
    assert exact.value == pytest.approx(TWO_POINT_OPTIMUM, abs=1e-8)


def test_large_lambda_gives_the_zero_network_certified():
    X, y = hc.data.four_points()
    exact = hc.solve_exact(X, y, 1e6)
    assert exact.status == "optimal" and exact.value == float(y @ y) and exact.gap == 0.0
    assert not np.any(exact.U) and not np.any(exact.V)


def test_a_spent_budget_is_reported_with_its_gap_not_as_optimal():
    X, y = hc.data.spirals(20)
    exact = hc.solve_exact(X, y, 1e-3, max_rounds=1)
    assert exact.rounds == 1 and exact.status == hc.exact.NOT_CERTIFIED
    assert 1e-6 * exact.value < exact.gap and exact.lower_bound <= exact.value <= float(y @ y)
    assert hc.loss(exact.to_network(), X, y, 1e-3) == pytest.approx(exact.value, rel=1e-12)


@pytest.mark.parametrize(("argument", "value"), [("lam", 0.0), ("lam", -1.0), ("tol", 0.0), ("tol", 0.5), ("max_rounds", 0), ("max_rounds", 2.0)])
def test_bad_settings_are_refused_by_name(argument, value):
    X, y = hc.data.two_points()
    with pytest.raises(ValueError, match=argument):
        hc.solve_exact(X, y, **{"lam": 0.1, argument: value})
