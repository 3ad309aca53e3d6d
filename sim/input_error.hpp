#pragma once
// Bad input: a scenario with a typo, a wrong type, an out-of-range value, a missing
// file. what() is the one line the user sees: "FILE:LINE: KEY: reason".
#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <string>

namespace lonesim {

class InputError : public std::runtime_error {
public:
    InputError(const std::string& file, int line, const std::string& key, const std::string& reason)
        : std::runtime_error(format(file, line, key, reason)) {}

private:
    static std::string format(const std::string& file, int line, const std::string& key,
                              const std::string& reason) {
        std::ostringstream s;
        s << file;
        if (line > 0) s << ':' << line;
        if (!key.empty()) s << ": " << key;
        s << ": " << reason;
        // One line, whatever the file held: control characters (a newline in a key cut
        // from a broken file, say) are shown escaped.
        std::string out;
        for (const char c : s.str()) {
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                char hex[8];
                std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(c));
                out += hex;
            } else {
                out += c;
            }
        }
        return out;
    }
};

// A run stopped by its stop flag (Ctrl-C): what() says where.
struct Interrupted : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace lonesim
