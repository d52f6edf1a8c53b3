"""Convex programs beyond the basic one, each in its own module with the program written out.

* :mod:`~hiddenconvex.extensions.classification` — logistic loss (exact, penalty 2λ);
* :mod:`~hiddenconvex.extensions.vector_output` — vector outputs (a nuclear-norm lower bound);
* :mod:`~hiddenconvex.extensions.batchnorm` — a batch-normalization layer (exact, on whitened data);
* :mod:`~hiddenconvex.extensions.three_layers` — combined patterns of two hidden layers (counts);
* :mod:`~hiddenconvex.extensions.duality` — the dual program and zero duality gap;
* :mod:`~hiddenconvex.extensions.wgan` — a two-layer ReLU discriminator's best response.

A module with a non-convex model speaks the core's verbs: ``loss(net, X, y, lam)``,
``train_gd(X, y, m, lam, stepsize, scale, n_steps, seed, record_every)`` (vectorized numpy, returning
a :class:`hiddenconvex.Trajectory`) and, when the convex program is exact,
``solve_convex(X, y, lam, ...)`` — as :func:`hiddenconvex.loss`, :func:`hiddenconvex.train_gd`
and :func:`hiddenconvex.solve_convex` do for the basic network.
"""

from hiddenconvex.extensions import batchnorm, classification, duality, three_layers, vector_output, wgan

__all__ = ["batchnorm", "classification", "duality", "three_layers", "vector_output", "wgan"]
