"""Shared fixtures: the site is built ONCE per test session, into a temporary directory, and used by
the build tests (tests/test_book_build.py) and the browser tests (tests/test_browser.py)."""

from __future__ import annotations

import os
import subprocess
import time
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT_DIR = Path(os.environ.get("HC_SCREENSHOT_DIR", ROOT / "_build" / "screenshots"))
# What the browser tests measure (page weights, wide equations) is written here and printed at the end of
# the run by the main process (the tests may run in pytest-xdist workers, whose output is not shown).
REPORT = SCREENSHOT_DIR / "report.txt"


def toc_files() -> list[str]:
    """Every page of _toc.yml, as a path without suffix relative to the repository root."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part["chapters"]:
            files.append(chapter["file"])
            files.extend(section["file"] for section in chapter.get("sections", []))
    return files


def build_book(source: Path, out: Path) -> Path:
    """Build the book in `source` with warnings as errors into `out`; return the HTML directory."""
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(source), "--path-output", str(out),
           "--all", "-W", "-n", "--keep-going"]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=source)
    assert result.returncode == 0, f"book build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return out / "_build" / "html"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The HTML of the whole book, built once per session with `jupyter-book build --all -W -n`."""
    return build_book(ROOT, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def toc_pages() -> list[str]:
    return toc_files()


def report_line(text: str) -> None:
    """Add ``text`` to the report printed at the end of the run."""
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    with REPORT.open("a") as handle:
        handle.write(text.rstrip() + "\n")


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):  # the main process: start a fresh report
        REPORT.unlink(missing_ok=True)
        session.config._hc_started = time.time()


def pytest_terminal_summary(terminalreporter, config):
    started = getattr(config, "_hc_started", None)
    if started is None:
        return
    if REPORT.is_file():
        terminalreporter.write_line(REPORT.read_text().rstrip())
    shots = [p for p in SCREENSHOT_DIR.glob("*.png") if p.stat().st_mtime >= started]
    if shots:
        terminalreporter.write_line(f"browser screenshots of {len(shots)} pages: {SCREENSHOT_DIR}")
