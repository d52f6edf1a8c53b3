"""Animations for the book: GIF files written with imageio, and kernel-free HTML sliders.

Both take *frames*: RGB arrays of shape ``(height, width, 3)`` (``uint8``), rendered from
figures with :func:`figure_to_rgb`. The one way to animate a gradient-descent run is
``write_gif(trajectory_frames(plot, traj, records, ...), path)``, where ``plot(traj, t, ...)``
draws record ``t`` (for instance :func:`hiddenconvex.plots.dynamics.output_and_loss` or
:func:`hiddenconvex.plots.convex.teaser_frame`); a widget's ``static_slider`` passes its
views to :func:`html_slider`. GIFs are written atomically (to
a temporary file in the same folder, then renamed) and refused when they would
break the book's limits: at most 900 x 600 pixels and 1.5 MB.

:func:`html_slider` turns frames into a self-contained HTML snippet (images
embedded as base64 PNG, a few lines of inline JavaScript, no CDN) so that the
static website shows the effect of a widget's sliders without a Python kernel.
Its element ids are derived from the frames' content, so the same frames give
byte-identical HTML (which keeps notebook outputs comparable by nbval).
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import imageio.v3 as iio
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from hiddenconvex import _checks
from hiddenconvex.plots.style import display_dpi
from hiddenconvex.training import Trajectory

MAX_GIF_BYTES = 1_500_000
MAX_GIF_SIZE = (900, 600)  # width, height in pixels


def figure_to_rgb(fig: Figure, dpi: float = 100) -> np.ndarray:
    """Render a figure to an RGB ``uint8`` array of shape ``(height, width, 3)``."""
    canvas = FigureCanvasAgg(fig)
    fig.set_dpi(dpi)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].copy()


def trajectory_frames(plot: Callable[..., Figure], traj: Trajectory, records: Sequence[int], *args,
                      dpi: float = 80, **kwargs) -> list[np.ndarray]:
    """RGB frames of ``plot(traj, t, *args, **kwargs)`` for each record index ``t`` in ``records``.

    The layout of the first frame is reused for the others, so the axes do not jump between frames.
    A GIF shows its frames pixel for pixel, so ``dpi`` is their display resolution: at least
    :data:`hiddenconvex.plots.style.MIN_DISPLAY_DPI` (the smallest text at 9 px or more). ``records``
    are record indices of ``traj`` (not step numbers).
    """
    if not callable(plot):
        raise ValueError(f"plot must be a plot function plot(traj, t, ...) -> Figure, got {type(plot).__name__}")
    _checks.instance(traj, Trajectory, "traj")
    records = _checks.indices(records, "records", len(traj))
    dpi = display_dpi(dpi)
    frames, positions = [], None
    for t in records:
        fig = plot(traj, int(t), *args, **kwargs)
        _checks.instance(fig, Figure, "the result of plot")
        if positions is not None:  # reuse the first frame's layout: steady axes, and no layout pass per frame
            fig.set_layout_engine("none")
            for ax, position in zip(fig.axes, positions):
                ax.set_position(position)
        frames.append(figure_to_rgb(fig, dpi=dpi))
        positions = positions or [ax.get_position() for ax in fig.axes]
    return frames


def write_gif(
    frames: Sequence[np.ndarray],
    path: str | os.PathLike,
    frame_ms: int = 40,
    last_frame_ms: int = 1500,
    max_bytes: int = MAX_GIF_BYTES,
) -> Path:
    """Write ``frames`` as a looping GIF at ``path``, atomically; returns the path.

    Each frame is shown ``frame_ms`` milliseconds and the last one ``last_frame_ms``
    (so the end state can be read). Raises ``ValueError`` for an empty sequence,
    frames of different or too large sizes, or a file over ``max_bytes`` (nothing
    is written then).
    """
    frames = _rgb_frames(frames)
    height, width = frames[0].shape[:2]
    if width > MAX_GIF_SIZE[0] or height > MAX_GIF_SIZE[1]:
        raise ValueError(f"frames are {width}x{height} pixels; at most {MAX_GIF_SIZE[0]}x{MAX_GIF_SIZE[1]} allowed")
    if frame_ms < 10 or last_frame_ms < 10:
        raise ValueError(f"frame_ms and last_frame_ms must be >= 10 ms, got {frame_ms} and {last_frame_ms}")
    durations = [frame_ms] * (len(frames) - 1) + [last_frame_ms]
    data = iio.imwrite("<bytes>", np.stack(frames).astype(np.uint8), extension=".gif", duration=durations, loop=0)
    if len(data) > max_bytes:
        raise ValueError(f"the GIF would be {len(data) / 1e6:.2f} MB, over the {max_bytes / 1e6:.2f} MB limit: "
                         "use fewer or smaller frames")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".gif.tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; a web server must be able to read the GIF
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _rgb_frames(frames: object) -> list[np.ndarray]:
    """Validate frames: a non-empty sequence of ``uint8`` RGB arrays of one shape ``(h, w, 3)`` (as :func:`figure_to_rgb` gives)."""
    if isinstance(frames, (str, bytes)) or not isinstance(frames, (Sequence, np.ndarray)):
        raise ValueError(f"frames must be a sequence of RGB arrays, got {type(frames).__name__}")
    frames = [np.asarray(f) for f in frames]
    if not frames:
        raise ValueError("frames must contain at least one frame")
    shape = frames[0].shape
    if any(f.shape != shape or f.dtype != np.uint8 for f in frames) or len(shape) != 3 or shape[2] != 3:
        raise ValueError(f"frames must all be uint8 RGB arrays of one shape (h, w, 3), got first shape {shape}")
    return frames


def png_bytes(frame: np.ndarray) -> bytes:
    """Encode one RGB frame as PNG bytes, reduced to 256 colours (figures use far fewer, plus anti-aliasing)."""
    from PIL import Image

    image = Image.fromarray(np.asarray(frame, dtype=np.uint8)).convert("RGB")
    quantized = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    quantized.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def html_slider(frames: Sequence[np.ndarray], labels: Sequence[str], title: str, alt: str, density: int = 1) -> str:
    """A self-contained HTML slider over precomputed frames, for readers without a kernel.

    ``labels[k]`` describes the parameter values of ``frames[k]`` (shown under the
    slider); ``alt`` is the alternative text of the image. Frames rendered with ``density``
    pixels per CSS pixel (2 for high-density screens) are shown at ``1 / density`` of their
    pixel width (and never wider than the page). Returns an HTML string; display it with
    ``IPython.display.HTML``.
    """
    density = _checks.integer(density, "density", 1, 4)
    frames = _rgb_frames(frames)
    labels = _checks.labels(labels, "labels", len(frames))
    title = _checks.text(title, "title")
    alt = _checks.text(alt, "alt")
    sources = ["data:image/png;base64," + base64.b64encode(png_bytes(f)).decode("ascii") for f in frames]
    uid = "hc-slider-" + hashlib.sha1("".join(sources).encode() + title.encode()).hexdigest()[:12]
    data = ",".join(f'"{s}"' for s in sources)
    names = ",".join('"' + html.escape(str(lab), quote=True).replace("\\", "\\\\") + '"' for lab in labels)
    return f"""<figure id="{uid}" class="hc-slider">
<figcaption><strong>{html.escape(title)}</strong> (precomputed; move the slider)</figcaption>
<img id="{uid}-img" src="{sources[0]}" alt="{html.escape(alt, quote=True)}" width="{-(-np.shape(frames[0])[1] // density)}" style="max-width:100%;height:auto"/>
<div><input id="{uid}-range" type="range" min="0" max="{len(frames) - 1}" value="0" step="1" aria-label="{html.escape(title, quote=True)}" style="width:60%"/>
<span id="{uid}-label">{html.escape(str(labels[0]))}</span></div>
<script>(function() {{
  var src = [{data}], lab = [{names}];
  var r = document.getElementById("{uid}-range");
  r.addEventListener("input", function() {{
    document.getElementById("{uid}-img").src = src[r.value];
    document.getElementById("{uid}-label").innerHTML = lab[r.value];
  }});
}})();</script>
</figure>"""
