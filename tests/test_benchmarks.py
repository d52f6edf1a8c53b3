"""The benchmark scripts run and report what they promise; their timings are not tested, only
that every comparison is printed and that the fast solver's objective in it is accurate."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *args], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_solver_benchmark_prints_every_comparison_and_the_plot(tmp_path):
    plot = tmp_path / "scaling.png"
    out = _run("bench_solvers.py", "--quick", "--seed", "1", "--plot", str(plot))
    assert "NOT CONVERGED" not in out
    comparisons = re.findall(r"speed-up +[0-9.]+x \| rel\. objective diff ([-+0-9.e]+)", out)
    assert len(comparisons) == 2 + 3 + 3  # two tolerances, three sizes n, three numbers of gates
    tight = [float(c) for i, c in enumerate(comparisons) if i != 1]  # all but the tol = 1e-3 row
    assert max(abs(c) for c in tight) <= 1e-6
    assert abs(float(comparisons[1])) <= 1e-3
    rates = re.findall(r"train_gd m=\d+, n=\d+, d=\d+\+bias: +(\d+) steps/s", out)
    assert len(rates) == 2 and all(int(r) > 0 for r in rates)
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_widget_benchmark_reports_both_measures_against_the_budget():
    out = _run("bench_widgets.py")
    rows = re.findall(r"^(update|redraw) .*?([0-9.]+) +([0-9.]+) +150 +([0-9.]+)$", out, flags=re.M)
    assert [r[0] for r in rows] == ["update", "redraw"]
    for _, wall, _, ratio in rows:
        assert abs(float(ratio) - float(wall) / 150) < 0.006  # both printed rounded


def test_certificate_benchmark_agrees_with_the_projection_loop():
    out = _run("bench_certificate.py", "--quick")
    assert "3542 activation patterns" in out  # n(n-1) + 2 for n = 60 points in general position, plus a bias
    (diff,) = re.findall(r"speed-up +[0-9.]+x \| rel\. max diff ([-+0-9.e]+)", out)
    assert abs(float(diff)) <= 1e-10


def test_real_data_benchmark_prints_three_methods_per_task():
    out = _run("bench_real_data.py", "--gates", "3", "--steps", "50")
    rows = re.findall(r"^  (convex|gd|adam) +width +\d+ \| test accuracy ([0-9.]+) \| objective +([0-9.]+) \| +([0-9.]+) s \| +([0-9.]+)x convex$",
                      out, flags=re.M)
    assert [r[0] for r in rows] == ["convex", "gd", "adam"] * 4
    assert all(0.0 <= float(r[1]) <= 1.0 for r in rows)
    assert all(float(r[4]) == 1.0 for r in rows if r[0] == "convex")


def test_exact_benchmark_reports_gap_dictionary_memory_neurons_and_the_other_solvers():
    out = _run("bench_exact.py", "--quick")
    rows = re.findall(r"^  solve_exact +[0-9.]+ s \| (optimal|not certified) \| certified gap ([0-9.e+-]+) \| "
                      r"value ([0-9.]+) \| (\d+) rounds \| dictionary (\d+) \| peak memory (\d+) MB$", out, flags=re.M)
    assert len(rows) == 2  # n = 30 and 40
    for status, gap, _, rounds, size, memory in rows:
        assert float(gap) >= 0 and int(rounds) >= 1 and int(size) >= 1 and int(memory) > 0
        assert float(gap) <= 1e-6 if status == "optimal" else float(gap) >= 1e-6  # the gap is printed rounded
    neurons = re.findall(r"^  its (\d+) neurons: lines through two or more data points (\d+), one (\d+), none (\d+)$", out, flags=re.M)
    assert len(neurons) == 2 and all(int(a) == int(b) + int(c) + int(d) for a, b, c, d in neurons)
    for label in ("plain fast", "clarabel"):  # both on all patterns at n = 30
        (other,) = re.findall(rf"^  {label} +[0-9.]+ s \| (.*) \| ratio +[0-9.]+x$", out, flags=re.M)
        assert other.startswith(("certified gap", "NOT CONVERGED"))
