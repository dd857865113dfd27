"""`local/<name|path.gguf>`: the embedded model, run in-process by llama.cpp.

One loaded `Llama` per (file, context, threads) is shared by every caller in the process: a 0.5B model is
~0.5 GB and loading it twice by accident doubles memory for nothing. llama.cpp contexts are not
thread-safe, so calls are serialised by a per-model lock and run in a worker thread, keeping the event
loop free for sandboxes and other models.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import threading
from typing import Any

from steer.errors import ModelError, PrerequisiteError
from steer.models.base import Completion
from steer.models.pull import resolve_gguf
from steer.records import GenerateConfig, Message, Usage

__all__ = ["LocalAPI", "load_llama"]

_LOADED: dict[tuple[str, int, int], tuple[Any, threading.Lock]] = {}
_LOAD_LOCK = threading.Lock()


@atexit.register
def _close_all() -> None:
    """Free models while the interpreter is intact (llama.cpp's __del__ fails during shutdown)."""
    for llm, _ in _LOADED.values():
        try:
            llm.close()
        except Exception:  # noqa: BLE001 - best effort at exit
            pass
    _LOADED.clear()


def load_llama(path: str, *, n_ctx: int = 4096, n_threads: int | None = None) -> tuple[Any, threading.Lock]:
    """The shared `Llama` for this file/context/threads, loaded on first use."""
    try:
        from llama_cpp import Llama
    except ImportError as exc:
        raise PrerequisiteError("the embedded model needs llama-cpp-python: pip install 'steer[local]'") from exc
    threads = n_threads or os.cpu_count() or 1
    key = (os.path.realpath(path), n_ctx, threads)
    with _LOAD_LOCK:
        if key not in _LOADED:
            try:
                llm = Llama(model_path=path, n_ctx=n_ctx, n_threads=threads, n_threads_batch=threads,
                            verbose=False, seed=0)
            except (ValueError, RuntimeError) as exc:
                raise PrerequisiteError(f"llama.cpp could not load {path}: {exc}") from exc
            _LOADED[key] = (llm, threading.Lock())
        return _LOADED[key]


class LocalAPI:
    def __init__(self, name: str, *, n_ctx: int = 4096, n_threads: int | None = None, **_: Any) -> None:
        self.path = str(resolve_gguf(name))
        self.name = f"local/{name}"
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        stamp = self.path + ".sha256"
        # The verified content hash (from `steer models pull`) identifies the weights in logs and caches.
        self.sha256 = open(stamp).read().strip() if os.path.exists(stamp) else "unverified"
        self.identity = f"local|{os.path.basename(self.path)}|{os.path.getsize(self.path)}|{self.sha256[:16]}"

    def _complete(self, messages: list[Message], config: GenerateConfig) -> Completion:
        llm, lock = load_llama(self.path, n_ctx=self.n_ctx, n_threads=self.n_threads)
        with lock:
            try:
                out = llm.create_chat_completion(
                    messages=[{"role": m.role, "content": m.content} for m in messages],
                    temperature=config.temperature,
                    top_p=config.top_p,
                    max_tokens=config.max_tokens,
                    seed=config.seed if config.seed is not None else -1,
                    stop=config.stop or None,
                )
            except ValueError as exc:  # e.g. prompt longer than the context window
                raise ModelError(f"{self.name}: {exc}") from exc
        choice = out["choices"][0]
        usage = out.get("usage") or {}
        return Completion(
            text=choice["message"].get("content") or "",
            finish_reason=choice.get("finish_reason"),
            usage=Usage(
                prompt_tokens=int(usage.get("prompt_tokens", 0)),
                completion_tokens=int(usage.get("completion_tokens", 0)),
                source="llama.cpp",
            ),
        )

    async def complete(self, messages: list[Message], config: GenerateConfig) -> Completion:
        return await asyncio.to_thread(self._complete, messages, config)
