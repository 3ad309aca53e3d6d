#include "sim/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace lonesim {

double Distribution::quantile(double u) const {
    u = std::clamp(u, 0.0, 1.0);
    switch (shape) {
        case Shape::uniform:
            return lo + u * (hi - lo);
        case Shape::log_uniform:
            return std::exp(std::log(lo) + u * (std::log(hi) - std::log(lo)));
        case Shape::triangular: {
            const double width = hi - lo;
            if (!(width > 0)) return lo;
            const double c = (mode - lo) / width;  // where the peak is, 0-1
            return u < c ? lo + std::sqrt(u * width * (mode - lo)) : hi - std::sqrt((1 - u) * width * (hi - mode));
        }
    }
    return lo;
}

double Distribution::mean() const {
    switch (shape) {
        case Shape::uniform:
            return (lo + hi) / 2;
        case Shape::log_uniform:
            return hi > lo ? (hi - lo) / (std::log(hi) - std::log(lo)) : lo;
        case Shape::triangular:
            return (lo + hi + mode) / 3;
    }
    return lo;
}

const std::vector<std::string>& distribution_names() {
    static const std::vector<std::string> names{"uniform", "log-uniform", "triangular"};
    return names;
}

std::string to_string(Distribution::Shape shape) { return distribution_names()[static_cast<std::size_t>(shape)]; }

Distribution::Shape distribution_shape(const std::string& name) {
    const auto& names = distribution_names();
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) throw std::invalid_argument("unknown distribution '" + name + "'");
    return static_cast<Distribution::Shape>(it - names.begin());
}

}  // namespace lonesim
