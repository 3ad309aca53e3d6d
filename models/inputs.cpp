#include "models/inputs.hpp"

#include <algorithm>

namespace lonesim {

double households_on(const std::vector<HouseholdCount>& path, Date d) {
    if (d <= path.front().date) return path.front().households;
    for (std::size_t k = 1; k < path.size(); ++k)
        if (d <= path[k].date) {
            const double x0 = static_cast<double>(days_from_civil(path[k - 1].date)), x1 = static_cast<double>(days_from_civil(path[k].date));
            const double f = (static_cast<double>(days_from_civil(d)) - x0) / (x1 - x0);
            return path[k - 1].households + f * (path[k].households - path[k - 1].households);
        }
    return path.back().households;
}

double households_peak(const std::vector<HouseholdCount>& path) {
    double most = 0;
    for (const auto& h : path) most = std::max(most, h.households);
    return most;
}

}  // namespace lonesim
