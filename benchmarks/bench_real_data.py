"""Benchmark: the convex model against gradient descent and Adam on scikit-learn's bundled data sets.

For each binary task of ``hiddenconvex.real_data.TASKS`` (half the points for training, half for
test), prints one row per method: test accuracy, training objective (our loss, weight decay λ) and
wall-clock seconds, and the time of each optimizer relative to the convex solve, side by side in one
process. The convex model uses ``--gates`` sampled patterns (``solve_convex(..., solver="fast")``);
gradient descent and Adam train a network of the same width for ``--steps`` steps. Every method
runs with one BLAS thread (``compare_methods`` limits it), so that the numbers are comparable on a
shared machine.

    python benchmarks/bench_real_data.py [--gates 12] [--steps 2000] [--lam 0.1] [--seed 0]
"""

from __future__ import annotations

import argparse

import hiddenconvex as hc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gates", type=int, default=12, help="sampled patterns of the convex model")
    parser.add_argument("--steps", type=int, default=2000, help="steps of gradient descent and Adam")
    parser.add_argument("--lam", type=float, default=0.1, help="weight decay")
    parser.add_argument("--seed", type=int, default=0, help="seed of the split, the gates and the initializations")
    args = parser.parse_args()
    print(f"lam={args.lam}, {args.gates} gates, {args.steps} steps, seed {args.seed}; one BLAS thread", flush=True)
    for name in hc.real_data.TASKS:
        X, y, X_test, y_test = hc.real_data.binary_task(name, seed=args.seed)
        print(f"{name}: {len(y)} training and {len(y_test)} test points, d = {X.shape[1]} (with bias)", flush=True)
        rows = hc.real_data.compare_methods(X, y, X_test, y_test, args.lam, args.gates, args.steps, seed=args.seed)
        for row in rows:
            print(f"  {row.method:7s} width {row.width:3d} | test accuracy {row.test_accuracy:.3f} | "
                  f"objective {row.objective:9.4f} | {row.seconds:7.2f} s | {row.seconds / rows[0].seconds:6.2f}x convex",
                  flush=True)


if __name__ == "__main__":
    main()
