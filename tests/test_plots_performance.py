"""Performance figures: they return Figures with the expected lines and reject empty input."""

import pytest
from matplotlib.figure import Figure

import hiddenconvex as hc


def test_scaling_one_panel_per_size_one_line_per_method():
    fig = hc.plots.performance.scaling(
        {"points n": ([10, 100], {"Clarabel": [1.0, 10.0], "fast": [0.1, 0.5]}), "gates": ([5, 50], {"fast": [0.2, 2.0]})}
    )
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2
    assert [len(ax.get_lines()) for ax in fig.axes] == [2, 1]
    assert fig.axes[0].get_xscale() == "log" and fig.axes[0].get_yscale() == "log"


def test_scaling_labels_a_few_sizes_plainly():
    """The gates panel of chapter 7 read 6x10^0 ... 4x10^1 for 5, 10, 20, 40 gates."""
    fig = hc.plots.performance.scaling({"gates": ([5, 10, 20, 40], {"fast": [0.1, 0.2, 0.4, 0.8]})})
    (ax,) = fig.axes
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["5", "10", "20", "40"]
    assert not any(t.get_text() for t in ax.xaxis.get_minorticklabels())


def test_scaling_rejects_mismatched_or_empty_input():
    with pytest.raises(ValueError, match="panels"):
        hc.plots.performance.scaling({})
    with pytest.raises(ValueError, match="fast"):
        hc.plots.performance.scaling({"n": ([1, 2], {"fast": [1.0]})})


def test_accuracy_against_time_clips_zero_gaps():
    fig = hc.plots.performance.accuracy_against_time({"fast": ([0.1, 0.2], [1e-2, 0.0]), "GD": ([1.0, 2.0], [0.5, 0.1])}, floor=1e-8)
    assert isinstance(fig, Figure)
    lines = fig.axes[0].get_lines()
    assert len(lines) == 3  # two methods and the floor line
    assert lines[0].get_ydata()[1] == 1e-8 and lines[0].get_marker() == "o"
    with pytest.raises(ValueError, match="curves"):
        hc.plots.performance.accuracy_against_time({})


def test_gap_against_steps_draws_one_line_per_optimizer_on_a_linear_step_axis():
    fig = hc.plots.performance.gap_against_steps({"gd": ([0, 10, 20], [1.0, 0.5, 0.0]), "adam": ([0, 10, 20], [1.0, 0.1, 0.01])})
    ax = fig.axes[0]
    assert len(ax.get_lines()) == 3  # two optimizers and the floor line, since one curve reaches it
    assert ax.get_xscale() == "linear" and ax.get_yscale() == "log"
    assert ax.get_lines()[0].get_ydata()[-1] == 1e-9  # a zero gap is drawn on the floor
    positive = hc.plots.performance.gap_against_steps({"gd": ([0, 10], [1.0, 0.5])})
    assert len(positive.axes[0].get_lines()) == 1  # no curve reaches the floor: no floor line
    labelled = hc.plots.performance.gap_against_steps({"gd": ([0, 10], [1.0, 0.5])}, ylabel="certified relative gap")
    assert labelled.axes[0].get_ylabel() == "certified relative gap"
    with pytest.raises(ValueError, match="curves"):
        hc.plots.performance.gap_against_steps({})


def test_gaps_within_one_decade_are_drawn_on_a_linear_axis_from_zero():
    """Two runs whose certified gaps stay between 0.97 and 1 (chapter 6) read 9.7x10^-1 ... on a log
    axis zoomed to that range; such gaps get a linear axis from 0, with the legend at the bottom."""
    fig = hc.plots.performance.gap_against_steps({"a": ([0, 1, 2], [0.99, 0.97, 0.99]), "b": ([0, 1, 2], [1.0, 0.991, 0.991])})
    (ax,) = fig.axes
    assert ax.get_yscale() == "linear" and ax.get_ylim() == (0.0, 1.05)
    assert ax.get_legend()._loc == 3  # lower left
    wide = hc.plots.performance.gap_against_steps({"a": ([0, 1], [1.0, 1e-3])})
    assert wide.axes[0].get_yscale() == "log"
