"""The numpy solver path needs no cvxpy: run in a subprocess where ``import cvxpy`` fails."""

import subprocess
import sys


SCRIPT = """
import sys
sys.modules["cvxpy"] = None  # every `import cvxpy` now raises ImportError
import numpy as np
import hiddenconvex as hc

X, y = hc.data.four_points()
sol = hc.solve_convex(X, y, 0.05, solver="fast")
gated = hc.solve_gated(X, y, 0.05, np.random.default_rng(0).standard_normal((8, X.shape[1])))
assert sol.status == "optimal" and abs(hc.loss(sol.to_network(), X, y, 0.05) - sol.value) <= 1e-6 * (1 + sol.value)
assert gated.value <= sol.value + 1e-6  # the gated program relaxes the ReLU program's cones
exact = hc.solve_exact(*hc.data.spirals(20), 1e-3)  # numpy and scipy only
assert exact.status == "optimal" and exact.gap <= 1e-6 * exact.value
try:
    hc.solve_convex(X, y, 0.05)
except ImportError as exc:
    assert "solver=" in str(exc) and "fast" in str(exc), exc
else:
    raise AssertionError("the cvxpy path ran without cvxpy")
print("ok")
"""


def test_fast_solvers_work_without_cvxpy():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]
