"""GIF writing and static HTML sliders."""

import numpy as np
import pytest
import imageio.v3 as iio

from hiddenconvex import animation
from hiddenconvex.plots.style import new_figure


def _frames(k, h=60, w=90):
    rng = np.random.default_rng(0)
    return [np.full((h, w, 3), 20 * i, dtype=np.uint8) + rng.integers(0, 5, (h, w, 3), dtype=np.uint8) for i in range(k)]


def test_figure_to_rgb_has_the_figure_size():
    fig, ax = new_figure((3.0, 2.0))
    ax.plot([0, 1], [0, 1])
    img = animation.figure_to_rgb(fig, dpi=100)
    assert img.shape == (200, 300, 3) and img.dtype == np.uint8


def test_write_gif_roundtrip(tmp_path):
    path = animation.write_gif(_frames(5), tmp_path / "sub" / "a.gif", frame_ms=50)
    assert path.is_file() and path.stat().st_size <= animation.MAX_GIF_BYTES
    back = iio.imread(path, index=None)
    assert back.shape[0] == 5 and back.shape[1:3] == (60, 90)
    assert not list(path.parent.glob("*.tmp"))
    assert path.stat().st_mode & 0o777 == 0o644


def test_write_gif_refuses_bad_frames(tmp_path):
    with pytest.raises(ValueError, match="at least one frame"):
        animation.write_gif([], tmp_path / "a.gif")
    with pytest.raises(ValueError, match="one shape"):
        animation.write_gif(_frames(1) + _frames(1, h=61), tmp_path / "a.gif")
    with pytest.raises(ValueError, match="at most 900x600"):
        animation.write_gif(_frames(1, h=700, w=700), tmp_path / "a.gif")
    with pytest.raises(ValueError, match="over the"):
        animation.write_gif(_frames(3), tmp_path / "a.gif", max_bytes=100)
    assert not (tmp_path / "a.gif").exists()


def test_html_slider_is_deterministic_and_self_contained():
    frames = _frames(3)
    a = animation.html_slider(frames, ["x=1", "x=2", "x=3"], "demo", alt="three grey squares")
    b = animation.html_slider(frames, ["x=1", "x=2", "x=3"], "demo", alt="three grey squares")
    assert a == b
    assert a.count("data:image/png;base64,") == 3 + 1  # three frames plus the initial src
    assert "http" not in a and 'alt="three grey squares"' in a
    with pytest.raises(ValueError, match="labels must hold 3 strings"):
        animation.html_slider(frames, ["only one"], "demo", alt="x")
