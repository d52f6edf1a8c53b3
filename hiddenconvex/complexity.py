"""Cost estimates of the convex program: how the work of solving it grows with the data.

These are formulas, not measurements; the solver itself is :mod:`hiddenconvex.interior_point`
and its measured times are in :mod:`hiddenconvex.timing`.
"""

from __future__ import annotations

from hiddenconvex import _checks


def interior_point_cost(n: int, d: int, r: int) -> float:
    r"""The interior-point estimate :math:`d^3 r^3 (n/r)^{3r}` for the program with all patterns.

    ``n`` points in :math:`\mathbb{R}^d` whose span has rank ``r``: the program has
    :math:`2p` groups of size ``d`` with :math:`p \le 2r(e(n-1)/r)^r` (Pilanci & Ergen, 2020).
    """
    n = _checks.integer(n, "n", 1)
    d = _checks.integer(d, "d", 1)
    r = _checks.integer(r, "r", 1)
    if r > min(n, d):
        raise ValueError(f"r must be an integer between 1 and min(n, d) = {min(n, d)}, got {r}")
    return float(d**3 * r**3 * (n / r) ** (3 * r))
