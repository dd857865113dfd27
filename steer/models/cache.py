"""Persistent response cache (SQLite), so re-running an experiment costs no model calls.

The key covers everything that can change a reply: provider, model and endpoint (`identity`), the
messages, every sampling parameter including the seed, and the sample epoch (so epochs are real
repeats, not cache hits). WAL mode lets concurrent runs share one file.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from steer.records import GenerateConfig, Message

if TYPE_CHECKING:
    from steer.models.base import Completion

__all__ = ["ResponseCache", "default_cache_dir"]


def default_cache_dir() -> Path:
    return Path(os.environ.get("STEER_CACHE_DIR", Path.home() / ".cache" / "steer"))


class ResponseCache:
    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else default_cache_dir() / "responses.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, value TEXT NOT NULL)")

    @staticmethod
    def key(identity: str, messages: list[Message], config: GenerateConfig, epoch: int) -> str:
        payload = json.dumps(
            {
                "identity": identity,
                # defaults left out, so adding a field (tool calling) keeps every earlier key valid
                "messages": [m.model_dump(exclude_defaults=True) for m in messages],
                "config": config.model_dump(exclude=None if config.tools else {"tools"}),
                "epoch": epoch,
            },
            sort_keys=True,
        )
        return hashlib.sha256(payload.encode()).hexdigest()

    def get(self, key: str) -> Completion | None:
        from steer.models.base import Completion

        with self._lock:
            row = self._db.execute("SELECT value FROM responses WHERE key = ?", (key,)).fetchone()
        return Completion.model_validate_json(row[0]) if row else None

    def put(self, key: str, completion: Completion) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO responses (key, value) VALUES (?, ?)",
                (key, completion.model_dump_json()),
            )

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()
