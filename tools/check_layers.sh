#!/usr/bin/env bash
# The three floors (README, "Architecture"): each sees only the floors below it.
#   sim/     the engine: includes nothing from models/ or app/
#   models/  the model: nothing from app/; no HDF5, MPI, TOML, file streams or raw TBB
#            (parallel loops only through sim/parallel.hpp)
#   app/     the commands: anything below
# Prints each wrong include as FILE:LINE: include, and exits 1 if there is one.
set -u
cd "$(dirname "$0")/.."
status=0
wrong() {  # folder, pattern, why
    local hits
    hits=$(grep -rnE --include='*.cpp' --include='*.hpp' "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($2)" "$1")
    if [ -n "$hits" ]; then
        printf '%s\n' "$hits" | sed "s|\$|   <- $3|"
        status=1
    fi
}
wrong sim 'models/|app/|viz/' "sim/ is the engine and knows nothing of the model or the commands"
wrong models 'app/|viz/' "models/ sees only sim/"
wrong models 'hdf5|H5|mpi|toml|fstream|iostream|filesystem|cstdio|stdio|tbb/|oneapi/|sim/hdf5_writer|sim/result_file|sim/csv|sim/toml_reader|sim/cluster|sim/child_process' \
    "models/ reads no file and writes none, runs no MPI, and goes through sim/parallel.hpp for threads"
[ $status -eq 0 ] && echo "layers: sim/ <- models/ <- app/, viz/: no include reaches up"
exit $status
