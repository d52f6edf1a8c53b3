"""Benchmark: the exact all-pattern program (hc.solve_exact) on the spirals, against the plain fast solver.

For 2-D spirals plus a bias column (n = 100 and 200 points, 30 and 40 with ``--quick``; n(n-1) + 2
activation patterns, n(n-1) + 1 of them non-zero, the count printed) and the weight decay of the
book's spirals (lam = 1e-3, chapter "Watching neurons"), prints in one process:

1. ``hc.solve_exact(X, y, lam, tol)``: seconds, status, certified relative gap (value - lower bound) / value,
   lasso solves (rounds), size of the last dictionary of neurons, the peak resident memory of the process
   so far, and how many neurons of the optimal network have their line through two or more data points
   (a vertex of the arrangement, where the exchange starts), through one, or through none;
2. the plain fast solver on every pattern, ``hc.solve_convex(X, y, lam, patterns=all, solver="fast",
   tol)``, for the smaller size by default, or for the sizes given with ``--plain N ...`` (none with a
   bare ``--plain``; it is slow): seconds, its certified relative gap or why it
   failed, and the ratio of its seconds to solve_exact's;
3. the same with cvxpy and Clarabel (``solver="CLARABEL"``), for the smaller size with ``--quick`` by
   default, or for the sizes given with ``--clarabel N ...``.

BLAS is limited to one thread (threadpoolctl) so that the numbers are reproducible on a shared machine.

    python benchmarks/bench_exact.py [--quick] [--tol T] [--plain N ...] [--clarabel N ...]
"""

from __future__ import annotations

import argparse
import resource

import numpy as np
from threadpoolctl import threadpool_limits

import hiddenconvex as hc
from hiddenconvex.duality import sphere_dual_norm, scaled_bound
from hiddenconvex.timing import timed

LAM = 1e-3


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports ru_maxrss in kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def certified_gap(sol: hc.ConvexSolution, X: np.ndarray, y: np.ndarray) -> float:
    """(value - dual lower bound) / value for the fit of ``sol``, the bound taken over every unit neuron."""
    nu = 2.0 * (y - sol.predict_train(X))
    bound = scaled_bound(y, nu, sphere_dual_norm(X, nu)[0], LAM)
    return (sol.value - bound) / sol.value


def lines_through_points(sol: hc.ConvexSolution, X: np.ndarray) -> np.ndarray:
    """Counts of the network's neurons whose line x^T w = 0 passes through 0, 1 and 2 or more data points."""
    return np.bincount(np.minimum(hc.points_on_planes(sol.to_network().W, X), 2), minlength=3)


def on_all_patterns(X: np.ndarray, y: np.ndarray, tol: float, solver: str) -> tuple[str, float]:
    """``hc.solve_convex`` on every pattern with ``solver``: a description of its result, and its seconds."""
    def run() -> str:
        try:
            sol = hc.solve_convex(X, y, LAM, patterns=hc.activation_patterns(X), solver=solver, tol=tol)
        except hc.ConvexSolverError as err:
            return f"NOT CONVERGED ({str(err).split(':')[0]})"
        return f"certified gap {certified_gap(sol, X, y):.1e}"
    return timed(run)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="n = 30 and 40 instead of 100 and 200")
    parser.add_argument("--tol", type=float, default=1e-6, help="certified relative accuracy asked of solve_exact")
    parser.add_argument("--plain", type=int, nargs="*", default=None,
                        help="sizes n on which to run the plain fast solver too (default: the smaller size)")
    parser.add_argument("--clarabel", type=int, nargs="*", default=None,
                        help="sizes n on which to run cvxpy/Clarabel on every pattern too (default: the smaller "
                             "size with --quick, none otherwise: at n = 100 it has two million constraints)")
    args = parser.parse_args()
    sizes = (30, 40) if args.quick else (100, 200)
    others = {"plain fast": ("fast", sizes[:1] if args.plain is None else args.plain),
              "clarabel  ": ("CLARABEL", (sizes[:1] if args.quick else ()) if args.clarabel is None else args.clarabel)}
    with threadpool_limits(1):
        for n in sizes:
            X, y = hc.data.spirals(n, seed=0)
            exact, seconds = timed(lambda: hc.solve_exact(X, y, LAM, tol=args.tol))
            print(f"spirals n={n}, {len(exact.patterns)} non-zero patterns, lam={LAM}, tol={args.tol:g}", flush=True)
            print(f"  solve_exact {seconds:8.2f} s | {exact.status} | certified gap {exact.relative_gap:.1e} | "
                  f"value {exact.value:.10g} | {exact.rounds} rounds | dictionary {exact.working_set} | "
                  f"peak memory {peak_memory_mb():.0f} MB", flush=True)
            through = lines_through_points(exact, X)
            print(f"  its {through.sum()} neurons: lines through two or more data points {through[2]}, one {through[1]}, "
                  f"none {through[0]}", flush=True)
            for label, (solver, on_sizes) in others.items():
                if n in on_sizes:
                    note, t_other = on_all_patterns(X, y, args.tol, solver)
                    print(f"  {label}  {t_other:8.2f} s | {note} | ratio {t_other / seconds:6.1f}x", flush=True)


if __name__ == "__main__":
    main()
