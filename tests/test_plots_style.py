"""Figures for high-density screens: the PNG formatter's resolution and display width, the smallest font."""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.text import Text
from PIL import Image

import hiddenconvex as hc
from hiddenconvex import animation
from hiddenconvex.plots import style


def _figures():
    X, y = hc.data.two_points()
    run = hc.train_gd(X, y, m=3, lam=0.1, stepsize=0.02, scale=0.5, n_steps=50, seed=0)
    yield hc.plots.convex.final_loss_histogram(np.array([0.32, 0.4, 4.0]), 0.311)
    yield hc.plots.extensions.loss_histories([run.loss], {"optimum": 0.311}, "a title")
    yield hc.plots.extensions.pattern_counts([3, 4], {"a": [6, 8], "b": [10, 20]})
    yield hc.plots.landscape.loss_curves([run], labels=["seed 0"])
    yield hc.plots.dynamics.output_and_loss(run, -1, X, y, title="t")


@pytest.mark.parametrize("index", range(5))
def test_no_text_in_a_figure_is_smaller_than_the_smallest_font(index):
    fig = list(_figures())[index]
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert sizes and min(sizes) >= style.SMALL_FONT


def test_png_formatter_renders_at_density_times_the_display_width():
    fig = hc.plots.convex.final_loss_histogram(np.array([0.32, 0.4, 4.0]), 0.311)
    data, metadata = style.png_with_size(fig)
    image = Image.open(io.BytesIO(data))
    assert image.mode == "P"  # 256-colour palette
    assert metadata["width"] == pytest.approx(image.width / style.DENSITY, abs=1)
    # the figure is 5 in wide: about SCREEN_DPI CSS pixels per inch (the tight bounding box trims or pads a little)
    assert 0.8 * 5 * style.SCREEN_DPI < metadata["width"] < 1.1 * 5 * style.SCREEN_DPI


def test_slider_shows_dense_frames_at_their_css_width():
    frames = [np.full((40, 60, 3), 200, dtype=np.uint8), np.zeros((40, 60, 3), dtype=np.uint8)]
    html = animation.html_slider(frames, ["a", "b"], "demo", alt="two squares", density=2)
    assert 'width="30"' in html
    with pytest.raises(ValueError, match="density"):
        animation.html_slider(frames, ["a", "b"], "demo", alt="x", density=0)


def test_the_widest_figures_fit_the_desktop_column_readably():
    """Drawn wider than MAX_WIDTH, a figure is shrunk on a 1280 px desktop below 0.72 of its size (its
    9 pt text under 9 px): the two-neuron surface (was 11.9 in), all patterns of two points (10.4 in)
    and the ten placements of four points (9.5 in)."""
    X1 = np.array([[-1.0], [1.0]])
    figures = [hc.plots.landscape.two_neuron_surface(X1, np.array([1.0, 0.5]), size=11),
               hc.plots.patterns.all_patterns(np.array([[1.0, 0.2], [-0.3, 1.0]])),
               hc.plots.patterns.placements([-1.0, -0.4, 0.3, 1.0])]
    for fig in figures:
        png, meta = style.png_with_size(fig)
        assert 672 / meta["width"] >= 0.72, meta
