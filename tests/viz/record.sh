#!/bin/bash
# Recording under Xvfb: --record makes an H.264 video through ffmpeg with one frame per
# frame drawn, at the window's size (checked with ffprobe); the S key saves a PNG under a
# new name; an existing file is never replaced.
set -euo pipefail
viz=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
scenario="$src/tests/data/with_programmes.toml"

xvfb-run -a -s "-screen 0 1600x1000x24" "$viz" "$scenario" --agents 5000 --width 1280 --height 720 --frames 45 --min-days 0 --fastest \
    --record "$tmp/talk.mp4" | tail -1
! ls "$tmp"/talk.mp4.partial.* 2> /dev/null
probe=$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=codec_name,width,height,nb_read_frames -of csv=p=0 "$tmp/talk.mp4")
[ "$probe" = "h264,1280,720,45" ] || { echo "ffprobe: $probe, expected h264,1280,720,45"; exit 1; }
echo "ok   talk.mp4: $probe (codec, width, height, frames)"

# Ctrl-C mid-recording: exit 2, and the video is whole, with the frames so far (ffmpeg
# runs in its own process group, so the signal does not cut it off).
xvfb-run -a -s "-screen 0 1600x1000x24" bash -c '
    "$1" "$2" --agents 5000 --width 640 --height 480 --fastest --record "$3/cut.mp4" > "$3/cut.log" 2>&1 &
    pid=$!
    sleep 4
    kill -INT $pid
    wait $pid; echo $? > "$3/cut.rc"' _ "$viz" "$scenario" "$tmp"
frames=$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$tmp/cut.mp4")
[ "$(cat "$tmp/cut.rc")" = 2 ] && [ "$frames" -gt 0 ] && ! ls "$tmp"/cut.mp4.partial.* 2> /dev/null || { echo "Ctrl-C: exit $(cat "$tmp/cut.rc"), $frames frames"; cat "$tmp/cut.log"; exit 1; }
grep -q "recorded $tmp/cut.mp4: $frames frames" "$tmp/cut.log"
echo "ok   Ctrl-C while recording: exit 2, cut.mp4 whole with its $frames frames"

# An existing file is refused, before any window, and left as it was.
echo "mine" > "$tmp/mine.mp4"
set +e
"$viz" "$scenario" --record "$tmp/mine.mp4" --frames 1 2> "$tmp/err"; rc=$?
set -e
[ "$rc" = 2 ] && [ "$(cat "$tmp/mine.mp4")" = mine ] && grep -q "exists" "$tmp/err" || { echo "existing --record: exit $rc"; cat "$tmp/err"; exit 1; }
echo "ok   $(cat "$tmp/err")"
set +e
"$viz" "$scenario" --record "$tmp/odd.mp4" --width 1281 --frames 1 2> "$tmp/err"; rc=$?
set -e
[ "$rc" = 2 ] && grep -q "even" "$tmp/err" || { echo "odd width: exit $rc"; cat "$tmp/err"; exit 1; }
echo "ok   $(cat "$tmp/err")"

# The S key, pressed for real (xdotool through XTEST), saves lonesim-viz-*.png here.
xvfb-run -a -s "-screen 0 1600x1000x24" bash -c '
    "$1" "$2" --agents 5000 --width 1280 --height 720 --frames 240 --min-days 0 --paused > "$3/viz.log" &
    pid=$!
    win=$(xdotool search --sync --name "lonesim - with_programmes" | head -1)
    sleep 2
    # held for 0.3 s: ImGui 1.86 reads keys once a frame, so a tap between two frames is not seen
    xdotool windowfocus --sync "$win" keydown s sleep 0.3 keyup s
    wait $pid' _ "$viz" "$scenario" "$tmp"
shots=(lonesim-viz-*.png)
[ -f "${shots[0]}" ] || { echo "no picture after the S key"; cat "$tmp/viz.log"; exit 1; }
/usr/bin/python3 -c "import matplotlib.image as m, sys; i = m.imread(sys.argv[1]); assert i.shape[:2] == (720, 1280), i.shape" "${shots[0]}"
grep -q "saved ${shots[0]}" "$tmp/viz.log"
echo "ok   the S key saved ${shots[0]} (1280x720)"
echo "viz record test passed"
