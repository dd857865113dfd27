"""Steering methods: how a model is steered between text reasoning and code, and how a winner is picked."""

from __future__ import annotations

from typing import Any

from steer.methods import single as _single  # noqa: F401  (registers)
from steer.methods.base import Budget, Method, Solution, SolveContext
from steer.registry import lookup

__all__ = ["DEFAULT_METHOD", "Budget", "Method", "Solution", "SolveContext", "get_method"]

DEFAULT_METHOD = "all_code"


def get_method(name: str = DEFAULT_METHOD, **params: Any) -> Method:
    return lookup("method", name)(**params)  # type: ignore[no-any-return]
