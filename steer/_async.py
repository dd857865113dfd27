"""The one bridge from sync entry points to the async core."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from steer.errors import ConfigError

T = TypeVar("T")


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` to completion from sync code; inside a running loop, point to the async form."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    coro.close()
    raise ConfigError("called a sync steer function inside a running event loop; use the async form (asolve, arun)")


class PerLoop:
    """Holds one object per running event loop.

    asyncio primitives and HTTP connection pools bind to the loop that first used them; a `Model` or
    sandbox reused across `asyncio.run` calls (e.g. `Agent.solve` twice from sync code) must not carry
    them over, so they are created lazily for each loop.
    """

    def __init__(self, factory: Callable[[], T]) -> None:  # type: ignore[valid-type]
        self._factory = factory
        self._items: dict[int, tuple[Any, Any]] = {}

    def get(self) -> Any:
        loop = asyncio.get_running_loop()
        key = id(loop)
        item = self._items.get(key)
        if item is None or item[0] is not loop:
            # Drop entries whose loops are closed, so a long-lived object does not accumulate them.
            self._items = {k: v for k, v in self._items.items() if not v[0].is_closed()}
            item = (loop, self._factory())
            self._items[key] = item
        return item[1]

    def values(self) -> list[Any]:
        return [v for _, v in self._items.values()]
