#include <doctest/doctest.h>

#include "sim/calendar.hpp"

using namespace lonesim;

TEST_CASE("dates round-trip and weekdays are right") {
    for (std::int64_t z = -1000; z < 40000; z += 37) CHECK(days_from_civil(civil_from_days(z)) == z);
    CHECK(to_string(civil_from_days(days_from_civil({2024, 2, 29}) + 1)) == "2024-03-01");
    const DayInfo d = day_info({2025, 1, 1}, 0);  // a Wednesday
    CHECK(d.weekday == 2);
    CHECK(!d.weekend);
    CHECK(d.winter);
    CHECK(day_info({2025, 1, 1}, 3).weekend);  // Saturday 4 January
    CHECK(day_info({2025, 1, 1}, 364).day_of_year == 364);
    CHECK(parse_date("2025-07-15") == Date{2025, 7, 15});
    CHECK_THROWS(parse_date("2025-02-30"));
}
