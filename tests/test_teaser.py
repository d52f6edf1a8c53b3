"""hiddenconvex.teaser: the sine experiment and its GIF."""

import pytest

import hiddenconvex as hc


def test_sine_teaser_small_run_is_above_the_optimum(tmp_path):
    teaser = hc.teaser.sine_teaser(m=40, steps=400, record_every=100)
    assert teaser.trajectory.W.shape == (5, 40, 2)
    assert teaser.trajectory.loss.min() >= teaser.solution.value - 1e-6
    path = hc.teaser.teaser_gif(teaser, tmp_path / "t.gif", frames=3, dpi=40)
    assert path.exists() and 0 < path.stat().st_size < 1_500_000



def test_teaser_gif_rejects_bad_frames(tmp_path):
    teaser = hc.teaser.sine_teaser(m=5, steps=10, record_every=5)
    with pytest.raises(ValueError, match="frames"):
        hc.teaser.teaser_gif(teaser, tmp_path / "t.gif", frames=1)
