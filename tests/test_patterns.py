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


# --- activation points, placements, cones, sectors, sampling coverage (chapter "Activation patterns") ---


def test_activation_points_of_the_published_bias_example():
    # w1 x + w2 = 0 at x = -w2 / w1: (0.3, 0.15) -> -0.5 and (0.3, -0.15) -> 0.5 (by hand)
    np.testing.assert_allclose(hc.activation_points([[0.3, 0.15], [0.3, -0.15]]), [-0.5, 0.5])
    np.testing.assert_allclose(hc.activation_points([-2.0, 1.0]), [0.5])


def test_a_neuron_switches_on_at_its_activation_point():
    W = np.random.default_rng(4).standard_normal((30, 2))
    a = hc.activation_points(W)
    np.testing.assert_allclose(W[:, 0] * a + W[:, 1], 0.0, atol=1e-12)
    right_of_a = hc.data.add_bias(a + 1e-3)
    on = np.einsum("ij,ij->i", right_of_a, W) > 0
    np.testing.assert_array_equal(on, W[:, 0] > 0)


@pytest.mark.parametrize("W, match", [([[0.0, 1.0]], "w1 = 0"), ([[1.0, 2.0, 3.0]], "2 columns"),
                                      ([[np.nan, 1.0]], "W"), ("ab", "W")])
def test_activation_points_reject_bad_neurons(W, match):
    with pytest.raises(ValueError, match=match):
        hc.activation_points(W)


def test_ten_placements_of_a_neuron_among_four_points_give_eight_patterns():
    X, _ = hc.data.four_points()
    P = hc.pattern_of(hc.neuron_placements(X[:, 0]), X).astype(int)
    expected = [[1, 1, 1, 1], [0, 1, 1, 1], [0, 0, 1, 1], [0, 0, 0, 1], [0, 0, 0, 0],   # facing right
                [0, 0, 0, 0], [1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 1, 0], [1, 1, 1, 1]]   # facing left
    np.testing.assert_array_equal(P, expected)
    assert len(_as_set(P.astype(bool))) == 8 == hc.cover_count(4, 2)
    assert _as_set(P.astype(bool)) == _as_set(hc.activation_patterns(X))


def test_placements_sort_and_deduplicate_the_inputs():
    W = hc.neuron_placements([1.0, -1.0, 1.0])
    np.testing.assert_allclose(W, [[1, 2], [1, 0], [1, -2], [-1, -2], [-1, 0], [-1, 2]])
    with pytest.raises(ValueError, match="at least one"):
        hc.neuron_placements([])
    with pytest.raises(ValueError, match="x"):
        hc.neuron_placements([[1.0, 2.0]])


def test_cone_of_the_seed_pattern_diag_0_1():
    X, _ = hc.data.two_points()
    # {u : u^T x1 <= 0, u^T x2 >= 0} with x1 = (-1, 1), x2 = (1, 1)
    np.testing.assert_allclose(hc.cone_constraints(X, np.array([False, True])), [[1.0, -1.0], [1.0, 1.0]])


def test_every_neuron_lies_in_the_cone_of_its_pattern_and_the_open_cone_has_that_pattern():
    rng = np.random.default_rng(5)
    X = hc.data.add_bias(rng.standard_normal((7, 2)))
    for u in rng.standard_normal((50, 3)):
        pattern = hc.pattern_of(u, X)[0]
        A = hc.cone_constraints(X, pattern)
        assert np.all(A @ u >= 0)
        other = rng.standard_normal(3)
        if np.all(A @ other > 0):
            np.testing.assert_array_equal(hc.pattern_of(other, X)[0], pattern)


@pytest.mark.parametrize("pattern", [np.array([1, 0]), np.array([True, False, True]), np.array([[True, False]])])
def test_cone_constraints_reject_bad_patterns(pattern):
    X, _ = hc.data.two_points()
    with pytest.raises(ValueError, match="pattern must be a boolean array"):
        hc.cone_constraints(X, pattern)


def test_sectors_of_the_two_point_example():
    X, _ = hc.data.two_points()
    starts, ends, P = hc.pattern_sectors(X)
    # the lines u ⟂ x1 and u ⟂ x2 lie at 45, 135, 225 and 315 degrees
    np.testing.assert_allclose(np.degrees(starts), [45, 135, 225, 315])
    np.testing.assert_allclose(np.degrees(ends), [135, 225, 315, 405])
    np.testing.assert_array_equal(P.astype(int), [[1, 1], [1, 0], [0, 0], [0, 1]])


def test_sectors_are_the_cells_in_the_plane():
    X = np.random.default_rng(6).standard_normal((5, 2))
    starts, ends, P = hc.pattern_sectors(X)
    assert len(P) == 2 * 5  # five lines through the origin cut the plane into ten sectors
    assert _as_set(P) | {(False,) * 5} == _as_set(hc.activation_patterns(X))
    mids = (starts + ends) / 2
    np.testing.assert_array_equal(hc.pattern_of(np.stack([np.cos(mids), np.sin(mids)], 1), X), P)


@pytest.mark.parametrize("X, match", [(np.ones((3, 3)), "2 columns"), ([[0.0, 0.0], [1.0, 1.0]], "zero row")])
def test_sectors_reject_bad_data(X, match):
    with pytest.raises(ValueError, match=match):
        hc.pattern_sectors(X)


def test_sampling_coverage_counts_what_sample_patterns_finds():
    X = hc.data.add_bias(np.random.default_rng(7).standard_normal((12, 2)))
    ks = [1, 10, 100, 1000]
    found = hc.sampling_coverage(X, ks, seed=3)
    assert list(found) == [len(hc.sample_patterns(X, k, seed=3)) for k in ks]
    assert np.all(np.diff(found) >= 0) and found[0] <= 1
    assert found[-1] <= len(hc.activation_patterns(X)) - 1


@pytest.mark.parametrize("ks", [[0], [10, 1e5], [2.5]])
def test_sampling_coverage_rejects_non_positive_integer_counts(ks):
    with pytest.raises(ValueError, match="gate_counts"):
        hc.sampling_coverage(np.ones((3, 2)), ks)


def test_activation_points_flat_neurons_raise_or_give_nan():
    W = [[0.0, 1.0], [2.0, 1.0]]
    with pytest.raises(ValueError, match="w1 = 0"):
        hc.activation_points(W)
    points = hc.activation_points(W, flat="nan")
    assert np.isnan(points[0]) and points[1] == -0.5
    with pytest.raises(ValueError, match="flat must be"):
        hc.activation_points(W, flat="ignore")


def test_nonzero_patterns_drop_only_the_zero_row():
    X = np.array([[1.0], [-1.0]])  # patterns of w < 0, w = 0, w > 0: (F, T), (F, F), (T, F)
    assert hc.patterns.nonzero_patterns(X).tolist() == [[False, True], [True, False]]
    given = np.array([[False, False], [True, True]])
    assert hc.patterns.nonzero_patterns(X, given).tolist() == [[True, True]]
    with pytest.raises(ValueError, match="patterns must have shape"):
        hc.patterns.nonzero_patterns(X, np.ones((1, 3), dtype=bool))


def test_points_on_planes_counts_the_points_each_switching_line_passes_through():
    X = hc.data.add_bias(np.array([-1.0, 0.0, 1.0, 2.0]))  # points x = -1, 0, 1, 2 on the line (x, 1)
    W = np.array([[1.0, 0.0],   # switches at x = 0: one point
                  [1.0, -0.5],  # at x = 0.5: none
                  [2.0, 2.0],   # at x = -1: one point
                  [1e-12, 1.0]])  # nearly flat: no point within the relative tolerance
    assert hc.points_on_planes(W, X).tolist() == [1, 0, 1, 0]
    X3 = np.array([[0.0, 0.0, 1.0], [1.0, 1.0, 1.0], [2.0, 0.0, 1.0]])  # 2-D points with a bias
    line = np.cross(X3[0], X3[1])  # the line through the first two points
    assert hc.points_on_planes(line, X3).tolist() == [2]
    with pytest.raises(ValueError, match="rtol"):
        hc.points_on_planes(W, X, rtol=-1.0)
