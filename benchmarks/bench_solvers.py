"""Benchmark: the fast convex solver against cvxpy (Clarabel), and gradient-descent throughput.

Prints, in one process, wall-clock ratios side by side:

1. the ReLU convex program with n = 1000, d = 20 (+ bias), 100 sampled patterns: Clarabel (cvxpy's
   default solver) and ``solve_convex(..., solver="fast")``, with the relative difference of their
   final objectives;
2. the scaling of both solvers in n and in the number of sampled gates (a log-log plot is written
   only when ``--plot PATH`` is given, outside the repository or into benchmarks/ output);
3. ``hc.train_gd`` steps per second for m = 1000, n = 4 and m = 20, n = 100, d = 10.

BLAS is limited to one thread (threadpoolctl) so that the numbers are reproducible on a shared machine.

    python benchmarks/bench_solvers.py [--quick] [--seed N] [--plot scaling.png]
"""

from __future__ import annotations

import argparse

import cvxpy  # noqa: F401  imported before any timing: the library imports it lazily, on first use
import numpy as np
from threadpoolctl import threadpool_limits

import hiddenconvex as hc
from hiddenconvex._solvers.interior_point import TOL
from hiddenconvex.timing import timed

LAM = 1.0


def problem(n: int, d: int, k: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Noisy linear labels on Gaussian inputs plus a bias column, and ``k`` sampled patterns."""
    X, y = hc.data.random_regression(n, d, seed=seed, noise=0.5)
    return X, y, hc.sample_patterns(X, k, seed=seed)


def compare(n: int, d: int, k: int, tols: tuple[float, ...] = (TOL,), seed: int = 0) -> list[tuple[float, float, str]]:
    """Clarabel's seconds, then for each ``tol`` the fast solver's seconds and relative objective difference.

    A fast run that does not converge within its iteration budget is reported as such.
    """
    X, y, patterns = problem(n, d, k, seed)
    ref, t_ref = timed(lambda: hc.solve_convex(X, y, LAM, patterns=patterns, solver="CLARABEL"))
    rows = []
    for tol in tols:
        note, t_fast = timed(lambda tol=tol: _fast_note(X, y, patterns, tol, ref.value))
        rows.append((t_ref, t_fast, note))
    return rows


def _fast_note(X: np.ndarray, y: np.ndarray, patterns: np.ndarray, tol: float, reference: float) -> str:
    """Run the fast solver; describe its accuracy, or its failure to converge (the time still counts)."""
    try:
        fast = hc.solve_convex(X, y, LAM, patterns=patterns, solver="fast", tol=tol)
    except hc.ConvexSolverError as err:
        return f"NOT CONVERGED: {err}"
    return f"rel. objective diff {(fast.value - reference) / reference:+.1e}"


def gd_steps_per_second(m: int, n: int, d: int, steps: int) -> float:
    X, y = hc.data.random_regression(n, d, seed=0)
    _, seconds = timed(lambda: hc.train_gd(X, y, m, 1e-3, 1e-3, 0.1, steps, record_every=steps))
    return steps / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (a smoke run)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the first (large) problem's data and gates")
    parser.add_argument("--plot", help="write the log-log scaling plot to this PNG path")
    args = parser.parse_args()
    main_size = (200, 10, 30) if args.quick else (1000, 20, 100)
    sizes_n = [50, 100, 200] if args.quick else [100, 200, 400]
    sizes_k = [10, 20, 40]
    with threadpool_limits(1):
        print(f"ReLU program n={main_size[0]}, d={main_size[1]}+bias, {main_size[2]} gates, lam={LAM}, seed {args.seed}", flush=True)
        for tol, (t_ref, t_fast, note) in zip((TOL, 1e-3), compare(*main_size, tols=(TOL, 1e-3), seed=args.seed)):
            print(f"  Clarabel {t_ref:8.2f} s | fast (tol {tol:.0e}) {t_fast:8.2f} s | speed-up {t_ref / t_fast:6.2f}x | {note}", flush=True)
        rows = {"n": [(n, *compare(n, 10, 20)[0]) for n in sizes_n], "patterns": [(k, *compare(200, 10, k)[0]) for k in sizes_k]}
        for axis, label in (("n", "points n (d=10+bias, 20 gates)"), ("patterns", "gates (d=10+bias, n=200)")):
            print(f"scaling in {label}", flush=True)
            for size, a, b, note in rows[axis]:
                print(f"  {size:6d}: Clarabel {a:7.2f} s | fast {b:7.2f} s | speed-up {a / b:6.2f}x | {note}", flush=True)
        for m, n, d, steps in ((1000, 4, 1, 2000), (20, 100, 10, 5000)):
            print(f"train_gd m={m}, n={n}, d={d}+bias: {gd_steps_per_second(m, n, d, steps):10.0f} steps/s", flush=True)
    if args.plot:
        series = {axis: {"Clarabel": [r[1] for r in rows[axis]], "fast": [r[2] for r in rows[axis]]} for axis in rows}
        fig = hc.plots.performance.scaling(
            {"points n": ([r[0] for r in rows["n"]], series["n"]), "gates": ([r[0] for r in rows["patterns"]], series["patterns"])}
        )
        fig.savefig(args.plot, dpi=100)
        print(f"plot written to {args.plot}", flush=True)


if __name__ == "__main__":
    main()
