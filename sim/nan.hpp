#pragma once
// The quiet NaN that marks a value not computed (an estimate of too few runs, a missing
// target): one name for it everywhere.
#include <limits>

namespace lonesim {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace lonesim
