"""Redraw time of the gradient-descent panel (hiddenconvex.widgets.gd_panel) at its default settings.

One redraw = ``gd_panel.update(**DEFAULTS)`` (a GD run and the figure) followed by rendering the view
to the PNG the panel displays. Prints the median over repeats next to the 150 ms budget.
Run: python benchmarks/bench_widgets.py
"""

from __future__ import annotations

import statistics
import time

from hiddenconvex.widgets import gd_panel

BUDGET_MS = 150.0
REPEATS = 21


def _median_ms(action) -> float:
    action()  # warm-up: imports, font cache
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        times.append(1e3 * (time.perf_counter() - start))
    return statistics.median(times)


def main() -> None:
    update_only = _median_ms(lambda: gd_panel.update(**gd_panel.DEFAULTS))
    full = _median_ms(lambda: gd_panel.update(**gd_panel.DEFAULTS).png())
    print(f"defaults: {gd_panel.DEFAULTS}")
    print(f"{'measure':<34}{'median ms':>10}{'budget ms':>11}{'ratio':>8}")
    for name, value in (("update (GD run + figure)", update_only), ("redraw (update + PNG rendering)", full)):
        print(f"{name:<34}{value:>10.1f}{BUDGET_MS:>11.0f}{value / BUDGET_MS:>8.2f}")


if __name__ == "__main__":
    main()
