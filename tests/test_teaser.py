"""hiddenconvex.teaser: the sine experiment, and its GIF made the book's one way (trajectory_frames, write_gif)."""

import pytest

import hiddenconvex as hc


def test_sine_teaser_small_run_is_above_the_optimum(tmp_path):
    teaser = hc.teaser.sine_teaser(m=40, n_steps=400, record_every=100)
    assert teaser.trajectory.W.shape == (5, 40, 2)
    assert teaser.trajectory.loss.min() >= teaser.solution.value - 1e-6
    frames = hc.animation.trajectory_frames(hc.plots.convex.teaser_frame, teaser.trajectory, [0, 2, 4],
                                            teaser.X, teaser.y, teaser.solution, dpi=72)
    path = hc.animation.write_gif(frames, tmp_path / "t.gif")
    assert path.exists() and 0 < path.stat().st_size < 1_500_000


def test_teaser_animation_rejects_no_frames(tmp_path):
    teaser = hc.teaser.sine_teaser(m=5, n_steps=10, record_every=5)
    with pytest.raises(ValueError, match="records"):
        hc.animation.trajectory_frames(hc.plots.convex.teaser_frame, teaser.trajectory, [],
                                       teaser.X, teaser.y, teaser.solution)
