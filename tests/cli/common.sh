# What the command-line tests share (sourced): the binary and the tests folder from the
# arguments, a scratch folder removed at exit, and failures counted by `say`.
set -u
lonesim=$1 tests=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0
say() { echo "FAIL: $*"; fail=1; }
# same <file> <file> <what>: two lonesim result files hold the same datasets and the same
# root attributes but the wall time, the thread count and where a start was read from.
same() {
    /usr/bin/python3 "$tests/cli/same_results.py" "$1" "$2" || say "$3"
}
