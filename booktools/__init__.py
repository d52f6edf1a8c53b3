"""Tools that serve the book rather than its mathematics: the site's offline assets (a Sphinx
extension), the Colab set-up cell of every chapter, and the student edition with its autograder.
The library `hiddenconvex` does not depend on this package."""
