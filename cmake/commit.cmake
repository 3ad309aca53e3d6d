# Writes OUT (a header defining LONESIM_COMMIT) from `git rev-parse HEAD` in SRC, at
# every build, touching it only when the commit changed, so outputs name the commit they
# were built from even when nothing was reconfigured since. Without git: "unknown".
execute_process(COMMAND git rev-parse --short=12 HEAD
  WORKING_DIRECTORY ${SRC}
  OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT commit)
  set(commit unknown)
endif()
set(text "#pragma once\n// Written at build time by cmake/commit.cmake.\n#define LONESIM_COMMIT \"${commit}\"\n")
set(old "")
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT old STREQUAL text)
  file(WRITE ${OUT} "${text}")
endif()
