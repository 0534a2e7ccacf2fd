#!/usr/bin/env bash
# The scene generator's clips and `digits eval-video` together: a clip with truth per frame is decoded,
# every frame read by the frame processor and scored; truth for frames the clip does not have is an
# error that names both files.
# Usage: eval_video_test.sh SOURCE_DIR DIGITS_BINARY MNIST_DIR WORK_DIR
set -euo pipefail
src="$1" digits="$2" mnist="$3" work="$4"
rm -rf "$work"
/usr/bin/python3 "$src/tools/make_scenes.py" --mnist "$mnist" --n 2 --video --frames-per-scene 3 \
  --out "$work" --seed 5 >/dev/null
fail() { echo "FAIL: $*"; exit 1; }
[ "$(ffprobe -v error -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$work/clip.mp4")" = 6 ] \
  || fail "the clip should have 6 frames"
out=$("$digits" eval-video "$work/clip.mp4" "$work/clip.json" --verbose)
echo "$out"
want=$(/usr/bin/python3 -c "import json; c = json.load(open('$work/clip.json')); \
print('images=%d digits=%d lines=%d' % (len(c['images']), len(c['annotations']), len(c['lines'])))")
echo "$out" | tail -1 | grep -q "$want" || fail "summary does not count the truth ($want)"
[ "$(echo "$out" | grep -c '^clip\.mp4#')" -eq 6 ] || fail "expected a row per frame"
# Reading the clip must find most digits: a floor that catches a broken decode or frame/truth mix-up.
echo "$out" | tail -1 | grep -Eq 'recall=(0\.[5-9]|1\.0000)' || fail "recall under 0.5"

/usr/bin/python3 - "$work/clip.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["images"].append(dict(c["images"][-1], id=999, frame=40, file_name="clip.mp4#40"))
json.dump(c, open(sys.argv[1], "w"))
PY
if err=$("$digits" eval-video "$work/clip.mp4" "$work/clip.json" 2>&1); then fail "missing frames were not an error"; fi
echo "$err" | grep -q "clip.mp4: has 6 frames, but .*clip.json has truth for frame 40" || fail "unclear error: $err"
echo ok
