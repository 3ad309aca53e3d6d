#include "sim/calendar.hpp"

#include <cstdio>
#include <stdexcept>

namespace lonesim {

std::int64_t days_from_civil(Date d) {
    const int y = d.year - (d.month <= 2);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return std::int64_t{era} * 146097 + doe - 719468;
}

Date civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {static_cast<int>(yoe + era * 400) + (m <= 2), m, d};
}

std::string to_string(Date d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

Date parse_date(const std::string& s) {
    Date d;
    char extra;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &d.year, &d.month, &d.day, &extra) != 3 ||
        d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31 ||
        civil_from_days(days_from_civil(d)) != d)
        throw std::invalid_argument("not a date (YYYY-MM-DD): " + s);
    return d;
}

DayInfo day_info(Date start, int index) {
    const std::int64_t z = days_from_civil(start) + index;
    DayInfo info;
    info.index = index;
    info.date = civil_from_days(z);
    info.weekday = static_cast<int>(((z % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
    info.day_of_year = static_cast<int>(z - days_from_civil({info.date.year, 1, 1}));
    info.weekend = info.weekday >= 5;
    info.winter = info.date.month == 12 || info.date.month <= 2;
    return info;
}

}  // namespace lonesim
