#pragma once
// Civil dates as days since 1970-01-01 (proleptic Gregorian), after H. Hinnant's
// public-domain algorithms.
#include <cstdint>
#include <string>

namespace lonesim {

struct Date {
    int year = 1970, month = 1, day = 1;
    friend auto operator<=>(const Date&, const Date&) = default;
};

std::int64_t days_from_civil(Date d);
Date civil_from_days(std::int64_t z);
std::string to_string(Date d);  // YYYY-MM-DD
Date parse_date(const std::string& s);  // YYYY-MM-DD; throws std::invalid_argument

// What the day's phases need to know about a simulated day.
struct DayInfo {
    int index = 0;           // 0 = the scenario's start date
    Date date;
    int weekday = 0;         // 0 = Monday ... 6 = Sunday
    int day_of_year = 0;     // 0-based
    bool weekend = false;    // Saturday or Sunday
    bool winter = false;     // December to February
};
DayInfo day_info(Date start, int index);

}  // namespace lonesim
