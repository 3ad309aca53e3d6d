#!/usr/bin/env bash
# Bad input gives one line naming file, line and key, exit code 2, and no output file.
set -u
lonesim=$1 data=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0
expect() {  # expect "<what stderr must contain>" lonesim args...
    local want=$1; shift
    local err code
    err=$("$lonesim" "$@" 2>&1 >/dev/null); code=$?
    if [ "$code" -ne 2 ]; then echo "FAIL ($*): exit $code, want 2"; fail=1; fi
    if [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ]; then echo "FAIL ($*): not one line: $err"; fail=1; fi
    case "$err" in *"$want"*) ;; *) echo "FAIL ($*): got '$err', want '$want'"; fail=1;; esac
    return $fail
}
expect "typo_key.toml:3: scenario.dayz: unknown key (did you mean 'scenario.days'?)" run "$data/typo_key.toml" --out "$out/a.h5"
expect "typo_parameter.toml:9: parameters.outings.base_prb: unknown parameter (did you mean 'parameters.outings.base_prob'?)" run "$data/typo_parameter.toml" --out "$out/b.h5"
expect "wrong_type.toml:2: scenario.days: must be an integer, got a string" run "$data/wrong_type.toml" --out "$out/c.h5"
expect "out_of_range.toml:9: parameters.loneliness.threshold: 1.5 is out of range [0, 1]" run "$data/out_of_range.toml" --out "$out/d.h5"
expect "syntax_error.toml:3: syntax error" run "$data/syntax_error.toml" --out "$out/e.h5"
expect "missing.toml: no such file" run "$data/missing.toml" --out "$out/f.h5"
expect "--set: outings.base_prb: unknown parameter (did you mean 'outings.base_prob'?)" run "$data/small.toml" --set outings.base_prb=0.5 --out "$out/g.h5"
expect "--set: outings.base_prob: 7.0 is out of range [0, 1]" run "$data/small.toml" --set outings.base_prob=7 --out "$out/h.h5"
expect "typo_key.toml:3: scenario.dayz" validate "$data/typo_key.toml"
expect "--days" run "$data/small.toml" --days -3 --out "$out/i.h5"
# A programme's district named without its suffix: the error offers the full name.
work=$(mktemp -d); trap 'rm -rf "$out" "$work"' EXIT
mkdir "$work/programmes"
sed 's/^end = 2025-12-31$/&\ndistricts = ["Gangnam"]/' "$data/programmes/test_hotline.toml" > "$work/programmes/hotline.toml"
printf '[scenario]\nname = "d"\ndays = 2\n[population]\nagents = 2000\ndata = "%s"\n[[programmes]]\nfile = "programmes/hotline.toml"\n' \
    "$(cd "$data/../../scenarios/data" && pwd)" > "$work/district.toml"
expect "hotline.toml:6: programme.districts: unknown district 'Gangnam' (did you mean 'Gangnam-gu'?)" run "$work/district.toml" --out "$out/j.h5"
# An unwritable output is a one-line error too.
expect "cannot create" run "$data/small.toml" --days 2 --out /proc/no/such/dir/x.h5
# A full disk (here a 200 KB file-size limit): one line, exit 2, nothing left behind.
( ulimit -f 200; expect "cannot write results" run "$data/small.toml" --agents 20000 --out "$out/full.h5" ) || fail=1
if [ -n "$(ls -A "$out")" ]; then echo "FAIL: output files were left: $(ls "$out")"; fail=1; fi
# validate prints the resolved scenario and exits 0 for a good file.
if ! "$lonesim" validate "$data/small.toml" | grep -q "^base_prob = 0.8"; then echo "FAIL: validate output"; fail=1; fi
exit $fail
