#pragma once
// Which parameters drive an outcome. For a Saltelli design: first-order and total Sobol'
// indices (Saltelli et al. 2010, Table 2: S_i by Saltelli 2010 eq. (b), S_Ti by Jansen
// 1999, eq. (f)) with bootstrap 95% intervals. For other designs: standardised regression
// coefficients with the regression's R^2 (a linear summary, meaningful when R^2 is high).
#include <cstdint>
#include <vector>

namespace lonesim {

struct SobolIndices {
    std::vector<double> first, first_lo, first_hi, total, total_lo, total_hi;
};

// f_a, f_b: the outcome at the rows A and B (n each); f_ab[i]: at the rows AB_i.
// Points where an outcome is not a number are left out of every estimate.
SobolIndices sobol_indices(const std::vector<double>& f_a, const std::vector<double>& f_b,
                           const std::vector<std::vector<double>>& f_ab, std::uint64_t seed = 20251123, int resamples = 1000);

struct Regression {
    std::vector<double> src;  // standardised coefficient per parameter (NaN for a constant column)
    double r2 = 0;
};
// x[point][parameter], y[point]; points with a non-number y are left out.
Regression standardised_regression(const std::vector<std::vector<double>>& x, const std::vector<double>& y);

}  // namespace lonesim
