"""Every chapter notebook has its reviewed MyST text in book/source/, in step, and no execution timestamps."""

from __future__ import annotations

import nbformat

from booktools import chapter_sources


def test_every_chapter_is_paired_and_in_step():
    assert chapter_sources.chapters(), "no chapter notebooks found"
    assert chapter_sources.out_of_step() == []


def test_the_pair_holds_the_notebooks_cells(tmp_path):
    path = chapter_sources.chapters()[0]
    notebook = nbformat.read(path, as_version=4)
    text = chapter_sources.pair_path(path).read_text()
    for cell in notebook.cells:
        first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
        assert first_line in text
    assert "image/png" not in text and "execution_count" not in text  # inputs only


def test_a_stale_pair_and_timestamps_are_reported(tmp_path):
    book = tmp_path / "book"
    (book / "source").mkdir(parents=True)
    original = chapter_sources.chapters()[0]
    notebook = nbformat.read(original, as_version=4)
    notebook.cells[1].metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    nbformat.write(notebook, book / original.name)
    (book / "source" / f"{original.stem}.md").write_text("stale")
    (book / "source" / "orphan.md").write_text("no notebook")
    problems = chapter_sources.out_of_step(book)
    assert any("execution timestamps" in p for p in problems)
    assert any("out of step" in p for p in problems)
    assert any("orphan.md" in p for p in problems)
    chapter_sources.write(book)
    assert chapter_sources.out_of_step(book) == ["book/source/orphan.md: no notebook book/orphan.ipynb"]
