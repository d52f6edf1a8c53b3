"""The convex programs of hiddenconvex.extensions against independent facts: GD, mapping back, brute force, duality."""

import itertools

import numpy as np
import pytest
from scipy.optimize import linprog

import hiddenconvex as hc
from hiddenconvex.extensions import batchnorm, classification, duality, three_layers, vector_output, wgan
from tests.oracles import wgan_feature_gap

XOR_X = hc.data.add_bias(np.array([[1.0, 1], [-1, -1], [1, -1], [-1, 1], [0.5, 0.4], [-0.4, 0.6]]))
XOR_Y = np.array([1.0, 1, -1, -1, 1, -1])


# --- classification -------------------------------------------------------------------------
def test_classifier_value_is_the_logistic_loss_of_the_mapped_network():
    sol = classification.solve_convex(XOR_X, XOR_Y, 0.05)
    net = sol.to_network()
    assert classification.loss(net, XOR_X, XOR_Y, 0.05) == pytest.approx(sol.value, abs=1e-4)


def test_gd_on_the_logistic_loss_never_beats_the_convex_value():
    sol = classification.solve_convex(XOR_X, XOR_Y, 0.05)
    finals = [classification.train_gd(XOR_X, XOR_Y, 8, 0.05, 0.05, 0.5, 3000, seed=s).final_loss for s in range(4)]
    assert min(finals) >= sol.value - 1e-4
    assert min(finals) == pytest.approx(sol.value, abs=1e-2)


def test_xor_is_classified_by_the_convex_network_but_not_by_a_line():
    sol = classification.solve_convex(XOR_X, XOR_Y, 0.01)
    assert classification.accuracy(sol.to_network()(XOR_X), XOR_Y) == 1.0
    w, *_ = np.linalg.lstsq(XOR_X, XOR_Y, rcond=None)  # the best linear fit misclassifies some point
    assert classification.accuracy(XOR_X @ w, XOR_Y) < 1.0


def test_classifier_rejects_bad_input():
    with pytest.raises(ValueError, match="y"):
        classification.solve_convex(XOR_X, XOR_Y * 2, 0.1)
    with pytest.raises(ValueError, match="lam"):
        classification.solve_convex(XOR_X, XOR_Y, -0.1)
    with pytest.raises(ValueError, match="patterns"):
        classification.solve_convex(XOR_X, XOR_Y, 0.1, patterns=np.zeros((1, 6), dtype=bool))
    with pytest.raises(ValueError, match="solver"):
        classification.solve_convex(XOR_X, XOR_Y, 0.1, solver="NOPE")


# --- vector outputs -------------------------------------------------------------------------
XS = np.linspace(-1, 1, 5)
XV = hc.data.add_bias(XS[:, None])
YV = np.column_stack([np.abs(XS), np.sin(3 * XS)])


def test_vector_bounds_are_ordered_and_gd_respects_them():
    low = vector_output.nuclear_relaxation(XV, YV, 0.05)
    cone = vector_output.cone_relaxation(XV, YV, 0.05)
    upper = vector_output.separate_outputs_bound(XV, YV, 0.05)
    finals = [vector_output.train_gd(XV, YV, 8, 0.05, 0.02, 0.5, 3000, seed=s).final_loss for s in range(3)]
    assert low <= cone + 1e-6
    assert cone <= upper + 1e-6
    assert cone <= min(finals) + 1e-6


def test_one_output_relaxations_bracket_the_exact_program():
    y = YV[:, 1]
    exact = hc.solve_convex(XV, y, 0.05).value
    assert vector_output.separate_outputs_bound(XV, y[:, None], 0.05) == pytest.approx(exact, abs=1e-7)
    assert vector_output.nuclear_relaxation(XV, y[:, None], 0.05) <= vector_output.cone_relaxation(XV, y[:, None], 0.05) + 1e-6
    assert vector_output.cone_relaxation(XV, y[:, None], 0.05) <= exact + 1e-5  # solver accuracy


def test_separate_networks_are_feasible_vector_networks():
    """Stack two scalar convex networks into one vector network: its loss equals the upper bound."""
    nets = [hc.solve_convex(XV, YV[:, k], 0.05).to_network() for k in range(2)]
    W = np.vstack([n.W for n in nets])
    A = np.zeros((len(W), 2))
    A[: nets[0].width, 0] = nets[0].alpha
    A[nets[0].width :, 1] = nets[1].alpha
    stacked = vector_output.VectorNetwork(W, A)
    assert vector_output.loss(stacked, XV, YV, 0.05) == pytest.approx(
        vector_output.separate_outputs_bound(XV, YV, 0.05), abs=1e-5
    )


def test_vector_programs_reject_bad_input():
    with pytest.raises(ValueError, match="Y"):
        vector_output.nuclear_relaxation(XV, YV[:3], 0.1)
    with pytest.raises(ValueError, match="lam"):
        vector_output.cone_relaxation(XV, YV, -1.0)
    with pytest.raises(ValueError, match="Y"):
        vector_output.separate_outputs_bound(XV, YV[:, 0], 0.1)


# --- batch normalization --------------------------------------------------------------------
RB = np.random.default_rng(1)
XB = RB.standard_normal((7, 2))
YB = np.sin(2 * XB[:, 0]) + XB[:, 1] ** 2 - 1


def test_bn_network_equals_a_relu_network_on_whitened_data():
    rng = np.random.default_rng(5)
    W, gamma, beta, alpha = rng.standard_normal((4, 2)), rng.standard_normal(4), rng.standard_normal(4), rng.standard_normal(4)
    bn = batchnorm.BNNetwork(W, gamma, beta, alpha)
    white = batchnorm.whiten(XB)
    v = (white.sigma * (white.Vt @ W.T).T)  # Sigma V^T w, one row per neuron
    s = np.column_stack([gamma[:, None] * v / np.linalg.norm(v, axis=1, keepdims=True), beta])
    np.testing.assert_allclose(bn(XB), hc.ReLUNetwork(s, alpha)(white.data), atol=1e-12)
    np.testing.assert_allclose(white.U.T @ white.U, np.eye(2), atol=1e-12)
    np.testing.assert_allclose(white.U.sum(axis=0), 0.0, atol=1e-12)


def test_bn_convex_value_is_attained_and_not_beaten_by_gd():
    sol, white = batchnorm.solve_convex(XB, YB, 0.05)
    bn = batchnorm.bn_network_from_convex(sol, white)
    assert batchnorm.loss(bn, XB, YB, 0.05) == pytest.approx(sol.value, abs=1e-6)
    finals = [batchnorm.train_gd(XB, YB, 8, 0.05, 0.02, 0.5, 4000, seed=s).final_loss for s in range(3)]
    assert min(finals) >= sol.value - 1e-6
    assert min(finals) == pytest.approx(sol.value, rel=0.05)


def test_bn_rejects_bad_input():
    with pytest.raises(ValueError, match="constant"):
        batchnorm.whiten(np.ones((4, 2)))
    sol, white = batchnorm.solve_convex(XB, YB, 0.05)
    with pytest.raises(ValueError, match="dimension"):
        batchnorm.bn_network_from_convex(sol, batchnorm.whiten(XB[:, :1]))
    with pytest.raises(ValueError, match="lam"):
        batchnorm.solve_convex(XB, YB, -0.5)


# --- three layers ---------------------------------------------------------------------------
def _lp_combined_count(X):
    """Brute force for m1 = 2: LP feasibility of every (first-layer patterns, output signs, second-layer pattern),
    with all inequalities strict (open sets, which random weights hit with positive probability)."""
    n, d = X.shape
    firsts = [p for p in itertools.product([0, 1], repeat=n)]
    found = set()
    for D1, D2 in itertools.combinations_with_replacement(firsts, 2):
        for s1, s2 in itertools.product([1.0, -1.0], repeat=2):
            for D3 in itertools.product([0, 1], repeat=n):
                rows = []
                for k, D in enumerate((D1, D2)):
                    for j in range(n):  # on: x_j w_k >= 1, off: x_j w_k <= -1
                        row = np.zeros(2 * d)
                        row[k * d:(k + 1) * d] = -X[j] if D[j] else X[j]
                        rows.append(row)
                for j in range(n):
                    h = np.concatenate([s1 * D1[j] * X[j], s2 * D2[j] * X[j]])
                    if not h.any():
                        if D3[j]:
                            break
                        continue
                    rows.append(-h if D3[j] else h)
                else:
                    res = linprog(np.zeros(2 * d), A_ub=np.array(rows), b_ub=-np.ones(len(rows)),
                                  bounds=[(None, None)] * (2 * d), method="highs")
                    if res.status == 0:
                        found.add((tuple(sorted([D1, D2])), D3))
    return len(found)


def test_combined_count_for_one_first_layer_neuron_is_2p_minus_1():
    for n in (3, 4, 5):
        X = hc.data.add_bias(np.linspace(-1, 1, n)[:, None])
        p = len(hc.activation_patterns(X))
        assert three_layers.combined_pattern_count(X, 1, 20_000) == 2 * p - 1


def test_combined_count_for_two_first_layer_neurons_matches_lp_brute_force():
    X = hc.data.add_bias(np.array([[-1.0], [0.1], [0.8]]))
    assert three_layers.combined_pattern_count(X, 2, 100_000) == _lp_combined_count(X)


def test_combined_count_rejects_bad_input():
    with pytest.raises(ValueError, match="m1"):
        three_layers.combined_pattern_count(XV, 0, 10)
    with pytest.raises(ValueError, match="samples"):
        three_layers.combined_pattern_count(XV, 1, 0)
    with pytest.raises(ValueError, match="62"):
        three_layers.combined_pattern_count(np.ones((70, 2)), 1, 10)


X3 = hc.data.add_bias(np.array([-1.0, -1 / 3, 1 / 3, 1.0])[:, None])
Y3 = np.array([1.0, -0.6, 0.4, -1.0])


def test_three_layer_gradient_matches_finite_differences():
    rng = np.random.default_rng(3)
    params = (rng.standard_normal((3, 2, 2)), rng.standard_normal((3, 2)), rng.standard_normal(3))
    objective = three_layers.path_objective(X3, Y3, 0.05)
    _, grads = objective(params)
    for k, (p, g) in enumerate(zip(params, grads)):
        for index in np.ndindex(p.shape):
            step = np.zeros_like(p)
            step[index] = 1e-6
            plus = list(params); plus[k] = p + step
            minus = list(params); minus[k] = p - step
            numeric = (objective(tuple(plus))[0] - objective(tuple(minus))[0]) / 2e-6
            assert abs(numeric - g[index]) < 1e-5 * (1 + abs(numeric))


def test_three_layer_network_loss_is_fit_plus_twice_lambda_path_norm():
    net = three_layers.ThreeLayerNetwork(np.array([[[1.0, 0.0], [0.0, 2.0]]]), np.array([[1.0, -1.0]]), np.array([3.0]))
    x = np.array([[2.0, 1.0]])  # first layer (2, 2); second layer 2 - 2 = 0 -> output 0
    assert net(x)[0] == 0.0
    assert net.path_norm() == pytest.approx(3.0 * np.sqrt(1.0 + 4.0))
    assert three_layers.loss(net, x, np.array([1.0]), 0.5) == pytest.approx(1.0 + 3.0 * np.sqrt(5.0))


def test_three_layer_program_maps_back_to_a_network_of_equal_loss_below_every_descent():
    lam = 0.01
    sol = three_layers.solve_convex(X3, Y3, lam)
    assert three_layers.loss(sol.to_network(), X3, Y3, lam) == pytest.approx(sol.value, rel=1e-6)
    # a network is a feasible point: no gradient-descent run ends below the program's value
    for seed in range(3):
        final = three_layers.train_gd(X3, Y3, 6, 2, lam, 0.01, 0.5, 2000, seed=seed, record_every=2000).final_loss
        assert final >= sol.value - 1e-7
    # a two-layer neuron is a sub-network with w' = (1, 0): the three-layer optimum is not above the two-layer one
    assert sol.value <= hc.solve_convex(X3, Y3, lam).value + 1e-7


def test_three_layer_program_with_one_first_layer_neuron_is_the_two_layer_program():
    # m1 = 1: the sub-network is alpha relu(w' relu(Xw)), w' > 0 -> a two-layer neuron, path norm |alpha w'| ||w||
    lam = 0.05
    assert three_layers.solve_convex(X3, Y3, lam, m1=1).value == pytest.approx(hc.solve_convex(X3, Y3, lam).value, rel=1e-5)


def test_three_layer_program_rejects_bad_input():
    with pytest.raises(ValueError, match="at most 12 rows"):
        three_layers.solve_convex(np.ones((13, 2)), np.ones(13), 0.1)
    with pytest.raises(ValueError, match="m1"):
        three_layers.solve_convex(X3, Y3, 0.1, m1=0)
    with pytest.raises(ValueError, match="max_groups"):
        three_layers.combined_groups(X3, 3, max_groups=10)
    with pytest.raises(ValueError, match="lam"):
        three_layers.solve_convex(X3, Y3, -1.0)
    with pytest.raises(ValueError, match="net must be a hc.extensions.three_layers.ThreeLayerNetwork, got NoneType"):
        three_layers.loss(None, X3, Y3, 0.1)
    with pytest.raises(ValueError, match="agree"):
        three_layers.ThreeLayerNetwork(np.ones((2, 2, 2)), np.ones((3, 2)), np.ones(2))
    with pytest.raises(ValueError, match="columns"):
        three_layers.ThreeLayerNetwork(np.ones((2, 2, 3)), np.ones((2, 2)), np.ones(2))(X3)


# --- duality --------------------------------------------------------------------------------
def test_dual_value_equals_primal_and_nu_is_twice_the_residual():
    X, y = hc.data.four_points()
    sol = hc.solve_convex(X, y, 0.05)
    dual = duality.solve_dual(X, y, 0.05)
    assert dual.value == pytest.approx(sol.value, abs=1e-6)
    np.testing.assert_allclose(dual.nu, 2 * (sol.predict_train(X) - y), atol=1e-5)


def test_dual_certificate_is_feasible_and_tight_at_the_neurons():
    X, y = hc.data.four_points()
    sol = hc.solve_convex(X, y, 0.05)
    dual = duality.solve_dual(X, y, 0.05)
    _, U = duality.circle(7200)
    assert duality.dual_constraint(X, dual.nu, U).max() <= dual.beta + 1e-6
    np.testing.assert_allclose(duality.dual_constraint(X, dual.nu, sol.to_network().W), dual.beta, atol=1e-5)


def test_weak_duality_for_any_gd_network():
    X, y = hc.data.four_points()
    dual = duality.solve_dual(X, y, 0.05)
    traj = hc.train_gd(X, y, 6, 0.05, 0.02, 0.5, 500, seed=1)
    assert traj.final_loss >= dual.value - 1e-6


def test_dual_rejects_bad_input():
    X, y = hc.data.four_points()
    with pytest.raises(ValueError, match="nu"):
        duality.dual_constraint(X, np.ones(3), np.ones((2, 2)))
    with pytest.raises(ValueError, match="directions"):
        duality.dual_constraint(X, np.ones(4), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="k"):
        duality.circle(0)


# --- WGAN -----------------------------------------------------------------------------------
Z = np.array([-0.6, -0.2, 0.1, 0.3, 0.9])
REAL = hc.data.add_bias(Z[:, None])
FAKE = hc.data.add_bias((0.1 + 1.6 * (Z - 0.1))[:, None])


def test_budget_matches_a_dense_search_over_neurons():
    _, U = duality.circle(20_000)
    dense = np.abs(wgan_feature_gap(REAL, FAKE, U)).max()
    exact = wgan.discriminator_budget(REAL, FAKE)
    assert dense <= exact + 1e-7
    assert exact == pytest.approx(dense, abs=1e-6)


def test_identical_distributions_have_zero_budget():
    assert wgan.discriminator_budget(REAL, REAL[::-1]) == pytest.approx(0.0, abs=1e-9)


def test_discriminator_collapses_above_the_threshold_and_grows_below():
    budget = wgan.discriminator_budget(REAL, FAKE)
    above = wgan.discriminator_ascent(REAL, FAKE, 4, 0.6 * budget, 0.5, 400)
    below = wgan.discriminator_ascent(REAL, FAKE, 4, 0.4 * budget, 0.5, 400)
    assert above[-1] < 1e-3 * above[0]
    assert below[-1] > 1e3 * below[0]
