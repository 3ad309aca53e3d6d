# Issue 19: the same sources built twice more with clang (`cmake --build build --target
# sanitized`, which the README's test command does; the main job does not wait for them),
# and tested by the ordinary `ctest` (docs/reliability.md says what each run proves):
#   build/asan  AddressSanitizer + UndefinedBehaviorSanitizer, with libFuzzer's coverage:
#               the unit tests, the small command-line tests and one fuzz target per reader
#   build/tsan  ThreadSanitizer: the threaded tests (determinism at 1, 2 and 4 threads,
#               the visualizer's runner, a batch running two runs at once)
# Needs Debian's clang and libfuzzer-14-dev (tools/install-deps.sh); without them the
# configure says so and these tests are not added.
find_program(LONESIM_CLANG clang)
find_program(LONESIM_CLANGXX clang++)
set(_libfuzzer_probe ${CMAKE_BINARY_DIR}/libfuzzer_probe)
if(LONESIM_CLANGXX AND NOT DEFINED LONESIM_HAVE_LIBFUZZER)
  file(WRITE ${_libfuzzer_probe}/probe.cpp
    "#include <cstddef>\n#include <cstdint>\nextern \"C\" int LLVMFuzzerTestOneInput(const std::uint8_t*, std::size_t) { return 0; }\n")
  execute_process(COMMAND ${LONESIM_CLANGXX} -fsanitize=fuzzer,address,undefined probe.cpp -o probe
                  WORKING_DIRECTORY ${_libfuzzer_probe} RESULT_VARIABLE _probe_result OUTPUT_QUIET ERROR_QUIET)
  if(_probe_result EQUAL 0)
    set(LONESIM_HAVE_LIBFUZZER ON CACHE INTERNAL "clang links libFuzzer with ASan and UBSan")
  else()
    set(LONESIM_HAVE_LIBFUZZER OFF CACHE INTERNAL "clang links libFuzzer with ASan and UBSan")
  endif()
endif()
if(NOT LONESIM_CLANGXX OR NOT LONESIM_HAVE_LIBFUZZER)
  message(WARNING "sanitized builds: skipped, clang with libFuzzer not found (apt-get install clang libfuzzer-14-dev, or tools/install-deps.sh)")
  return()
endif()
message(STATUS "sanitized builds: build/asan (ASan+UBSan, fuzz targets) and build/tsan (TSan) with ${LONESIM_CLANGXX}")

include(ExternalProject)
set(_common_args
  -DCMAKE_C_COMPILER=${LONESIM_CLANG} -DCMAKE_CXX_COMPILER=${LONESIM_CLANGXX}
  # -O1 with line tables: quick to build (both builds are in CI's time), enough for
  # the sanitizers' stack traces.
  -DCMAKE_BUILD_TYPE=Sanitize "-DCMAKE_CXX_FLAGS_SANITIZE=-O1 -gline-tables-only" "-DCMAKE_C_FLAGS_SANITIZE=-O1 -gline-tables-only"
  # Unity builds (a few sources per compiler run): the ASan build took 143 s instead of
  # 292 s on 2 cores (measured 2026-12-07). The main build stays one file per run, for
  # quick rebuilds while editing.
  -DCMAKE_UNITY_BUILD=ON
  -DLONESIM_SANITIZED_TESTS=OFF -DLONESIM_BUILD_BENCHMARKS=OFF -DLONESIM_BUILD_PYTHON=OFF
  # Open MPI's own allocations and threads would drown the reports; the sanitized
  # builds run batches on one machine (MPI is tested in the main build).
  -DCMAKE_DISABLE_FIND_PACKAGE_MPI=TRUE)
# $(MAKE) keeps the outer build's -j (the jobserver) in the inner builds.
if(CMAKE_GENERATOR MATCHES "Make")
  set(_make "$(MAKE)")
else()
  set(_make ${CMAKE_COMMAND} --build .)
endif()
ExternalProject_Add(lonesim_asan
  SOURCE_DIR ${CMAKE_SOURCE_DIR}
  BINARY_DIR ${CMAKE_BINARY_DIR}/asan
  CMAKE_ARGS ${_common_args} -DLONESIM_SANITIZE=address,undefined -DLONESIM_FUZZ=ON -DLONESIM_BUILD_VIZ=OFF
  BUILD_COMMAND ${_make} lonesim lonesim_tests fuzz_targets
  INSTALL_COMMAND ""
  BUILD_ALWAYS ON
  EXCLUDE_FROM_ALL ON)
ExternalProject_Add(lonesim_tsan
  SOURCE_DIR ${CMAKE_SOURCE_DIR}
  BINARY_DIR ${CMAKE_BINARY_DIR}/tsan
  CMAKE_ARGS ${_common_args} -DLONESIM_SANITIZE=thread
  BUILD_COMMAND ${_make} lonesim lonesim_tests lonesim_viz_tests
  INSTALL_COMMAND ""
  BUILD_ALWAYS ON
  EXCLUDE_FROM_ALL ON)
add_dependencies(sanitized lonesim_asan lonesim_tsan)

set(_asan ${CMAKE_BINARY_DIR}/asan)
set(_tsan ${CMAKE_BINARY_DIR}/tsan)
set(_tests ${CMAKE_SOURCE_DIR}/tests)
# Any report fails the test: UBSan stops at the first (-fno-sanitize-recover=all), ASan
# and LeakSanitizer exit non-zero, TSan too.
set(_asan_env "ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1"
              "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1"
              "LONESIM_VERSION_EXPECTED=${PROJECT_VERSION}")  # the CLI scripts check --version and the files' version
set(_tsan_env "TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1")

# Every unit test but three long statistical runs (years of a world, 60 s under ASan
# together) whose code the others cover.
add_test(NAME "asan: unit tests" COMMAND ${_asan}/tests/lonesim_tests
  "--test-case-exclude=programmes have an effect*,with no shocks or programmes*,a scenario started from another's burned-in state*")
add_test(NAME "asan: cli bad input" COMMAND bash ${_tests}/cli/bad_input.sh ${_asan}/lonesim ${_tests}/data)
add_test(NAME "asan: cli outputs and inputs safe" COMMAND bash ${_tests}/cli/outputs_safe.sh ${_asan}/lonesim ${_tests})
add_test(NAME "asan: cli run read by h5py" COMMAND bash ${_tests}/cli/run_and_read.sh ${_asan}/lonesim ${CMAKE_SOURCE_DIR} ${_tests})
add_test(NAME "asan: cli compare and report" COMMAND bash ${_tests}/cli/compare_and_report.sh ${_asan}/lonesim ${_tests})
set_tests_properties("asan: unit tests" "asan: cli bad input" "asan: cli outputs and inputs safe"
  "asan: cli run read by h5py" "asan: cli compare and report" PROPERTIES ENVIRONMENT "${_asan_env}" LABELS sanitized)

# One fuzz target per file reader, each for a bounded time from the corpus in the
# repository (tests/fuzz/corpus/TARGET, the shipped files and what earlier fuzzing kept);
# new inputs go to a scratch folder, a crash, a leak, a hang over 10 s or an input that
# escapes as anything but a one-line InputError fails the test and is kept in
# build/fuzz_artifacts/ to reproduce (`build/asan/tests/fuzz/fuzz_TARGET FILE`).
set(LONESIM_FUZZ_SECONDS 10 CACHE STRING "Seconds each fuzz target runs in the tests")
foreach(target scenario programme experiment calibration tables script)
  add_test(NAME "fuzz: ${target}"
    COMMAND bash ${_tests}/fuzz/run_fuzzer.sh ${_asan}/tests/fuzz/fuzz_${target} ${_tests}/fuzz/corpus/${target}
            ${CMAKE_BINARY_DIR}/fuzz_artifacts ${LONESIM_FUZZ_SECONDS})
  set_tests_properties("fuzz: ${target}" PROPERTIES ENVIRONMENT "${_asan_env}" LABELS "sanitized;fuzz")
endforeach()

add_test(NAME "tsan: determinism and the day loop"
  COMMAND ${_tsan}/tests/lonesim_tests "--test-case=*threads*,day loop*,*parallel*")
add_test(NAME "tsan: visualizer runner" COMMAND ${_tsan}/viz/lonesim_viz_tests "--test-case=*runner*,*switches*")
add_test(NAME "tsan: batch of runs at once"
  COMMAND bash -c "set -e; d=$(mktemp -d); trap 'rm -rf $d' EXIT; ${_tsan}/lonesim batch ${_tests}/data/experiments/small_lhs.toml --out $d/b --threads 2 --runs-at-once 2 -q; test -f $d/b/experiment.h5")
set_tests_properties("tsan: determinism and the day loop" "tsan: visualizer runner" "tsan: batch of runs at once"
  PROPERTIES ENVIRONMENT "${_tsan_env}" LABELS sanitized)
