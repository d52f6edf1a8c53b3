"""hiddenconvex.pruning: merging by pattern and pruning to n + 1 groups."""

import numpy as np
import pytest

import hiddenconvex as hc
from hiddenconvex import pruning

X4, Y4 = hc.data.four_points()


@pytest.mark.parametrize("n,seed", [(6, 0), (9, 4)])
def test_prune_keeps_fit_and_penalty_with_at_most_n_plus_one_groups(n, seed):
    X, y = hc.data.random_regression(n, 2, seed=seed)
    sol = hc.solve_convex(X, y, 0.01)
    pruned = pruning.prune(sol, X)
    assert pruning.n_active(pruned) <= n + 1
    before, after = sol.to_network(), pruned.to_network()  # both without the solver's negligible groups
    np.testing.assert_allclose(after(X), before(X), atol=1e-8)
    assert after.penalty() == pytest.approx(before.penalty(), rel=1e-8)
    sign = 2.0 * pruned.patterns - 1.0  # cone constraints still hold
    assert (sign * (pruned.U @ X.T)).min() >= -1e-6 and (sign * (pruned.V @ X.T)).min() >= -1e-6



def test_prune_on_sine_reaches_the_bound():
    X, y = hc.data.sine(10)
    sol = hc.solve_convex(X, y, 1e-3)
    assert pruning.n_active(sol) > len(y) + 1  # the interior-point solution is not sparse here
    pruned = pruning.prune(sol, X)
    assert pruning.n_active(pruned) <= len(y) + 1
    assert hc.loss(pruned.to_network(), X, y, 1e-3) == pytest.approx(sol.value, abs=1e-6)



def test_merge_same_pattern_by_hand():
    # activation points -0.2 and -0.1, both facing right: pattern (0,0,1,1) for both
    net = hc.ReLUNetwork([[1.0, 0.2], [0.5, 0.05]], [2.0, 0.5])
    merged = pruning.merge_by_pattern(net, X4)
    assert merged.width == 1
    u = 2.0 * np.array([1.0, 0.2]) + 0.5 * np.array([0.5, 0.05])
    assert merged.penalty() == pytest.approx(2 * np.linalg.norm(u))
    assert net.penalty() == pytest.approx(1.04 + 4 + 0.2525 + 0.25)
    np.testing.assert_allclose(merged(X4), net(X4), atol=1e-12)



def test_merge_keeps_opposite_signs_and_distinct_patterns_apart():
    net = hc.ReLUNetwork([[1.0, 0.2], [0.5, 0.05], [-1.0, 0.0], [0.0, 0.0]], [2.0, -0.5, 1.0, 3.0])
    merged = pruning.merge_by_pattern(net, X4)
    assert merged.width == 3  # the zero neuron is dead
    np.testing.assert_allclose(merged(X4), net(X4), atol=1e-12)



def test_merge_random_wide_network_never_raises_the_penalty():
    rng = np.random.default_rng(5)
    net = hc.ReLUNetwork(rng.standard_normal((200, 2)), rng.standard_normal(200))
    merged = pruning.merge_by_pattern(net, X4)
    assert merged.width <= 2 * len(hc.activation_patterns(X4))
    np.testing.assert_allclose(merged(X4), net(X4), atol=1e-10)
    assert merged.penalty() <= net.penalty()
    np.testing.assert_allclose(np.linalg.norm(merged.W, axis=1), np.abs(merged.alpha))



def test_merge_of_a_dead_network_is_zero():
    merged = pruning.merge_by_pattern(hc.ReLUNetwork([[0.0, -1.0]], [1.0]), X4)
    assert merged.width == 1 and np.all(merged(X4) == 0)



def test_merge_rejects_wrong_data():
    with pytest.raises(ValueError, match="columns"):
        pruning.merge_by_pattern(hc.ReLUNetwork([[1.0, 0.0]], [1.0]), np.ones((3, 3)))



def test_prune_rejects_other_data():
    sol = hc.solve_convex(X4, Y4, 0.05)
    with pytest.raises(ValueError, match="X must be the training data"):
        pruning.prune(sol, X4[:3])
