#pragma once
// Small helpers the unit tests share.
#include <cmath>
#include <string>

namespace lonesim::test {

// A file of tests/data.
inline std::string data(const std::string& name) { return std::string(LONESIM_TEST_DATA) + "/" + name; }

// Within k standard deviations of the expected value.
inline bool within(double observed, double expected, double variance, double k = 4.0) {
    return std::abs(observed - expected) <= k * std::sqrt(variance);
}

}  // namespace lonesim::test
