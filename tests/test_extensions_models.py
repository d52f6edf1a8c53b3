"""The non-convex models of hiddenconvex.extensions: gradients (finite differences), descent, bad input."""

import inspect

import numpy as np
import pytest

import hiddenconvex as hc
from hiddenconvex.extensions import batchnorm, classification, three_layers, vector_output, wgan
from hiddenconvex.extensions._descent import descend

RNG = np.random.default_rng(3)
X = hc.data.add_bias(RNG.standard_normal((7, 2)))
Y_SIGN = np.array([1.0, -1, 1, 1, -1, -1, 1])
Y_MAT = RNG.standard_normal((7, 2))
Y_REAL = RNG.standard_normal(7)

OBJECTIVES = {
    "logistic": (classification.logistic_objective(X, Y_SIGN, 0.1), [(4, 3), (4,)]),
    "vector": (vector_output.vector_objective(X, Y_MAT, 0.1), [(4, 3), (4, 2)]),
    "batchnorm": (batchnorm.bn_objective(X[:, :2], Y_REAL, 0.1), [(4, 2), (4,), (4,), (4,)]),
    "wgan": (wgan.negative_game(X[:4], X[4:], 0.1), [(4, 3), (4,)]),
}


@pytest.mark.parametrize("name", sorted(OBJECTIVES))
def test_gradient_matches_central_differences(name):
    value_and_gradient, shapes = OBJECTIVES[name]
    rng = np.random.default_rng(11)
    params = tuple(rng.standard_normal(shape) for shape in shapes)
    _, grads = value_and_gradient(params)
    h = 1e-6
    for k, p in enumerate(params):
        numeric = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            plus = [q.copy() for q in params]
            minus = [q.copy() for q in params]
            plus[k][idx] += h
            minus[k][idx] -= h
            numeric[idx] = (value_and_gradient(tuple(plus))[0] - value_and_gradient(tuple(minus))[0]) / (2 * h)
        np.testing.assert_allclose(grads[k], numeric, atol=1e-5, rtol=1e-5)


def test_descent_decreases_each_models_loss():
    losses = classification.train_gd(X, Y_SIGN, 5, 0.1, 0.05, 0.5, 300).loss
    assert losses[-1] < losses[0]
    losses = vector_output.train_gd(X, Y_MAT, 5, 0.1, 0.01, 0.5, 300).loss
    assert losses[-1] < losses[0]
    losses = batchnorm.train_gd(X[:, :2], Y_REAL, 5, 0.1, 0.01, 0.5, 300).loss
    assert losses[-1] < losses[0]


def test_losses_agree_with_the_final_networks():
    run = classification.train_gd(X, Y_SIGN, 5, 0.1, 0.05, 0.5, 50)
    net, losses = run.network(), run.loss
    assert classification.loss(net, X, Y_SIGN, 0.1) == pytest.approx(losses[-1], rel=1e-12)
    run = vector_output.train_gd(X, Y_MAT, 5, 0.1, 0.01, 0.5, 50)
    vnet, losses = run.network(), run.loss
    assert vector_output.loss(vnet, X, Y_MAT, 0.1) == pytest.approx(losses[-1], rel=1e-12)
    run = batchnorm.train_gd(X[:, :2], Y_REAL, 5, 0.1, 0.01, 0.5, 50)
    bnet, losses = run.network(), run.loss
    assert batchnorm.loss(bnet, X[:, :2], Y_REAL, 0.1) == pytest.approx(losses[-1], rel=1e-12)


def test_logistic_loss_by_hand():
    net = hc.ReLUNetwork([[1.0, 0.0, 0.0]], [2.0])
    Xs = np.array([[1.0, 0, 1], [-1.0, 0, 1]])
    expected = np.log1p(np.exp(-2.0)) + np.log1p(np.exp(0.0)) + 0.5 * (1 + 4)
    assert classification.loss(net, Xs, [1.0, 1.0], 0.5) == pytest.approx(expected)


def test_accuracy_counts_zero_scores_as_wrong():
    assert classification.accuracy([2.0, -1.0, 0.0, 3.0], [1.0, -1.0, 1.0, -1.0]) == 0.5


def test_divergence_is_reported():
    with pytest.raises(hc.DivergenceError):
        vector_output.train_gd(X, Y_MAT * 100, 5, 0.0, 10.0, 1.0, 200)


def test_descend_records_the_monitor_at_every_step():
    run = descend((np.array([1.0]),), lambda p: (float(p[0][0] ** 2), (2 * p[0],)), 0.25, 3, monitor=lambda p: p[0][0])
    np.testing.assert_allclose(run.monitored, [1.0, 0.5, 0.25, 0.125])
    np.testing.assert_allclose(run.losses, [1.0, 0.25, 0.0625, 0.015625])


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: classification.train_gd(X, Y_REAL, 3, 0.1, 0.1, 1.0, 5), "y"),
        (lambda: classification.train_gd(X, Y_SIGN, 0, 0.1, 0.1, 1.0, 5), "m"),
        (lambda: classification.train_gd(X, Y_SIGN, 3, -1.0, 0.1, 1.0, 5), "lam"),
        (lambda: classification.train_gd(X, Y_SIGN, 3, 0.1, 0.0, 1.0, 5), "step"),
        (lambda: classification.train_gd(X, Y_SIGN, 3, 0.1, 0.1, -1.0, 5), "scale"),
        (lambda: classification.accuracy([1.0, 2.0], [1.0]), "y"),
        (lambda: vector_output.train_gd(X, Y_MAT[:3], 3, 0.1, 0.1, 1.0, 5), "Y"),
        (lambda: vector_output.VectorNetwork(np.ones((2, 3)), np.ones((3, 2))), "A"),
        (lambda: vector_output.VectorNetwork(np.ones((2, 3)), np.ones((2, 2)))(np.ones((4, 2))), "X"),
        (lambda: batchnorm.train_gd(np.ones((5, 2)), np.ones(5), 3, 0.1, 0.1, 1.0, 5), "X"),
        (lambda: batchnorm.train_gd(X[:, :2], Y_REAL, 3, 0.1, 0.1, 1.0, -1), "steps"),
        (lambda: wgan.discriminator_ascent(X[:3], X[3:, :2], 2, 0.1, 0.1, 5), "X_fake"),
        (lambda: wgan.discriminator_ascent(X[:3], X[3:], 2, float("nan"), 0.1, 5), "lam"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# The verbs of the core (hc.loss, hc.solve_convex, hc.train_gd), shared by every extension with a model.
# vector_output has no exact convex program (copositive in general): its convex side is the relaxations.
SHARED_VERBS = {
    classification: ("loss", "solve_convex", "train_gd"),
    batchnorm: ("loss", "solve_convex", "train_gd"),
    vector_output: ("loss", "train_gd"),
    three_layers: ("loss", "solve_convex", "train_gd"),
}

TRAIN_DATA = {
    classification: (X, Y_SIGN), batchnorm: (X[:, :2], Y_REAL), vector_output: (X, Y_MAT), three_layers: (X, Y_REAL),
}
# The width argument m of hc.train_gd; a three-layer network has K sub-networks of m1 neurons instead.
WIDTH = {three_layers: (("K", "m1"), (3, 2))}


def test_every_model_extension_exposes_the_core_verbs():
    model_modules = {name for name in hc.extensions.__all__ if hasattr(getattr(hc.extensions, name), "train_gd")}
    assert model_modules == {m.__name__.rsplit(".", 1)[1] for m in SHARED_VERBS}
    for module, verbs in SHARED_VERBS.items():
        for verb in verbs:
            assert callable(getattr(module, verb)), f"{module.__name__} lacks {verb}"
        width_names, width = WIDTH.get(module, (("m",), (3,)))
        run = module.train_gd(*TRAIN_DATA[module], *width, 0.1, 0.01, 0.5, 4, record_every=3)
        assert isinstance(run, hc.Trajectory) and run.recorded_steps.tolist() == [0, 3, 4] and len(run.loss) == 3
        assert module.loss(run.network(), *TRAIN_DATA[module], 0.1) == pytest.approx(run.final_loss, rel=1e-12)
        # same arguments in the same order as hc.train_gd (a matrix of targets is spelled Y)
        core = [p.lower() for p in inspect.signature(hc.train_gd).parameters][:8]
        core[2:3] = [w.lower() for w in width_names]
        assert [p.lower() for p in inspect.signature(module.train_gd).parameters][:len(core)] == core
