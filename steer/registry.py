"""One registry for every pluggable concept, so names resolve in one place.

CLI flags, experiment configs and logs all name things (`--method codesteer`); each concept module
registers factories with a decorator and `create()` rebuilds an object from a name plus arguments.
Unknown names raise one `ConfigError` that quotes the name and lists what exists.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from steer.errors import ConfigError

__all__ = ["Kind", "create", "names", "register", "lookup", "describe"]

Kind = Literal["model", "method", "task", "sandbox", "selector"]

# Modules whose import registers the built-in entries of each kind. Imported lazily so that
# `import steer` stays cheap and optional dependencies (docker, llama_cpp) load on first use only.
_BUILTINS: dict[str, tuple[str, ...]] = {
    "model": ("steer.models",),
    "method": ("steer.methods",),
    "task": ("steer.tasks",),
    "sandbox": ("steer.sandbox",),
    "selector": ("steer.selection",),
}

_REGISTRY: dict[str, dict[str, Callable[..., Any]]] = {k: {} for k in _BUILTINS}
_DESCRIPTIONS: dict[str, dict[str, str]] = {k: {} for k in _BUILTINS}
_loaded: set[str] = set()

F = TypeVar("F", bound=Callable[..., Any])


def register(kind: Kind, name: str, description: str | None = None) -> Callable[[F], F]:
    """Decorator: register `factory` under `kind`/`name`. Re-registering a name replaces it."""

    def deco(factory: F) -> F:
        _REGISTRY[kind][name] = factory
        doc = description if description is not None else (factory.__doc__ or "").strip()
        _DESCRIPTIONS[kind][name] = doc.splitlines()[0] if doc else ""
        return factory

    return deco


def _ensure_loaded(kind: str) -> None:
    if kind not in _loaded:
        _loaded.add(kind)
        for module in _BUILTINS[kind]:
            importlib.import_module(module)


def names(kind: Kind) -> list[str]:
    _ensure_loaded(kind)
    return sorted(_REGISTRY[kind])


def describe(kind: Kind) -> dict[str, str]:
    _ensure_loaded(kind)
    return {n: _DESCRIPTIONS[kind][n] for n in sorted(_REGISTRY[kind])}


def lookup(kind: Kind, name: str) -> Callable[..., Any]:
    _ensure_loaded(kind)
    try:
        return _REGISTRY[kind][name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY[kind])) or "(none)"
        raise ConfigError(f"unknown {kind} {name!r}; known: {known}") from None


def create(kind: Kind, name: str, /, **kwargs: Any) -> Any:
    return lookup(kind, name)(**kwargs)
