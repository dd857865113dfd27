#!/usr/bin/env bash
# Set up everything steer needs on a fresh Debian/Ubuntu machine, idempotently:
#   apt packages (Docker engine, debootstrap), a running dockerd, a virtualenv with steer and its test
#   extras (llama-cpp-python built once and its wheel cached), the sandbox image, the embedded model.
# Re-running it skips what is already there. Caches (~/.cache/steer) speed it up; nothing relies on them.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
CACHE="${STEER_CACHE_DIR:-$HOME/.cache/steer}"
LLAMA_VERSION="0.3.36"

log "apt packages"
need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

log "docker engine"
if ! docker info >/dev/null 2>&1; then
  if command -v systemctl >/dev/null 2>&1 && systemctl is-system-running >/dev/null 2>&1; then
    $SUDO systemctl start docker || true
  fi
  if ! docker info >/dev/null 2>&1; then
    $SUDO sh -c 'nohup dockerd > /var/log/steer-dockerd.log 2>&1 &'
  fi
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
fi
docker info --format 'Docker {{.ServerVersion}} ({{.Driver}})'

log "python environment (.venv)"
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# llama.cpp is built for portable x86-64 (AVX2), not -march=native: on VMs that advertise AMX without
# enabling it, a native build crashes on the first token (seen here).
WHEELS="$CACHE/wheels-portable"
mkdir -p "$WHEELS"
if ! ls "$WHEELS"/llama_cpp_python-"$LLAMA_VERSION"-*.whl >/dev/null 2>&1; then
  echo "building llama-cpp-python $LLAMA_VERSION from source (a few minutes, once per machine)"
  CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF \
-DGGML_AMX_INT8=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_BF16=OFF" \
    .venv/bin/python -m pip wheel -q --no-deps --no-cache-dir -w "$WHEELS" "llama-cpp-python==$LLAMA_VERSION"
fi
.venv/bin/python -m pip install -q --find-links "$WHEELS" "llama-cpp-python==$LLAMA_VERSION" -e ".[test]"

log "sandbox image"
.venv/bin/steer sandbox build

log "embedded model"
.venv/bin/steer models pull

log "ready"
