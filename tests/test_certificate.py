"""The dual certificate (hc.certify) and the labels of gradient-descent end points (hc.classify)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hiddenconvex as hc
from hiddenconvex.duality import dual_norm, sphere_dual_norm

LAM = 0.1
OPTIMUM = 0.3112277660168379  # two-point example at λ = 0.1: 2λ(...) closed form checked by Clarabel below


def _gd_end(seed: int, n_steps: int = 20000) -> hc.Trajectory:
    X, y = hc.data.two_points()
    return hc.train_gd(X, y, m=5, lam=LAM, stepsize=0.02, scale=0.5, n_steps=n_steps, seed=seed, record_every=100)


def _brute_force(X: np.ndarray, nu: np.ndarray, k: int = 400_000, seed: int = 0) -> tuple[float, np.ndarray]:
    """max |nu^T relu(X u)| over many unit vectors (a fine grid on the circle, random points on the sphere)."""
    d = X.shape[1]
    if d == 2:
        theta = np.linspace(0, 2 * np.pi, k, endpoint=False)
        U = np.stack([np.cos(theta), np.sin(theta)], axis=1)
    else:
        U = np.random.default_rng(seed).standard_normal((k, d))
        U /= np.linalg.norm(U, axis=1, keepdims=True)
    values = np.abs(np.maximum(U @ X.T, 0.0) @ nu)
    best = int(np.argmax(values))
    return float(values[best]), U[best]


def test_optimum_of_the_two_point_example_is_certified():
    X, y = hc.data.two_points()
    reference = hc.solve_convex(X, y, LAM, solver="CLARABEL").value
    assert reference == pytest.approx(OPTIMUM, rel=1e-6)
    cert = hc.certify(hc.solve_convex(X, y, LAM).to_network(), X, y, LAM)
    assert cert.exact and cert.is_global(1e-6)
    assert cert.gap <= 1e-6 * cert.value and cert.violation <= 1e-5
    assert "certified" in repr(cert) and "NOT" not in repr(cert)


@pytest.mark.parametrize("seed", [1, 2])
def test_convex_optimum_is_certified_on_random_data(seed):
    X, y = hc.data.random_regression(12, 2, seed=seed)  # 2-D plus a bias column
    lam = 0.05
    sol = hc.solve_convex(X, y, lam, solver="CLARABEL")
    # every group kept: interior-point solutions spread tiny weights over many groups, and dropping
    # them (the default threshold) changes the loss by ~1e-4 relative
    cert = hc.certify(sol.to_network(tol=1e-12), X, y, lam)
    assert cert.gap <= 1e-6 * cert.value
    assert cert.violation <= 1e-6
    assert cert.lower_bound <= sol.value * (1 + 1e-7)


def test_one_neuron_per_point_is_refuted_and_the_direction_helps():
    X, y = hc.data.two_points()
    end = _gd_end(seed=4).network()  # GD from this seed ends in the one-neuron-per-point family
    cert = hc.certify(end, X, y, LAM)
    assert hc.loss(end, X, y, LAM) == pytest.approx(0.41426, abs=1e-4)
    assert cert.violation > 0.4 and not cert.is_global()
    # a small neuron born at `direction` with output sign `sign`, then gradient descent: lower than 0.4143
    born = hc.ReLUNetwork(np.vstack([end.W, 1e-3 * cert.direction]), np.append(end.alpha, 1e-3 * cert.sign))
    # its first effect is second order in epsilon = 1e-3: the loss falls by (M - 2 lam) eps^2
    drop = hc.loss(end, X, y, LAM) - hc.loss(born, X, y, LAM)
    assert drop == pytest.approx(2 * LAM * cert.violation * 1e-6, rel=1e-2)
    after = hc.train_gd(X, y, m=born.width, lam=LAM, stepsize=0.02, scale=1.0, n_steps=5000, init=born)
    assert after.final_loss < 0.41 and after.final_loss >= OPTIMUM - 1e-9


def test_an_interpolating_network_gets_the_bound_zero_and_is_not_global():
    X, y = hc.data.two_points()  # inputs -1 and 1 with a bias column, labels 2 and 1
    net = hc.ReLUNetwork([[-1.0, 0.0], [1.0, 0.0]], [2.0, 1.0])  # each neuron fits one point exactly
    assert np.allclose(net(X), y)
    cert = hc.certify(net, X, y, LAM)  # nu_0 = 0: every multiple is zero, D = 0
    assert cert.lower_bound == 0.0 and cert.gap == pytest.approx(hc.loss(net, X, y, LAM)) and not cert.is_global()
    shrunk = hc.ReLUNetwork(net.W, 0.9 * net.alpha)  # output weights times 1 - t lower the loss
    assert hc.loss(shrunk, X, y, LAM) < hc.loss(net, X, y, LAM)


def test_a_random_network_gets_a_valid_lower_bound():
    X, y = hc.data.two_points()
    for seed in range(5):
        cert = hc.certify(hc.init_network(3, 2, 1.0, seed=seed), X, y, LAM)
        assert 0.0 <= cert.lower_bound <= OPTIMUM + 1e-12
        assert cert.gap >= 0


@pytest.mark.parametrize("kind", ["1-D + bias", "2-D + bias"])
def test_dual_norm_and_direction_match_brute_force(kind):
    rng = np.random.default_rng(3)
    n = 15
    X = hc.data.add_bias(rng.uniform(-1, 1, n) if kind == "1-D + bias" else rng.uniform(-1, 1, (n, 2)))
    nu = rng.standard_normal(n)
    exact, direction, _ = sphere_dual_norm(X, nu)
    brute, _ = _brute_force(X, nu)
    assert brute <= exact * (1 + 1e-12)
    assert exact - brute <= (1e-4 if kind == "1-D + bias" else 2e-2) * exact
    attained = abs(np.maximum(X @ direction, 0.0) @ nu)
    assert attained == pytest.approx(exact, rel=1e-10)
    by_patterns = dual_norm(X, nu, hc.activation_patterns(X))[0]
    assert by_patterns == pytest.approx(exact, rel=1e-10)


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(2, 8),
    d=st.integers(1, 3),
    lam=st.floats(1e-3, 2.0),
    seed=st.integers(0, 10_000),
)
def test_lower_bound_never_exceeds_the_optimum(n, d, lam, seed):
    rng = np.random.default_rng(seed)
    X, y = rng.standard_normal((n, d)), rng.standard_normal(n)
    optimum = hc.solve_convex(X, y, lam, solver="CLARABEL").value
    net = hc.init_network(int(rng.integers(1, 6)), d, float(rng.uniform(0.1, 2)), seed=seed)
    cert = hc.certify(net, X, y, lam)
    assert cert.lower_bound <= optimum + 1e-7 * (1 + optimum)
    assert cert.value >= optimum - 1e-7 * (1 + optimum)


def test_sampled_patterns_are_not_certified():
    X, y = hc.data.random_regression(12, 2, seed=0)
    cert = hc.certify(hc.init_network(3, X.shape[1], 0.5), X, y, 0.1, patterns=hc.sample_patterns(X, 3))
    assert not cert.exact and not cert.is_global(1.0)
    assert "NOT certified" in repr(cert)
    full = hc.certify(hc.init_network(3, X.shape[1], 0.5), X, y, 0.1, patterns=hc.activation_patterns(X))
    assert full.exact


def test_classify_labels_each_kind_of_end_point():
    X, y = hc.data.two_points()
    assert hc.classify(_gd_end(seed=1), X, y, LAM).label == "global"
    own = hc.classify(_gd_end(seed=4), X, y, LAM)
    assert own.label == "optimal in its own patterns"
    assert own.restricted_value == pytest.approx(0.41426, abs=1e-4) and own.certificate.violation > 0
    assert hc.classify(_gd_end(seed=1, n_steps=100), X, y, LAM).label == "unconverged"
    assert hc.classify(_gd_end(seed=1, n_steps=100).network(), X, y, LAM).label == "not stationary"


def test_classify_the_zero_network_and_the_last_label():
    X, y = hc.data.two_points()
    zero = hc.ReLUNetwork(np.zeros((1, 2)), np.zeros(1))  # a stationary point with no pattern at all
    label = hc.classify(zero, X, y, LAM)
    assert label.gradient_norm == 0.0 and label.label == "optimal in its own patterns"
    assert label.restricted_value == pytest.approx(float(y @ y))
    # with the gradient test switched off, a random network is neither: "stationary" is what is left
    rough = hc.classify(hc.init_network(2, 2, 1.0, seed=0), X, y, LAM, gradient_tol=1e9)
    assert rough.label == "stationary" and rough.restricted_value < rough.certificate.value


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((hc.ReLUNetwork(np.ones((1, 3)), np.ones(1)),), "input dimension"),
        (("not a network",), "net must be"),
        ((None,), "net must be"),
    ],
)
def test_certify_refuses_bad_networks(args, match):
    X, y = hc.data.two_points()
    with pytest.raises(ValueError, match=match):
        hc.certify(*args, X, y, LAM)


@pytest.mark.parametrize("lam", [0.0, -1.0, np.nan, np.inf, "0.1", None])
def test_certify_refuses_bad_lambda(lam):
    X, y = hc.data.two_points()
    with pytest.raises(ValueError, match="lam"):
        hc.certify(hc.ReLUNetwork(np.ones((1, 2)), np.ones(1)), X, y, lam)


def test_certify_refuses_bad_data():
    X, y = hc.data.two_points()
    net = hc.ReLUNetwork(np.ones((1, 2)), np.ones(1))
    with pytest.raises(ValueError, match="X"):
        hc.certify(net, np.array([[np.nan, 1.0], [1.0, 1.0]]), y, LAM)
    with pytest.raises(ValueError, match="disagree"):
        hc.certify(net, X, np.ones(3), LAM)
    with pytest.raises(ValueError, match="patterns"):
        hc.certify(net, X, y, LAM, patterns=np.ones((2, 3), dtype=bool))
    with pytest.raises(ValueError, match="run must be"):
        hc.classify("net", X, y, LAM)


def test_certified_gaps_certify_every_record_and_fall_on_a_converging_run():
    X, y = hc.data.two_points()
    run = hc.train_gd(X, y, m=5, lam=0.1, stepsize=0.02, scale=0.5, n_steps=3000, seed=1, record_every=500)
    steps, gaps = hc.certificate.certified_gaps(run, X, y, 0.1)
    assert steps.tolist() == [0, 500, 1000, 1500, 2000, 2500, 3000]
    for t in (0, 3, 6):
        cert = hc.certify(run.network(t), X, y, 0.1)
        assert gaps[t] == pytest.approx(max(cert.gap, 0.0) / cert.value, abs=1e-15)
    assert np.all(gaps >= 0) and gaps[-1] < 1e-6 < gaps[0]
    with pytest.raises(ValueError, match="run"):
        hc.certificate.certified_gaps(run.network(), X, y, 0.1)
    with pytest.raises(ValueError, match="lam"):
        hc.certificate.certified_gaps(run, X, y, 0.0)
