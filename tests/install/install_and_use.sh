#!/usr/bin/env bash
# cmake --install into a temporary prefix, then, from there only: a C++ project built
# against find_package(lonesim) runs a small world from the installed data, and the
# installed lonesim runs a comparison and its report from another folder, with the
# installed report script (issue 24).
#   install_and_use.sh BUILD_DIR SOURCE_DIR VERSION
set -eu
build=$1 src=$2 version=$3
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
prefix="$d/prefix with space"
cmake --install "$build" --prefix "$prefix" > "$d/install.log"
share="$prefix/share/lonesim"
for f in bin/lonesim lib/cmake/lonesim/lonesimConfig.cmake lib/liblonesim_models.a include/lonesim/models/simulation.hpp \
         share/lonesim/tools/report.py share/lonesim/scenarios/data/seoul_district_boundaries.csv \
         share/lonesim/scenarios/loneliness_free_seoul.toml share/doc/lonesim/LICENSE; do
    [ -f "$prefix/$f" ] || { echo "FAIL: not installed: $f"; exit 1; }
done
# A scenario outside the source tree, on the installed data and programmes.
sed "s|^data = .*|data = \"$share/scenarios/data\"|" "$src/tests/data/small.toml" > "$d/small.toml"
sed -e 's/^name = "small"/name = "mind"/' "$d/small.toml" > "$d/mind.toml"
printf '\n[[programmes]]\nfile = "%s"\n' "$share/scenarios/programmes/mind_investment.toml" >> "$d/mind.toml"

echo "== a project of one's own: find_package(lonesim)"
cmake -S "$src/tests/install/consumer" -B "$d/consumer" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release > "$d/consumer.log" \
    || { cat "$d/consumer.log"; exit 1; }
cmake --build "$d/consumer" -j2 > "$d/consumer_build.log" 2>&1 || { tail -30 "$d/consumer_build.log"; exit 1; }
"$d/consumer/lonesim_consumer" "$d/small.toml" | tee "$d/consumer.txt"
grep -q "^version $version: 25 districts, 10 days, alive [1-9][0-9]*, isolated [0-9]*$" "$d/consumer.txt"

echo "== the installed lonesim, from another folder"
mkdir "$d/elsewhere"
cd "$d/elsewhere"
"$prefix/bin/lonesim" --version | grep -qx "$version ([0-9a-f]*)"
"$prefix/bin/lonesim" compare "$d/small.toml" "$d/mind.toml" --agents 4000 --days 30 --replicates 2 -q --out cmp.h5
# The report runs the installed script (it leaves a mark beside itself), not the sources'.
sed -i 's|^import os$|import os\nopen(os.path.join(os.path.dirname(os.path.abspath(__file__)), "RAN_INSTALLED"), "w").close()|' "$share/tools/report.py"
grep -q RAN_INSTALLED "$share/tools/report.py"
"$prefix/bin/lonesim" report cmp.h5 --out report > /dev/null
[ -f "$share/tools/RAN_INSTALLED" ] || { echo "FAIL: lonesim report did not run the installed script"; exit 1; }
[ -s report/report.html ] && [ -s report/index.html ] || { echo "FAIL: no report"; ls report; exit 1; }
[ ! -e "$src/tools/RAN_INSTALLED" ]
if [ -d "$build/python/lonesim" ]; then
    echo "== the installed Python module"
    PYTHONPATH="$prefix/lib/python3/dist-packages" /usr/bin/python3 -c \
        "import lonesim, sys; assert lonesim.__version__ == sys.argv[1]; assert lonesim.__file__.startswith(sys.argv[2]), lonesim.__file__; print('import lonesim', lonesim.__version__, 'from', lonesim.__file__)" \
        "$version" "$prefix"
    # A dict's files are found in the installed scenarios (share/lonesim/scenarios/data).
    PYTHONPATH="$prefix/lib/python3/dist-packages" /usr/bin/python3 -c "
import lonesim, sys
assert lonesim.scenarios_folder == sys.argv[1], (lonesim.scenarios_folder, sys.argv[1])
s = lonesim.load({'scenario': {'name': 'installed', 'days': 2, 'burn_in_days': 2}, 'population': {'agents': 500}})
sim = lonesim.Simulation(s, threads=1); sim.run(2)
print('a dict scenario on the installed data:', int(sim.metrics()['alive'].sum()), 'alive')" "$share/scenarios"
fi
echo "install test passed"
