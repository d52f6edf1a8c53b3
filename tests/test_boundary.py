"""Every public entry point refuses each kind of bad input with a ValueError that names the argument.

Bad inputs: NaN, inf, complex, numeric strings, masked arrays, None, empty and wrongly shaped arrays,
floats where integers belong, and sizes that would never finish. Nothing may be silently converted
(numpy would drop a mask, parse a string or keep a complex number's real part).
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np
import pytest

import hiddenconvex as hc

X2, Y2 = hc.data.two_points()
NET = hc.ReLUNetwork(np.ones((1, 2)), np.ones(1))
GATED = hc.solve_gated(X2, Y2, 0.1, np.array([[0.3, 1.0], [-1.0, 0.2], [1.0, 0.2]]))

BAD_ARRAYS = {
    "nan": lambda a: np.where(np.ones_like(a, dtype=bool), np.nan, a),
    "inf": lambda a: np.full_like(a, np.inf, dtype=float),
    "complex": lambda a: np.asarray(a, dtype=float) + 1j,
    "strings": lambda a: np.asarray(a).astype(str),
    "masked": lambda a: np.ma.masked_array(a, mask=np.zeros_like(a, dtype=bool)),
    "none": lambda a: None,
    "empty": lambda a: np.empty((0,) * np.ndim(a)),
    "3-D": lambda a: np.asarray(a, dtype=float)[None, ..., None],
}
BAD_SCALARS = {"nan": np.nan, "inf": np.inf, "complex": 1 + 1j, "string": "0.1", "none": None, "array": np.ones(2)}

#: (name, call taking keyword overrides, the valid keyword arguments, which of them are arrays).
ENTRY_POINTS: list[tuple[str, Callable, dict, tuple[str, ...]]] = [
    ("loss", lambda **k: hc.loss(NET, **k), {"X": X2, "y": Y2, "lam": 0.1}, ("X", "y")),
    ("gradient", lambda **k: hc.gradient(NET, **k), {"X": X2, "y": Y2, "lam": 0.1}, ("X", "y")),
    ("solve_convex", hc.solve_convex, {"X": X2, "y": Y2, "lam": 0.1}, ("X", "y")),
    ("solve_exact", hc.solve_exact, {"X": X2, "y": Y2, "lam": 0.1}, ("X", "y")),
    ("solve_gated", hc.solve_gated, {"X": X2, "y": Y2, "lam": 0.1, "gates": X2}, ("X", "y", "gates")),
    ("certify", lambda **k: hc.certify(NET, **k), {"X": X2, "y": Y2, "lam": 0.1}, ("X", "y")),
    ("classify", lambda **k: hc.classify(NET, **k), {"X": X2, "y": Y2, "lam": 0.1}, ("X", "y")),
    ("activation_patterns", hc.activation_patterns, {"X": X2}, ("X",)),
    ("sample_patterns", hc.sample_patterns, {"X": X2, "k": 3}, ("X",)),
    ("pattern_of", hc.pattern_of, {"W": X2, "X": X2}, ("W", "X")),
    ("ReLUNetwork", hc.ReLUNetwork, {"W": np.ones((1, 2)), "alpha": np.ones(1)}, ("W", "alpha")),
    ("signed_program", hc.restricted.signed_program,
     {"X": X2, "y": Y2, "lam": 0.1, "patterns": np.array([[True, False]]), "signs": [1.0]}, ("X", "y", "signs")),
    ("relu_from_gated", lambda **k: hc.cone_decomposition.relu_from_gated(GATED, **k), {"X": X2, "y": Y2}, ("X", "y")),
    ("train_gd", hc.train_gd, {"X": X2, "y": Y2, "m": 2, "lam": 0.1, "stepsize": 0.01, "scale": 0.5, "n_steps": 3}, ("X", "y")),
    ("optimizers.train", hc.optimizers.train,
     {"X": X2, "y": Y2, "m": 2, "lam": 0.1, "optimizer": "adam", "stepsize": 0.01, "scale": 0.5, "n_steps": 3}, ("X", "y")),
    # the data-taking functions of the submodules
    ("activation_points", hc.activation_points, {"W": np.ones((1, 2))}, ("W",)),
    ("neuron_placements", hc.neuron_placements, {"x": [0.0, 1.0]}, ("x",)),
    ("cone_constraints", hc.cone_constraints, {"X": X2, "pattern": [True, False]}, ("X", "pattern")),
    ("pattern_sectors", hc.pattern_sectors, {"X": X2}, ("X",)),
    ("nonzero_patterns", hc.patterns.nonzero_patterns, {"X": X2}, ("X",)),
    ("sampling_coverage", hc.sampling_coverage, {"X": X2, "gate_counts": [1, 2]}, ("X", "gate_counts")),
    ("mean_squared_error", lambda **k: hc.generalization.mean_squared_error(NET, **k), {"X": X2, "y": Y2}, ("X", "y")),
    ("regularization_path", hc.lambda_path.regularization_path, {"X": X2, "y": Y2, "lams": [0.1, 0.2]}, ("X", "y", "lams")),
    ("zero_threshold", hc.lambda_path.zero_threshold, {"X": X2, "y": Y2}, ("X", "y")),
    ("merge_by_pattern", lambda **k: hc.pruning.merge_by_pattern(NET, **k), {"X": X2}, ("X",)),
    ("single_neuron_fits", hc.restricted.single_neuron_fits, {"X": X2, "y": Y2}, ("X", "y")),
    ("used_patterns", lambda **k: hc.restricted.used_patterns(NET, **k), {"X": X2}, ("X",)),
    ("restricted_value", lambda **k: hc.restricted.restricted_value(NET, **k), {"X": X2, "y": Y2, "lam": 0.1}, ("X", "y")),
    ("early_phase_velocity", hc.dynamics.early_phase_velocity,
     {"W": np.ones((1, 2)), "alpha": np.ones(1), "X": X2, "y": Y2}, ("W", "alpha", "X", "y")),
    ("direction_flow", hc.dynamics.direction_flow, {"X": X2, "y": Y2, "angles": [0.0, 1.0]}, ("X", "y", "angles")),
    ("aligned_directions", hc.dynamics.aligned_directions, {"X": X2, "y": Y2}, ("X", "y")),
    ("cosines", hc.dynamics.cosines, {"A": np.ones((1, 2)), "B": np.ones((1, 2))}, ("A", "B")),
    ("feature_movement", hc.phases.feature_movement,
     {"W_start": np.ones((1, 2)), "W_end": np.ones((1, 2)), "X": X2}, ("W_start", "W_end", "X")),
    ("tangent_kernel", lambda **k: hc.phases.tangent_kernel(NET, **k), {"X": X2}, ("X",)),
    ("output_scale_boundary", hc.phases.output_scale_boundary, {"X": X2, "y": Y2, "widths": [1, 2]}, ("X", "y", "widths")),
    ("classification.accuracy", hc.extensions.classification.accuracy, {"scores": [0.5, -1.0], "y": Y2}, ("scores", "y")),
    ("batchnorm.whiten", hc.extensions.batchnorm.whiten, {"X": X2}, ("X",)),
    ("three_layers.combined_pattern_count", hc.extensions.three_layers.combined_pattern_count,
     {"X": X2, "m1": 1, "samples": 10}, ("X",)),
    ("vector_output.separate_outputs_bound", hc.extensions.vector_output.separate_outputs_bound,
     {"X": X2, "Y": np.ones((2, 2)), "lam": 0.1}, ("X", "Y")),
    ("duality.dual_constraint", hc.extensions.duality.dual_constraint,
     {"X": X2, "nu": Y2, "directions": np.ones((3, 2))}, ("X", "nu", "directions")),
]
SCALARS = [
    ("loss", "lam"), ("solve_convex", "lam"), ("solve_exact", "lam"), ("solve_exact", "tol"), ("solve_gated", "lam"), ("signed_program", "lam"), ("certify", "lam"), ("classify", "lam"),
    ("train_gd", "lam"), ("train_gd", "stepsize"), ("train_gd", "scale"), ("restricted_value", "lam"),
    ("early_phase_velocity", "lam"),
    ("optimizers.train", "lam"), ("optimizers.train", "stepsize"), ("optimizers.train", "scale"),
]
ENTRY = {name: (call, kwargs, arrays) for name, call, kwargs, arrays in ENTRY_POINTS}


@pytest.mark.parametrize("kind", sorted(BAD_ARRAYS))
@pytest.mark.parametrize(("name", "argument"), [(n, a) for n, _, _, arrays in ENTRY_POINTS for a in arrays])
def test_bad_arrays_are_refused_by_name(name, argument, kind):
    call, kwargs, _ = ENTRY[name]
    bad = dict(kwargs, **{argument: BAD_ARRAYS[kind](kwargs[argument])})
    with pytest.raises(ValueError, match=argument):
        call(**bad)


@pytest.mark.parametrize("kind", sorted(BAD_SCALARS))
@pytest.mark.parametrize(("name", "argument"), SCALARS)
def test_bad_scalars_are_refused_by_name(name, argument, kind):
    call, kwargs, _ = ENTRY[name]
    with pytest.raises(ValueError, match=argument):
        call(**dict(kwargs, **{argument: BAD_SCALARS[kind]}))


# --- the plot functions: small valid inputs (1-D data with a bias X2, 2-D data with a bias XB, one column X1)
X1, Y1 = hc.data.one_neuron_pair()
XB, YB = hc.data.random_regression(4, 2)
NET3 = hc.ReLUNetwork(np.ones((1, 3)), np.ones(1))
RUN = hc.train_gd(X2, Y2, m=2, lam=0.1, stepsize=0.01, scale=0.5, n_steps=3)
RUN3 = hc.train_gd(XB, YB, m=2, lam=0.1, stepsize=0.01, scale=0.5, n_steps=3)
SOLUTION = hc.solve_convex(X2, Y2, 0.1)
CERT = hc.certify(NET, X2, Y2, 0.1)
PATH = hc.lambda_path.regularization_path(X2, Y2, lams=[0.1, 0.2])
SWEEP = hc.phases.scale_sweep(X2, Y2, m=2, stepsizes={0.5: 0.01}, n_steps=3)
DIAGRAM = hc.phases.phase_diagram(X2, Y2, 0.1, widths=[2], scales=[0.5], seeds=[0], stepsize=0.01, n_steps=3)
STUDY = hc.generalization.held_out_study(X2, Y2, X2, Y2, [0.1], {0.5: 0.01}, m=2, n_steps=3, seeds=1)
P = hc.plots

#: (name, call, valid keyword arguments, array arguments, library-object arguments).
PLOT_ENTRY_POINTS: list[tuple[str, Callable, dict, tuple[str, ...], tuple[str, ...]]] = [
    ("certificate.dual_curves", P.certificate.dual_curves,
     {"X": X2, "y": Y2, "lam": 0.1, "nets": [NET], "names": ["a"], "certificates": [CERT]}, ("X", "y"), ("nets", "certificates")),
    ("certificate.birth_line", P.certificate.birth_line,
     {"X": XB, "y": YB, "cert": hc.certify(NET3, XB, YB, 0.1)}, ("X", "y"), ("cert",)),
    ("certificate.labelled_losses", P.certificate.labelled_losses,
     {"losses": [0.2, 0.3], "labels": ["a", "b"], "optimum": 0.1}, ("losses",), ()),
    ("convex.single_neuron_patterns", P.convex.single_neuron_patterns, {"X": X1, "y": Y1}, ("X", "y"), ()),
    ("convex.multiplicative", P.convex.multiplicative, {"lam": 0.1, "size": 5}, (), ()),
    ("convex.lambda_fit", P.convex.lambda_fit, {"X": X2, "y": Y2, "solution": SOLUTION}, ("X", "y"), ("solution",)),
    ("convex.regularization_path", P.convex.regularization_path, {"path": PATH}, (), ("path",)),
    ("convex.teaser_frame", P.convex.teaser_frame,
     {"trajectory": RUN, "t": 1, "X": X2, "y": Y2, "solution": SOLUTION}, ("X", "y"), ("trajectory", "solution")),
    ("convex.final_loss_histogram", P.convex.final_loss_histogram, {"finals": [0.2, 0.3], "convex_value": 0.1}, ("finals",), ()),
    ("convex.compare_networks_1d", P.convex.compare_networks_1d,
     {"X": X2, "y": Y2, "nets": [NET], "labels": ["a"]}, ("X", "y"), ("nets",)),
    ("dynamics.output_and_loss", P.dynamics.output_and_loss, {"traj": RUN, "t": 1, "X": X2, "y": Y2}, ("X", "y"), ("traj",)),
    ("dynamics.activation_lines", P.dynamics.activation_lines, {"traj": RUN3, "t": 1, "X": XB, "y": YB}, ("X", "y"), ("traj",)),
    ("dynamics.pattern_counts", P.dynamics.pattern_counts,
     {"trajectories": [RUN], "counts": [np.ones(len(RUN))], "labels": ["a"]}, ("counts",), ("trajectories",)),
    ("dynamics.convex_along_gd", P.dynamics.convex_along_gd,
     {"traj": RUN, "records": [0, 1], "values": [0.5, 0.4]}, ("values",), ("traj",)),
    ("dynamics.early_directions", P.dynamics.early_directions,  # y is optional: None is valid there
     {"X": X2, "W": np.ones((2, 2)), "alpha": np.ones(2), "predicted": np.ones((1, 2)), "y": Y2},
     ("X", "W", "alpha", "predicted"), ()),
    ("dynamics.splines", P.dynamics.splines, {"X": X2, "y": Y2, "nets": [NET], "labels": ["a"]}, ("X", "y"), ("nets",)),
    ("extensions.decision_regions", P.extensions.decision_regions,
     {"X": XB, "y": np.sign(YB) + (YB == 0), "models": {"net": NET3}, "size": 5}, ("X", "y"), ()),
    ("extensions.loss_histories", P.extensions.loss_histories,
     {"histories": [np.array([1.0, 0.5])], "levels": {"a": 0.3}, "title": "t"}, ("histories",), ()),
    ("extensions.pattern_counts", P.extensions.pattern_counts, {"ns": [3, 4], "counts": {"a": [6.0, 8.0]}}, ("ns",), ()),
    ("extensions.dual_certificate", P.extensions.dual_certificate,
     {"theta": [0.0, 1.0], "values": [0.1, 0.2], "beta": 0.1, "neuron_angles": [0.5]}, ("theta", "values", "neuron_angles"), ()),
    ("extensions.wgan_budget", P.extensions.wgan_budget,
     {"spreads": [0.1, 0.2], "budgets": [0.3, 0.4], "two_lam": 0.2, "sizes": {"a": [1.0, 2.0]}}, ("spreads", "budgets"), ()),
    ("landscape.one_neuron_loss", P.landscape.one_neuron_loss, {"X": X1, "y": Y1}, ("X", "y"), ()),
    ("landscape.two_neuron_surface", P.landscape.two_neuron_surface, {"X": X1, "y": Y1, "size": 5}, ("X", "y"), ()),
    ("landscape.networks_on_line", P.landscape.networks_on_line, {"networks": {"a": NET}, "X": X2, "y": Y2}, ("X", "y"), ("networks",)),
    ("landscape.loss_curves", P.landscape.loss_curves, {"trajectories": [RUN]}, (), ("trajectories",)),
    ("patterns.neuron_view", P.patterns.neuron_view, {"X": X2, "w": [1.0, 0.5]}, ("X", "w"), ()),
    ("patterns.pattern_regions", P.patterns.pattern_regions, {"X": X2}, ("X",), ()),
    ("patterns.all_patterns", P.patterns.all_patterns, {"X": X2}, ("X",), ()),
    ("patterns.relu_on_line", P.patterns.relu_on_line, {"X": X2, "y": Y2, "W": np.ones((1, 2))}, ("X", "y", "W"), ()),
    ("patterns.placements", P.patterns.placements, {"x": [0.0, 1.0]}, ("x",), ()),
    ("patterns.coverage_curve", P.patterns.coverage_curve, {"gate_counts": [1, 2], "found": [1, 2], "total": 2}, ("gate_counts", "found"), ()),
    ("performance.scaling", lambda sizes, times: P.performance.scaling({"n": (sizes, {"fast": times})}),
     {"sizes": [5, 10], "times": [0.1, 0.2]}, ("sizes", "times"), ()),  # the seconds of one method
    ("performance.gap_against_steps", lambda step, gaps, **k: P.performance.gap_against_steps({"GD": (step, gaps)}, **k),
     {"step": [0, 1], "gaps": [0.5, 0.1], "floor": 1e-9}, ("step", "gaps"), ()),
    ("performance.accuracy_against_time", lambda seconds, gaps: P.performance.accuracy_against_time({"GD": (seconds, gaps)}),
     {"seconds": [0.1, 0.2], "gaps": [0.5, 0.1]}, ("seconds", "gaps"), ()),
    ("phases.phase_diagram", P.phases.phase_diagram, {"diagram": DIAGRAM}, (), ("diagram",)),
    ("phases.lazy_and_active", P.phases.lazy_and_active, {"sweep": SWEEP}, (), ("sweep",)),
    ("phases.held_out_errors", P.phases.held_out_errors, {"study": STUDY}, (), ("study",)),
]
PLOT_SCALARS = [
    ("certificate.dual_curves", "lam"), ("certificate.labelled_losses", "optimum"), ("convex.multiplicative", "lam"),
    ("convex.final_loss_histogram", "convex_value"), ("extensions.dual_certificate", "beta"), ("extensions.wgan_budget", "two_lam"),
    ("performance.gap_against_steps", "floor"),
]
PLOT_ENTRY = {name: (call, kwargs) for name, call, kwargs, _, _ in PLOT_ENTRY_POINTS}


def _refused_by_plot(name: str, argument: str, value: object) -> None:
    """The plot function ``name`` raises a ValueError naming ``argument`` when it is ``value``; figures are closed."""
    call, kwargs = PLOT_ENTRY[name]
    try:
        with pytest.raises(ValueError, match=argument):
            call(**dict(kwargs, **{argument: value}))
    finally:
        plt.close("all")


@pytest.mark.parametrize(("name", "call", "kwargs"), [entry[:3] for entry in PLOT_ENTRY_POINTS], ids=[e[0] for e in PLOT_ENTRY_POINTS])
def test_plot_table_arguments_are_valid(name, call, kwargs):
    assert call(**kwargs).axes, name  # the bad-input cases below differ from a drawable call in one argument
    plt.close("all")


@pytest.mark.parametrize("kind", sorted(BAD_ARRAYS))
@pytest.mark.parametrize(("name", "argument"), [(n, a) for n, _, _, arrays, _ in PLOT_ENTRY_POINTS for a in arrays])
def test_plot_functions_refuse_bad_arrays_by_name(name, argument, kind):
    _refused_by_plot(name, argument, BAD_ARRAYS[kind](PLOT_ENTRY[name][1][argument]))


@pytest.mark.parametrize("kind", sorted(BAD_SCALARS))
@pytest.mark.parametrize(("name", "argument"), PLOT_SCALARS)
def test_plot_functions_refuse_bad_numbers_by_name(name, argument, kind):
    _refused_by_plot(name, argument, BAD_SCALARS[kind])


@pytest.mark.parametrize("wrong", [None, "a string", 1.0], ids=["none", "string", "number"])
@pytest.mark.parametrize(("name", "argument"), [(n, a) for n, _, _, _, objects in PLOT_ENTRY_POINTS for a in objects])
def test_plot_functions_refuse_wrong_objects_by_name(name, argument, wrong):
    _refused_by_plot(name, argument, wrong)


@pytest.mark.parametrize("seed", [1.5, -1, "3", None, True, 2**70])
@pytest.mark.parametrize(
    "call",
    [
        lambda s: hc.init_network(2, 2, 0.5, seed=s),
        lambda s: hc.sample_patterns(X2, 3, seed=s),
        lambda s: hc.data.random_regression(5, 2, seed=s),
        lambda s: hc.train_gd(X2, Y2, 2, 0.1, 0.01, 0.5, 3, seed=s),
    ],
)
def test_seeds_are_integers_not_truncated(call, seed):
    with pytest.raises(ValueError, match="seed"):
        call(seed)


def test_sizes_that_would_never_finish_are_refused_up_front():
    with pytest.raises(ValueError, match="n_steps"):
        hc.train_gd(X2, Y2, 2, 0.1, 0.01, 0.5, 10**12)
    with pytest.raises(ValueError, match="record_every"):
        hc.train_gd(X2, Y2, 10**4, 0.1, 0.01, 0.5, 10**6)
    assert hc.cover_count(5, 10**12) == 2**5  # r beyond n adds nothing: answered at once


@pytest.mark.parametrize(
    "make",
    [lambda size: hc.data.spirals(size), lambda size: hc.data.sine(size), lambda size: hc.data.noisy_sine(size),
     lambda size: hc.data.random_regression(size, 2), lambda size: hc.data.random_linear(size, 2),
     lambda size: hc.data.random_linear(10**6, size)],
)
@pytest.mark.parametrize("size", [10**12, 0, -1, 2.5, "10", None])
def test_data_generators_refuse_sizes_they_cannot_make(make, size):
    with pytest.raises(ValueError, match=r"\b[nd]\b"):
        make(size)
