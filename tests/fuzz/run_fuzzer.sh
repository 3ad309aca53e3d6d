#!/usr/bin/env bash
# run_fuzzer.sh FUZZER CORPUS ARTIFACTS SECONDS: the CTest of one fuzz target (issue 19).
# Replays the corpus in the repository, then fuzzes for SECONDS with the TOML dictionary;
# what it finds new goes to a scratch folder, removed after. Fails on any crash, leak,
# undefined behaviour, an input over 10 s or 2 GB, or an error that is not one clean
# line; the input is kept in ARTIFACTS to reproduce with `FUZZER FILE`.
set -u
fuzzer=$1 corpus=$2 artifacts=$3 seconds=$4
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -dict="$here/toml.dict" -artifact_prefix="$artifacts/$(basename "$fuzzer")-" "$work" "$corpus" 2>"$work.log"
status=$?
grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|INFO: seed corpus)" "$work.log" || true
if [ $status -ne 0 ]; then
    tail -n 60 "$work.log"
    echo "fuzzer failed (exit $status); the input is in $artifacts"
fi
rm -f "$work.log"
exit $status
