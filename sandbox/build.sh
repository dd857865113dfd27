#!/usr/bin/env bash
# Recipe for steer's default sandbox image, built OFFLINE (no image registry needed):
#   Debian bookworm minbase + python3, numpy, sympy (debootstrap from the Debian mirror), imported into
#   Docker as a single-layer image whose default user is `nobody` (65534). Hardening is not baked into
#   the image: it is applied at run time by steer (see profile.md), so it holds for any image users name.
# Usage: sandbox/build.sh [IMAGE]   (idempotent: exits at once if IMAGE exists)
set -euo pipefail
IMAGE="${1:-steer-sandbox:1}"
CACHE="${STEER_CACHE_DIR:-$HOME/.cache/steer}"
SUITE=bookworm
ROOTFS_TAR="$CACHE/sandbox-rootfs-$SUITE-v1.tar"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "image $IMAGE already present"
  exit 0
fi
command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }

if [ ! -s "$ROOTFS_TAR" ]; then
  mkdir -p "$CACHE"
  work=$(mktemp -d)
  trap '$SUDO rm -rf "$work"' EXIT
  echo "[1/3] debootstrap $SUITE minbase with python3, numpy, sympy (about a minute)"
  $SUDO debootstrap --variant=minbase --include=python3,python3-numpy,python3-sympy "$SUITE" "$work/root" \
    > "$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  echo "[2/3] trimming caches and docs; adding the /sandbox working directory"
  $SUDO rm -rf "$work/root/var/cache/apt/archives/"*.deb "$work/root/var/lib/apt/lists/"* \
    "$work/root/usr/share/doc" "$work/root/usr/share/man" "$work/root/usr/share/locale"
  $SUDO mkdir -p "$work/root/sandbox"
  $SUDO tar -C "$work/root" -cf "$ROOTFS_TAR.partial" .
  mv "$ROOTFS_TAR.partial" "$ROOTFS_TAR"
else
  echo "[1/3] reusing cached root file system $ROOTFS_TAR"
  echo "[2/3] (cached)"
fi
echo "[3/3] docker import -> $IMAGE"
docker import \
  --change 'USER 65534:65534' \
  --change 'WORKDIR /sandbox' \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'LABEL org.steer.sandbox=1' \
  "$ROOTFS_TAR" "$IMAGE" >/dev/null
docker run --rm --network none "$IMAGE" python3 -c 'import numpy, sympy; print("python", __import__("sys").version.split()[0], "numpy", numpy.__version__, "sympy", sympy.__version__)'
echo "built $IMAGE"
