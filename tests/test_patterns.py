"""Exact enumeration of activation patterns against Cover's formula and an LP brute force."""

import math

import numpy as np
import pytest

import hiddenconvex as hc
from tests.oracles import lp_realizable_patterns


def _as_set(P):
    return {tuple(row) for row in P}


def test_two_point_example_has_four_patterns():
    X, _ = hc.data.two_points()
    P = hc.activation_patterns(X)
    assert _as_set(P) == {(False, False), (False, True), (True, False), (True, True)}


@pytest.mark.parametrize("n, expected", [(4, 8), (8, None), (20, None)])
def test_counts_for_data_with_a_bias_column(n, expected):
    rng = np.random.default_rng(n)
    d = 1 if expected else 2
    X = hc.data.add_bias(rng.standard_normal((n, d)))
    P = hc.activation_patterns(X)
    assert len(P) == (expected or hc.cover_count(n, d + 1))


def test_published_counts_58_and_382():
    rng = np.random.default_rng(0)
    assert len(hc.activation_patterns(hc.data.add_bias(rng.standard_normal((8, 2))))) == 58
    assert len(hc.activation_patterns(hc.data.add_bias(rng.standard_normal((20, 2))))) == 382


def test_two_hundred_points_in_the_plane_give_39802_patterns():
    X = hc.data.add_bias(np.random.default_rng(1).standard_normal((200, 2)))
    P = hc.activation_patterns(X)
    assert len(P) == 39802 == hc.cover_count(200, 3)
    assert len(_as_set(P)) == len(P)


@pytest.mark.parametrize("n, d", [(5, 2), (6, 3), (7, 3), (6, 4), (8, 4), (7, 5)])
def test_matches_lp_brute_force_on_random_data(n, d):
    X = np.random.default_rng(10 * n + d).standard_normal((n, d))
    assert _as_set(hc.activation_patterns(X)) == lp_realizable_patterns(X)


DEGENERATE = {
    "duplicate points": np.array([[1.0, 0.5, 1.0], [1.0, 0.5, 1.0], [-1.0, 2.0, 1.0], [0.3, -1.0, 1.0]]),
    "three collinear in the plane": hc.data.add_bias(np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [0.0, 1.0], [3.0, -1.0]])),
    "grid": hc.data.add_bias(np.array([[i, j] for i in range(3) for j in range(2)], dtype=float)),
    "zero row": np.array([[0.0, 0.0, 0.0], [1.0, 2.0, 0.5], [-1.0, 0.3, 1.0], [0.2, -0.7, 0.4]]),
    "rank deficient": np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [0.0, 1.0, 1.0], [1.0, 1.0, 2.0], [-1.0, 0.5, -0.5]]),
    "scalar inputs": np.array([[1.0], [-2.0], [3.0]]),
}


@pytest.mark.parametrize("X", DEGENERATE.values(), ids=DEGENERATE.keys())
def test_matches_lp_brute_force_on_degenerate_data(X):
    assert _as_set(hc.activation_patterns(X)) == lp_realizable_patterns(X)


def test_all_zero_pattern_is_always_included_and_rows_are_sorted():
    X = np.random.default_rng(2).standard_normal((6, 2))  # no bias: all-zero is not a cell here
    P = hc.activation_patterns(X)
    assert not P[0].any()
    keys = [tuple(map(int, row)) for row in P]
    assert keys == sorted(keys)


def test_too_many_patterns_raise_with_advice():
    X = np.random.default_rng(0).standard_normal((100, 11))
    with pytest.raises(ValueError, match="sample_patterns"):
        hc.activation_patterns(X)


def test_sampled_patterns_are_a_subset_without_all_zero():
    X = hc.data.add_bias(np.random.default_rng(3).standard_normal((20, 2)))
    exact = _as_set(hc.activation_patterns(X))
    sampled = hc.sample_patterns(X, 1000, seed=0)
    assert _as_set(sampled) <= exact
    assert sampled.any(axis=1).all()
    assert len(_as_set(sampled)) == len(sampled) <= 1000
    np.testing.assert_array_equal(sampled, hc.sample_patterns(X, 1000, seed=0))


def test_pattern_of_uses_the_strict_convention():
    X = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0]])
    np.testing.assert_array_equal(hc.pattern_of([1.0, 0.0], X), [[True, False, False]])


def test_cover_count_and_bound():
    assert hc.cover_count(4, 2) == 8
    assert hc.cover_count(20, 3) == 382
    assert hc.cover_count(5, 10) == 2**5  # r >= n: every sign vector
    for n, r in [(10, 2), (100, 3), (100, 11)]:
        assert hc.cover_count(n, r) <= hc.cover_bound(n, r)
    assert math.log10(hc.cover_count(100, 11)) > 13
