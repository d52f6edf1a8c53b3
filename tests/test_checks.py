"""Bad input is refused at the public boundary with a ValueError that names the argument."""

import numpy as np
import pytest

import hiddenconvex as hc

X, Y = hc.data.two_points()
NET = hc.ReLUNetwork(np.ones((3, 2)), np.ones(3))
BAD_PATTERNS = {
    "not boolean": np.ones((2, 2)),
    "wrong n": np.ones((2, 3), dtype=bool),
    "1-D": np.ones(2, dtype=bool),
    "empty": np.zeros((0, 2), dtype=bool),
}


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_X_and_y_are_refused(bad):
    Xb = X.copy()
    Xb[0, 0] = bad
    yb = Y.copy()
    yb[1] = bad
    with pytest.raises(ValueError, match="X contains NaN"):
        hc.loss(NET, Xb, Y, 0.1)
    with pytest.raises(ValueError, match="y contains NaN"):
        hc.train_gd(X, yb, 2, 0.1, 0.01, 0.1, 5)
    with pytest.raises(ValueError, match="X contains NaN"):
        hc.solve_convex(Xb, Y, 0.1)
    with pytest.raises(ValueError, match="X contains NaN"):
        hc.activation_patterns(Xb)


def test_one_dimensional_X_is_refused_with_a_hint():
    with pytest.raises(ValueError, match="X must be a 2-D array.*add_bias"):
        hc.solve_convex(np.array([1.0, 2.0]), Y, 0.1)
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        hc.sample_patterns(np.array([1.0, 2.0]), 10)


def test_mismatched_shapes_are_refused():
    with pytest.raises(ValueError, match="X and y disagree"):
        hc.loss(NET, X, np.ones(3), 0.1)
    with pytest.raises(ValueError, match="X and y disagree"):
        hc.train_gd(X, np.ones(3), 2, 0.1, 0.01, 0.1, 5)
    with pytest.raises(ValueError, match="y must be a 1-D"):
        hc.solve_convex(X, np.ones((2, 1)), 0.1)
    with pytest.raises(ValueError, match="X has 3 columns"):
        NET.predict(np.ones((2, 3)))
    with pytest.raises(ValueError, match="alpha must have length 3"):
        hc.ReLUNetwork(np.ones((3, 2)), np.ones(2))


@pytest.mark.parametrize("lam", [-0.1, np.nan, np.inf, "0.1", True])
def test_bad_lambda_is_refused(lam):
    with pytest.raises(ValueError, match="lam"):
        hc.loss(NET, X, Y, lam)
    with pytest.raises(ValueError, match="lam"):
        hc.solve_convex(X, Y, lam)
    with pytest.raises(ValueError, match="lam"):
        hc.train_gd(X, Y, 2, lam, 0.01, 0.1, 5)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"stepsize": 0.0}, "stepsize"),
        ({"stepsize": -1.0}, "stepsize"),
        ({"m": 0}, "m"),
        ({"m": 2.5}, "m"),
        ({"n_steps": -1}, "n_steps"),
        ({"scale": 0.0}, "scale"),
        ({"scale": -0.5}, "scale"),
        ({"record_every": 0}, "record_every"),
    ],
)
def test_bad_training_arguments_are_refused(kwargs, name):
    args = {"m": 2, "lam": 0.1, "stepsize": 0.01, "scale": 0.1, "n_steps": 5} | kwargs
    with pytest.raises(ValueError, match=f"^{name} must"):
        hc.train_gd(X, Y, **args)


@pytest.mark.parametrize("patterns", BAD_PATTERNS.values(), ids=BAD_PATTERNS.keys())
def test_bad_patterns_are_refused(patterns):
    with pytest.raises(ValueError, match="patterns must"):
        hc.solve_convex(X, Y, 0.1, patterns=patterns)


def test_unknown_solver_is_refused():
    with pytest.raises(ValueError, match="solver must be one of"):
        hc.solve_convex(X, Y, 0.1, solver="NOT_A_SOLVER")


def test_train_gd_init_of_wrong_shape_is_refused():
    with pytest.raises(ValueError, match="init must have W of shape"):
        hc.train_gd(X, Y, 3, 0.1, 0.01, 0.1, 5, init=hc.ReLUNetwork(np.ones((2, 2)), np.ones(2)))


def test_a_network_argument_must_be_a_network():
    with pytest.raises(ValueError, match="net must be a hc.ReLUNetwork"):
        hc.loss((np.ones((1, 2)), np.ones(1)), X, Y, 0.1)
    with pytest.raises(ValueError, match="net must be a hc.ReLUNetwork"):
        hc.gradient("network", X, Y, 0.1)


CONVERTED_INPUTS = {
    "None": None,
    "complex": X.astype(complex),
    "numeric strings": X.astype(str),
    "masked": np.ma.masked_array(X, mask=np.zeros_like(X, dtype=bool)),
    "list with a complex": [[1.0, 1j], [0.5, 1.0]],
}


@pytest.mark.parametrize(
    ("kind", "argument"),
    # patterns=None is the documented default (all patterns), so it is not a bad input
    [(k, a) for k in sorted(CONVERTED_INPUTS) for a in ("X", "y", "gates", "patterns") if (k, a) != ("None", "patterns")],
)
def test_solvers_refuse_inputs_numpy_would_silently_change(kind, argument):
    bad = CONVERTED_INPUTS[kind]
    if argument == "y" and bad is not None:
        bad = bad[0] if isinstance(bad, list) else bad[:, 0]
    if argument == "patterns" and bad is not None:
        bad = bad if kind != "numeric strings" else np.array([["True", "False"]])
    args = {"X": X, "y": Y, "gates": np.ones((2, 2)), "patterns": None} | {argument: bad}
    with pytest.raises(ValueError, match=f"^{argument} must"):
        if argument == "gates":
            hc.solve_gated(args["X"], args["y"], 0.1, args["gates"])
        else:
            hc.solve_convex(args["X"], args["y"], 0.1, patterns=args["patterns"], solver="fast")
