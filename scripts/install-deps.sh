#!/usr/bin/env bash
# Installs the Debian packages kconnect needs to build, run and test, skipping
# those already present. Needs root (or sudo) only when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  librdkafka-dev libboost-dev libboost-system-dev
  nlohmann-json3-dev libspdlog-dev libfmt-dev zlib1g-dev libmimalloc-dev libisal-dev
  libsnappy-dev liblz4-dev libzstd-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  kcat curl binutils clang libclang-rt-14-dev ccache wrk
  python3-kafka
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
