#!/usr/bin/env bash
# The README's pictures of cam at work: a cheque-like and a plate-like scene made by
# tools/make_scenes.py (the held-out split: fonts, texture and effects never used in development),
# read by cam, the annotated frame saved as a PNG in docs/.
# Usage: scripts/example_pictures.sh BUILD_DIR
set -euo pipefail
build="$1"
mnist=$(scripts/fetch_mnist.sh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 tools/make_scenes.py --mnist "$mnist" --out "$work/scenes" --n 3 --split held-out --seed 7 >/dev/null
for pick in "0000:cheque" "0002:plate"; do
  image=$(ls "$work/scenes/images/${pick%%:*}".*)
  "$build/apps/cam" --source "$image" --headless --record "$work/${pick#*:}.avi" --json "$work/${pick#*:}.jsonl" \
    --log-level warn
  ffmpeg -loglevel error -y -i "$work/${pick#*:}.avi" -frames:v 1 "docs/example-${pick#*:}.png"
  echo "docs/example-${pick#*:}.png: $(/usr/bin/python3 -c "import json,sys; \
print(' '.join(n['text'] for n in json.loads(open(sys.argv[1]).readline())['numbers']))" "$work/${pick#*:}.jsonl")"
done
