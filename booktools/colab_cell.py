"""The Colab set-up cell that opens every chapter notebook in book/.

On Google Colab the cell clones the repository, installs its requirements (which install the library
with ``-e .``), puts the clone on ``sys.path`` and moves into its ``book/`` folder, so that the chapter
runs as it does in the repository. Anywhere else (Jupyter, Binder, nbval) it does nothing and prints
nothing. The cell is tagged ``remove-cell``: the website does not show it.

The repository URL comes from ``repository.url`` in _config.yml, the one place that names it
(CITATION.cff repeats it as ``repository-code``; ``--set-url`` keeps the two in step).

    python -m booktools.colab_cell            # check: exit 1 and list notebooks whose cell is missing/stale
    python -m booktools.colab_cell --apply    # insert or update the cell in every notebook of book/
    python -m booktools.colab_cell --set-url https://github.com/OWNER/NAME
                                              # set the URL in _config.yml and CITATION.cff, then --apply
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
MARKER = "# Colab set-up"
TAGS = ["remove-cell"]

TEMPLATE = '''{marker}: on Google Colab, install the book's library and requirements; elsewhere do nothing.
import sys

if "google.colab" in sys.modules:
    import os
    import subprocess

    repo = "/content/{name}"
    if not os.path.isdir(repo):
        subprocess.run(["git", "clone", "--depth", "1", "--branch", "{branch}", "{url}", repo], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-r", "requirements.txt"], cwd=repo, check=True)
    sys.path.insert(0, repo)
    os.chdir(os.path.join(repo, "book"))'''


def repository(root: Path = ROOT) -> tuple[str, str]:
    """(url, branch) of the repository, from _config.yml."""
    repo = yaml.safe_load((root / "_config.yml").read_text())["repository"]
    return repo["url"].rstrip("/"), repo.get("branch", "main")


def set_url(url: str, root: Path = ROOT) -> None:
    """Write `url` as ``repository.url`` in _config.yml and as ``repository-code`` in CITATION.cff
    (when it exists), changing only those lines. The launch buttons (Binder, Colab) work for GitHub
    repositories, so `url` must be ``https://github.com/OWNER/NAME``."""
    if not re.fullmatch(r"https://github\.com/[A-Za-z0-9-]+/[A-Za-z0-9._-]+", url):
        raise ValueError(f"url must be https://github.com/OWNER/NAME, got {url!r}")
    config = root / "_config.yml"
    text, count = re.subn(r"(?m)^(repository:\n(?:[ \t]*#.*\n)*[ \t]+url:[ \t]*)\S+", rf"\g<1>{url}",
                          config.read_text())
    if count != 1:
        raise ValueError(f"{config} has no line 'url:' right under 'repository:' to set")
    config.write_text(text)
    citation = root / "CITATION.cff"
    if citation.is_file():
        citation.write_text(re.sub(r"(?m)^(repository-code:[ \t]*).*$", rf'\g<1>"{url}"', citation.read_text()))


def cell_source(url: str, branch: str = "main") -> str:
    """The source of the Colab set-up cell for the repository at `url`."""
    name = Path(urlparse(url).path).name.removesuffix(".git")
    if not name:
        raise ValueError(f"url must name a repository, got {url!r}")
    return TEMPLATE.format(marker=MARKER, name=name, branch=branch, url=url)


def make_cell(source: str) -> nbformat.NotebookNode:
    """The set-up cell: no outputs, tagged remove-cell, with a fixed cell id."""
    return nbformat.v4.new_code_cell(source, id="colab-setup", metadata={"tags": list(TAGS)})


def _is_setup_cell(cell) -> bool:
    return cell.cell_type == "code" and cell.source.startswith(MARKER)


def is_current(notebook: nbformat.NotebookNode, source: str) -> bool:
    """True when the notebook's first cell is the set-up cell with this source, its tags and no output
    (its execution count and timing metadata do not matter)."""
    cells = notebook.cells
    if not cells or not _is_setup_cell(cells[0]):
        return False
    first = cells[0]
    return first.source == source and not first.outputs and set(TAGS) <= set(first.metadata.get("tags", []))


def apply(notebook: nbformat.NotebookNode, source: str) -> nbformat.NotebookNode:
    """A copy of the notebook with the set-up cell first (an older set-up cell is replaced)."""
    updated = nbformat.from_dict(notebook)
    updated.cells = [make_cell(source), *(c for c in notebook.cells if not _is_setup_cell(c))]
    return updated


def notebooks(book: Path) -> list[Path]:
    return sorted(p for p in book.glob("*.ipynb"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--apply", action="store_true", help="insert or update the cell in every notebook")
    parser.add_argument("--set-url", metavar="URL", help="set the repository URL (https://github.com/OWNER/NAME) "
                        "in _config.yml and CITATION.cff, then update the cells (implies --apply)")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root (default: this repository)")
    args = parser.parse_args(argv)
    if args.set_url:
        set_url(args.set_url.rstrip("/"), args.root)
        args.apply = True
    source = cell_source(*repository(args.root))
    stale = []
    for path in notebooks(args.root / "book"):
        notebook = nbformat.read(path, as_version=4)
        if is_current(notebook, source):
            continue
        if args.apply:
            nbformat.write(apply(notebook, source), path)
            print(f"updated {path}")
        else:
            stale.append(path)
    for path in stale:
        print(f"missing or outdated Colab set-up cell: {path} (run python -m booktools.colab_cell --apply)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
