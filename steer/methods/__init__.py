"""Steering methods: how a model is steered between text reasoning and code, and how a winner is picked.

Every module in this package registers its methods on import; this file imports them all.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from steer.methods.base import Budget, Method, Solution, SolveContext
from steer.registry import lookup

__all__ = ["DEFAULT_METHOD", "Budget", "Method", "Solution", "SolveContext", "get_method"]

for _mod in pkgutil.iter_modules(__path__):
    if _mod.name not in ("base", "prompts"):
        importlib.import_module(f"{__name__}.{_mod.name}")

DEFAULT_METHOD = "vote"


def get_method(name: str = DEFAULT_METHOD, **params: Any) -> Method:
    factory = lookup("method", name)
    try:
        return factory(**params)  # type: ignore[no-any-return]
    except TypeError as exc:
        from steer.errors import ConfigError

        raise ConfigError(f"method {name!r} does not take {sorted(params)}: {exc}") from None
