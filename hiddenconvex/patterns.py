r"""Activation patterns: which data points a ReLU neuron switches on.

**Convention (used everywhere in this package).** The activation pattern of a
neuron :math:`w` on data :math:`X \in \mathbb{R}^{n \times d}` is the boolean
vector :math:`\mathbb{1}[X w > 0]` (strict inequality), and
:math:`D = \mathrm{diag}(\mathbb{1}[Xw > 0])`, so that
:math:`\max(0, Xw) = D X w`. A point exactly on the activation hyperplane
counts as inactive, which matches :math:`\mathrm{ReLU}'(0) = 0` in the gradient.

The *realizable* patterns are the patterns of the open cells of the central
hyperplane arrangement :math:`\{w : x_j^\top w = 0\}`, together with the
all-zero pattern (the pattern of :math:`w = 0`). For ``n`` points in general
position spanning a space of rank ``r``, the number of cells is
:math:`2\sum_{k=0}^{r-1}\binom{n-1}{k}` (Cover, 1965), see :func:`cover_count`.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from hiddenconvex import _checks

#: Default largest number of cells that :func:`activation_patterns` agrees to enumerate.
MAX_PATTERNS = 500_000
_REL_TOL = 1e-10
#: |cos| below which a unit data vector counts as lying on a hyperplane (rounding is ~1e-16)
_TIGHT_TOL = 1e-12
#: |w1| at or below which a 1-D neuron with a bias counts as flat (no activation point)
_FLAT_TOL = 1e-12


def pattern_of(W: object, X: object) -> np.ndarray:
    """Patterns :math:`\\mathbb{1}[X w_i > 0]` of the neurons (rows) of ``W``: bool array ``(m, n)``."""
    X = _checks.as_matrix(X, "X")
    W = np.atleast_2d(_checks.as_matrix(np.atleast_2d(W), "W"))
    if W.shape[1] != X.shape[1]:
        raise ValueError(f"W has {W.shape[1]} columns but X has {X.shape[1]}")
    return (W @ X.T) > 0


def points_on_planes(W: object, X: object, rtol: float = 1e-9) -> np.ndarray:
    """For each neuron (row) ``w`` of ``W``, how many data points lie on its plane :math:`x^\\top w = 0`
    (:math:`|x_j^\\top w| \\le` ``rtol`` :math:`\\|x_j\\|\\,\\|w\\|`): for 2-D data with a bias, the points its
    switching line passes through. Integer array ``(m,)``."""
    X = _checks.as_matrix(X, "X")
    W = np.atleast_2d(_checks.as_matrix(np.atleast_2d(W), "W"))
    if W.shape[1] != X.shape[1]:
        raise ValueError(f"W has {W.shape[1]} columns but X has {X.shape[1]}")
    rtol = _checks.positive(rtol, "rtol")
    level = rtol * np.outer(np.linalg.norm(W, axis=1), np.linalg.norm(X, axis=1))
    return np.count_nonzero(np.abs(W @ X.T) <= level, axis=1)


def cover_count(n: int, r: int) -> int:
    r"""Cover's number of cells :math:`2\sum_{k=0}^{r-1}\binom{n-1}{k}`.

    It counts the activation patterns of ``n`` points in general position whose
    span has rank ``r`` (with :math:`n \ge 1, r \ge 1`).
    """
    n = _checks.integer(n, "n", 1)
    r = _checks.integer(r, "r", 1)
    return 2 * sum(math.comb(n - 1, k) for k in range(min(r, n)))  # the terms with k >= n are 0


def cover_bound(n: int, r: int) -> float:
    r"""The simpler upper bound :math:`2r\,(e(n-1)/r)^r` on :func:`cover_count`."""
    n = _checks.integer(n, "n", 2)
    r = _checks.integer(r, "r", 1)
    return 2.0 * r * (math.e * (n - 1) / r) ** r


def activation_patterns(X: object, max_patterns: int = MAX_PATTERNS) -> np.ndarray:
    """Every distinct realizable activation pattern of ``X`` (exact, not sampled).

    Returns a boolean array of shape ``(p, n)``, rows sorted, the all-zero
    pattern included. Works for any data (degenerate or in general position).

    Method: the data are reduced to their rank ``r``. For ``r <= 2`` the cells
    are found by an angular sweep. For ``r >= 3`` every cell of the (pointed)
    arrangement has an extreme ray, the intersection of ``r - 1`` independent
    hyperplanes; the cells touching a ray are read off the signs of the data on
    it, the hyperplanes through it being resolved recursively in one dimension
    less. In general position that is :math:`2^{r-1}` cells per ray, so rank 3
    (2-D data plus a bias column) costs :math:`O(n^3)` arithmetic, vectorized.

    Raises ``ValueError`` when Cover's count for ``X`` exceeds ``max_patterns``:
    use :func:`sample_patterns` for such data.
    """
    X = _checks.as_matrix(X, "X")
    max_patterns = _checks.integer(max_patterns, "max_patterns", 1)
    n = X.shape[0]
    live = np.linalg.norm(X, axis=1) > 0
    Z = _reduce_to_rank(X[live])
    patterns = np.zeros((1, n), dtype=bool)
    if Z.shape[1] > 0:
        expected = cover_count(int(live.sum()), Z.shape[1])
        if expected > max_patterns:
            raise ValueError(
                f"X has up to {expected} activation patterns (n = {n}, rank {Z.shape[1]}), more than "
                f"max_patterns = {max_patterns}; use hc.sample_patterns(X, k) instead"
            )
        cell_patterns = _cells(Z)
        cells = np.zeros((len(cell_patterns), n), dtype=bool)
        cells[:, live] = cell_patterns
        patterns = np.vstack([patterns, cells])
    return _unique_rows(patterns)


def nonzero_patterns(X: object, patterns: object | None = None) -> np.ndarray:
    """The patterns a convex program is built on: ``patterns`` (default: :func:`activation_patterns` of ``X``)
    validated, without the all-zero row.

    The all-zero pattern contributes nothing to the fit :math:`\\sum_i D_i X (u_i - v_i)`, so
    every program drops it. Returns a boolean array ``(p, n)``, possibly with ``p = 0``.
    """
    X = _checks.as_matrix(X, "X")
    if patterns is None:
        patterns = activation_patterns(X)
    patterns = _checks.as_patterns(patterns, X.shape[0])
    return patterns[patterns.any(axis=1)]


def sample_patterns(X: object, k: int, seed: int = 0) -> np.ndarray:
    """Patterns of ``k`` random Gaussian gates :math:`g \\sim \\mathcal{N}(0, I_d)`.

    The patterns :math:`\\mathbb{1}[Xg > 0]` are deduplicated and the all-zero
    pattern is removed (it adds nothing to the convex program), as in Mishkin,
    Sahiner & Pilanci (2022). Returns a boolean array ``(p, n)``, rows sorted,
    ``p <= k``. The result is a subset of :func:`activation_patterns`.
    """
    X = _checks.as_matrix(X, "X")
    k = _checks.integer(k, "k", 1)
    patterns = _unique_rows(pattern_of(_gates(k, X.shape[1], seed), X))
    return patterns[patterns.any(axis=1)]


def sampling_coverage(X: object, gate_counts: object, seed: int = 0) -> np.ndarray:
    """How many distinct non-zero patterns the first ``k`` Gaussian gates find, for each ``k`` in ``gate_counts``.

    The gates are those of :func:`sample_patterns` with the same ``seed`` (the
    first ``k`` rows of one draw), so entry ``i`` equals
    ``len(sample_patterns(X, gate_counts[i], seed))`` and the curve never
    decreases along increasing ``gate_counts``. Returns an int array of the
    length of ``gate_counts``. Compare with ``len(activation_patterns(X)) - 1``,
    the number of realizable non-zero patterns.
    """
    X = _checks.as_matrix(X, "X")
    _checks.refuse_converted(gate_counts, "gate_counts")
    counts = [_checks.integer(k, "gate_counts", 1) for k in np.atleast_1d(np.asarray(gate_counts, dtype=object))]
    if not counts:
        raise ValueError("gate_counts must hold at least one number of gates")
    patterns = pattern_of(_gates(max(counts), X.shape[1], seed), X)
    return np.array([int(_unique_rows(patterns[:k]).any(axis=1).sum()) for k in counts])


def activation_points(W: object, flat: str = "raise") -> np.ndarray:
    r"""Activation points :math:`a_i = -w_{i2} / w_{i1}` of neurons on 1-D data with a bias column.

    With inputs :math:`x \in \mathbb{R}` and data rows :math:`(x, 1)`, the neuron
    :math:`w = (w_1, w_2)` computes :math:`\max(0, w_1 x + w_2)`: it switches on
    at :math:`x = a`, and is active for :math:`x > a` when :math:`w_1 > 0`
    (it *faces right*), for :math:`x < a` when :math:`w_1 < 0` (it faces left).

    ``W`` has shape ``(2,)`` (one neuron), ``(m, 2)`` (a network) or ``(..., m, 2)``
    (for example a trajectory's weights ``(T, m, 2)``); the result drops the last axis
    (shape ``(1,)`` for one neuron). A neuron with :math:`|w_1| \le 10^{-12}` is
    constant in :math:`x` and has no activation point: with ``flat="raise"`` that is
    a ``ValueError``, with ``flat="nan"`` its entry is ``nan``.
    """
    if flat not in ("raise", "nan"):
        raise ValueError(f"flat must be 'raise' or 'nan', got {flat!r}")
    W = np.atleast_2d(_checks.as_array(W, "W"))
    if W.shape[-1] != 2:
        raise ValueError(f"W must have shape (..., m, 2): 2 columns (slope w1, bias w2), got shape {W.shape}")
    slope, offset = W[..., 0], W[..., 1]
    is_flat = np.abs(slope) <= _FLAT_TOL
    if flat == "raise" and np.any(is_flat):
        raise ValueError("W has a neuron with w1 = 0: it is constant in x and has no activation point")
    return np.where(is_flat, np.nan, -offset / np.where(is_flat, 1.0, slope))


def neuron_placements(x: object) -> np.ndarray:
    r"""One neuron per way of placing an activation point among 1-D inputs, facing right then left.

    The distinct inputs :math:`x_{(1)} < \dots < x_{(q)}` cut the line into
    :math:`q + 1` open intervals. For each interval (in increasing order) the
    neuron :math:`w = (1, -a)` with activation point :math:`a` inside it faces
    right; then the same :math:`q + 1` neurons :math:`w = (-1, a)` face left.
    ``a`` is the interval's midpoint, or one unit beyond the outermost input.
    Returns ``W`` of shape ``(2(q + 1), 2)``, to be used on ``hc.data.add_bias(x)``.
    The :math:`2(q+1)` placements give only :math:`2q` distinct patterns: the
    two outermost placements repeat the all-on and all-off patterns.
    """
    x = np.unique(_checks.as_vector(x, "x"))
    if x.size == 0:
        raise ValueError("x must contain at least one input")
    points = np.concatenate([[x[0] - 1.0], (x[:-1] + x[1:]) / 2, [x[-1] + 1.0]])
    right = np.stack([np.ones_like(points), -points], axis=1)
    return np.vstack([right, -right])


def cone_constraints(X: object, pattern: object) -> np.ndarray:
    r"""The matrix :math:`A = (2D - I)X` whose rows cut out the cone of a pattern.

    The neurons with pattern ``pattern`` (bool, shape ``(n,)``) lie in the closed
    convex cone :math:`K = \{u : A u \ge 0\}`, i.e. :math:`x_j^\top u \ge 0` where
    the pattern is on and :math:`x_j^\top u \le 0` where it is off; every
    :math:`u` with :math:`A u > 0` has exactly that pattern. These are the
    constraints of the convex program. Returns ``A`` of shape ``(n, d)``.
    """
    X = _checks.as_matrix(X, "X")
    pattern = _checks.as_pattern(pattern, "pattern", X.shape[0])
    return np.where(pattern, 1.0, -1.0)[:, None] * X


def pattern_sectors(X: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""The open cells of the arrangement :math:`\{u : x_j^\top u = 0\}` in the plane, as angular sectors.

    ``X`` has shape ``(n, 2)`` and no zero row. Returns ``(starts, ends,
    patterns)``: sector ``k`` is the set of neurons
    :math:`u = \rho(\cos\theta, \sin\theta)`, :math:`\rho > 0`, with
    ``starts[k] < theta < ends[k]`` (radians, ``0 <= starts[k] < 2 pi``,
    increasing), and all of them have the pattern ``patterns[k]`` (bool
    ``(p, n)``). Together with the all-zero pattern (the pattern of ``u = 0``)
    these are exactly the rows of :func:`activation_patterns`.
    """
    X = _checks.as_matrix(X, "X")
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 columns to be drawn in the plane, got shape {X.shape}")
    if np.any(np.linalg.norm(X, axis=1) == 0):
        raise ValueError("X has a zero row: it is never active and cuts no sector")
    return _sectors(X)


def _gates(k: int, d: int, seed: int) -> np.ndarray:
    """``k`` standard Gaussian gates in ``R^d`` from ``seed`` (shared by the sampling functions)."""
    return np.random.default_rng(_checks.seed(seed)).standard_normal((k, d))


def _reduce_to_rank(X: np.ndarray) -> np.ndarray:
    """Coordinates ``Z = X V`` of the rows in an orthonormal basis ``V`` of their span."""
    if X.shape[0] == 0:
        return np.zeros((0, 0))
    _, s, Vt = np.linalg.svd(X, full_matrices=False)
    rank = int(np.sum(s > _REL_TOL * s[0] * max(X.shape)))
    return X @ Vt[:rank].T


def _cells(Z: np.ndarray) -> np.ndarray:
    """Sign patterns ``Z w > 0`` of all open cells; ``Z`` (k, r) has rank r and no zero row."""
    r = Z.shape[1]
    if r == 1:
        positive = Z[:, 0] > 0
        return np.array([positive, ~positive])
    if r == 2:
        return _cells_rank2(Z)
    return _cells_from_rays(Z)


def _cells_rank2(Z: np.ndarray) -> np.ndarray:
    """Angular sweep: a cell between each pair of consecutive critical angles."""
    return _sectors(Z)[2]


def _sectors(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Open angular sectors of the lines ``z_j^T u = 0`` in the plane: starts, ends (radians), patterns."""
    normal = np.arctan2(Z[:, 1], Z[:, 0])
    critical = np.mod(np.concatenate([normal + np.pi / 2, normal - np.pi / 2]), 2 * np.pi)
    critical = np.sort(critical)
    gaps = np.diff(np.append(critical, critical[0] + 2 * np.pi))
    keep = gaps > 1e-12
    starts, ends = critical[keep], critical[keep] + gaps[keep]
    mids = (starts + ends) / 2
    directions = np.stack([np.cos(mids), np.sin(mids)], axis=1)
    return starts, ends, (directions @ Z.T) > 0


def _cells_from_rays(Z: np.ndarray) -> np.ndarray:
    """Cells of a rank-r (r >= 3) arrangement, read around each extreme ray."""
    k, r = Z.shape
    unit = Z / np.linalg.norm(Z, axis=1, keepdims=True)
    subsets = np.array(list(itertools.combinations(range(k), r - 1)))
    _, s, Vt = np.linalg.svd(unit[subsets], full_matrices=True)  # (P, r-1, r)
    independent = s[:, -1] > _TIGHT_TOL
    rays = Vt[independent, -1, :]  # null vector of each independent subset
    values = rays @ unit.T  # (P, k)
    tight = np.abs(values) <= _TIGHT_TOL
    on = values > 0
    generic = tight.sum(axis=1) == r - 1
    blocks = [_generic_cells(on[generic], tight[generic], r - 1)]
    for ray, is_tight, is_on in _distinct(rays[~generic], tight[~generic], on[~generic]):
        blocks.append(_degenerate_cells(Z, ray, is_tight, is_on))
    return np.vstack(blocks)


def _generic_cells(on: np.ndarray, tight: np.ndarray, q: int) -> np.ndarray:
    """Around rays met by exactly ``q`` independent hyperplanes every sign choice is a cell."""
    choices = np.array(list(itertools.product([False, True], repeat=q)))  # (2^q, q)
    tight_idx = np.nonzero(tight)[1].reshape(-1, q)  # (P, q)
    out = []
    for base in (on, ~on & ~tight):  # the ray v and the opposite ray -v
        cells = np.repeat(base[:, None, :], len(choices), axis=1)  # (P, 2^q, k)
        rows = np.arange(len(base))[:, None, None]
        combo = np.arange(len(choices))[None, :, None]
        cells[rows, combo, tight_idx[:, None, :]] = choices[None, :, :]
        out.append(cells.reshape(-1, base.shape[1]))
    return np.vstack(out)


def _degenerate_cells(Z: np.ndarray, ray: np.ndarray, tight: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Cells around a ray met by more than ``r - 1`` hyperplanes: recurse on its orthogonal complement."""
    basis = np.linalg.svd(ray[None, :])[2][1:]  # orthonormal basis of ray's complement
    local = _cells(_reduce_to_rank(Z[tight] @ basis.T))
    out = []
    for base in (on, ~on & ~tight):
        cells = np.repeat(base[None, :], len(local), axis=0)
        cells[:, tight] = local
        out.append(cells)
    return np.vstack(out)


def _distinct(rays: np.ndarray, tight: np.ndarray, on: np.ndarray):
    """One representative ray per distinct tight set (degenerate rays repeat once per subset)."""
    seen: set[bytes] = set()
    for ray, is_tight, is_on in zip(rays, tight, on):
        key = np.packbits(is_tight).tobytes() + np.packbits(is_on).tobytes()
        if key not in seen:
            seen.add(key)
            yield ray, is_tight, is_on


def _unique_rows(patterns: np.ndarray) -> np.ndarray:
    """Distinct rows of a boolean matrix, sorted lexicographically."""
    if len(patterns) == 0:
        return patterns
    packed = np.packbits(patterns, axis=1)  # row order of packed bytes = lexicographic row order
    keys = np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1]))).ravel()
    _, first = np.unique(keys, return_index=True)
    return patterns[first]
