#!/usr/bin/env bash
# Runs cam the way a new user would see it: on camera 0 in a window when a camera and a display are
# there, else headless on the bundled demo clip, writing the annotated video and the JSON lines.
# Usage: scripts/demo.sh CAM_BINARY OUT_DIR [SOURCE]
set -euo pipefail
cam="$1"
out="$2"
source="${3:-}"
mkdir -p "$out"

if [ -z "$source" ] && [ -e /dev/video0 ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "demo: camera found: cam opens it in a window (q quits, space pauses, s saves a snapshot)"
  exec "$cam" --source 0 --record "$out/camera.mp4" --json "$out/camera.jsonl"
fi

source="${source:-assets/demo.mp4}"
name=$(basename "${source%.*}")
echo "demo: no camera here; reading $source headless"
"$cam" --source "$source" --headless --record "$out/$name.annotated.mp4" --json "$out/$name.jsonl"
echo
echo "demo: annotated video: $out/$name.annotated.mp4"
echo "demo: JSON lines:      $out/$name.jsonl ($(wc -l < "$out/$name.jsonl") frames)"
if [ -f "${source%.*}.truth.json" ]; then
  echo "demo: numbers on the sheet (truth): $(tr -d '\n ' < "${source%.*}.truth.json" | sed 's/.*"numbers":\[\([^]]*\)\].*/\1/')"
fi
