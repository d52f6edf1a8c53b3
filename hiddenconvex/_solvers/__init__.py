"""The numerical solvers behind :func:`hiddenconvex.solve_convex` and :func:`hiddenconvex.solve_gated` (private).

* :mod:`.result` — the group-lasso program they share (its objective and scale) and the one result
  type, :class:`~.result.SolverResult`, which says why a solver stopped (:class:`~.result.StopReason`);
* :mod:`.rfista` — restarted FISTA for the unconstrained (gated-ReLU) program;
* :mod:`.interior_point` — the structured primal-dual interior-point method for the ReLU program.

Each algorithm module has its own defaults (``TOL``, ``MAX_ITER``). The functions here take
validated arrays; the public entry points in :mod:`hiddenconvex.convex` check the input.
"""
