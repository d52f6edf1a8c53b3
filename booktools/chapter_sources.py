"""Chapter notebooks and their reviewed text: book/X.ipynb paired with book/source/X.md (jupytext, MyST).

The executed notebook is what the site shows and what nbval re-runs; its JSON, mostly outputs, is
hard to review. Its MyST Markdown pair holds the same cells without outputs — prose, code, tags and
figure captions — so a chapter's diff reads as text. This tool keeps the two in step and strips the
metadata that changes on every execution (the per-cell ``execution`` timestamps), so re-running a
chapter only changes what it computed. The pairing itself is configured in ``jupytext.toml``.

    python -m booktools.chapter_sources            # check: exit 1 and name the chapters out of step
    python -m booktools.chapter_sources --write    # strip volatile metadata, rewrite every .md pair
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jupytext
import nbformat
from jupytext.config import load_jupytext_configuration_file

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
SOURCE = BOOK / "source"
#: Cell metadata written by every execution (timestamps), never kept.
VOLATILE_CELL_KEYS = ("execution",)


def chapters(book: Path = BOOK) -> list[Path]:
    """The chapter notebooks, ``book/*.ipynb``, sorted."""
    return sorted(book.glob("*.ipynb"))


def pair_path(notebook: Path) -> Path:
    """``book/X.ipynb`` -> ``book/source/X.md``."""
    return notebook.parent / "source" / f"{notebook.stem}.md"


def strip_volatile(notebook: nbformat.NotebookNode) -> bool:
    """Remove the execution timestamps of every cell in place; return whether anything was removed."""
    changed = False
    for cell in notebook.cells:
        for key in VOLATILE_CELL_KEYS:
            changed |= cell.metadata.pop(key, None) is not None
    return changed


def markdown_pair(notebook: nbformat.NotebookNode) -> str:
    """The MyST Markdown text of ``notebook`` as ``jupytext.toml`` configures it."""
    config = load_jupytext_configuration_file(str(ROOT / "jupytext.toml"))
    return jupytext.writes(notebook, fmt="md:myst", config=config)


def out_of_step(book: Path = BOOK) -> list[str]:
    """Problems found: a missing or stale pair, a notebook with volatile metadata, a pair without notebook."""
    problems = []
    names = set()
    for path in chapters(book):
        names.add(path.stem)
        notebook = nbformat.read(path, as_version=4)
        if strip_volatile(notebook):
            problems.append(f"{path.name}: execution timestamps in cell metadata")
        pair = pair_path(path)
        if not pair.is_file():
            problems.append(f"{path.name}: no pair {pair.relative_to(book.parent)}")
        elif pair.read_text() != markdown_pair(notebook):
            problems.append(f"{path.name}: {pair.relative_to(book.parent)} is out of step (run jupytext --sync)")
    for pair in sorted((book / "source").glob("*.md")):
        if pair.stem not in names:
            problems.append(f"{pair.relative_to(book.parent)}: no notebook book/{pair.stem}.ipynb")
    return problems


def write(book: Path = BOOK) -> None:
    """Strip volatile metadata from every chapter and (re)write every pair."""
    (book / "source").mkdir(exist_ok=True)
    for path in chapters(book):
        notebook = nbformat.read(path, as_version=4)
        if strip_volatile(notebook):
            nbformat.write(notebook, path)
        pair_path(path).write_text(markdown_pair(notebook))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="strip volatile metadata and rewrite the pairs")
    args = parser.parse_args(argv)
    if args.write:
        write()
        return 0
    problems = out_of_step()
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
