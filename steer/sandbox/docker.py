"""`docker`: each execution in a fresh, hardened container taken from a warm pool.

A container serves exactly one execution and is then removed, so nothing (files, daemons, changed
state) can carry over to the next one; the pool hides the start-up cost by keeping `pool_size`
containers started ahead of need, refilled in background threads. Code, stdin and files travel inside
the exec arguments (no host mount; `docker cp` cannot write to tmpfs on a read-only root), a shell
unpacks them into the tmpfs and `exec`s `timeout -k 1 T python3 main.py`, so the time limit is
enforced inside the container and kills the whole process group; a host deadline removes the container
if anything outlives it. See sandbox/profile.md for the full profile.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import io
import posixpath
import queue
import signal
import tarfile
import threading
import time
import uuid
import weakref
from typing import Any

from steer.errors import PrerequisiteError, SandboxError
from steer.records import Execution
from steer.sandbox.base import OutputBuffer, SandboxLimits
from steer.sandbox.image import DEFAULT_IMAGE, docker_client

__all__ = ["DockerSandbox", "LABEL", "prune"]

LABEL = "org.steer"
USER = "65534:65534"
MAX_PAYLOAD = 100_000  # bytes of base64 in one exec argument (Linux caps one argument at 128 KiB)

# One shell, one Python: the payload (a tar of main.py, .stdin and the input files, built and checked on
# the host) is unpacked into the tmpfs, then `timeout` replaces the shell, so the user's program is the
# only interpreter started (a Python bootstrap would cost a second interpreter start per execution).
BOOTSTRAP = (
    'printf %s "$1" | base64 -d | tar -x -C /sandbox -f - '
    '&& exec timeout -k 1 "$2" python3 -I main.py < /sandbox/.stdin'
)


def _payload(code: str, stdin: str, files: dict[str, str]) -> str | None:
    """The base64 tar for BOOTSTRAP, or None if a file path escapes the working directory."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for rel, content in {**files, "main.py": code, ".stdin": stdin}.items():
            norm = posixpath.normpath(rel)
            if norm.startswith(("/", "..")) or norm in (".", ""):
                return None
            data = content.encode()
            info = tarfile.TarInfo(norm)
            info.size, info.mode = len(data), 0o600
            tar.addfile(info, io.BytesIO(data))
    return base64.b64encode(buf.getvalue()).decode()


_LIVE: weakref.WeakSet[DockerSandbox] = weakref.WeakSet()


def _cleanup_all() -> None:
    for sb in list(_LIVE):
        sb.close()


atexit.register(_cleanup_all)


def _install_sigterm() -> None:
    """SIGTERM ends the process through normal exit, so atexit removes the containers."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, lambda *_: (_cleanup_all(), exit(143)))


class DockerSandbox:
    name = "docker"

    def __init__(
        self,
        *,
        image: str = DEFAULT_IMAGE,
        limits: SandboxLimits | None = None,
        pool_size: int = 2,
        run_id: str | None = None,
    ) -> None:
        self.client = docker_client()
        from docker.errors import ImageNotFound

        try:
            self.image_id = self.client.images.get(image).id
        except ImageNotFound:
            hint = "steer sandbox build" if image == DEFAULT_IMAGE else f"docker pull {image}"
            raise PrerequisiteError(f"sandbox image {image} is missing: run `{hint}`") from None
        self.image = image
        self.limits = limits or SandboxLimits()
        self.pool_size = pool_size
        self.run_id = run_id or uuid.uuid4().hex[:12]
        self._ready: queue.Queue[Any] = queue.Queue()
        self._owned: set[str] = set()
        self._lock = threading.Lock()
        self._closed = False
        _LIVE.add(self)
        _install_sigterm()
        for _ in range(pool_size):
            self._refill()

    # -- containers -------------------------------------------------------------------------------
    def _create(self, limits: SandboxLimits) -> Any:
        tmpfs_opts = f"rw,noexec,nosuid,nodev,size={limits.tmpfs_mb}m,uid=65534,gid=65534,mode=0700"
        container = self.client.containers.run(
            self.image,
            ["sleep", "infinity"],
            detach=True,
            init=True,
            network_mode="none",
            mem_limit=f"{limits.memory_mb}m",
            memswap_limit=f"{limits.memory_mb}m",
            pids_limit=limits.pids,
            nano_cpus=int(limits.cpus * 1e9),
            read_only=True,
            tmpfs={"/sandbox": tmpfs_opts, "/tmp": tmpfs_opts},
            user=USER,
            cap_drop=["ALL"],
            security_opt=["no-new-privileges"],
            environment={},
            working_dir="/sandbox",
            labels={LABEL: "1", f"{LABEL}.run": self.run_id},
            log_config={"type": "none"},
        )
        with self._lock:
            self._owned.add(container.id)
        return container

    def _refill(self) -> None:
        def work() -> None:
            if self._closed:
                return
            try:
                container = self._create(self.limits)
            except Exception:  # noqa: BLE001 - a failed refill is retried on demand by _take
                return
            if self._closed:  # closed while this one was starting: it must not outlive the sandbox
                self._discard(container)
            else:
                self._ready.put(container)

        threading.Thread(target=work, daemon=True).start()

    def _take(self, limits: SandboxLimits) -> Any:
        if limits.model_dump(include={"memory_mb", "pids", "cpus", "tmpfs_mb"}) != self.limits.model_dump(
            include={"memory_mb", "pids", "cpus", "tmpfs_mb"}
        ):
            return self._create(limits)  # container-level limits differ from the pool's
        try:
            container = self._ready.get_nowait()
        except queue.Empty:
            # The pool is still refilling (a start is in flight): start one for now, without adding
            # another refill, so the pool never grows past `pool_size`.
            return self._create(limits)
        self._refill()
        return container

    def _discard(self, container: Any) -> None:
        def work() -> None:
            try:
                container.remove(force=True)
            except Exception:  # noqa: BLE001 - already gone
                pass
            with self._lock:
                self._owned.discard(container.id)

        threading.Thread(target=work, daemon=True).start()

    # -- execution --------------------------------------------------------------------------------
    def _run(self, code: str, stdin: str, files: dict[str, str], limits: SandboxLimits) -> Execution:
        payload = _payload(code, stdin, files)
        if payload is None:
            return Execution(code=code, stdin=stdin, status="error", exit_code=2, backend=self.name, image=self.image,
                             stderr="steer: an input file escapes the working directory")
        if len(payload) > MAX_PAYLOAD:
            return Execution(code=code, stdin=stdin, status="sandbox_error", backend=self.name, image=self.image,
                             stderr=f"steer: code, stdin and files exceed {MAX_PAYLOAD * 3 // 4} bytes")
        start = time.perf_counter()
        try:
            container = self._take(limits)
        except Exception as exc:  # noqa: BLE001
            raise SandboxError(f"could not start a sandbox container from {self.image}: {exc}") from exc
        api = self.client.api
        out = OutputBuffer(limits.output_bytes)
        err = OutputBuffer(limits.output_bytes)
        flooded = threading.Event()
        try:
            exec_id = api.exec_create(
                container.id, ["sh", "-c", BOOTSTRAP, "steer", payload, f"{limits.timeout_s:g}"], user=USER,
                workdir="/sandbox",
                environment={"HOME": "/sandbox", "PYTHONDONTWRITEBYTECODE": "1"}, stdout=True, stderr=True,
            )["Id"]
            stream = api.exec_start(exec_id, stream=True, demux=True)

            def pump() -> None:
                # Keep draining after a flood: a stalled stream would block the engine's kill too.
                try:
                    for o, e in stream:
                        if o:
                            out.write(o)
                        if e:
                            err.write(e)
                        if not flooded.is_set() and (out.flooded or err.flooded):
                            flooded.set()
                            threading.Thread(target=_kill, args=(container,), daemon=True).start()
                except Exception:  # noqa: BLE001 - the container was killed under us
                    pass

            reader = threading.Thread(target=pump, daemon=True)
            reader.start()
            reader.join(limits.timeout_s + 2.0)
            host_killed = reader.is_alive()
            if host_killed:  # something outlived `timeout` (e.g. a daemon holding the pipes)
                _kill(container)
                reader.join(2.0)
            try:
                exit_code = api.exec_inspect(exec_id).get("ExitCode")
            except Exception:  # noqa: BLE001 - the container is gone (killed for a flood or deadline)
                exit_code = None
        finally:
            self._discard(container)
        duration = time.perf_counter() - start
        stdout, t1 = out.text()
        stderr, t2 = err.text()
        timed_out = host_killed or exit_code == 124 or (exit_code == 137 and duration >= limits.timeout_s)
        oom = not timed_out and (exit_code == 137 or "MemoryError" in stderr[-2000:])
        if flooded.is_set():
            status = "output_limit"
        elif timed_out:
            status = "timeout"
        elif oom:
            status = "memory"
        else:
            status = "ok" if exit_code == 0 else "error"
        return Execution(
            code=code, stdin=stdin, stdout=stdout, stderr=stderr, stdout_truncated=t1 or flooded.is_set(),
            stderr_truncated=t2, exit_code=exit_code, status=status, timed_out=timed_out, oom_killed=oom,
            duration_s=duration, backend=self.name, image=self.image,
        )

    async def run(
        self,
        code: str,
        *,
        stdin: str = "",
        files: dict[str, str] | None = None,
        limits: SandboxLimits | None = None,
    ) -> Execution:
        if self._closed:
            raise SandboxError("this docker sandbox is closed")
        return await asyncio.to_thread(self._run, code, stdin, dict(files or {}), limits or self.limits)

    # -- lifecycle --------------------------------------------------------------------------------
    def close(self) -> None:
        """Remove every container this sandbox started (idempotent; also runs at exit and on SIGTERM)."""
        self._closed = True
        while True:
            try:
                self._ready.get_nowait()
            except queue.Empty:
                break
        prune(run_id=self.run_id, client=self.client)
        with self._lock:
            self._owned.clear()

    async def aclose(self) -> None:
        await asyncio.to_thread(self.close)


def _kill(container: Any) -> None:
    try:
        container.kill()
    except Exception:  # noqa: BLE001 - already stopped or removed
        pass


def prune(run_id: str | None = None, client: Any = None) -> int:
    """Remove steer's containers (all, or one run's), selected by label only: never anyone else's."""
    client = client or docker_client()
    label = f"{LABEL}.run={run_id}" if run_id else LABEL
    removed = 0
    for c in client.api.containers(all=True, filters={"label": label}):
        try:
            client.api.remove_container(c["Id"], force=True)
            removed += 1
        except Exception:  # noqa: BLE001 - removed concurrently
            pass
    return removed
