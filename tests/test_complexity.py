"""hiddenconvex.complexity: the interior-point cost formula."""

import pytest

from hiddenconvex import complexity


def test_interior_point_cost_formula_and_errors():
    assert complexity.interior_point_cost(100, 3, 3) == pytest.approx(27 * 27 * (100 / 3) ** 9)
    assert complexity.interior_point_cost(10, 5, 2) == pytest.approx(125 * 8 * 5.0**6)
    with pytest.raises(ValueError, match="r"):
        complexity.interior_point_cost(10, 2, 3)
    with pytest.raises(ValueError, match="n"):
        complexity.interior_point_cost(0, 2, 1)
