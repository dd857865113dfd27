"""A run directory: `run.json` (RunRecord) + `samples.jsonl` (one SampleResult a line).

Each result is handed to the OS as one append the moment its sample finishes, so a killed run (kill -9,
Ctrl-C, a crash) loses at most the samples in flight; a torn last line is ignored on resume and rewritten.
fsync, which only matters if the machine itself goes down, is a group commit at most once a second and at the
end: syncing every sample cost ~3.5 ms each, the largest share of steer's own per-sample overhead.
"""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from steer.errors import RunnerError
from steer.records import SCHEMA_VERSION, RunRecord, SampleResult, utcnow

__all__ = ["RunDir", "finished", "latest_results", "read_results", "versions"]


def versions(model: Any = None, sandbox: Any = None) -> dict[str, str]:
    """Software versions, plus what exactly ran: the model weights' hash and the sandbox image id."""
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version(), "schema": str(SCHEMA_VERSION)}
    if model is not None:
        out["model"] = model.name
        out["model_sha256"] = getattr(getattr(model, "api", None), "sha256", "n/a (remote)")
    if sandbox is not None:
        out["sandbox"] = sandbox.name
        out["sandbox_image"] = f"{getattr(sandbox, 'image', '')} {getattr(sandbox, 'image_id', '')}".strip() or "host"
    for pkg in ("steer", "openai", "pydantic", "docker", "llama_cpp_python"):
        try:
            out[pkg] = version(pkg.replace("_", "-"))
        except PackageNotFoundError:
            pass
    return out


def read_results(path: str | Path) -> Iterator[SampleResult]:
    """Every complete record of a samples.jsonl; a torn trailing line (killed writer) is skipped."""
    p = Path(path)
    if p.is_dir():
        p = p / "samples.jsonl"
    if not p.exists():
        return
    with p.open() as fh:
        for n, line in enumerate(fh, 1):
            if not line.endswith("\n"):
                break  # torn write from a killed run
            if not line.strip():
                continue
            try:
                rec = SampleResult.model_validate_json(line)
            except ValueError as exc:
                raise RunnerError(f"{p}:{n}: not a steer sample record: {str(exc).splitlines()[0]}") from exc
            if rec.version > SCHEMA_VERSION:
                raise RunnerError(f"{p}:{n}: written by a newer steer (schema {rec.version})")
            yield rec


def latest_results(path: str | Path) -> list[SampleResult]:
    """One record per sample key, the latest: a sample re-run after an error is appended again."""
    return list({r.key: r for r in read_results(path)}.values())


def finished(result: SampleResult) -> bool:
    """Whether a resumed run may keep this result. A method that ran out of budget finished; a failed model call
    (endpoint down, retries spent) or any other error (the sandbox failing, a run torn down around the sample)
    says nothing about the method, so the sample is solved again on resume, as `inspect eval-retry` does."""
    if any(c.error is not None for c in result.calls):
        return False
    return result.error is None or result.error.type == "BudgetExceeded"


class RunDir:
    SYNC_EVERY_S = 1.0

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.samples_path = self.path / "samples.jsonl"
        self.run_path = self.path / "run.json"
        self._synced_at = 0.0

    def open(self, record: RunRecord) -> tuple[dict[str, SampleResult], RunRecord]:
        """Create or resume; returns the finished results by key and the (possibly resumed) record."""
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RunnerError(f"cannot create run directory {self.path}: {exc.strerror}") from exc
        done = {r.key: r for r in latest_results(self.samples_path) if finished(r)}
        self._truncate_torn_tail()
        if self.run_path.exists():
            old = RunRecord.model_validate_json(self.run_path.read_text())
            record = record.model_copy(update={"started_at": old.started_at, "run_id": old.run_id})
        self.write_record(record)
        return done, record

    def _truncate_torn_tail(self) -> None:
        if not self.samples_path.exists():
            return
        data = self.samples_path.read_bytes()
        if data and not data.endswith(b"\n"):
            keep = data.rfind(b"\n") + 1
            with self.samples_path.open("r+b") as fh:
                fh.truncate(keep)

    def write_record(self, record: RunRecord) -> None:
        tmp = self.run_path.with_suffix(".json.tmp")
        tmp.write_text(record.model_dump_json(indent=2))
        os.replace(tmp, self.run_path)

    def append(self, result: SampleResult) -> None:
        line = (result.model_dump_json() + "\n").encode()
        fd = os.open(self.samples_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
            if time.monotonic() - self._synced_at >= self.SYNC_EVERY_S:
                os.fsync(fd)
                self._synced_at = time.monotonic()
        finally:
            os.close(fd)

    def sync(self) -> None:
        if self.samples_path.exists():
            fd = os.open(self.samples_path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def finish(self, record: RunRecord, status: str = "finished") -> None:
        self.sync()
        self.write_record(record.model_copy(update={"ended_at": utcnow(), "status": status}))
