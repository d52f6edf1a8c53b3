"""hc.generalization: test errors of the convex path and of gradient descent, and its figure."""

import numpy as np
import pytest

import hiddenconvex as hc
from hiddenconvex.generalization import held_out_study, mean_squared_error

X, Y = hc.data.noisy_sine(12, seed=0)
X_TEST, Y_TEST = hc.data.noisy_sine(50, seed=1)


def test_noisy_sine_draws_inputs_in_the_interval_with_a_bias_column():
    Xs, ys = hc.data.noisy_sine(200, noise=0.0, seed=3)
    assert Xs.shape == (200, 2) and np.all(Xs[:, 1] == 1.0) and np.all(np.abs(Xs[:, 0]) <= 1.0)
    np.testing.assert_allclose(ys, np.sin(np.pi * Xs[:, 0]))
    assert not np.array_equal(hc.data.noisy_sine(5, seed=1)[0], hc.data.noisy_sine(5, seed=2)[0])


def test_mean_squared_error_is_the_mean_squared_error():
    net = hc.ReLUNetwork([[1.0, 0.0]], [2.0])
    Xs = np.array([[1.0, 1.0], [-1.0, 1.0]])
    assert mean_squared_error(net, Xs, [0.0, 1.0]) == pytest.approx((4.0 + 1.0) / 2)


def test_study_scores_the_path_and_every_run():
    study = held_out_study(X, Y, X_TEST, Y_TEST, [1e-3, 1e-1], {0.1: 1e-2, 1.0: 1e-3}, m=10, n_steps=200, seeds=3)
    assert study.path_test.shape == (2,) and set(study.gd_test) == {0.1, 1.0}
    assert all(v.shape == (3,) for v in study.gd_test.values())
    # the path's errors are those of the mapped global minimizers
    sol = hc.solve_convex(X, Y, 1e-1)
    assert study.path_train[1] == pytest.approx(mean_squared_error(sol.to_network(), X, Y), rel=1e-4)
    # a larger weight decay fits the training data less closely
    assert study.path_train[1] > study.path_train[0]
    run = hc.train_gd(X, Y, 10, 0.0, 1e-3, 1.0, 200, seed=2)
    assert study.gd_test[1.0][2] == pytest.approx(mean_squared_error(run.network(), X_TEST, Y_TEST), rel=1e-12)


def test_the_figure_has_a_path_panel_and_a_column_per_scale():
    study = held_out_study(X, Y, X_TEST, Y_TEST, [1e-3, 1e-1], {0.1: 1e-2, 1.0: 1e-3}, m=5, n_steps=50, seeds=2)
    fig = hc.plots.phases.held_out_errors(study)
    path_ax, gd_ax = fig.axes[:2]
    assert len(path_ax.get_lines()) == 2 and len(gd_ax.get_lines()) == 4
    assert [t.get_text() for t in gd_ax.get_xticklabels()] == ["0.1", "1"]
    with pytest.raises(ValueError, match="HeldOutStudy"):
        hc.plots.phases.held_out_errors(None)


def test_a_diverging_run_is_reported_at_the_step_where_it_diverged():
    with pytest.raises(hc.DivergenceError) as caught:
        held_out_study(X, Y, X_TEST, Y_TEST, [1e-1], {3.0: 0.3}, m=10, n_steps=500, seeds=2)
    diverging = []
    for seed in range(2):
        try:
            hc.train_gd(X, Y, 10, 0.0, 0.3, 3.0, 500, seed=seed, record_every=500)
        except hc.DivergenceError as error:
            diverging.append(error)
    first = diverging[0]  # the study reports the lowest diverging seed
    assert 0 < caught.value.step == first.step < 500 and caught.value.stepsize == 0.3
    assert caught.value.loss == pytest.approx(first.loss, rel=1e-9)
    assert f"at step {first.step} " in str(caught.value)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: mean_squared_error(None, X, Y), "net"),
        (lambda: mean_squared_error(hc.ReLUNetwork([[1.0]], [1.0]), X, Y), "dimension"),
        (lambda: held_out_study(X, Y, X_TEST[:, :1], Y_TEST, [0.1], {1.0: 1e-3}, 5, 10, 1), "X_test"),
        (lambda: held_out_study(X, Y, X_TEST, Y_TEST, [0.1], {}, 5, 10, 1), "stepsizes"),
        (lambda: held_out_study(X, Y, X_TEST, Y_TEST, [0.1], {1.0: 1e-3}, 5, 10, 0), "seeds"),
        (lambda: held_out_study(X, Y, X_TEST, Y_TEST, [], {1.0: 1e-3}, 5, 10, 1), "lams"),
        (lambda: hc.data.noisy_sine(10, noise=-1.0), "noise"),
        (lambda: hc.data.noisy_sine(10, seed=1.5), "seed"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()
