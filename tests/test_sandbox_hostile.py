"""Hostile code on the real Docker engine: each case must be contained, leave the host and the next
execution unaffected, and leave no container behind."""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from conftest import run_in, steer_containers

from steer.sandbox import SandboxLimits

pytestmark = pytest.mark.docker

FAST = SandboxLimits(timeout_s=3)

# What every following execution must see: an empty working dir and tmp, and no process but its own.
PROBE = r"""
import os
procs = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())
mine = {os.getpid(), os.getppid(), 1}
others = []
for p in procs:
    if p in mine:
        continue
    try:
        cmd = open(f'/proc/{p}/cmdline').read().replace('\0', ' ').strip()
    except OSError:
        continue
    if cmd != 'sleep infinity':  # the container's own keep-alive, started before any code
        others.append(cmd)
print(sorted(set(os.listdir('/sandbox')) - {'main.py', '.stdin'}), os.listdir('/tmp'), others)
"""


@pytest.fixture
def sb(docker_sandbox):  # noqa: ANN001, ANN201
    yield docker_sandbox
    # The next execution is clean, and nothing beyond the warm pool is left running.
    probe = run_in(docker_sandbox, PROBE)
    assert probe.status == "ok", probe.stderr
    assert probe.stdout.strip() == "[] [] []", probe.stdout
    deadline = time.monotonic() + 10
    while len(steer_containers(docker_sandbox.run_id)) > docker_sandbox.pool_size and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(steer_containers(docker_sandbox.run_id)) <= docker_sandbox.pool_size


def test_fork_bomb_is_stopped_by_the_pid_limit(sb) -> None:  # noqa: ANN001
    ex = run_in(sb, "import os\nwhile True:\n    os.fork()", limits=FAST)
    assert ex.status in ("error", "timeout") and ex.duration_s < FAST.timeout_s + 4
    assert subprocess.run(["true"]).returncode == 0  # the host can still fork


def test_memory_bomb_is_killed(sb) -> None:  # noqa: ANN001
    ex = run_in(sb, "x = []\nwhile True:\n    x.append(bytearray(50 * 1024 * 1024))", limits=FAST)
    assert ex.status == "memory" and ex.oom_killed


def test_infinite_loop_times_out(sb) -> None:  # noqa: ANN001
    ex = run_in(sb, "while True:\n    pass", limits=FAST)
    assert ex.status == "timeout" and ex.timed_out and FAST.timeout_s <= ex.duration_s < FAST.timeout_s + 3


def test_cpu_spinning_children_all_die(sb) -> None:  # noqa: ANN001
    code = "import multiprocessing as m\ndef spin():\n    while True: pass\n" \
           "if __name__ == '__main__':\n    ps = [m.Process(target=spin) for _ in range(4)]\n" \
           "    [p.start() for p in ps]\n    print('spinning', flush=True)\n    [p.join() for p in ps]"
    ex = run_in(sb, code, limits=FAST)
    assert ex.status == "timeout" and "spinning" in ex.stdout and ex.duration_s < FAST.timeout_s + 4


def test_sleep_child_does_not_survive_the_timeout(sb) -> None:  # noqa: ANN001
    code = "import subprocess, time\nsubprocess.Popen(['sleep', '1000'])\nprint('child started', flush=True)\n" \
           "while True: time.sleep(1)"
    ex = run_in(sb, code, limits=FAST)
    assert ex.status == "timeout" and "child started" in ex.stdout


def test_double_forked_daemon_does_not_survive(sb) -> None:  # noqa: ANN001
    code = "import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n" \
           "        time.sleep(1000)\n    os._exit(0)\nprint('parent exits', flush=True)"
    ex = run_in(sb, code, limits=FAST)
    assert "parent exits" in ex.stdout and ex.duration_s < FAST.timeout_s + 4


def test_cannot_reach_a_server_on_the_host_loopback(sb) -> None:  # noqa: ANN001
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    port = server.getsockname()[1]
    accepted: list[object] = []

    def accept() -> None:
        end = time.monotonic() + 5
        while time.monotonic() < end:
            try:
                accepted.append(server.accept())
            except OSError:
                pass

    t = threading.Thread(target=accept)
    t.start()
    code = f"import socket\nfor host in ('127.0.0.1', '172.17.0.1', 'host.docker.internal'):\n    try:\n" \
           f"        socket.create_connection((host, {port}), timeout=1)\n        print('CONNECTED', host)\n" \
           f"    except OSError as e:\n        print('refused', host, type(e).__name__)"
    ex = run_in(sb, code, limits=FAST)
    t.join()
    server.close()
    assert "CONNECTED" not in ex.stdout and ex.stdout.count("refused") == 3
    assert accepted == []


def test_cannot_reach_an_outside_address(sb) -> None:  # noqa: ANN001
    code = "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=1)\n    print('CONNECTED')\n" \
           "except OSError as e:\n    print('blocked', e.errno)\n" \
           "print([n for n in open('/proc/net/dev').read().split() if n.endswith(':')])"
    ex = run_in(sb, code, limits=FAST)
    assert "blocked" in ex.stdout and "CONNECTED" not in ex.stdout
    assert "['lo:']" in ex.stdout  # no interface but loopback


def test_cannot_read_host_files(sb, tmp_path: Path) -> None:  # noqa: ANN001
    secret = tmp_path / "reference_answer.txt"
    secret.write_text("16593222")
    host_name = Path("/etc/hostname").read_text().strip()
    code = f"import os\ntry:\n    print(open({str(secret)!r}).read())\nexcept OSError as e:\n    print('no file', e.errno)\n" \
           "print('hostname', open('/etc/hostname').read().strip())"
    ex = run_in(sb, code, limits=FAST)
    assert "no file 2" in ex.stdout and "16593222" not in ex.stdout
    assert f"hostname {host_name}" not in ex.stdout


def test_cannot_write_outside_the_tmpfs(sb) -> None:  # noqa: ANN001
    code = "import errno\nfor p in ('/etc/evil', '/usr/bin/evil', '/evil', '/home/evil'):\n    try:\n" \
           "        open(p, 'w').write('x')\n        print('WROTE', p)\n    except OSError as e:\n" \
           "        print('denied', p, errno.errorcode[e.errno])"
    ex = run_in(sb, code, limits=FAST)
    assert "WROTE" not in ex.stdout and ex.stdout.count("denied") == 4


def test_filling_the_tmpfs_stops_at_its_cap(sb) -> None:  # noqa: ANN001
    code = "import errno\ntry:\n    with open('/sandbox/big', 'wb') as f:\n        for _ in range(200):\n" \
           "            f.write(b'x' * (1 << 20))\n            f.flush()\n    print('WROTE 200 MB')\n" \
           "except OSError as e:\n    print('full', errno.errorcode[e.errno])"
    ex = run_in(sb, code, limits=FAST)
    assert "full ENOSPC" in ex.stdout and "WROTE" not in ex.stdout


def test_hundred_megabyte_stdout_flood_is_capped(sb) -> None:  # noqa: ANN001
    ex = run_in(sb, "import sys\nfor _ in range(100):\n    sys.stdout.write('x' * (1 << 20))", limits=FAST)
    assert ex.status == "output_limit" and ex.stdout_truncated
    assert len(ex.stdout) <= FAST.output_bytes + 200 and "truncated by steer" in ex.stdout
    assert ex.duration_s < FAST.timeout_s + 4


def test_stderr_flood_is_capped(sb) -> None:  # noqa: ANN001
    ex = run_in(sb, "import sys\nfor _ in range(100):\n    sys.stderr.write('e' * (1 << 20))", limits=FAST)
    assert ex.status == "output_limit" and len(ex.stderr) <= FAST.output_bytes + 200


def test_environment_holds_no_host_secrets(sb, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("OPENAI_API_KEY", "sk-host-secret-123")
    monkeypatch.setenv("STEER_TEST_SECRET", "s3cr3t")
    ex = run_in(sb, "import os\nprint(sorted(os.environ))\nprint(open('/proc/1/environ', 'rb').read())", limits=FAST)
    assert "sk-host-secret" not in ex.stdout + ex.stderr and "s3cr3t" not in ex.stdout + ex.stderr
    names = eval(ex.stdout.splitlines()[0])  # our own program's output, a list of names
    assert set(names) <= {"PATH", "HOME", "HOSTNAME", "PYTHONDONTWRITEBYTECODE", "LC_CTYPE", "PWD"}  # PWD: the shell


def test_privilege_escalation_fails(sb) -> None:  # noqa: ANN001
    code = r"""
import os, subprocess
out = {}
try:
    os.setuid(0); out['setuid'] = 'ROOT'
except PermissionError:
    out['setuid'] = 'denied'
setuid_bins = subprocess.run(['find', '/usr', '/bin', '-perm', '-4000', '-type', 'f'], capture_output=True, text=True).stdout.split()
for b in setuid_bins:
    r = subprocess.run([b, '--help'] if b.endswith('mount') else [b, '-c', 'id -u'], capture_output=True, text=True, input='')
    out[b] = 'ROOT' if r.stdout.strip() == '0' else 'no root'
for name, cmd in {'unshare': ['unshare', '-r', 'id', '-u'], 'mount': ['mount', '-t', 'tmpfs', 'none', '/mnt'],
                  'chroot': ['chroot', '/', 'true']}.items():
    try:
        r = subprocess.run(cmd, capture_output=True, text=True)
        out[name] = 'OK' if r.returncode == 0 else 'denied'
    except FileNotFoundError:
        out[name] = 'absent'
print(out, os.getuid(), open('/proc/self/status').read().split('CapEff:')[1].split()[0])
"""
    ex = run_in(sb, code, limits=SandboxLimits(timeout_s=10))
    assert ex.status == "ok", ex.stderr
    assert "ROOT" not in ex.stdout and "'OK'" not in ex.stdout
    assert ex.stdout.strip().endswith("65534 0000000000000000")  # uid nobody, no effective capabilities


def test_signalling_pid_1_does_not_break_the_sandbox(sb) -> None:  # noqa: ANN001
    code = "import os, signal\nfor s in (signal.SIGKILL, signal.SIGTERM):\n    try:\n        os.kill(1, s)\n" \
           "    except OSError as e:\n        print('denied', e.errno)\nprint('still here')"
    ex = run_in(sb, code, limits=FAST)
    assert "still here" in ex.stdout
    assert run_in(sb, "print('next')", limits=FAST).stdout == "next\n"


def test_very_long_single_line_is_capped_with_its_tail(sb) -> None:  # noqa: ANN001
    ex = run_in(sb, "print('a' * 300_000 + 'END')", limits=FAST)
    assert ex.status == "ok" and ex.stdout_truncated
    assert ex.stdout.rstrip().endswith("END") and len(ex.stdout) <= FAST.output_bytes + 200


def test_host_process_environment_untouched() -> None:
    # Nothing above may change the test process itself (cwd, env) — hostile code ran elsewhere.
    assert Path.cwd().exists() and "STEER_TEST_SECRET" not in os.environ


def test_doctor_sandbox_probes_report_containment(docker_sandbox) -> None:  # noqa: ANN001 - image ensured
    from conftest import steer_cli

    r = steer_cli("doctor", "--sandbox", timeout=120)
    cells = [[c.strip() for c in line.split("│")[1:3]] for line in r.stdout.splitlines() if line.startswith("│")]
    rows = {name: status for name, status in cells if name.startswith("sandbox: ")}
    assert rows == {f"sandbox: {p}": "ok" for p in
                    ("runs python", "non-root user", "read-only root", "no network", "hard timeout")}, r.stdout
