#!/bin/sh
# lonesim calibrate recovers known parameters from data the model itself generated:
# "observed" statistics come from runs at known values (another seed), the calibration
# starts from wide priors, and the posterior must cover the known values
# (tests/cli/check_calibration.py states the bounds). Also: bad calibration files exit 2
# with one line naming file, line and key.
set -eu
LONESIM="$1"
SRC="$2"
WORK="$3"
rm -rf "$WORK"
mkdir -p "$WORK"
cp "$SRC/tests/data/calibration/recover_world.toml" "$WORK/"
sed -i "s|../../../scenarios/data|$SRC/scenarios/data|" "$WORK/recover_world.toml"

# 1. Data from the model at the known values, with a seed the calibration does not use.
"$LONESIM" run "$WORK/recover_world.toml" --seed 99 --replicates 4 --threads 2 -q \
  --set status.strong_tie=0.30 --set loneliness.need_contacts=0.60 --out "$WORK/truth.h5"
/usr/bin/python3 "$SRC/tests/cli/check_calibration.py" write "$WORK/truth.h5" "$WORK/recover.toml"

# 2. The calibration, and its checks.
"$LONESIM" calibrate "$WORK/recover.toml" --out "$WORK/out" --threads 1 --runs-at-once 2 -q
/usr/bin/python3 "$SRC/tests/cli/check_calibration.py" check "$WORK/out"

# 2b. The refinement by Levenberg-Marquardt from the same ABC (a copy of its runs, which the
# calibration reuses; the Nelder-Mead steps and the checks at its point removed).
sed 's/^refine = 24$/refine = 24\nrefine_method = "levenberg-marquardt"/' "$WORK/recover.toml" > "$WORK/recover_lm.toml"
grep -q levenberg "$WORK/recover_lm.toml"
cp -r "$WORK/out" "$WORK/out_lm"
rm -rf "$WORK"/out_lm/generation_*/refine "$WORK"/out_lm/generation_*/check/fitted
"$LONESIM" calibrate "$WORK/recover_lm.toml" --out "$WORK/out_lm" --threads 1 --runs-at-once 2 -q
/usr/bin/python3 "$SRC/tests/cli/check_calibration.py" check "$WORK/out_lm"
# The fit report names the method that refined the fit (and works for a scenario other than Seoul's).
/usr/bin/python3 "$SRC/tools/calibration_report.py" "$WORK/out_lm" --doc "$WORK/report_lm.md" --chart "$WORK/report_lm.png" > /dev/null
grep -q "^Then Levenberg-Marquardt" "$WORK/report_lm.md"
[ -s "$WORK/report_lm.png" ]

# 3. The same calibration over two MPI ranks gives the same result, bit for bit.
if command -v mpirun > /dev/null; then
  mpirun --allow-run-as-root --oversubscribe -np 2 "$LONESIM" calibrate "$WORK/recover.toml" --out "$WORK/out_mpi" --threads 1 -q
  /usr/bin/python3 "$SRC/tests/cli/check_calibration.py" same "$WORK/out" "$WORK/out_mpi"
fi

# 3b. --check-defaults: the targets at the parameters' current values, nothing fitted. At
# the shipped defaults this world misses the known values' statistics (exit 1, a line on
# stderr, the misses marked in defaults_check.md); with the known values as the scenario's
# [parameters] it meets them (exit 0).
rc=0
"$LONESIM" calibrate "$WORK/recover.toml" --check-defaults --out "$WORK/defaults" --threads 1 --runs-at-once 2 -q 2> "$WORK/err" || rc=$?
[ "$rc" -eq 1 ] || { echo "--check-defaults at the shipped defaults: exit $rc, expected 1"; exit 1; }
grep -q "fitted target(s) outside their tolerance at the defaults" "$WORK/err"
grep -q '| \*\*no\*\* |$' "$WORK/defaults/defaults_check.md"
mkdir -p "$WORK/known"
cp "$WORK/recover.toml" "$WORK/known/"
{ cat "$WORK/recover_world.toml"; printf '\n[parameters]\n"status.strong_tie" = 0.30\n"loneliness.need_contacts" = 0.60\n'; } > "$WORK/known/recover_world.toml"
"$LONESIM" calibrate "$WORK/known/recover.toml" --check-defaults --replicates 4 --out "$WORK/known_out" --threads 1 --runs-at-once 2 -q
grep -q '| `status.strong_tie` | 0.3 |' "$WORK/known_out/defaults_check.md"
grep -q '; 0 fitted target(s) outside their tolerance' "$WORK/known_out/defaults_check.md"
if grep -q '\*\*no\*\*' "$WORK/known_out/defaults_check.md"; then echo "a miss at the known values"; exit 1; fi
# --replicates belongs to --check-defaults.
rc=0
"$LONESIM" calibrate "$WORK/recover.toml" --replicates 3 --dry-run --out "$WORK/bad" -q 2> "$WORK/err" || rc=$?
[ "$rc" -eq 2 ] || { echo "--replicates without --check-defaults: exit $rc, expected 2"; exit 1; }
grep -q "check-defaults" "$WORK/err"
# A second check into the same folder, with other replicates, replaces the first check's
# runs (a batch would refuse them as another experiment's).
"$LONESIM" calibrate "$WORK/known/recover.toml" --check-defaults --replicates 2 --out "$WORK/known_out" --threads 1 -q
grep -q -- '--check-defaults --replicates 2`: 2 runs' "$WORK/known_out/defaults_check.md"

# 4. Bad input: one line, file:line: key, exit 2, and nothing written.
expect_error() {
  file="$1"; pattern="$2"
  if "$LONESIM" calibrate "$file" --out "$WORK/bad" -q 2> "$WORK/err"; then echo "accepted $file"; exit 1; fi
  [ "$(wc -l < "$WORK/err")" -eq 1 ] || { echo "not one line:"; cat "$WORK/err"; exit 1; }
  grep -q -- "$pattern" "$WORK/err" || { echo "expected '$pattern' in:"; cat "$WORK/err"; exit 1; }
  [ ! -e "$WORK/bad" ] || { echo "wrote output for a bad file"; exit 1; }
}
sed 's/^name = "status.strong_tie"/name = "status.strong_tye"/' "$WORK/recover.toml" > "$WORK/typo.toml"
expect_error "$WORK/typo.toml" "typo.toml:[0-9]*: parameters.name: unknown parameter 'status.strong_tye' (did you mean 'status.strong_tie'?)"
sed 's/^tolerance = .*/tolerance = "small"/' "$WORK/recover.toml" > "$WORK/type.toml"
expect_error "$WORK/type.toml" "type.toml:[0-9]*: targets.tolerance: must be a number"
sed 's/^range = \[0.1, 0.6\]/range = [0.1, 1.6]/' "$WORK/recover.toml" > "$WORK/range.toml"
expect_error "$WORK/range.toml" "range.toml:[0-9]*: parameters.range: \[0.1, 1.6\] is outside status.strong_tie's range"
sed 's/^metrics = \["feels_lonely"\]/metrics = ["feel_lonely"]/' "$WORK/recover.toml" > "$WORK/metric.toml"
expect_error "$WORK/metric.toml" "metric.toml:[0-9]*: targets.metrics:"
expect_error "$WORK/missing.toml" "missing.toml"
sed 's/^refine = 24$/refine = 24\nrefine_method = "levenberg-marquart"/' "$WORK/recover.toml" > "$WORK/method.toml"
expect_error "$WORK/method.toml" "method.toml:[0-9]*: calibration.refine_method: .*levenberg-marquardt"
/usr/bin/python3 "$SRC/tests/cli/check_xarray.py" "$LONESIM_VERSION_EXPECTED" "$WORK/out/calibration.h5::/targets:observed:target"
echo "calibration test passed"
