#pragma once
// Small helpers the unit tests share.
#include <doctest/doctest.h>
#include <stdlib.h>  // mkdtemp

#include <cmath>
#include <filesystem>
#include <string>
#include <system_error>

namespace lonesim::test {

// A file of tests/data.
inline std::string data(const std::string& name) { return std::string(LONESIM_TEST_DATA) + "/" + name; }

// Within k standard deviations of the expected value.
inline bool within(double observed, double expected, double variance, double k = 4.0) {
    return std::abs(observed - expected) <= k * std::sqrt(variance);
}

// A new folder under the system's temporary one (its name begins with `stem`), removed
// with everything in it when the test ends, passed or not.
struct ScratchDir {
    std::string path;
    explicit ScratchDir(const std::string& stem) : path((std::filesystem::temp_directory_path() / (stem + "_XXXXXX")).string()) {
        REQUIRE(mkdtemp(path.data()) != nullptr);  // mkdtemp fills in the six X
    }
    ~ScratchDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
};

}  // namespace lonesim::test
