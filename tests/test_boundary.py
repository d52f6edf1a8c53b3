"""Every public entry point refuses each kind of bad input with a ValueError that names the argument.

Bad inputs: NaN, inf, complex, numeric strings, masked arrays, None, empty and wrongly shaped arrays,
floats where integers belong, and sizes that would never finish. Nothing may be silently converted
(numpy would drop a mask, parse a string or keep a complex number's real part).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np
import pytest

import hiddenconvex as hc
from hiddenconvex.plots import style
from hiddenconvex.widgets import gd_panel, lambda_panel, pattern_panel, view

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
    ("points_on_planes", hc.points_on_planes, {"W": X2, "X": X2}, ("W", "X")),
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
    ("convex.final_loss_histogram", P.convex.final_loss_histogram,
     {"finals": [0.2, 0.3], "convex_value": 0.1, "labels": ["a", "b"]}, ("finals",), ()),
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
     {"histories": [np.array([1.0, 0.5])], "levels": {"a": 0.3}, "title": "t", "log": True}, ("histories",), ()),
    ("extensions.pattern_counts", P.extensions.pattern_counts, {"ns": [3, 4], "counts": {"a": [6.0, 8.0]}}, ("ns",), ()),
    ("extensions.dual_certificate", P.extensions.dual_certificate,
     {"theta": [0.0, 1.0], "values": [0.1, 0.2], "beta": 0.1, "neuron_angles": [0.5]}, ("theta", "values", "neuron_angles"), ()),
    ("extensions.wgan_budget", P.extensions.wgan_budget,
     {"spreads": [0.1, 0.2], "budgets": [0.3, 0.4], "two_lam": 0.2, "sizes": {"a": [1.0, 2.0]}}, ("spreads", "budgets"), ()),
    ("landscape.one_neuron_loss", P.landscape.one_neuron_loss, {"X": X1, "y": Y1}, ("X", "y"), ()),
    ("landscape.two_neuron_surface", P.landscape.two_neuron_surface, {"X": X1, "y": Y1, "size": 5}, ("X", "y"), ()),
    ("landscape.networks_on_line", P.landscape.networks_on_line, {"networks": {"a": NET}, "X": X2, "y": Y2}, ("X", "y"), ("networks",)),
    ("landscape.loss_curves", P.landscape.loss_curves, {"trajectories": [RUN], "labels": ["a"], "log": True}, (), ("trajectories",)),
    ("patterns.neuron_view", P.patterns.neuron_view, {"X": X2, "w": [1.0, 0.5]}, ("X", "w"), ()),
    ("patterns.pattern_regions", P.patterns.pattern_regions, {"X": X2}, ("X",), ()),
    ("patterns.all_patterns", P.patterns.all_patterns, {"X": X2}, ("X",), ()),
    ("patterns.relu_on_line", P.patterns.relu_on_line, {"X": X2, "y": Y2, "W": np.ones((1, 2)), "labels": ["n"]}, ("X", "y", "W"), ()),
    ("patterns.count_comparison", P.patterns.count_comparison, {"ns": [4, 8], "exact": {2: [8, 16]}}, ("ns",), ()),
    ("patterns.placements", P.patterns.placements, {"x": [0.0, 1.0]}, ("x",), ()),
    ("patterns.coverage_curve", P.patterns.coverage_curve, {"gate_counts": [1, 2], "found": [1, 2], "total": 2}, ("gate_counts", "found"), ()),
    ("performance.scaling", lambda sizes, times: P.performance.scaling({"n": (sizes, {"fast": times})}),
     {"sizes": [5, 10], "times": [0.1, 0.2]}, ("sizes", "times"), ()),  # the seconds of one method
    ("performance.gap_against_steps", lambda step, gaps, **k: P.performance.gap_against_steps({"GD": (step, gaps)}, **k),
     {"step": [0, 1], "gaps": [0.5, 0.1], "floor": 1e-9}, ("step", "gaps"), ()),
    ("performance.accuracy_against_time", lambda seconds, gaps: P.performance.accuracy_against_time({"GD": (seconds, gaps)}),
     {"seconds": [0.1, 0.2], "gaps": [0.5, 0.1]}, ("seconds", "gaps"), ()),
    ("phases.phase_diagram", P.phases.phase_diagram, {"diagram": DIAGRAM}, (), ("diagram",)),
    ("phases.lazy_and_active", P.phases.lazy_and_active, {"sweep": SWEEP, "marks": {"run": (0.5, 0.1, 0.2)}}, (), ("sweep",)),
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


@pytest.mark.parametrize(("call", "name"), [
    (lambda v: hc.restricted.single_neuron_fits(X2, Y2, constrained=v), "constrained"),
    (lambda v: hc.cone_decomposition.relu_from_gated(GATED, X2, Y2, refine=v), "refine"),
    (lambda v: hc.data.random_regression(5, 2, bias=v), "bias"),
])
@pytest.mark.parametrize("value", [0, 1, "no", None, np.ones(2), 0.5])
def test_switches_take_only_true_or_false(call, name, value):
    with pytest.raises(ValueError, match=f"{name} must be True or False"):
        call(value)


def test_sizes_that_would_never_finish_are_refused_up_front():
    with pytest.raises(ValueError, match="n_steps"):
        hc.train_gd(X2, Y2, 2, 0.1, 0.01, 0.5, 10**12)
    with pytest.raises(ValueError, match="record_every"):
        hc.train_gd(X2, Y2, 10**4, 0.1, 0.01, 0.5, 10**6)
    assert hc.cover_count(5, 10**12) == 2**5  # r beyond n adds nothing: answered at once
    X, y = hc.data.spirals(400)
    with pytest.raises(ValueError, match="n = 400 rows"):
        hc.solve_exact(X, y, 1e-3)  # 159,600 vertex neurons of 400 numbers


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


# --- indices, labels, mappings, ranges, switches; the style helpers, the widgets and other library entry points
BAD_NUMBERS = dict(BAD_SCALARS, bool=True)
BAD_INTS = {"float": 2.5, "integral float": 2.0, "bool": True, "none": None, "string": "3", "nan": np.nan,
            "array": np.array([2]), "negative": -1}
BAD_GRID_SIZES = dict(BAD_INTS, one=1, huge=10**6)
BAD_INDICES = {"float": 1.0, "numpy float": np.float64(1.0), "bool": True, "none": None, "string": "1",
               "too large": 10**6, "too negative": -(10**6), "array": np.array([1])}
BAD_INDEX_LISTS = {"floats": [0.0, 1.0], "float array": np.array([0.0, 1.0]), "bools": [False, True], "none": None,
                   "strings": ["0", "1"], "out of range": [0, 10**6], "empty": [], "2-D": [[0, 1]], "a number": 0,
                   "masked": np.ma.masked_array([0, 1], mask=[False, False])}
BAD_LABELS = {"string": "ab", "numbers": [1.0], "bytes": [b"a"], "too many": ["a"] * 8, "empty": [], "mapping": {"a": "b"}}
BAD_TEXTS = {"none": None, "number": 1.0, "list": ["a"]}
BAD_FLAGS = {"int": 1, "string": "yes", "none": None, "float": 1.0}
BAD_RANGES = {"reversed": (1.0, -1.0), "empty": (1.0, 1.0), "nan": (np.nan, 1.0), "three": (0.0, 1.0, 2.0),
              "none": None, "strings": ("0", "1"), "number": 1.0}
BAD_SIZES = {"zero": (0.0, 1.0), "negative": (3.0, -1.0), "too wide": (100.0, 1.0), "one number": 3.0, **BAD_RANGES}
del BAD_SIZES["reversed"], BAD_SIZES["empty"]  # (1, -1) is "negative"; (1, 1) is a valid size
WRONG_OBJECTS = {"none": None, "number": 1.0, "string": "a string"}
FIG, AX = style.new_figure((3.0, 2.0))
AX.plot([0, 1], [0, 1], label="line")
FRAME = np.zeros((4, 4, 3), dtype=np.uint8)
MESSAGE = view.PanelView(None, "a message")
GD_SETTING = {"stepsize": 0.01, "m": 2, "n_steps": 5}
BAD_DATASETS = {"one array": X2, "string": "pair", "one": (X2,), "three": (X2, Y2, Y2), "no bias column": (X2[:, :1], Y2),
                "short y": (X2, Y2[:1])}


def _arrays(valid: object, **more: object) -> dict[str, object]:
    """Every kind of bad array made from the valid ``valid``, and ``more`` kinds."""
    return {kind: make(np.asarray(valid)) for kind, make in BAD_ARRAYS.items()} | more


#: Entry points beyond the tables above (returning something else than a figure): name -> (call, valid arguments).
CALLS: dict[str, tuple[Callable, dict]] = {
    "dynamics.message": (P.dynamics.message, {"text": "a message", "size": (9.0, 3.6)}),
    "patterns.pattern_label": (P.patterns.pattern_label, {"pattern": np.array([True, False])}),
    "style.display_dpi": (style.display_dpi, {"dpi": 72}),
    "style.new_figure": (style.new_figure, {"size": (3.0, 2.0)}),
    "style.legend_below": (lambda fig, axes: style.legend_below(fig, *axes), {"fig": FIG, "axes": [AX]}),
    "style.png_with_size": (style.png_with_size, {"fig": FIG}),
    "Trajectory.network": (lambda t: RUN.network(t), {"t": 1}),
    "Trajectory.at_step": (lambda step: RUN.at_step(step), {"step": 1}),
    "dynamics.restricted_convex_values": (lambda records: hc.dynamics.restricted_convex_values(RUN, X2, Y2, records),
                                          {"records": [0, 1]}),
    "animation.trajectory_frames": (hc.animation.trajectory_frames,
                                    {"plot": P.dynamics.output_and_loss, "traj": RUN, "records": [0], "X": X2, "y": Y2}),
    "animation.html_slider": (hc.animation.html_slider, {"frames": [FRAME], "labels": ["a"], "title": "t", "alt": "a"}),
    "three_layers.loss": (lambda net: hc.extensions.three_layers.loss(net, X2, Y2, 0.1),
                          {"net": hc.extensions.three_layers.ThreeLayerNetwork(np.ones((1, 1, 2)), np.ones((1, 1)), np.ones(1))}),
    "relu_from_gated": (lambda solution: hc.cone_decomposition.relu_from_gated(solution, X2, Y2, refine=False),
                        {"solution": GATED}),
    # the widgets: panels, precomputed sliders and views (built without a display)
    "gd_panel.static_slider": (gd_panel.static_slider, {"settings": [GD_SETTING], "title": "t", "alt": "a"}),
    "gd_panel.static_slider(dataset)": (lambda X, y: gd_panel.static_slider([GD_SETTING], "t", "a", dataset=(X, y)),
                                        {"X": X2, "y": Y2}),
    "gd_panel.panel": (gd_panel.panel, {"dataset": (X2, Y2)}),
    "gd_panel.panel(dataset)": (lambda X, y: gd_panel.panel((X, y)), {"X": X2, "y": Y2}),
    "lambda_panel.static_slider": (lambda_panel.static_slider, {"X": X2, "y": Y2, "lams": [0.1], "dpi": 72}),
    "lambda_panel.panel": (lambda_panel.panel, {"X": X2, "y": Y2, "lam_range": (1e-4, 10.0)}),
    "pattern_panel.static_slider": (pattern_panel.static_slider, {"angles": [10.0], "scale": 1.0, "t1": -1.0, "t2": 1.0, "dpi": 72}),
    "pattern_panel.neuron": (pattern_panel.neuron, {"angle": 10.0, "scale": 1.0}),
    "pattern_panel.panel": (pattern_panel.panel, {}),
    "view.PanelView": (view.PanelView, {"figure": None, "message": "a message"}),
    "PanelView.frame": (MESSAGE.frame, {"dpi": 20}),
    "PanelView.png": (MESSAGE.png, {"dpi": 20}),
    "view.html_slider": (view.html_slider, {"views": [MESSAGE], "labels": ["a"], "title": "t", "alt": "a", "dpi": 72}),
}

#: (entry point of CALLS or of the plot table, argument, {kind: bad value}): each is refused by a ValueError naming it.
BAD_VALUES: list[tuple[str, str, dict[str, object]]] = [
    # record indices and lists of them
    ("convex.teaser_frame", "t", BAD_INDICES), ("dynamics.output_and_loss", "t", BAD_INDICES),
    ("dynamics.activation_lines", "t", BAD_INDICES), ("Trajectory.network", "t", BAD_INDICES),
    ("Trajectory.at_step", "step", BAD_INTS),
    ("dynamics.convex_along_gd", "records", dict(BAD_INDEX_LISTS, **{"not from record 0": [1, 2]})),
    ("dynamics.restricted_convex_values", "records", BAD_INDEX_LISTS),
    ("animation.trajectory_frames", "records", BAD_INDEX_LISTS),
    ("animation.trajectory_frames", "plot", WRONG_OBJECTS), ("animation.trajectory_frames", "traj", WRONG_OBJECTS),
    # label lists and texts
    ("certificate.dual_curves", "names", dict(BAD_LABELS, none=None)),
    ("certificate.labelled_losses", "labels", dict(BAD_LABELS, none=None)),
    ("convex.compare_networks_1d", "labels", dict(BAD_LABELS, none=None)),
    ("dynamics.pattern_counts", "labels", dict(BAD_LABELS, none=None)),
    ("dynamics.splines", "labels", dict(BAD_LABELS, none=None)),
    ("convex.final_loss_histogram", "labels", BAD_LABELS),  # labels=None is valid in these three
    ("landscape.loss_curves", "labels", BAD_LABELS), ("patterns.relu_on_line", "labels", BAD_LABELS),
    ("animation.html_slider", "labels", dict(BAD_LABELS, none=None)),
    ("animation.html_slider", "title", BAD_TEXTS), ("animation.html_slider", "alt", BAD_TEXTS),
    ("animation.html_slider", "frames", {"none": None, "string": "s", "empty": [], "floats": [FRAME.astype(float)],
                                         "grey": [FRAME[..., 0]], "two shapes": [FRAME, FRAME[:2]]}),
    ("animation.html_slider", "density", BAD_INTS),
    ("extensions.loss_histories", "title", BAD_TEXTS), ("dynamics.output_and_loss", "title", BAD_TEXTS),
    ("dynamics.message", "text", BAD_TEXTS),
    # mappings
    ("extensions.decision_regions", "models",
     {"none": None, "list": [NET3], "empty": {}, "string": "net", "not callable": {"net": 1.0},
      "NaN scores": {"net": lambda Z: np.full(len(Z), np.nan)}, "too few scores": {"net": lambda Z: np.ones(3)},
      "string scores": {"net": lambda Z: np.full(len(Z), "1")}}),
    ("extensions.decision_regions", "y", {"not labels": np.arange(4.0)}),
    ("landscape.networks_on_line", "networks", {"list": [NET], "empty": {}, "none": None, "not a network": {"a": 1.0}}),
    ("extensions.loss_histories", "levels", {"list": [0.3], "none": None, "string value": {"a": "0.3"}, "nan": {"a": np.nan}}),
    ("phases.lazy_and_active", "marks", {"list": [(0.5, 0.1, 0.2)], "string": "s", "two numbers": {"run": (0.5, 0.1)},
                                         "negative scale": {"run": (-1.0, 0.1, 0.2)}, "nan": {"run": (np.nan, 0.1, 0.2)}}),
    ("patterns.count_comparison", "exact", {"none": None, "list": [[8, 16]], "short": {2: [8]}, "rank 0": {0: [8, 16]},
                                            "float rank": {2.5: [8, 16]}, "nan": {2: [np.nan, 16]}}),
    ("patterns.count_comparison", "ns", {"too small": [1, 4], "too large": [4, 10**9], "floats": [4.0, 8.0], "bools": [True, 8]}),
    # ranges, grid sizes, switches, figure sizes
    ("convex.single_neuron_patterns", "w_range", BAD_RANGES), ("landscape.one_neuron_loss", "w_range", BAD_RANGES),
    ("landscape.two_neuron_surface", "w_range", BAD_RANGES), ("landscape.networks_on_line", "t_range", BAD_RANGES),
    ("landscape.two_neuron_surface", "size", BAD_GRID_SIZES), ("convex.multiplicative", "size", BAD_GRID_SIZES),
    ("extensions.decision_regions", "size", BAD_GRID_SIZES),
    ("landscape.two_neuron_surface", "paths", {"2-D": np.zeros((3, 2)), "three coordinates": np.zeros((1, 3, 3)),
                                               "nan": np.full((1, 3, 2), np.nan), "strings": np.zeros((1, 3, 2)).astype(str)}),
    ("convex.multiplicative", "half_width", dict(BAD_NUMBERS, zero=0.0)),
    ("convex.final_loss_histogram", "bins", dict(BAD_INTS, zero=0, huge=10**9)),
    ("dynamics.pattern_counts", "realizable", {k: v for k, v in BAD_INTS.items() if v is not None}),  # None: no count
    ("dynamics.output_and_loss", "fixed_layout", BAD_FLAGS), ("dynamics.output_and_loss", "legend", BAD_FLAGS),
    ("extensions.loss_histories", "log", BAD_FLAGS), ("landscape.loss_curves", "log", BAD_FLAGS),
    ("dynamics.message", "size", BAD_SIZES), ("style.new_figure", "size", BAD_SIZES),
    # pattern_label and the style helpers
    ("patterns.pattern_label", "pattern", _arrays([True, False], ints=[0, 1], floats=[0.5, 1.0])),
    ("style.display_dpi", "dpi", dict(BAD_NUMBERS, small=10)),
    ("style.legend_below", "fig", dict(WRONG_OBJECTS, axes=AX)),
    ("style.legend_below", "axes", {"none given": [], "not axes": [1.0], "a figure": [FIG]}),
    ("style.png_with_size", "fig", dict(WRONG_OBJECTS, axes=AX)),
    # wrong library objects (were TypeError)
    ("three_layers.loss", "net", dict(WRONG_OBJECTS, relu=NET)),
    ("relu_from_gated", "solution", dict(WRONG_OBJECTS, convex=SOLUTION)),
    # the widgets' sliders, panels and views
    ("gd_panel.static_slider", "settings",
     {"none": None, "string": "s", "empty": [], "a dict": GD_SETTING, "not a dict": [None], "empty dict": [{}],
      "unknown name": [{"steps": 5}], "nan": [{"stepsize": np.nan}], "float m": [{"m": 2.5}], "string value": [{"lam": "0.1"}]}),
    ("gd_panel.static_slider", "title", BAD_TEXTS), ("gd_panel.static_slider", "alt", BAD_TEXTS),
    ("gd_panel.panel", "dataset", BAD_DATASETS),
    ("lambda_panel.static_slider", "lams", {"negative": [-0.1]}),
    ("lambda_panel.static_slider", "dpi", dict(BAD_NUMBERS, small=10, huge=10**6)),
    ("lambda_panel.panel", "lam_range", dict(BAD_RANGES, zero=(0.0, 1.0), negative=(-1.0, 1.0))),
    ("pattern_panel.static_slider", "scale", dict(BAD_NUMBERS, negative=-1.0)),
    ("pattern_panel.static_slider", "t1", BAD_NUMBERS), ("pattern_panel.static_slider", "t2", BAD_NUMBERS),
    ("pattern_panel.static_slider", "dpi", dict(BAD_NUMBERS, small=10)),
    ("pattern_panel.neuron", "angle", BAD_NUMBERS), ("pattern_panel.neuron", "scale", dict(BAD_NUMBERS, negative=-1.0)),
    ("view.PanelView", "figure", {"string": "a figure", "number": 1.0, "array": np.ones((2, 2))}),
    ("view.PanelView", "message", {"none": None, "number": 1.0, "empty without a figure": ""}),
    ("PanelView.frame", "dpi", dict(BAD_NUMBERS, zero=0, negative=-1.0, huge=10**6)),
    ("PanelView.png", "dpi", dict(BAD_NUMBERS, zero=0)),
    ("view.html_slider", "views", {"none": None, "string": "s", "empty": [], "not a view": [None], "one view": MESSAGE}),
    ("view.html_slider", "labels", dict(BAD_LABELS, none=None)),
    ("view.html_slider", "title", BAD_TEXTS), ("view.html_slider", "alt", BAD_TEXTS),
    ("view.html_slider", "dpi", dict(BAD_NUMBERS, small=10, huge=10**6)),
] + [
    (name, argument, _arrays(CALLS[name][1][argument]))
    for name, argument in [("gd_panel.static_slider(dataset)", "X"), ("gd_panel.static_slider(dataset)", "y"),
                           ("gd_panel.panel(dataset)", "X"), ("gd_panel.panel(dataset)", "y"),
                           ("lambda_panel.static_slider", "X"), ("lambda_panel.static_slider", "y"),
                           ("lambda_panel.static_slider", "lams"), ("lambda_panel.panel", "X"), ("lambda_panel.panel", "y"),
                           ("lambda_panel.panel", "lam_range"), ("pattern_panel.static_slider", "angles"),
                           ("dynamics.message", "size")]
]
BAD_VALUE_CASES = [(name, argument, kind, value) for name, argument, kinds in BAD_VALUES for kind, value in kinds.items()]


@pytest.mark.parametrize("name", sorted(CALLS))
def test_further_entry_points_accept_their_valid_arguments(name):
    call, kwargs = CALLS[name]
    try:
        assert call(**kwargs) is not None or name == "style.legend_below"  # the bad cases differ in one argument
    finally:
        plt.close("all")


@pytest.mark.parametrize(("name", "argument", "value"), [(n, a, v) for n, a, _, v in BAD_VALUE_CASES],
                         ids=[f"{n}-{a}-{k}" for n, a, k, _ in BAD_VALUE_CASES])
def test_bad_values_are_refused_by_name(name, argument, value):
    call, kwargs = CALLS[name] if name in CALLS else PLOT_ENTRY[name]
    try:
        with pytest.raises(ValueError, match=rf"\b{re.escape(argument)}\b"):
            call(**dict(kwargs, **{argument: value}))
    finally:
        plt.close("all")


#: The widgets' update functions: (name, call, valid arguments, arrays, numbers, integers). They never raise:
#: a bad value is answered by a view holding a message that names it.
WIDGET_UPDATES: list[tuple[str, Callable, dict, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = [
    ("gd_panel.update", gd_panel.update, {"stepsize": 0.01, "lam": 0.001, "scale": 0.5, "m": 2, "n_steps": 5, "seed": 0},
     (), ("stepsize", "lam", "scale"), ("m", "n_steps", "seed")),
    ("gd_panel.update(dataset)", lambda X, y: gd_panel.update(m=2, n_steps=5, dataset=(X, y)), {"X": X2, "y": Y2},
     ("X", "y"), (), ()),
    ("lambda_panel.update", lambda_panel.update, {"X": X2, "y": Y2, "lam": 0.1}, ("X", "y"), ("lam",), ()),
    ("pattern_panel.update", pattern_panel.update, {"angle": 30.0, "scale": 1.0, "t1": -1.0, "t2": 1.0},
     (), ("angle", "scale", "t1", "t2"), ()),
]
UPDATE_CASES = [
    (name, argument, kind, value)
    for name, _, kwargs, arrays, numbers, ints in WIDGET_UPDATES
    for argument, kinds in [(a, _arrays(kwargs[a])) for a in arrays] + [(a, BAD_NUMBERS) for a in numbers]
    + [(a, BAD_INTS) for a in ints]
    for kind, value in kinds.items()
] + [("gd_panel.update", "dataset", kind, value) for kind, value in BAD_DATASETS.items()]
UPDATES = {name: (call, kwargs) for name, call, kwargs, *_ in WIDGET_UPDATES}


@pytest.mark.parametrize("name", sorted(UPDATES))
def test_widget_updates_draw_valid_settings(name):
    call, kwargs = UPDATES[name]
    view_ = call(**kwargs)
    assert view_.figure is not None and view_.message == "", view_.message


@pytest.mark.parametrize(("name", "argument", "value"), [(n, a, v) for n, a, _, v in UPDATE_CASES],
                         ids=[f"{n}-{a}-{k}" for n, a, k, _ in UPDATE_CASES])
def test_widget_updates_answer_bad_values_with_a_message_naming_them(name, argument, value):
    call, kwargs = UPDATES[name]
    view_ = call(**dict(kwargs, **{argument: value}))
    assert view_.figure is None and re.search(rf"\b{re.escape(argument)}\b", view_.message), view_.message
    assert view_.frame(dpi=20).ndim == 3  # the message is drawn in place of the figure
