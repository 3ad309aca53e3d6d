#pragma once
// FNV-1a, 64 bits: a digest of bytes, for "is this the same input?" (experiment
// fingerprints, state files), not for security.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace lonesim {

class Digest {
public:
    Digest& add(const void* data, std::size_t n) {
        const auto* p = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < n; ++i) h_ = (h_ ^ p[i]) * 1099511628211ull;
        return *this;
    }
    Digest& add(const std::string& s) {
        add(s.data(), s.size());
        return add("\0", 1);  // "ab" + "c" differs from "a" + "bc"
    }
    template <class T>
    Digest& add_value(const T& v) {
        return add(&v, sizeof v);
    }
    std::uint64_t value() const { return h_; }
    std::string hex() const {
        char buf[17];
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h_));
        return buf;
    }

private:
    std::uint64_t h_ = 14695981039346656037ull;
};

}  // namespace lonesim
