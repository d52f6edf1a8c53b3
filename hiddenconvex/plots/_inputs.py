"""Checks shared by the plot functions: library objects of the right type and groups of curves (the single
array and number checks are :mod:`hiddenconvex._checks`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

import numpy as np

from hiddenconvex import _checks

T = TypeVar("T")


def instance(value: object, kind: type[T], name: str) -> T:
    """Return ``value``, requiring an instance of ``kind`` (a ValueError naming ``name`` otherwise)."""
    if not isinstance(value, kind):
        raise ValueError(f"{name} must be a hc.{kind.__name__}, got {type(value).__name__}")
    return value


def instances(values: object, kind: type[T], name: str) -> Sequence[T] | Mapping[str, T]:
    """Return ``values``, requiring a sequence (or a mapping of names) whose every entry is an instance of ``kind``."""
    if not isinstance(values, (Sequence, Mapping)) or isinstance(values, str):
        raise ValueError(f"{name} must be a sequence of hc.{kind.__name__}, got {type(values).__name__}")
    for key, value in (values.items() if isinstance(values, Mapping) else enumerate(values)):
        instance(value, kind, f"{name}[{key!r}]")
    return values


def curve(v: object, name: str, length: int | None = None) -> np.ndarray:
    """Return the coordinates of a drawn curve: a non-empty finite 1-D float array (of ``length`` if given)."""
    arr = _checks.as_vector(v, name, length)
    if arr.size == 0:
        raise ValueError(f"{name} must hold at least one value to draw, got an empty array")
    return arr


def vectors(values: object, name: str, length: int | None = None) -> list[np.ndarray]:
    """Return a non-empty sequence of curves (1-D arrays, see :func:`curve`) as a list."""
    _checks.refuse_converted(values, name)
    if isinstance(values, (str, Mapping)) or not isinstance(values, (Sequence, np.ndarray)) or len(values) == 0:
        raise ValueError(f"{name} must be a non-empty sequence of 1-D arrays, got {type(values).__name__}")
    return [curve(v, f"{name}[{k}]", length) for k, v in enumerate(values)]


def named_vectors(values: object, name: str, length: int | None = None) -> dict[str, np.ndarray]:
    """Return a mapping of names to 1-D arrays with every array a finite float vector."""
    if not isinstance(values, Mapping):
        raise ValueError(f"{name} must be a mapping of names to 1-D arrays, got {type(values).__name__}")
    return {key: curve(v, f"{name}[{key!r}]", length) for key, v in values.items()}
