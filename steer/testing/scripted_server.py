"""TEST DOUBLE: an OpenAI-compatible chat server on 127.0.0.1 that replays a script.

Model-layer tests must go through the real `openai` client over real HTTP, so this is a real server
(stdlib `ThreadingHTTPServer`), not a patched client. It replays canned replies in order (or asks a
responder callable), injects faults (429 with Retry-After, 500, slow reply, malformed JSON, dropped
connection), counts requests, and answers a clear HTTP 400 once its script is exhausted, so a test that
asks for more calls than it scripted fails loudly instead of hanging or looping on retries. A reply can
call tools (`ScriptedServer.tool_call`), and `tools_supported=False` plays an endpoint that refuses
requests offering tools, as servers without tool calling do.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

__all__ = ["Fault", "ScriptedServer"]

Reply = str | dict[str, Any]  # text, or {"content": ..., "tool_calls": [...]} from ScriptedServer.tool_call
Responder = Callable[[list[dict[str, Any]]], Reply]


@dataclass(frozen=True)
class Fault:
    """One injected failure, consumed like a reply."""

    kind: Literal["429", "500", "slow", "malformed", "drop"]
    retry_after: float | None = None
    delay_s: float = 0.0
    reply: str = ""  # for "slow": the reply sent after the delay


class ScriptedServer:
    def __init__(
        self,
        script: list[Reply | Fault] | None = None,
        *,
        responder: Responder | None = None,
        latency_s: float = 0.0,
        tools_supported: bool = True,
    ) -> None:
        self._script: list[Reply | Fault] = list(script or [])
        self.tools_supported = tools_supported
        self.responder = responder
        self.latency_s = latency_s
        self.requests: list[dict[str, Any]] = []
        self.exhausted = False
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> ScriptedServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def setup(self) -> None:
                super().setup()
                # Headers and body go out in two writes; without NODELAY, Nagle + delayed ACK adds
                # ~40 ms to every reply, which would be charged to steer in overhead benchmarks.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                server._handle(self, body)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> ScriptedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._httpd is not None, "server not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    @property
    def request_count(self) -> int:
        return len(self.requests)

    @staticmethod
    def tool_call(code: str | None = None, *, arguments: str | None = None, content: str = "",
                  name: str = "python") -> dict[str, Any]:
        """A reply that calls a tool: `code` for the python tool, or raw `arguments` (malformed on purpose)."""
        args = arguments if arguments is not None else json.dumps({"code": code})
        return {"content": content, "tool_calls": [{"name": name, "arguments": args}]}

    def push(self, *items: Reply | Fault) -> None:
        with self._lock:
            self._script.extend(items)

    @property
    def remaining(self) -> int:
        return len(self._script)

    # -- serving ---------------------------------------------------------------------------------
    def _next(self, messages: list[dict[str, Any]]) -> Reply | Fault | None:
        with self._lock:
            if self._script:
                return self._script.pop(0)
        if self.responder is not None:
            return self.responder(messages)
        return None

    def _handle(self, h: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        with self._lock:
            self.requests.append(body)
        messages = body.get("messages", [])
        if body.get("tools") and not self.tools_supported:
            self._json(h, 400, {"error": {"message": "tools are not supported by this endpoint (scripted)"}})
            return
        item = self._next(messages)
        if self.latency_s:
            time.sleep(self.latency_s)
        if item is None:
            self.exhausted = True
            n = len(self.requests)
            self._json(h, 400, {"error": {"message": f"scripted server: script exhausted at request {n}", "type": "test_double"}})
            return
        if isinstance(item, Fault):
            if item.kind == "429":
                headers = {"retry-after": str(item.retry_after)} if item.retry_after is not None else {}
                self._json(h, 429, {"error": {"message": "rate limited (scripted)"}}, headers)
                return
            if item.kind == "500":
                self._json(h, 500, {"error": {"message": "internal error (scripted)"}})
                return
            if item.kind == "malformed":
                raw = b"{not json"
                h.send_response(200)
                h.send_header("content-type", "application/json")
                h.send_header("content-length", str(len(raw)))
                h.end_headers()
                h.wfile.write(raw)
                return
            if item.kind == "drop":
                h.close_connection = True
                try:
                    h.connection.shutdown(2)
                except OSError:
                    pass
                return
            if item.kind == "slow":
                time.sleep(item.delay_s)
                item = item.reply
        message: dict[str, Any] = {"role": "assistant", "content": item}
        finish = "stop"
        if isinstance(item, dict):
            n = len(self.requests)
            message = {"role": "assistant", "content": item.get("content") or None, "tool_calls": [
                {"id": f"call-{n}-{i}", "type": "function", "function": {"name": t["name"], "arguments": t["arguments"]}}
                for i, t in enumerate(item.get("tool_calls", []))]}
            finish = "tool_calls"
            item = (item.get("content") or "") + " ".join(t["arguments"] for t in item.get("tool_calls", []))
        prompt_tokens = sum(len(str(m.get("content", "")).split()) for m in messages)
        completion_tokens = len(item.split())
        self._json(
            h,
            200,
            {
                "id": f"scripted-{len(self.requests)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", "scripted"),
                "choices": [
                    {"index": 0, "message": message, "finish_reason": finish}
                ],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                },
            },
        )

    @staticmethod
    def _json(h: BaseHTTPRequestHandler, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        raw = json.dumps(payload).encode()
        h.send_response(status)
        h.send_header("content-type", "application/json")
        h.send_header("content-length", str(len(raw)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(raw)
