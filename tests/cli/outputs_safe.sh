#!/usr/bin/env bash
# lonesim never removes or replaces what it did not write, refuses such outputs before any
# work, and keeps a previous result until a new one is complete (issue 19, defects 2, 3, 4).
source "$(dirname "$0")/common.sh"
refused() {  # refused <what the message must say> <path that must be unchanged> -- lonesim args...
    local want=$1 keep=$2; shift 3
    local before; before=$(stat -c '%F %s %Y' "$keep" 2>&1; [ -f "$keep" ] && sha1sum < "$keep")
    local start=$SECONDS
    "$lonesim" "$@" 2> "$out/err"; local code=$?
    cat "$out/err"
    [ "$code" -eq 2 ] || say "exit $code, want 2 ($*)"
    [ "$(wc -l < "$out/err")" -eq 1 ] || say "not one line ($*)"
    grep -q -- "$want" "$out/err" || say "message lacks '$want'"
    [ $((SECONDS - start)) -le 5 ] || say "refused only after $((SECONDS - start)) s: work was done first"
    local after; after=$(stat -c '%F %s %Y' "$keep" 2>&1; [ -f "$keep" ] && sha1sum < "$keep")
    [ "$before" = "$after" ] || say "$keep was changed"
}
small() { echo "$tests/data/small.toml"; }
cp "$tests/data/small.toml" "$out/scenario.toml"
sed -i "s|../../scenarios/data|$tests/../scenarios/data|" "$out/scenario.toml"
cp "$tests/../scenarios/data/seoul_district_centroids.csv" "$out/table.csv"
mkdir "$out/empty_dir"
mkfifo "$out/fifo"

# 2. Never replace what lonesim did not write; refuse before any work.
refused "scenario.toml: --out: exists and is not a lonesim result" "$out/scenario.toml" -- run "$out/scenario.toml" --out "$out/scenario.toml" -q
refused "table.csv: --out: exists and is not a lonesim result" "$out/table.csv" -- run "$out/scenario.toml" --out "$out/table.csv" -q
refused "empty_dir: --out: is a directory" "$out/empty_dir" -- run "$out/scenario.toml" --out "$out/empty_dir" -q
refused "fifo: --out: is not a regular file" "$out/fifo" -- run "$out/scenario.toml" --out "$out/fifo" -q
refused "/dev/full: --out: is not a regular file" /dev/full -- run "$out/scenario.toml" --out /dev/full -q
[ -d "$out/empty_dir" ] && [ -p "$out/fifo" ] || say "the directory or the pipe was removed"

# 3. A rerun interrupted mid-way leaves the previous complete result as it was.
"$lonesim" run "$out/scenario.toml" --days 5 --agents 2000 --out "$out/good.h5" -q || say "first run failed"
sum=$(sha1sum < "$out/good.h5")
"$lonesim" run "$tests/data/small.toml" --agents 100000 --days 3000 --set scenario.burn_in_days=0 --threads 2 \
    --out "$out/good.h5" -q 2> "$out/err" &
pid=$!
sleep 4
kill -INT $pid
wait $pid
[ "$(sha1sum < "$out/good.h5")" = "$sum" ] || say "the previous result was changed by an interrupted rerun"
/usr/bin/python3 -c "import h5py,sys; f=h5py.File(sys.argv[1]); assert f.attrs['complete']==1 and f.attrs['days']==5" "$out/good.h5" \
    || say "the previous result is not the complete 5-day run"
# ... and a complete rerun replaces it.
"$lonesim" run "$out/scenario.toml" --days 6 --agents 2000 --out "$out/good.h5" -q || say "rerun failed"
/usr/bin/python3 -c "import h5py,sys; f=h5py.File(sys.argv[1]); assert f.attrs['complete']==1 and f.attrs['days']==6" "$out/good.h5" \
    || say "a complete rerun did not replace the result"

# 12. Two writers of one --out with HDF5's own locking off (as on NFS and Lustre): the
# second is refused in a line while the first writes; a killed writer's leftovers are
# cleared by the next one, which writes a whole file of its own.
export HDF5_USE_FILE_LOCKING=FALSE
"$lonesim" run "$tests/data/small.toml" --agents 100000 --days 3000 --set scenario.burn_in_days=0 --threads 1 \
    --seed 5 --out "$out/shared.h5" -q 2> /dev/null &
pid=$!
sleep 3
refused "shared.h5: --out: is being written by another lonesim" "$out/shared.h5" -- run "$out/scenario.toml" --days 5 --agents 2000 --seed 6 --out "$out/shared.h5" -q
kill -KILL $pid
wait $pid 2> /dev/null
ls "$out"/shared.h5.partial.* > /dev/null 2>&1 || say "the killed writer left no temporary file (test is not testing)"
"$lonesim" run "$out/scenario.toml" --days 5 --agents 2000 --seed 6 --out "$out/shared.h5" -q || say "the writer after a killed one failed"
/usr/bin/python3 -c "import h5py,sys; f=h5py.File(sys.argv[1]); assert f.attrs['complete']==1 and f.attrs['seed']==6" "$out/shared.h5" \
    || say "the file after a killed writer is not the new run's"
! ls "$out"/shared.h5.partial* "$out"/shared.h5.lock > /dev/null 2>&1 || say "temporary or lock files were left: $(ls "$out" | grep shared)"
for seed in 11 12 13 14; do  # four at once: each finishes or is refused; the file is whole
    "$lonesim" run "$out/scenario.toml" --days 5 --agents 3000 --seed $seed --threads 1 --out "$out/race.h5" -q 2> "$out/race_$seed.err" &
done
for job in $(jobs -p); do wait "$job"; done
cat "$out"/race_*.err
for seed in 11 12 13 14; do
    [ ! -s "$out/race_$seed.err" ] || grep -q "is being written by another lonesim" "$out/race_$seed.err" || say "writer $seed failed otherwise"
done
/usr/bin/python3 -c "import h5py,sys; f=h5py.File(sys.argv[1]); assert f.attrs['complete']==1 and f.attrs['seed'] in (11,12,13,14); f['timeseries']" "$out/race.h5" \
    || say "after four writers at once the file is not whole"
unset HDF5_USE_FILE_LOCKING

# 4. Deeply nested or huge files are refused in a line, quickly, without a crash.
{ printf 'x = '; for i in $(seq 6000); do printf '['; done; for i in $(seq 6000); do printf ']'; done; echo; } > "$out/deep.toml"
refused "deep.toml:1: nested more than 32 deep" "$out/deep.toml" -- validate "$out/deep.toml"
{ printf 'x = '; for i in $(seq 5000); do printf '{a='; done; printf '1'; for i in $(seq 5000); do printf '}'; done; echo; } > "$out/deep_tables.toml"
refused "deep_tables.toml:1: nested more than 32 deep" "$out/deep_tables.toml" -- validate "$out/deep_tables.toml"
/usr/bin/python3 -c "print('[scenario]'); print('x = [' + ','.join(['1'] * 100000) + ']')" > "$out/long.toml"
refused "long.toml:2: more than 10000 values" "$out/long.toml" -- validate "$out/long.toml"
/usr/bin/python3 -c "print('.'.join(['a'] * 20000) + ' = 1')" > "$out/dotted.toml"
refused "dotted.toml:1: more than 10000 values or key parts" "$out/dotted.toml" -- validate "$out/dotted.toml"
# 6. What would fail after the work is refused before it.
cp "$out/scenario.toml" "$out/twice.toml"
sed -i 's/^snapshot_days = .*/snapshot_days = [1, 1]/' "$out/twice.toml"
refused "twice.toml:17: output.snapshot_days: day 1 is listed twice" "$out/twice.toml" -- run "$out/twice.toml" --out "$out/x.h5" -q
cp "$out/scenario.toml" "$out/late.toml"
sed -i 's/^snapshot_days = .*/snapshot_days = [0, 61]/' "$out/late.toml"
refused "late.toml:17: output.snapshot_days: day 61 is after the scenario's last day (60)" "$out/late.toml" -- run "$out/late.toml" --out "$out/x.h5" -q
refused "scenario.toml: scenario.name: 'small' is the baseline's name too" "$out/scenario.toml" -- compare "$out/scenario.toml" "$out/scenario.toml" --out "$out/x.h5" -q
[ ! -e "$out/x.h5" ] && [ ! -e "$out/x.h5.partial" ] || say "an output was written for a refused run"

# 7. Numbers are never silently changed: out of range quotes what was written.
printf '[scenario]\nname = "big"\nseed = 18446744073709551616\n' > "$out/big_seed.toml"
refused "big_seed.toml:3: scenario.seed: 18446744073709551616 is out of range" "$out/big_seed.toml" -- validate "$out/big_seed.toml"
refused "--seed: 9223372036854775808 is not a whole number" "$out/scenario.toml" -- validate "$out/scenario.toml" --seed 9223372036854775808
refused "--scale: 'nan' is not a number" "$out/scenario.toml" -- validate "$out/scenario.toml" --scale nan
for bad in nan -0.5; do
    cp "$tests/data/with_programmes.toml" "$out/policy.toml"
    sed -i "s|programmes/|$tests/data/programmes/|; s|../../scenarios/data|$tests/../scenarios/data|; s|^capacity_per_year = 4000|capacity_per_year = $bad|" "$out/policy.toml"
    refused "policy.toml:.*: policy.capacity_per_year: $bad is out of range" "$out/policy.toml" -- validate "$out/policy.toml"
done

# 8. A world the machine cannot hold is refused before it is built, with the estimate.
refused "population: a world of 100000000 agents needs about 60.6 GB" "$out/scenario.toml" -- validate "$out/scenario.toml" --agents 100000000
# 14, 15. Files named in files: a directory, a pipe, the file itself, a link loop; an empty file.
for target in empty_dir fifo self.toml loop1; do
    printf '[scenario]\nname = "s"\n[[programmes]]\nfile = "%s"\n' "$target" > "$out/self.toml"
    ln -sf loop2 "$out/loop1"; ln -sf loop1 "$out/loop2"
    refused "self.toml:4: programmes.file: " "$out/self.toml" -- validate "$out/self.toml"
done
: > "$out/empty.toml"
refused "empty.toml: is empty" "$out/empty.toml" -- validate "$out/empty.toml"
# A file cut short that still parses is not a full-city run on defaults.
for lines in 12 20; do
    head -n $lines "$tests/../scenarios/baseline.toml" > "$out/cut.toml"
    refused "cut.toml: population: missing \[population\] scale or agents" "$out/cut.toml" -- validate "$out/cut.toml"
done

# 15. Accepted no longer: duplicate referrals, empty statuses, a share target outside
# [0, 1], a vanishing tolerance, a NaN in a data table.
prog() {  # a scenario with one edited copy of the test counselling programme
    sed "$1" "$tests/data/programmes/test_counseling.toml" > "$out/prog.toml"
    printf '[scenario]\nname = "p"\n[population]\nagents = 1000\ndata = "%s"\n[[programmes]]\nfile = "prog.toml"\n' "$tests/../scenarios/data" > "$out/with_prog.toml"
}
prog 's/^\[sources\]/[[referrals]]\nto = "test_group"\nprobability = 0.2\n\n[sources]/'
refused "prog.toml:31: referrals.to: 'test_group' is referred to twice" "$out/prog.toml" -- validate "$out/with_prog.toml"
prog 's/^statuses = .*/statuses = []/'
refused "prog.toml:11: eligibility.statuses: is empty" "$out/prog.toml" -- validate "$out/with_prog.toml"
for target in 'observed = 1.5
tolerance = 0.1' 'observed = 0.3
tolerance = 1e-320'; do
    printf '[calibration]\nscenario = "scenario.toml"\n[[parameters]]\nname = "outings.base_prob"\nrange = [0.5, 0.9]\n[[targets]]\nname = "t"\nstatistic = "share"\nmetrics = ["isolated"]\nfrom = 2025-01-01\nto = 2025-01-31\n%s\nsource = "test"\n' "$target" > "$out/cal.toml"
    refused "cal.toml:1[23]: targets.\(observed: 1.5 is not a share\|tolerance: 1e-320 is too small\)" "$out/cal.toml" -- calibrate "$out/cal.toml" --dry-run
done
mkdir -p "$out/data"
cp "$tests"/../scenarios/data/*.csv "$out/data/"
sed -i '3s/^\([0-9]*\),\([^,]*\),\([^,]*\),[0-9]*/\1,\2,\3,nan/' "$out/data/seoul_single_households_by_district_age.csv"
printf '[scenario]\nname = "d"\n[population]\nagents = 1000\ndata = "data"\n' > "$out/nan_data.toml"
refused "seoul_single_households_by_district_age.csv:3: .*: not a number: 'nan'" "$out/nan_data.toml" -- validate "$out/nan_data.toml"

# 14. An impossible date is reported at its line and key (the parser said line 1, no key).
printf '[scenario]\nname = "d"\nstart_date = 2025-02-30\n' > "$out/date.toml"
refused "date.toml:3: scenario.start_date: 2025-02-30 is not a date of the calendar" "$out/date.toml" -- validate "$out/date.toml"

# 11. A resumed batch redoes a finished run whose data was damaged (checksum), instead of
# reading the damaged numbers into the summary.
printf '[experiment]\nname = "tiny"\nscenarios = ["scenario.toml"]\nreplicates = 2\ndays = 10\nburn_in_days = 0\n[population]\nagents = 1000\n' > "$out/tiny.toml"
"$lonesim" batch "$out/tiny.toml" --out "$out/tiny" --threads 1 -q || say "tiny batch failed"
/usr/bin/python3 - "$out/tiny" <<'PY' || say "could not damage the run file"
import sys, h5py, numpy as np
out = sys.argv[1]
np.save(out + "/before.npy", h5py.File(out + "/experiment.h5", "r")["runs/outcomes"][:])
with h5py.File(out + "/runs/run_000000.h5", "r+") as f:  # the data changes, the attributes do not
    d = f["outcomes"]
    d[...] = np.zeros(d.shape)
PY
"$lonesim" batch "$out/tiny.toml" --out "$out/tiny" --threads 1 > "$out/log" || say "resumed batch failed"
grep -q "1 done now, 1 finished earlier" "$out/log" || { cat "$out/log"; say "the damaged run was not redone"; }
/usr/bin/python3 -c "
import sys, h5py, numpy as np
before = np.load(sys.argv[1] + '/before.npy'); after = h5py.File(sys.argv[1] + '/experiment.h5', 'r')['runs/outcomes'][:]
assert np.array_equal(before, after, equal_nan=True), 'the summary changed'" "$out/tiny" || say "the redone run differs"

# 15. `batch --dry-run` says what the real run will say: a folder holding another
# experiment's runs is refused by both, and a resumable one reports its finished runs.
sed 's/replicates = 2/replicates = 3/' "$out/tiny.toml" > "$out/tiny_other.toml"
refused "tiny: --out: .*run_000000.h5 belongs to another experiment" "$out/tiny/runs/run_000000.h5" -- batch "$out/tiny_other.toml" --out "$out/tiny" --dry-run
refused "tiny: --out: .*run_000000.h5 belongs to another experiment" "$out/tiny/runs/run_000000.h5" -- batch "$out/tiny_other.toml" --out "$out/tiny" -q
"$lonesim" batch "$out/tiny.toml" --out "$out/tiny" --dry-run | grep -q "(2 finished earlier, kept)" || say "the dry run does not see the finished runs"

# 10. A name that becomes a path cannot leave outputs/ or truncate it.
for name in '../../escaped' 'a\u0000b' '' '.hidden'; do
    printf '[scenario]\nname = "%s"\n' "$name" > "$out/named.toml"
    refused "named.toml:2: scenario.name: names a file or folder" "$out/named.toml" -- validate "$out/named.toml"
done
printf '[experiment]\nname = "../../escaped"\nscenarios = ["scenario.toml"]\n' > "$out/named_experiment.toml"
refused "named_experiment.toml:2: experiment.name: names a file or folder" "$out/named_experiment.toml" -- batch "$out/named_experiment.toml" --dry-run
[ ! -e "$out/../escaped" ] || say "a file was written outside the folder"
[ $fail -eq 0 ] && echo "outputs and inputs: safe"
exit $fail
