"""The pattern panel: its plain update function at extreme slider values, and its kernel-free slider."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from hiddenconvex.widgets import pattern_panel


def test_neuron_from_angle_and_scale():
    np.testing.assert_allclose(pattern_panel.neuron(90.0, 2.0), [0.0, 2.0], atol=1e-12)


@pytest.mark.parametrize("angle, scale, t1, t2", [(0.0, 0.0, -1.0, 1.0), (360.0, 3.0, -3.0, 3.0),
                                                  (45.0, 1.0, -1.0, 1.0), (200.0, 1.0, 2.0, 2.0),
                                                  (135.0, 3.0, 0.0, -3.0)])
def test_update_draws_at_extreme_slider_values(angle, scale, t1, t2):
    assert isinstance(pattern_panel.update(angle, scale, t1, t2).figure, Figure)


@pytest.mark.parametrize("angle, scale, word", [(0.0, -1.0, "scale"), (float("nan"), 1.0, "angle")])
def test_update_reports_bad_values_as_a_message(angle, scale, word):
    view = pattern_panel.update(angle, scale)
    assert view.figure is None and view.message.startswith("Cannot draw") and word in view.message


def test_update_shows_the_pattern_of_the_neuron():
    fig = pattern_panel.update(10.0, 1.0).figure  # w = (cos 10°, sin 10°): x1 = (-1, 1) off, x2 = (1, 1) on
    assert "diag(0,1)" in fig.get_suptitle()


def test_static_slider_is_deterministic_and_labels_each_frame():
    html = pattern_panel.static_slider([10.0, 100.0], dpi=72)
    assert html == pattern_panel.static_slider([10.0, 100.0], dpi=72)
    assert html.count("data:image/png;base64,") == 3  # two frames, the first one also as the initial image
    assert "pattern diag(0,1)" in html and "pattern diag(1,1)" in html


def test_static_slider_refuses_bad_values():
    with pytest.raises(ValueError, match="scale"):
        pattern_panel.static_slider([10.0], scale=-1.0)


def test_panel_builds_and_redraws():
    box = pattern_panel.panel()
    sliders = [w for row in box.children[:2] for w in row.children]
    assert [s.description for s in sliders] == ["angle (deg)", "scale", "input t1", "input t2"]
    sliders[1].value = 0.0  # redraw with a zero neuron
    (shown,) = box.children[2].outputs
    assert "Figure" in shown["data"]["text/plain"]
    sliders[1].value = -1.0  # out of range for the slider: clamped to 0, still a figure
    assert "Figure" in box.children[2].outputs[0]["data"]["text/plain"]
