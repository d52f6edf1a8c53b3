"""Input validation shared by every public function of :mod:`hiddenconvex`.

Each checker names the offending argument and the allowed range in its
``ValueError`` so that a reader who mistypes a slider value or passes data of
the wrong shape learns what to change, instead of meeting a NaN or a traceback
from deep inside numpy or cvxpy.
"""

from __future__ import annotations

import numbers
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

import numpy as np

T = TypeVar("T")


def as_matrix(X: object, name: str = "X") -> np.ndarray:
    """Return ``X`` as a finite float array of shape ``(n, d)`` with ``n, d >= 1``."""
    arr = _as_float_array(X, name)
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array of shape (n, d), got {arr.ndim}-D shape {arr.shape}; "
            f"reshape 1-D data with {name}.reshape(-1, 1) or add a bias column with hc.data.add_bias"
        )
    if arr.shape[0] < 1 or arr.shape[1] < 1:
        raise ValueError(f"{name} must have at least one row and one column, got shape {arr.shape}")
    return arr


def as_array(value: object, name: str) -> np.ndarray:
    """Return ``value`` as a finite float array of any shape (the shape checks are the caller's)."""
    return _as_float_array(value, name)


def as_vector(v: object, name: str, length: int | None = None, nonempty: bool = False) -> np.ndarray:
    """Return ``v`` as a finite 1-D float array, of the given length if one is given (non-empty if asked)."""
    arr = _as_float_array(v, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array, got shape {arr.shape}")
    if length is not None and arr.shape[0] != length:
        raise ValueError(f"{name} must have length {length}, got length {arr.shape[0]}")
    if nonempty and arr.size == 0:
        raise ValueError(f"{name} must hold at least one value, got an empty array")
    return arr


def as_data(X: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    """Validate a data set: ``X`` of shape ``(n, d)`` and labels ``y`` of shape ``(n,)``."""
    X_arr = as_matrix(X, "X")
    y_arr = as_vector(y, "y")
    if y_arr.shape[0] != X_arr.shape[0]:
        raise ValueError(
            f"X and y disagree on the number of points: X has {X_arr.shape[0]} rows, "
            f"y has {y_arr.shape[0]} entries"
        )
    return X_arr, y_arr


def with_bias(X: np.ndarray, name: str = "X") -> np.ndarray:
    """Return the validated matrix ``X``, requiring 1-D data with a bias column: shape ``(n, 2)``, last column ones."""
    if X.shape[1] != 2 or not np.allclose(X[:, 1], 1.0):
        raise ValueError(f"{name} must be 1-D data with a bias column: shape (n, 2), last column all ones "
                         f"(hc.data.add_bias), got shape {X.shape}")
    return X


def interval(value: object, name: str) -> tuple[float, float]:
    """Return ``(low, high)``: two finite numbers with ``low < high`` (a range of an axis or a slider)."""
    low, high = as_vector(value, name, 2)
    if not low < high:
        raise ValueError(f"{name} must be (low, high) with low < high, got ({low:g}, {high:g})")
    return float(low), float(high)


def as_pattern(pattern: object, name: str, n: int | None = None) -> np.ndarray:
    """Validate one activation pattern: a boolean array of shape ``(n,)`` (any ``n >= 1`` if not given)."""
    refuse_converted(pattern, name)
    arr = np.asarray(pattern)
    wanted = f"({n},)" if n is not None else "(n,) with n >= 1"
    if arr.dtype != np.bool_ or arr.ndim != 1 or arr.size == 0 or (n is not None and arr.shape != (n,)):
        raise ValueError(f"{name} must be a boolean array of shape {wanted}, got dtype {arr.dtype} and shape {arr.shape}")
    return arr


def as_patterns(patterns: object, n: int) -> np.ndarray:
    """Validate activation patterns: a boolean array of shape ``(p, n)``, ``p >= 1``."""
    refuse_converted(patterns, "patterns")
    arr = np.asarray(patterns)
    if arr.dtype != np.bool_:
        raise ValueError(f"patterns must be a boolean array, got dtype {arr.dtype}")
    if arr.ndim != 2 or arr.shape[1] != n or arr.shape[0] < 1:
        raise ValueError(
            f"patterns must have shape (p, n) = (p, {n}) with p >= 1, got shape {arr.shape}"
        )
    return arr


def nonnegative(value: object, name: str) -> float:
    """Return ``value`` as a float, requiring it to be finite and ``>= 0``."""
    x = real_number(value, name)
    if x < 0:
        raise ValueError(f"{name} must be >= 0, got {x}")
    return x


def positive(value: object, name: str) -> float:
    """Return ``value`` as a float, requiring it to be finite and ``> 0``."""
    x = real_number(value, name)
    if x <= 0:
        raise ValueError(f"{name} must be > 0, got {x}")
    return x


def integer(value: object, name: str, minimum: int, maximum: int | None = None) -> int:
    """Return ``value`` as an int, requiring an integer in ``[minimum, maximum]`` (bools refused)."""
    allowed = f">= {minimum}" if maximum is None else f"in [{minimum}, {maximum}]"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer {allowed}, got {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        raise ValueError(f"{name} must be an integer {allowed}, got {value}")
    return int(value)


def index(value: object, name: str, length: int) -> int:
    """Return an index into ``length`` entries: an integer in ``[-length, length - 1]`` (negative counts from the end)."""
    return integer(value, name, -length, length - 1)


def indices(values: object, name: str, length: int) -> np.ndarray:
    """Return a non-empty 1-D sequence of indices into ``length`` entries (each as :func:`index`) as an int array.

    Floats, bools and strings are refused rather than truncated or parsed.
    """
    refuse_converted(values, name)
    allowed = f"a non-empty 1-D sequence of integer indices in [{-length}, {length - 1}]"
    try:
        arr = np.asarray(values)
    except ValueError:
        raise ValueError(f"{name} must be {allowed}, got a ragged sequence") from None
    if arr.ndim != 1 or arr.size == 0 or arr.dtype.kind not in "iu" or _holds_bools(values):
        raise ValueError(f"{name} must be {allowed}, got {values!r}")
    outside = arr[(arr < -length) | (arr >= length)]
    if outside.size:
        raise ValueError(f"{name} must be {allowed}, got the out-of-range entries {outside.tolist()}")
    return arr.astype(int)


def _holds_bools(values: object) -> bool:
    """Whether a list holds bools (numpy turns ``[0, True]`` into the integers ``[0, 1]``)."""
    return not isinstance(values, np.ndarray) and any(isinstance(v, (bool, np.bool_)) for v in values)


def flag(value: object, name: str) -> bool:
    """Return ``value``, requiring a bool (a switch; ``0``, ``"no"`` or ``None`` are refused, not read as truth values)."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def text(value: object, name: str) -> str:
    """Return ``value``, requiring a string (a title, a label, an alternative text)."""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string, got {type(value).__name__}")
    return value


def labels(values: object, name: str, length: int | None = None) -> list[str]:
    """Return a sequence of strings (of ``length`` entries if given) as a list; each entry is checked by :func:`text`."""
    return each(values, name, text, "strings", length)


def each(values: object, name: str, check: Callable[[object, str], T], what: str, length: int | None = None,
         nonempty: bool = False) -> list[T]:
    """Return ``[check(v, "name[k]") for each entry v]``, requiring a sequence (not a string or a mapping) of
    ``length`` entries if given, non-empty if asked; ``what`` describes the entries in the message."""
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, (Sequence, np.ndarray)):
        raise ValueError(f"{name} must be a sequence of {what}, got {type(values).__name__}")
    if length is not None and len(values) != length:
        raise ValueError(f"{name} must hold {length} {what} (one per entry), got {len(values)}")
    if nonempty and len(values) == 0:
        raise ValueError(f"{name} must be a non-empty sequence of {what}, got an empty one")
    return [check(value, f"{name}[{k}]") for k, value in enumerate(values)]


def integers(values: object, name: str, minimum: int, maximum: int | None = None) -> list[int]:
    """Return a non-empty 1-D sequence of integers in ``[minimum, maximum]`` as a list (floats, bools, strings and
    masked arrays refused)."""
    refuse_converted(values, name)
    allowed = f">= {minimum}" if maximum is None else f"in [{minimum}, {maximum}]"
    return each(values, name, lambda value, entry: integer(value, entry, minimum, maximum), f"integers {allowed}",
                nonempty=True)


def instance(value: object, kind: type[T], name: str) -> T:
    """Return ``value``, requiring an instance of the library class ``kind`` (a ValueError naming ``name`` otherwise)."""
    if not isinstance(value, kind):
        raise ValueError(f"{name} must be a {public_name(kind)}, got {type(value).__name__}")
    return value


def public_name(kind: type) -> str:
    """How a reader reaches the class ``kind``: ``hc.ReLUNetwork`` if the package exports it, else its module path."""
    if getattr(sys.modules.get("hiddenconvex"), kind.__name__, None) is kind:
        return f"hc.{kind.__name__}"
    return f"{kind.__module__.replace('hiddenconvex', 'hc', 1)}.{kind.__qualname__}"


#: Largest seed accepted (numpy's generators take any non-negative integer; this keeps them readable).
MAX_SEED = 2**63 - 1


def seed(value: object, name: str = "seed") -> int:
    """Return a random seed: an integer in ``[0, MAX_SEED]`` (floats and bools refused, not truncated)."""
    return integer(value, name, 0, MAX_SEED)


def real_number(value: object, name: str) -> float:
    """Return ``value`` as a finite float (bools and non-numbers refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    x = float(value)
    if not np.isfinite(x):
        raise ValueError(f"{name} must be finite, got {x}")
    return x


def _as_float_array(value: object, name: str) -> np.ndarray:
    refuse_converted(value, name)
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be an array of real numbers ({exc})") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values; every entry must be finite")
    return arr


# --- Inputs that numpy would silently change (every array argument, through _as_float_array) -------
# np.array(value, dtype=float) drops the mask of a masked array, parses numeric strings and (for arrays)
# keeps only the real part of complex numbers; None becomes NaN or a 0-D object. These are refused.


def refuse_converted(value: object, name: str) -> None:
    """Raise a ValueError naming ``name`` if ``value`` is None, a masked array, or holds complex numbers,
    strings or None (anything :func:`numpy.array` would silently change on conversion to float)."""
    if value is None:
        raise ValueError(f"{name} must be an array of real numbers, got None")
    if isinstance(value, np.ma.MaskedArray):
        raise ValueError(
            f"{name} must be a plain array, got a masked array (its mask would be ignored); "
            f"pass {name}.filled(value) or drop the masked rows first"
        )
    try:
        arr = np.asarray(value)
    except ValueError:  # ragged: the shape checks report it
        return
    if arr.dtype.kind == "c":
        raise ValueError(f"{name} must hold real numbers, got complex dtype {arr.dtype}")
    if arr.dtype.kind in "USO" and any(isinstance(v, (str, bytes, complex, type(None))) for v in arr.ravel()):
        raise ValueError(f"{name} must hold real numbers, not strings, complex numbers or None")
