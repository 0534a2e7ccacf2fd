#!/usr/bin/env bash
# The reading figures of docs/reading.md in one run: generated scenes (the dev split, tuned on, and the
# held-out split: fonts, texture, scene kind and harsher effects never used in development) and 720p
# clips, read by cam's frame processor and scored by `digits eval-coco` / `digits eval-video`.
# Generated once into the cache (about two minutes the first time).
# Extra arguments go to the evaluators (e.g. --set segmentation.rule_length=0).
# Usage: scripts/eval_reading.sh BUILD_DIR [--set key=value ...]
set -euo pipefail
build="$1"
shift
mnist=$(scripts/fetch_mnist.sh)
data="${DIGITCAM_CACHE:-$HOME/.cache/digitcam}/reading"
gen() {  # gen NAME ARGS...: generates once, kept in the cache
  local out="$data/$1"
  shift
  [ -f "$out/.done" ] && return
  rm -rf "$out"
  /usr/bin/python3 tools/make_scenes.py --mnist "$mnist" --out "$out" "$@" >/dev/null
  touch "$out/.done"
}
gen scenes-dev --n 100 --split dev --seed 1
gen scenes-held-out --n 100 --split held-out --seed 1
gen clip-dev --n 8 --video --split dev --seed 1
gen clip-held-out --n 12 --video --split held-out --seed 1
# Second draws: 300 dev scenes (more to decide on than 100), and held-out scenes and a clip of another
# seed, measured but never looked into.
gen scenes-dev-2 --n 300 --split dev --seed 3
gen scenes-held-out-2 --n 100 --split held-out --seed 2
gen clip-held-out-2 --n 12 --video --split held-out --seed 2
# A second dev clip (sixth session), looked into like the first.
gen clip-dev-2 --n 16 --video --split dev --seed 4
# A third dev clip (thirteenth session), first measured before any of its frames was looked at.
gen clip-dev-3 --n 16 --video --split dev --seed 8
# A fourth and a fifth (fourteenth session), likewise first measured before any of their frames was
# looked at.
gen clip-dev-4 --n 16 --video --split dev --seed 10
gen clip-dev-5 --n 16 --video --split dev --seed 12
# A sixth (fifteenth session), likewise; a seventh, only measured (never looked into); and an eighth,
# made at the fifteenth session's end and measured then, against the pipeline at its start too.
gen clip-dev-6 --n 16 --video --split dev --seed 14
gen clip-dev-7 --n 16 --video --split dev --seed 16
gen clip-dev-8 --n 16 --video --split dev --seed 18
# A ninth (sixteenth session): measured at the session's start and end only, never looked into.
gen clip-dev-9 --n 16 --video --split dev --seed 20
# A tenth (sixteenth session): measured fresh after the session's four changes, then looked into.
gen clip-dev-10 --n 16 --video --split dev --seed 22
# An eleventh (seventeenth session): measured at the session's start and end only, never looked into.
gen clip-dev-11 --n 16 --video --split dev --seed 24
# A twelfth (seventeenth session): measured after the session's changes (and against the pipeline at its
# start) before any of its frames was looked at, then looked into.
gen clip-dev-12 --n 16 --video --split dev --seed 26
# A thirteenth and a fourteenth (eighteenth session), measured at its start: the thirteenth then looked
# into, the fourteenth measured again at its end only, never looked into. A fifteenth, made after the
# session's changes and measured with the pipeline at its start too, then looked into.
gen clip-dev-13 --n 16 --video --split dev --seed 28
gen clip-dev-14 --n 16 --video --split dev --seed 30
gen clip-dev-15 --n 16 --video --split dev --seed 32
# A sixteenth and a seventeenth (nineteenth session), measured at its start: the sixteenth never looked
# into, the seventeenth looked into.
gen clip-dev-16 --n 16 --video --split dev --seed 34
gen clip-dev-17 --n 16 --video --split dev --seed 36
# An eighteenth (nineteenth session), made after its first three changes and measured then and with the
# pipeline as the session found it, then looked into.
gen clip-dev-18 --n 16 --video --split dev --seed 38
# A nineteenth (nineteenth session), made at its end, measured (and with the pipeline as the session
# found it), then looked into; nothing was changed for it.
gen clip-dev-19 --n 16 --video --split dev --seed 40
# A twentieth and a twenty-first (twentieth session), measured at its start: the twentieth never looked
# into, the twenty-first looked into.
gen clip-dev-20 --n 16 --video --split dev --seed 42
gen clip-dev-21 --n 16 --video --split dev --seed 44
# A twenty-second (twentieth session), made after its first two changes and measured then, then looked
# into.
gen clip-dev-22 --n 16 --video --split dev --seed 46
# A twenty-third, a twenty-fourth and a twenty-fifth (twentieth session), made after its third change and
# measured then: the twenty-fourth never looked into (only the list of its misses seen), the others
# looked into.
gen clip-dev-23 --n 16 --video --split dev --seed 48
gen clip-dev-24 --n 16 --video --split dev --seed 50
gen clip-dev-25 --n 16 --video --split dev --seed 52
# A twenty-sixth and a twenty-seventh (twentieth session), made after its sixth change and measured then:
# the twenty-sixth looked into, the twenty-seventh never.
gen clip-dev-26 --n 16 --video --split dev --seed 54
gen clip-dev-27 --n 16 --video --split dev --seed 56
# A twenty-eighth (twentieth session), made at its end, measured, then looked into; nothing was changed
# for it.
gen clip-dev-28 --n 16 --video --split dev --seed 58
# A twenty-ninth and a thirtieth (twenty-first session), measured at its start: the twenty-ninth never
# looked into, the thirtieth looked into.
gen clip-dev-29 --n 16 --video --split dev --seed 60
gen clip-dev-30 --n 16 --video --split dev --seed 62
# A thirty-first and a thirty-second (twenty-first session), made after its third change and measured
# then and with the pipeline as the session found it: the thirty-first looked into, the thirty-second
# never.
gen clip-dev-31 --n 16 --video --split dev --seed 64
gen clip-dev-32 --n 16 --video --split dev --seed 66
# A thirty-third and a thirty-fourth (twenty-second session), measured at its start, then looked into.
gen clip-dev-33 --n 16 --video --split dev --seed 68
gen clip-dev-34 --n 16 --video --split dev --seed 70
# A thirty-fifth and a thirty-sixth (twenty-second session), made after its six changes and measured
# then and with the pipeline as the session found it; never looked into.
gen clip-dev-35 --n 16 --video --split dev --seed 72
gen clip-dev-36 --n 16 --video --split dev --seed 74
# A thirty-seventh and a thirty-eighth (twenty-third session), measured at its start.
gen clip-dev-37 --n 16 --video --split dev --seed 76
gen clip-dev-38 --n 16 --video --split dev --seed 78
# A thirty-ninth and a fortieth (twenty-fourth session), measured at its start.
gen clip-dev-39 --n 16 --video --split dev --seed 80
gen clip-dev-40 --n 16 --video --split dev --seed 82
# Digit sizes the other sets leave out (seventh session): fine print 12-22 px high on a label, and
# numbers a fifth to a third of the frame high; dev (looked into) and held-out (never looked into).
gen scenes-sizes --n 100 --split dev --seed 5 --kinds label,closeup
gen scenes-sizes-held-out --n 100 --split held-out --seed 6 --kinds label,closeup
gen clip-sizes --n 10 --video --split dev --seed 5 --kinds label,closeup
# A second draw of dev size scenes (twenty-third session), measured before any of its pictures was seen.
gen scenes-sizes-2 --n 100 --split dev --seed 7 --kinds label,closeup
# Meters' seven-segment displays (twenty-fourth session): DSEG7 faces, the dev split's Classic ones and
# held-out Modern and Mini ones.
gen scenes-display --n 100 --split dev --seed 9 --kinds display
gen scenes-display-held-out --n 100 --split held-out --seed 10 --kinds display
# A second draw of dev display scenes (twenty-fifth session), measured at the session's start and end only.
gen scenes-display-2 --n 100 --split dev --seed 11 --kinds display
for set in dev held-out dev-2 held-out-2 sizes sizes-held-out sizes-2 display display-2 display-held-out; do
  printf '%-22s ' "scenes $set:"
  "$build/apps/digits" eval-coco "$data/scenes-$set/annotations.json" "$data/scenes-$set/images" "$@" | tail -1
done
for set in dev dev-2 dev-3 dev-4 dev-5 dev-6 dev-7 dev-8 dev-9 dev-10 dev-11 dev-12 dev-13 dev-14 dev-15 dev-16 dev-17 dev-18 dev-19 dev-20 dev-21 dev-22 dev-23 dev-24 dev-25 dev-26 dev-27 dev-28 dev-29 dev-30 dev-31 dev-32 dev-33 dev-34 dev-35 dev-36 dev-37 dev-38 dev-39 dev-40 \
  held-out held-out-2 sizes; do
  printf '%-22s ' "clip $set:"
  "$build/apps/digits" eval-video "$data/clip-$set/clip.mp4" "$data/clip-$set/clip.json" "$@" | tail -1
done
