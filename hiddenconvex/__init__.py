r"""hiddenconvex: the library behind *The Hidden Convex Optimization Landscape of Two-Layer ReLU Networks*.

Conventions, stated once and used by every function:

* **Loss.** ``hc.loss(net, X, y, lam)`` is
  :math:`\sum_j (\sum_i \max(0, w_i^\top x_j)\alpha_i - y_j)^2 + \lambda \sum_i (\|w_i\|^2 + \alpha_i^2)`
  — no factor 1/2, no mean over the data.
* **λ.** ``hc.solve_convex(X, y, lam)`` solves the convex program *equivalent to that loss*: its
  group-lasso penalty is :math:`\beta = 2\lambda` (``hc.convex_penalty``). Pass the same ``lam`` to both.
* **Patterns.** The activation pattern of a neuron ``w`` is :math:`\mathbb{1}[Xw > 0]` (strict), and
  :math:`\mathrm{ReLU}'(0) = 0` in gradients.
* **Bias.** There are no bias parameters; a bias is a column of ones in ``X`` (``hc.data.add_bias``).
"""

from hiddenconvex import animation, complexity, cone_decomposition, data, dynamics, extensions, generalization, lambda_path
from hiddenconvex import multistart
from hiddenconvex import optimizers, phases, plots, pruning, real_data, restricted, teaser, timing
from hiddenconvex.phases import PhaseDiagram, phase_diagram
from hiddenconvex.certificate import Certificate, Classification, certify, classify
from hiddenconvex.convex import ConvexSolution, ConvexSolverError, GatedSolution, convex_penalty, solve_convex, solve_gated
from hiddenconvex.exact import ExactSolution, solve_exact
from hiddenconvex.network import ReLUNetwork, gradient, loss, loss_landscape
from hiddenconvex.patterns import activation_patterns, cover_bound, cover_count, pattern_of, points_on_planes, sample_patterns
from hiddenconvex.patterns import activation_points, cone_constraints, neuron_placements, pattern_sectors, sampling_coverage
from hiddenconvex.training import DivergenceError, Trajectory, init_network, train_gd

__all__ = [
    "Certificate",
    "Classification",
    "certify",
    "classify",
    "ConvexSolution",
    "ConvexSolverError",
    "DivergenceError",
    "ExactSolution",
    "GatedSolution",
    "ReLUNetwork",
    "Trajectory",
    "activation_patterns",
    "activation_points",
    "animation",
    "complexity",
    "cone_decomposition",
    "cone_constraints",
    "convex_penalty",
    "cover_bound",
    "cover_count",
    "data",
    "dynamics",
    "extensions",
    "generalization",
    "gradient",
    "init_network",
    "lambda_path",
    "loss",
    "loss_landscape",
    "multistart",
    "neuron_placements",
    "optimizers",
    "real_data",
    "pattern_of",
    "points_on_planes",
    "pattern_sectors",
    "PhaseDiagram",
    "phase_diagram",
    "phases",
    "plots",
    "pruning",
    "restricted",
    "sample_patterns",
    "sampling_coverage",
    "solve_convex",
    "solve_exact",
    "solve_gated",
    "teaser",
    "timing",
    "train_gd",
]
