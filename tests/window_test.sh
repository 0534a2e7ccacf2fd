#!/usr/bin/env bash
# The window as a user drives it, under a virtual X server: d turns the debug view on (in the window and
# the recording), space pauses, s saves a snapshot while paused, space resumes, q quits, and the
# recording holds every frame shown.
# Usage: window_test.sh CAM_BINARY CLIP
set -euo pipefail
cam="$1"
clip="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/drive.sh" <<DRIVE
set -u
# On a loaded machine the X server may not take connections yet when xvfb-run starts this script.
for _ in \$(seq 100); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
"$cam" --source "$clip" --record "$work/out.avi" --json "$work/out.jsonl" --snapshot-dir "$work" \
  > "$work/log.txt" 2>&1 &
pid=\$!
# Wait for the window, then drive it.
for _ in \$(seq 50); do xdotool search --name DigitCam >/dev/null 2>&1 && break; sleep 0.1; done
xdotool search --name DigitCam windowactivate --sync >/dev/null 2>&1
sleep 0.5
# Wait for what each key does rather than a fixed time: a loaded machine may take a while.
xdotool key d
for _ in \$(seq 100); do grep -q "debug view on" "$work/log.txt" && break; sleep 0.1; done
xdotool key space
# Paused once the JSON stops growing (a broken pause runs to the clip's end: checked below).
lines_paused=-1
for _ in \$(seq 40); do
  sleep 0.4
  now=\$(wc -l < "$work/out.jsonl")
  [ "\$now" -eq "\$lines_paused" ] && break
  lines_paused=\$now
done
xdotool key s; sleep 0.5
lines_later=\$(wc -l < "$work/out.jsonl")
xdotool key space; sleep 0.4
xdotool key q
wait \$pid
echo "exit=\$? paused=\$lines_paused later=\$lines_later" > "$work/result.txt"
DRIVE
# A virtual X server that never took connections is the machine's trouble, not cam's: one more try.
for attempt in 1 2; do
  xvfb-run -a -s "-screen 0 1400x900x24" bash "$work/drive.sh"
  grep -q "could not connect to display" "$work/log.txt" || break
  echo "attempt $attempt: the X server took no connection; trying again"
  rm -f "$work/out.avi" "$work/out.jsonl" "$work"/digitcam-*.png
done

cat "$work/log.txt"
read -r result < "$work/result.txt"
echo "$result"
fail() { echo "FAIL: $*"; exit 1; }
[[ "$result" == exit=0* ]] || fail "cam did not exit 0"
paused=$(sed 's/.*paused=\([0-9]*\).*/\1/' <<< "$result")
later=$(sed 's/.*later=\([0-9]*\).*/\1/' <<< "$result")
[ "$paused" -eq "$later" ] || fail "frames were processed while paused ($paused, then $later)"
ls "$work"/digitcam-*.png >/dev/null 2>&1 || fail "no snapshot saved"
grep -q "stopped by user" "$work/log.txt" || fail "q did not stop cam"
frames=$(wc -l < "$work/out.jsonl")
total=$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$work/out.avi")
[ "$frames" -eq "$total" ] || fail "recording has $total frames, JSON $frames"
[ "$frames" -lt 100 ] || fail "q came after the end of the clip: the test proved nothing"
grep -q "debug view on" "$work/log.txt" || fail "d did not turn the debug view on"
# The debug view writes its legend in white along the bottom of the frame, where the demo clip shows a
# dark table: white there in the last frame recorded, and none in the first (before d).
ffmpeg -v error -i "$work/out.avi" -vf "select=eq(n\\,0)" -frames:v 1 "$work/first.png"
ffmpeg -v error -sseof -0.2 -i "$work/out.avi" -frames:v 1 -update 1 "$work/last.png"
/usr/bin/python3 - "$work/first.png" "$work/last.png" <<'PY' || fail "the recording does not show the debug view after d"
import sys, cv2
first, last = (cv2.imread(p, cv2.IMREAD_GRAYSCALE) for p in sys.argv[1:3])
white = lambda img: int((img[-16:, : img.shape[1] // 3] > 200).sum())
print(f"white pixels along the bottom: first frame {white(first)}, last frame {white(last)}")
sys.exit(0 if white(first) < 20 and white(last) > 100 else 1)
PY
echo "1 passed, 0 failed"
