"""hiddenconvex.equivalence and hiddenconvex.teaser: values derived by hand, invariants, bad input."""

import numpy as np
import pytest

import hiddenconvex as hc
from hiddenconvex import equivalence as eq

X1, Y1 = hc.data.one_neuron_pair()
X4, Y4 = hc.data.four_points()


# --- single_neuron_fits: the 1-D walkthrough -------------------------------------------------

def test_fixed_pattern_values_by_hand():
    # loss (max(0,-w) - 1)^2 + (max(0,w) - 0.5)^2: pattern diag(1,0) -> u = -1, 0.25; diag(0,1) -> u = 0.5, 1
    fits = {tuple(f.pattern.tolist()): f for f in eq.single_neuron_fits(X1, Y1)}
    assert fits[(True, False)].u[0] == pytest.approx(-1.0, abs=1e-6)
    assert fits[(True, False)].value == pytest.approx(0.25, abs=1e-6)
    assert fits[(False, True)].u[0] == pytest.approx(0.5, abs=1e-6)
    assert fits[(False, True)].value == pytest.approx(1.0, abs=1e-6)
    assert fits[(True, True)].u[0] == pytest.approx(0.0, abs=1e-6)  # the cone is {0}
    for f in fits.values():
        assert f.value == pytest.approx(f.network_loss, abs=1e-6)
        assert f.feasible


def test_without_constraints_the_value_is_not_a_network_loss():
    both = eq.single_neuron_fits(X1, Y1, constrained=False)[-1]
    assert both.u[0] == pytest.approx(-0.25, abs=1e-6)
    assert both.value == pytest.approx(1.125, abs=1e-6)  # (0.25-1)^2 + (-0.25-0.5)^2
    assert both.network_loss == pytest.approx(0.8125, abs=1e-6)  # (0.25-1)^2 + 0.5^2
    assert not both.feasible


def test_without_constraints_the_minimum_is_too_low():
    y = np.array([1.0, -0.5])
    assert min(f.value for f in eq.single_neuron_fits(X1, y)) == pytest.approx(0.25, abs=1e-6)
    assert min(f.value for f in eq.single_neuron_fits(X1, y, constrained=False)) == pytest.approx(0.125, abs=1e-6)


def test_constrained_minimum_matches_a_grid_search():
    X, y = np.array([[-1.0], [0.5], [2.0]]), np.array([0.3, -1.0, 1.5])
    w = np.linspace(-3, 3, 60001)
    grid_min = hc.loss_landscape(X, y, w[:, None, None], [1.0]).min()
    assert min(f.value for f in eq.single_neuron_fits(X, y)) == pytest.approx(grid_min, abs=1e-6)


def test_single_neuron_fits_rejects_too_many_points():
    with pytest.raises(ValueError, match="X"):
        eq.single_neuron_fits(np.ones((11, 1)), np.ones(11))
    with pytest.raises(ValueError, match="y"):
        eq.single_neuron_fits(X1, [1.0])


# --- two neurons in 1-D and the λ convention --------------------------------------------------

@pytest.mark.parametrize("lam", [0.05, 0.1, 0.3])
def test_two_neuron_program_value_by_hand(lam):
    # two copies of min (z - c)^2 + 2 lam |z|, c = 1 and 0.5: value 3 lam - 2 lam^2
    sol = hc.solve_convex(X1, Y1, lam)
    assert sol.value == pytest.approx(3 * lam - 2 * lam**2, abs=1e-6)
    net = sol.to_network()
    assert sorted(net.W.ravel()) == pytest.approx([-np.sqrt(1 - lam), np.sqrt(0.5 - lam)], abs=1e-5)


# --- regularization path and threshold ------------------------------------------------------

def test_regularization_path_monotone_and_bounded():
    X, y = hc.data.sine(10)
    lams = np.geomspace(1e-4, 10, 9)
    path = eq.regularization_path(X, y, lams)
    assert np.all(np.diff(path.values) >= -1e-6)
    assert np.all(np.diff(path.data_fit) >= -1e-5)
    assert path.n_active.max() <= len(y) + 1
    assert path.values[-1] == pytest.approx(y @ y, rel=1e-6) and path.n_active[-1] == 0
    for lam, sol, value in zip(path.lams, path.solutions, path.values):
        assert hc.loss(sol.to_network(), X, y, lam) == pytest.approx(value, abs=1e-5)


def test_zero_threshold_makes_zero_optimal():
    X, y = hc.data.two_points()
    # patterns (0,1), (1,0), (1,1): |X^T D y| = |(1,1)|, |(-2,2)|, |(-1,3)| -> max sqrt(10)
    assert eq.zero_threshold(X, y) == pytest.approx(np.sqrt(10.0))
    sol = hc.solve_convex(X, y, 1.01 * eq.zero_threshold(X, y))
    assert eq.n_active(sol) == 0 and sol.value == pytest.approx(y @ y, rel=1e-6)


def test_regularization_path_rejects_bad_lams():
    with pytest.raises(ValueError, match="lams"):
        eq.regularization_path(X1, Y1, [0.1, 0.05])
    with pytest.raises(ValueError, match="lams"):
        eq.regularization_path(X1, Y1, [-0.1, 0.05])


# --- pruning: m* <= n + 1 ---------------------------------------------------------------------

@pytest.mark.parametrize("n,seed", [(6, 0), (9, 4)])
def test_prune_keeps_fit_and_penalty_with_at_most_n_plus_one_groups(n, seed):
    X, y = hc.data.random_regression(n, 2, seed=seed)
    sol = hc.solve_convex(X, y, 0.01)
    pruned = eq.prune(sol, X)
    assert eq.n_active(pruned) <= n + 1
    before, after = sol.to_network(), pruned.to_network()  # both without the solver's negligible groups
    np.testing.assert_allclose(after(X), before(X), atol=1e-8)
    assert after.penalty() == pytest.approx(before.penalty(), rel=1e-8)
    sign = 2.0 * pruned.patterns - 1.0  # cone constraints still hold
    assert (sign * (pruned.U @ X.T)).min() >= -1e-6 and (sign * (pruned.V @ X.T)).min() >= -1e-6


def test_prune_on_sine_reaches_the_bound():
    X, y = hc.data.sine(10)
    sol = hc.solve_convex(X, y, 1e-3)
    assert eq.n_active(sol) > len(y) + 1  # the interior-point solution is not sparse here
    pruned = eq.prune(sol, X)
    assert eq.n_active(pruned) <= len(y) + 1
    assert hc.loss(pruned.to_network(), X, y, 1e-3) == pytest.approx(sol.value, abs=1e-6)


# --- merging ---------------------------------------------------------------------------------

def test_merge_same_pattern_by_hand():
    # activation points -0.2 and -0.1, both facing right: pattern (0,0,1,1) for both
    net = hc.ReLUNetwork([[1.0, 0.2], [0.5, 0.05]], [2.0, 0.5])
    merged = eq.merge_by_pattern(net, X4)
    assert merged.width == 1
    u = 2.0 * np.array([1.0, 0.2]) + 0.5 * np.array([0.5, 0.05])
    assert merged.penalty() == pytest.approx(2 * np.linalg.norm(u))
    assert net.penalty() == pytest.approx(1.04 + 4 + 0.2525 + 0.25)
    np.testing.assert_allclose(merged(X4), net(X4), atol=1e-12)


def test_merge_keeps_opposite_signs_and_distinct_patterns_apart():
    net = hc.ReLUNetwork([[1.0, 0.2], [0.5, 0.05], [-1.0, 0.0], [0.0, 0.0]], [2.0, -0.5, 1.0, 3.0])
    merged = eq.merge_by_pattern(net, X4)
    assert merged.width == 3  # the zero neuron is dead
    np.testing.assert_allclose(merged(X4), net(X4), atol=1e-12)


def test_merge_random_wide_network_never_raises_the_penalty():
    rng = np.random.default_rng(5)
    net = hc.ReLUNetwork(rng.standard_normal((200, 2)), rng.standard_normal(200))
    merged = eq.merge_by_pattern(net, X4)
    assert merged.width <= 2 * len(hc.activation_patterns(X4))
    np.testing.assert_allclose(merged(X4), net(X4), atol=1e-10)
    assert merged.penalty() <= net.penalty()
    np.testing.assert_allclose(np.linalg.norm(merged.W, axis=1), np.abs(merged.alpha))


def test_merge_of_a_dead_network_is_zero():
    merged = eq.merge_by_pattern(hc.ReLUNetwork([[0.0, -1.0]], [1.0]), X4)
    assert merged.width == 1 and np.all(merged(X4) == 0)


def test_merge_rejects_wrong_data():
    with pytest.raises(ValueError, match="columns"):
        eq.merge_by_pattern(hc.ReLUNetwork([[1.0, 0.0]], [1.0]), np.ones((3, 3)))


# --- GD against the convex value -------------------------------------------------------------

def test_gd_runs_one_neuron_end_in_one_pattern_programs():
    runs = eq.gd_runs(X1, Y1, 1, 0.1, 0.05, 1.0, 3000, range(8))
    # one-pattern programs: 0.19 + 0.25 = 0.44 and 0.09 + 1 = 1.09; dead neuron: |y|^2 = 1.25
    assert set(np.round(runs.losses, 4)) <= {0.44, 1.09, 1.25}
    for net, loss in zip(runs.networks, runs.losses):
        assert eq.restricted_value(net, X1, Y1, 0.1) == pytest.approx(loss, abs=1e-4)


def test_gd_runs_never_below_the_convex_value():
    runs = eq.gd_runs(X4, Y4, 6, 0.05, 0.02, 0.5, 1500, range(6))
    optimum = hc.solve_convex(X4, Y4, 0.05).value
    assert runs.losses.min() >= optimum - 1e-6
    for net, loss in zip(runs.networks, runs.losses):
        assert eq.restricted_value(net, X4, Y4, 0.05) <= loss + 1e-6


def test_gd_runs_records_divergence_as_nan():
    # every neuron stays active on one of the points -1, 1, so a large stepsize blows up
    X, y = np.array([[1.0], [-1.0]]), np.array([10.0, 10.0])
    runs = eq.gd_runs(X, y, 4, 0.0, 0.5, 1.0, 200, [0, 1])
    assert np.all(np.isnan(runs.losses)) and runs.networks == [None, None]
    assert np.all(np.isfinite(eq.gd_runs(X, y, 4, 0.0, 0.005, 1.0, 200, [0, 1]).losses))


def test_live_patterns_skip_dead_neurons():
    net = hc.ReLUNetwork([[1.0, 0.2], [1.0, 0.1], [-1.0, 0.0], [0.0, -1.0]], [1.0, 1.0, 0.0, 1.0])
    assert eq.live_patterns(net, X4).tolist() == [[False, False, True, True]]
    assert eq.restricted_value(hc.ReLUNetwork([[0.0, -1.0]], [1.0]), X4, Y4, 0.1) == pytest.approx(Y4 @ Y4)


# --- complexity ------------------------------------------------------------------------------

def test_interior_point_cost_formula_and_errors():
    assert eq.interior_point_cost(100, 3, 3) == pytest.approx(27 * 27 * (100 / 3) ** 9)
    assert eq.interior_point_cost(10, 5, 2) == pytest.approx(125 * 8 * 5.0**6)
    with pytest.raises(ValueError, match="r"):
        eq.interior_point_cost(10, 2, 3)
    with pytest.raises(ValueError, match="n"):
        eq.interior_point_cost(0, 2, 1)


# --- the teaser ------------------------------------------------------------------------------

def test_sine_teaser_small_run_is_above_the_optimum(tmp_path):
    teaser = hc.teaser.sine_teaser(m=40, steps=400, record_every=100)
    assert teaser.trajectory.W.shape == (5, 40, 2)
    assert teaser.trajectory.loss.min() >= teaser.solution.value - 1e-6
    path = hc.teaser.teaser_gif(teaser, tmp_path / "t.gif", frames=3, dpi=40)
    assert path.exists() and 0 < path.stat().st_size < 1_500_000


def test_teaser_gif_rejects_bad_frames(tmp_path):
    teaser = hc.teaser.sine_teaser(m=5, steps=10, record_every=5)
    with pytest.raises(ValueError, match="frames"):
        hc.teaser.teaser_gif(teaser, tmp_path / "t.gif", frames=1)


@pytest.mark.parametrize("c,expected", [(0.7, 0.2), (-0.3, 0.0), (-2.0, -1.5)])
def test_one_point_program_is_soft_thresholding(c, expected):
    # min (z - c)^2 + 2 lam |z| at lam = 0.5: z* = sgn(c) max(|c| - 0.5, 0)
    sol = hc.solve_convex([[1.0]], [c], 0.5)
    assert sol.predict_train([[1.0]])[0] == pytest.approx(expected, abs=1e-6)
    assert sol.value == pytest.approx((expected - c) ** 2 + abs(expected), abs=1e-6)


def test_sine_optimum_is_zero_before_the_sufficient_threshold():
    X, y = hc.data.sine(10)
    assert eq.zero_threshold(X, y) > 0.5
    assert eq.n_active(hc.solve_convex(X, y, 0.5)) == 0


def test_pattern_counts_quoted_in_the_chapters():
    # 1-D data + bias in general position: Cover's 2 * (1 + (n - 1)) cells, all-zero included
    assert len(hc.activation_patterns(hc.data.sine(10)[0])) == 20 == hc.cover_count(10, 2)
    assert len(hc.activation_patterns(X4)) == 8


def test_sources_lambda_convention_misses_on_four_points():
    right, wrong = hc.solve_convex(X4, Y4, 0.05), hc.solve_convex(X4, Y4, 0.025)
    assert hc.loss(right.to_network(), X4, Y4, 0.05) == pytest.approx(right.value, abs=1e-6)
    assert hc.loss(wrong.to_network(), X4, Y4, 0.05) > wrong.value + 1e-3
    assert hc.loss(wrong.to_network(), X4, Y4, 0.05) >= right.value - 1e-6


def test_prune_rejects_other_data():
    sol = hc.solve_convex(X4, Y4, 0.05)
    with pytest.raises(ValueError, match="X must be the training data"):
        eq.prune(sol, X4[:3])


def test_live_patterns_rejects_negative_tol():
    with pytest.raises(ValueError, match="tol"):
        eq.live_patterns(hc.ReLUNetwork([[1.0, 0.0]], [1.0]), X4, tol=-1.0)
