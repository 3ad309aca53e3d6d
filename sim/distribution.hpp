#pragma once
// A number's uncertainty (a programme effect, a behavioural parameter): a distribution on
// a range, read through its quantile function so that the uniform coordinates of a Latin
// hypercube map onto it stratum by stratum.
#include <string>
#include <vector>

namespace lonesim {

struct Distribution {
    enum class Shape { uniform, log_uniform, triangular };
    Shape shape = Shape::uniform;
    double lo = 0, hi = 1;
    double mode = 0;  // triangular only, in [lo, hi]

    // The value below which a share u (0-1) of the distribution lies.
    double quantile(double u) const;
    double mean() const;
};

// "uniform", "log-uniform", "triangular".
const std::vector<std::string>& distribution_names();
std::string to_string(Distribution::Shape shape);
Distribution::Shape distribution_shape(const std::string& name);  // one of distribution_names()

// An uncertain number of an input file: the variable it is (as `--set` names it), its
// distribution, and why.
struct UncertainNumber {
    std::string name;
    Distribution distribution;
    std::string source;
    std::string file;
    int line = 0;
    bool integer = false;  // drawn values are rounded down to whole numbers
};

}  // namespace lonesim
