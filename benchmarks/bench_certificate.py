"""Benchmark: the exact certificate of hc.certify against a plain loop of cone projections.

For 2-D data plus a bias column (the spirals, n points, n(n-1) + 2 activation patterns), prints in
one process, side by side, the seconds of

1. ``hc.certify(net, X, y, lam)``: the exact maximum of |nu^T relu(Xu)| over every unit u, by the
   faces of the hyperplane arrangement on the sphere (``hiddenconvex.duality.sphere_dual_norm``);
2. the same maximum by a plain loop: one non-negative least-squares projection per pattern and sign;

and the relative difference of the two maxima. BLAS is limited to one thread.

    python benchmarks/bench_certificate.py [--quick] [--n N]
"""

from __future__ import annotations

import argparse

import numpy as np
from scipy.optimize import nnls
from threadpoolctl import threadpool_limits

import hiddenconvex as hc
from hiddenconvex.timing import timed

LAM = 0.01


def projection_loop(X: np.ndarray, nu: np.ndarray, patterns: np.ndarray) -> float:
    """max over patterns D and signs of ||projection of +-X^T D nu onto the cone of D||, one NNLS each."""
    best = 0.0
    for pattern in patterns:
        A = np.where(pattern, 1.0, -1.0)[:, None] * X
        g = X.T @ (pattern * nu)
        for sign in (1.0, -1.0):
            best = max(best, nnls(A.T, -sign * g)[1])
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="n = 60 instead of 200")
    parser.add_argument("--n", type=int, default=None, help="number of points (default 200, or 60 with --quick)")
    args = parser.parse_args()
    n = args.n or (60 if args.quick else 200)
    X, y = hc.data.spirals(n, seed=0)
    patterns = hc.activation_patterns(X)
    net = hc.init_network(10, X.shape[1], 0.5, seed=1)
    nu = 2.0 * (y - net(X))
    with threadpool_limits(1):
        cert, t_cert = timed(lambda: hc.certify(net, X, y, LAM))
        loop, t_loop = timed(lambda: projection_loop(X, nu, patterns))
    exact = (cert.violation + 1.0) * 2.0 * LAM
    print(f"spirals n={n}, 2-D + bias: {len(patterns)} activation patterns")
    print(f"hc.certify (exact, every unit neuron): {t_cert:8.3f} s   max {exact:.10g}")
    print(f"plain loop of cone projections:        {t_loop:8.3f} s   max {loop:.10g}")
    print(f"speed-up {t_loop / t_cert:6.1f}x | rel. max diff {(exact - loop) / loop:.1e}")


if __name__ == "__main__":
    main()
