r"""Three layers: how many combined activation patterns a sub-network has (Ergen & Pilanci, 2021).

Ergen & Pilanci write a parallel three-layer network as a sum of sub-networks,

.. math:: f(X) = \sum_{k=1}^K \max\big(0,\ \max(0, X W_k)\, w'_k\big)\, \alpha_k,
          \qquad W_k \in \mathbb{R}^{d \times m_1},\ w'_k \in \mathbb{R}^{m_1},

and convexify it like the two-layer network, with one group of variables per
*combined pattern* of a sub-network: the patterns :math:`D^{(1)}_1, \dots, D^{(1)}_{m_1}` of its
:math:`m_1` first-layer neurons together with the pattern :math:`D^{(2)}` of its second-layer unit,

.. math:: D^{(2)} = \operatorname{diag}\Big(\mathbb{1}\Big[\sum_{l=1}^{m_1} w'_l\, D^{(1)}_l X w_l > 0\Big]\Big).

Here a combined pattern is the pair (multiset of the :math:`m_1` first-layer patterns,
second-layer pattern): the order of the first-layer neurons inside a sub-network
does not matter. This module counts them by sampling Gaussian weights, which
gives a **lower bound** on the number of realizable combined patterns (every
pattern found is realizable; some may be missed). For :math:`m_1 = 1` the count
is known exactly: the second-layer pattern is the first-layer one when
:math:`w' > 0` and empty otherwise, hence :math:`2p - 1` combined patterns for
:math:`p` two-layer patterns (the all-zero one counted once).
"""

from __future__ import annotations

import numpy as np

from hiddenconvex import _checks


def combined_pattern_count(X: object, m1: int, samples: int, seed: int = 0, chunk: int = 20_000) -> int:
    """Number of distinct combined patterns found by ``samples`` random sub-networks.

    Weights: ``W`` (m1, d) and ``w'`` (m1,) i.i.d. standard Gaussian from ``seed``,
    drawn ``chunk`` sub-networks at a time. Returns a lower bound on the number of
    realizable combined patterns of a sub-network with ``m1`` first-layer neurons on ``X``.
    """
    X = _checks.as_matrix(X, "X")
    m1 = _checks.integer(m1, "m1", 1)
    samples = _checks.integer(samples, "samples", 1)
    chunk = _checks.integer(chunk, "chunk", 1)
    n, d = X.shape
    if n > 62:
        raise ValueError(f"X must have at most 62 rows (patterns are packed in 64-bit integers), got {n}")
    rng = np.random.default_rng(_checks.seed(seed))
    bits = 2 ** np.arange(n, dtype=np.int64)
    found: set[tuple[int, ...]] = set()
    for start in range(0, samples, chunk):
        size = min(chunk, samples - start)
        W = rng.standard_normal((size, m1, d))
        w_out = rng.standard_normal((size, m1))
        pre = np.einsum("smd,nd->smn", W, X)  # (size, m1, n)
        first = np.sort((pre > 0) @ bits, axis=1)  # (size, m1) codes, order-free
        second = (np.einsum("sm,smn->sn", w_out, np.maximum(pre, 0.0)) > 0) @ bits  # (size,)
        found.update(map(tuple, np.column_stack([first, second]).tolist()))
    return len(found)
