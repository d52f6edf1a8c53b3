"""Checks shared by the plot functions: groups of library objects, curves, mappings and figure sizes (the single
array, number, index, label and object checks are :mod:`hiddenconvex._checks`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

import numpy as np

from hiddenconvex import _checks
from hiddenconvex._checks import instance

T = TypeVar("T")


def instances(values: object, kind: type[T], name: str) -> Sequence[T] | Mapping[str, T]:
    """Return ``values``, requiring a sequence (or a mapping of names) whose every entry is an instance of ``kind``."""
    if not isinstance(values, (Sequence, Mapping)) or isinstance(values, str):
        raise ValueError(f"{name} must be a sequence of {_checks.public_name(kind)}, got {type(values).__name__}")
    for key, value in (values.items() if isinstance(values, Mapping) else enumerate(values)):
        instance(value, kind, f"{name}[{key!r}]")
    return values


def curve(v: object, name: str, length: int | None = None) -> np.ndarray:
    """Return the coordinates of a drawn curve: a non-empty finite 1-D float array (of ``length`` if given)."""
    return _checks.as_vector(v, name, length, nonempty=True)


def vectors(values: object, name: str, length: int | None = None) -> list[np.ndarray]:
    """Return a non-empty sequence of curves (1-D arrays, see :func:`curve`) as a list."""
    _checks.refuse_converted(values, name)
    return _checks.each(values, name, lambda v, entry: curve(v, entry, length), "1-D arrays", nonempty=True)


def named_vectors(values: object, name: str, length: int | None = None) -> dict[str, np.ndarray]:
    """Return a mapping of names to 1-D arrays with every array a finite float vector."""
    return {key: curve(v, f"{name}[{key!r}]", length) for key, v in mapping(values, name, "1-D arrays", nonempty=False).items()}


def mapping(values: object, name: str, what: str, nonempty: bool = True) -> Mapping:
    """Return ``values``, requiring a mapping (of names to values), non-empty unless told; ``what`` describes
    its values in the message."""
    if not isinstance(values, Mapping) or (nonempty and not values):
        raise ValueError(f"{name} must be a {'non-empty ' if nonempty else ''}mapping of names to {what}, "
                         f"got {type(values).__name__}{' (empty)' if isinstance(values, Mapping) else ''}")
    return values

