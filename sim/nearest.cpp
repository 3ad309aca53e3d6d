#include "sim/nearest.hpp"

#include <algorithm>
#include <cctype>

namespace lonesim {

std::string nearest(const std::string& key, const std::vector<std::string>& candidates) {
    auto distance = [](const std::string& a, const std::string& b) {
        std::vector<std::size_t> row(b.size() + 1);
        for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
        for (std::size_t i = 1; i <= a.size(); ++i) {
            std::size_t diag = row[0];
            row[0] = i;
            for (std::size_t j = 1; j <= b.size(); ++j) {
                const std::size_t up = row[j];
                row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
                diag = up;
            }
        }
        return row[b.size()];
    };
    // Compare the last dotted part too, so "outings.base_prb" finds "outings.base_prob"
    // and "base_prob" alone finds its section.
    auto tail = [](const std::string& s) {
        const auto dot = s.rfind('.');
        return dot == std::string::npos ? s : s.substr(dot + 1);
    };
    // A name without its suffix ("Gangnam" for "Gangnam-gu", any case) is one edit away.
    auto lower = [](std::string s) {
        for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return s;
    };
    auto suffix_less = [&](const std::string& c) {
        return !key.empty() && c.size() > key.size() && c[key.size()] == '-' && lower(c.substr(0, key.size())) == lower(key);
    };
    std::string best;
    std::size_t best_d = std::string::npos;
    for (const auto& c : candidates) {
        const std::size_t d = suffix_less(c) ? 1 : std::min(distance(key, c), distance(tail(key), tail(c)) + 1);
        if (d < best_d) best_d = d, best = c;
    }
    return best_d <= std::max<std::size_t>(2, key.size() / 3) ? best : std::string();
}

}  // namespace lonesim
