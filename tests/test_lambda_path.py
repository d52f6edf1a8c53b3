"""hiddenconvex.lambda_path and the λ convention: values derived by hand, invariants, bad input."""

import numpy as np
import pytest

import hiddenconvex as hc
from hiddenconvex import lambda_path, pruning

X1, Y1 = hc.data.one_neuron_pair()
X4, Y4 = hc.data.four_points()


@pytest.mark.parametrize("lam", [0.05, 0.1, 0.3])
def test_two_neuron_program_value_by_hand(lam):
    # two copies of min (z - c)^2 + 2 lam |z|, c = 1 and 0.5: value 3 lam - 2 lam^2
    sol = hc.solve_convex(X1, Y1, lam)
    assert sol.value == pytest.approx(3 * lam - 2 * lam**2, abs=1e-6)
    net = sol.to_network()
    assert sorted(net.W.ravel()) == pytest.approx([-np.sqrt(1 - lam), np.sqrt(0.5 - lam)], abs=1e-5)



def test_regularization_path_monotone_and_bounded():
    X, y = hc.data.sine(10)
    lams = np.geomspace(1e-4, 10, 9)
    path = lambda_path.regularization_path(X, y, lams)
    assert np.all(np.diff(path.values) >= -1e-6)
    assert np.all(np.diff(path.data_fit) >= -1e-5)
    assert path.n_active.max() <= len(y) + 1
    assert path.values[-1] == pytest.approx(y @ y, rel=1e-6) and path.n_active[-1] == 0
    for lam, sol, value in zip(path.lams, path.solutions, path.values):
        assert hc.loss(sol.to_network(), X, y, lam) == pytest.approx(value, abs=1e-5)



def test_zero_threshold_makes_zero_optimal():
    X, y = hc.data.two_points()
    # patterns (0,1), (1,0), (1,1): |X^T D y| = |(1,1)|, |(-2,2)|, |(-1,3)| -> max sqrt(10)
    assert lambda_path.zero_threshold(X, y) == pytest.approx(np.sqrt(10.0))
    sol = hc.solve_convex(X, y, 1.01 * lambda_path.zero_threshold(X, y))
    assert pruning.n_active(sol) == 0 and sol.value == pytest.approx(y @ y, rel=1e-6)



def test_regularization_path_rejects_bad_lams():
    with pytest.raises(ValueError, match="lams"):
        lambda_path.regularization_path(X1, Y1, [0.1, 0.05])
    with pytest.raises(ValueError, match="lams"):
        lambda_path.regularization_path(X1, Y1, [-0.1, 0.05])



@pytest.mark.parametrize("c,expected", [(0.7, 0.2), (-0.3, 0.0), (-2.0, -1.5)])
def test_one_point_program_is_soft_thresholding(c, expected):
    # min (z - c)^2 + 2 lam |z| at lam = 0.5: z* = sgn(c) max(|c| - 0.5, 0)
    sol = hc.solve_convex([[1.0]], [c], 0.5)
    assert sol.predict_train([[1.0]])[0] == pytest.approx(expected, abs=1e-6)
    assert sol.value == pytest.approx((expected - c) ** 2 + abs(expected), abs=1e-6)



def test_sine_optimum_is_zero_before_the_sufficient_threshold():
    X, y = hc.data.sine(10)
    assert lambda_path.zero_threshold(X, y) > 0.5
    assert pruning.n_active(hc.solve_convex(X, y, 0.5)) == 0



def test_pattern_counts_quoted_in_the_chapters():
    # 1-D data + bias in general position: Cover's 2 * (1 + (n - 1)) cells, all-zero included
    assert len(hc.activation_patterns(hc.data.sine(10)[0])) == 20 == hc.cover_count(10, 2)
    assert len(hc.activation_patterns(X4)) == 8



def test_sources_lambda_convention_misses_on_four_points():
    right, wrong = hc.solve_convex(X4, Y4, 0.05), hc.solve_convex(X4, Y4, 0.025)
    assert hc.loss(right.to_network(), X4, Y4, 0.05) == pytest.approx(right.value, abs=1e-6)
    assert hc.loss(wrong.to_network(), X4, Y4, 0.05) > wrong.value + 1e-3
    assert hc.loss(wrong.to_network(), X4, Y4, 0.05) >= right.value - 1e-6
