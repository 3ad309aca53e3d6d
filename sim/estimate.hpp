#pragma once
// Estimates across replicates: a mean with its 95% interval.
#include <vector>

namespace lonesim {

struct Estimate {
    double mean = 0, lo = 0, hi = 0;  // 95% interval across replicates (NaN with one replicate)
};

// Mean and t-based 95% interval of per-replicate values.
Estimate estimate(const std::vector<double>& values);
// Ratio of means with a percentile bootstrap interval (fixed seed, 2,000 resamples).
Estimate ratio_estimate(const std::vector<double>& numerators, const std::vector<double>& denominators);

}  // namespace lonesim
