#pragma once
// The model's own input types, as the app loads them from scenario files: periods of
// shocks, scheduled policy changes, Seoul's household count over time (programmes:
// models/programmes/programme_spec.hpp). The model never reads a file.
#include <string>
#include <vector>

#include "sim/calendar.hpp"

namespace lonesim {

// A period of the calendar during which outings, venue encounters or contacts are
// scaled (a pandemic, a heat wave, a festival season).
struct ShockPeriod {
    std::string name;
    Date start, end;  // inclusive
    double outings = 1.0, venues = 1.0, contacts = 1.0;
    // Fading: the factors move in a straight line from their values on `start` back to 1
    // (no shock) on the day after `end` (a return to the level before, over the period).
    bool fades = false;
    friend bool operator==(const ShockPeriod&, const ShockPeriod&) = default;
};

// How many a programme serves: people taken in a year, and at once (0: no limit of that
// kind). Programme files and policy changes give the city's; a simulated world gets its
// share, here and nowhere else.
struct Capacity {
    double per_year = 0, concurrent = 0;
    Capacity in_world(double population_scale) const { return {per_year * population_scale, concurrent * population_scale}; }
};

// A change to a programme during the run, on a given day (also what the visualizer's
// switches and sliders make). Unset fields (negative) are left as they are.
struct PolicyChange {
    int day = 0;
    std::string programme;
    int enabled = -1;  // 0 off, 1 on, -1 unchanged
    Capacity capacity{-1, -1};  // the city's; a negative field is left as it is
};

// Seoul's single-person households on a date ([[population.households]]). With a list
// of them the population follows it: households arrive (new single-person households)
// to keep the world at its share of the count, linear between dates, flat outside.
struct HouseholdCount {
    Date date;
    double households = 0;
    std::string source;
    friend bool operator==(const HouseholdCount&, const HouseholdCount&) = default;
};

// Households on a date: linear between the listed dates, flat before the first and
// after the last (the list must not be empty).
double households_on(const std::vector<HouseholdCount>& path, Date d);
// The largest count on the path (0 for none): the room a world needs.
double households_peak(const std::vector<HouseholdCount>& path);

}  // namespace lonesim
