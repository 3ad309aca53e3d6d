// Each phase of the day on a tiny world built by hand (no Seoul tables), with expected
// values worked out in the test.
#include <doctest/doctest.h>
