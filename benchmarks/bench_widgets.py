"""Redraw time of the gradient-descent panel (hiddenconvex.widgets.gd_panel) at its default settings.

One redraw = ``gd_panel.update(**DEFAULTS)`` (a GD run and the figure) followed by rendering the view
to the PNG the panel displays. Prints the median over repeats next to the 150 ms budget, as wall-clock
time (what a reader waits) and as the process's CPU time (less sensitive to other jobs on a shared
machine). Run: python benchmarks/bench_widgets.py
"""

from __future__ import annotations

import statistics
import time

from hiddenconvex.widgets import gd_panel

BUDGET_MS = 150.0
REPEATS = 21


def _medians_ms(action) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of ``action()`` over ``REPEATS`` calls (after a warm-up)."""
    action()  # warm-up: imports, font cache
    wall, cpu = [], []
    for _ in range(REPEATS):
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(1e3 * (time.perf_counter() - start_wall))
        cpu.append(1e3 * (time.process_time() - start_cpu))
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    rows = {
        "update (GD run + figure)": _medians_ms(lambda: gd_panel.update(**gd_panel.DEFAULTS)),
        "redraw (update + PNG rendering)": _medians_ms(lambda: gd_panel.update(**gd_panel.DEFAULTS).png()),
    }
    print(f"defaults: {gd_panel.DEFAULTS}")
    print(f"{'measure':<34}{'wall ms':>9}{'cpu ms':>9}{'budget ms':>11}{'wall/budget':>13}")
    for name, (wall, cpu) in rows.items():
        print(f"{name:<34}{wall:>9.1f}{cpu:>9.1f}{BUDGET_MS:>11.0f}{wall / BUDGET_MS:>13.2f}")


if __name__ == "__main__":
    main()
