#!/usr/bin/env bash
# Checkpoints and --resume (issue 20): a run or a comparison killed (SIGKILL) or stopped
# (SIGTERM) mid-run, then resumed by the same command with --resume, writes the same
# results as one never stopped (every dataset and attribute but the wall time); the
# checkpoints go once it is done; a checkpoint of something else is refused in a line.
source "$(dirname "$0")/common.sh"
small="$tests/data/small.toml"
mkdir "$out/whole" "$out/cut"
# A world big enough that a kill lands mid-run, a burn-in that checkpoints too.
# (Commands are arrays, not functions: a function in the background is a subshell, and a
# kill would stop the subshell, not lonesim.)
RUN=("$lonesim" run "$small" --agents 12000 --set scenario.burn_in_days=200 -q)
run() { "${RUN[@]}" "$@"; }


# kill_when <signal> <checkpoint file> <python condition on it, f, and its attributes, a> -- command...
# Starts the command and sends it the signal as soon as its checkpoint meets the condition
# (one poller, so the window between two checkpoints is not missed).
kill_when() {
    /usr/bin/python3 - "$@" <<'PY'
import os, signal, subprocess, sys, time, h5py
sig, path, cond, command = getattr(signal, "SIG" + sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[5:]
p = subprocess.Popen(command)
while p.poll() is None:
    try:
        with h5py.File(path) as f:
            a = f.attrs
            if eval(cond):
                p.send_signal(sig)
                break
    except (OSError, KeyError):
        pass
    time.sleep(0.005)
p.wait()
PY
}

# A run: the whole, then killed in replicate 2's days and resumed (on one thread: the
# thread count does not change the results).
(cd "$out/whole" && run --threads 2 --out r.h5 --save-state s.h5 --save-state-at 20) || say "the whole run failed"
cd "$out/cut" || exit 1
kill_when KILL r.h5.checkpoint/run.h5 'a["replicate"] == 1 and f["current/recorded"][0] > 0' -- "${RUN[@]}" --threads 2 --out r.h5 --save-state s.h5 --save-state-at 20 --checkpoint-every 25
[ ! -e r.h5 ] || say "the run ended before it was killed (make it longer)"
[ -f r.h5.checkpoint/run.h5 ] || say "no checkpoint after the kill"
run --threads 2 --out r.h5 --save-state s.h5 --save-state-at 20 --checkpoint-every 25 2> err; code=$?
[ "$code" -eq 2 ] && grep -q "r.h5.checkpoint: --resume: holds the checkpoints of an interrupted run" err || say "a run over checkpoints without --resume: exit $code, $(cat err)"
[ ! -e r.h5 ] || say "a result was written without --resume"
run --threads 2 --out r.h5 --seed 99 --save-state s.h5 --save-state-at 20 --resume 2> err; code=$?
[ "$code" -eq 2 ] && grep -q "run.h5 is a checkpoint of another command or other inputs" err || say "resumed with another seed: exit $code, $(cat err)"
run --threads 1 --out r.h5 --save-state s.h5 --save-state-at 20 --checkpoint-every 25 --resume || say "the resumed run failed"
same "$out/whole/r.h5" r.h5 "run killed in replicate 2"
same "$out/whole/s.h5" s.h5 "the state file of the run killed in replicate 2"
[ ! -e r.h5.checkpoint ] || say "the checkpoints were left after the run ended"

# Killed in the burn-in of replicate 1.
rm -f r.h5 s.h5
kill_when KILL r.h5.checkpoint/run.h5 'a["replicate"] == 0' -- "${RUN[@]}" --threads 2 --out r.h5 --save-state s.h5 --save-state-at 20 --checkpoint-every 25
/usr/bin/python3 -c "import h5py, sys; sys.exit(0 if h5py.File('r.h5.checkpoint/run.h5')['current/simulation/burn_in_next'][0] < 0 else 1)" \
    || say "the kill did not land in the burn-in"
run --threads 2 --out r.h5 --save-state s.h5 --save-state-at 20 --checkpoint-every 25 --resume || say "the run resumed in its burn-in failed"
same "$out/whole/r.h5" r.h5 "run killed in the burn-in"

# Stopped by SIGTERM (a cluster's warning): it saves where it stopped, then resumes.
rm -f r.h5 s.h5
kill_when TERM r.h5.checkpoint/run.h5 'a["replicate"] == 1' -- "${RUN[@]}" --threads 2 --out r.h5 --save-state s.h5 --save-state-at 20 --checkpoint-every 25
[ -f r.h5.partial ] || say "SIGTERM left no r.h5.partial"
run --threads 2 --out r.h5 --save-state s.h5 --save-state-at 20 --resume || say "the run resumed after SIGTERM failed"
same "$out/whole/r.h5" r.h5 "run stopped by SIGTERM"
[ ! -e r.h5.partial ] && [ ! -e r.h5.checkpoint ] || say "r.h5.partial or the checkpoints were left"

# A damaged checkpoint is refused in a line, nothing written.
rm -f r.h5 s.h5
kill_when KILL r.h5.checkpoint/run.h5 'a["replicate"] == 1' -- "${RUN[@]}" --threads 2 --out r.h5 --checkpoint-every 25
/usr/bin/python3 -c "import h5py; h5py.File('r.h5.checkpoint/run.h5', 'r+').attrs['replicate'] = 7"
run --threads 2 --out r.h5 --resume 2> err; code=$?
[ "$code" -eq 2 ] && [ "$(wc -l < err)" -eq 1 ] && grep -q "r.h5.checkpoint: --resume: a checkpoint is damaged: replicate: out of range" err \
    || say "a damaged checkpoint: exit $code, $(cat err)"
[ ! -e r.h5 ] || say "a result was written from a damaged checkpoint"
rm -rf r.h5.checkpoint

# A comparison: killed once both replicates have checkpoints, resumed.
sed 's/name = "small"/name = "small_counselling"/' "$small" > "$out/other.toml"
printf '\n[[programmes]]\nfile = "%s"\n' "$tests/data/programmes/test_counseling.toml" >> "$out/other.toml"
sed -i "s|../../scenarios/data|$tests/../scenarios/data|" "$out/other.toml"
COMPARE=("$lonesim" compare "$small" "$out/other.toml" --agents 12000 --set scenario.burn_in_days=200 --days 60 -q --out c.h5)
compare() { "${COMPARE[@]}" "$@"; }
(cd "$out/whole" && compare --threads 2) || say "the whole comparison failed"
kill_when KILL c.h5.checkpoint/replicate_1.h5 'a["scenario"] == 1' -- "${COMPARE[@]}" --threads 2 --checkpoint-every 25
[ ! -e c.h5 ] || say "the comparison ended before it was killed (make it longer)"
compare --threads 2 --checkpoint-every 25 --resume || say "the resumed comparison failed"
same "$out/whole/c.h5" c.h5 "comparison killed"
[ ! -e c.h5.checkpoint ] || say "the comparison's checkpoints were left"

# A comparison of scenarios that start from the period before (each scenario loads the
# period's end state rather than sharing a burn-in), killed and resumed.
export LONESIM_CACHE=$out/cache
mkdir -p "$out/whole2" "$out/cut2"
AFTER=("$lonesim" compare "$tests/data/after_history.toml" "$tests/data/after_history_returns.toml" --agents 12000 --days 150 -q --out p.h5)
(cd "$out/whole2" && "${AFTER[@]}" --threads 2) || say "the whole comparison after the period before failed"
cd "$out/cut2" || exit 1
kill_when KILL p.h5.checkpoint/replicate_1.h5 'a["scenario"] == 1' -- "${AFTER[@]}" --threads 2 --checkpoint-every 25
[ ! -e p.h5 ] || say "the comparison after the period before ended before it was killed"
"${AFTER[@]}" --threads 2 --checkpoint-every 25 --resume || say "the resumed comparison after the period before failed"
same "$out/whole2/p.h5" p.h5 "comparison after the period before, killed"

exit $fail
