"""Every public entry point refuses each kind of bad input with a ValueError that names the argument.

Bad inputs: NaN, inf, complex, numeric strings, masked arrays, None, empty and wrongly shaped arrays,
floats where integers belong, and sizes that would never finish. Nothing may be silently converted
(numpy would drop a mask, parse a string or keep a complex number's real part).
"""

from __future__ import annotations

from collections.abc import Callable

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
