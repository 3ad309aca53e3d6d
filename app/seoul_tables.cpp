#include "app/seoul_tables.hpp"

#include <cstdint>

#include "sim/csv.hpp"
#include "sim/input_error.hpp"

namespace lonesim {

SeoulData load_seoul(const std::string& data_dir) {
    const CsvTable ages = read_csv(data_dir + "/seoul_single_households_by_district_age.csv");
    const CsvTable indicators = read_csv(data_dir + "/seoul_district_indicators.csv");
    const CsvTable centroids = read_csv(data_dir + "/seoul_district_centroids.csv");
    static const char* kColumns[kAgeBands] = {
        "age_under20", "age_20_24", "age_25_29", "age_30_34", "age_35_39",
        "age_40_44",   "age_45_49", "age_50_54", "age_55_59", "age_60_64",
        "age_65_69",   "age_70_74", "age_75_79", "age_80_84", "age_85_plus"};
    if (ages.rows.size() != kDistricts)
        throw InputError(ages.path, 0, "", "expected 25 districts, found " + std::to_string(ages.rows.size()));

    SeoulData data;
    for (std::size_t r = 0; r < ages.rows.size(); ++r) {
        District d;
        d.code = static_cast<int>(ages.number(r, "district_code"));
        d.name = ages.text(r, "district");
        d.name_ko = ages.text(r, "district_ko");
        std::int64_t sum = 0;
        for (int b = 0; b < kAgeBands; ++b) sum += d.by_age[static_cast<std::size_t>(b)] = static_cast<std::int64_t>(ages.number(r, kColumns[b]));
        d.single_households = static_cast<std::int64_t>(ages.number(r, "total"));
        if (sum != d.single_households)
            throw InputError(ages.path, static_cast<int>(r) + 2, "total", "age bands sum to " + std::to_string(sum));
        data.districts.push_back(d);
    }
    auto find = [&](const CsvTable& t, const char* what) {
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const int code = static_cast<int>(t.number(r, "district_code"));
            bool found = false;
            for (auto& d : data.districts)
                if (d.code == code) {
                    found = true;
                    if (t.path == indicators.path) {
                        const double male = t.number(r, "single_male"), female = t.number(r, "single_female");
                        d.male_share = male / (male + female);
                        d.households_total = static_cast<std::int64_t>(t.number(r, "households_total"));
                    } else {
                        d.lon = t.number(r, "lon");
                        d.lat = t.number(r, "lat");
                    }
                }
            if (!found) throw InputError(t.path, static_cast<int>(r) + 2, "district_code", std::string("unknown district in ") + what);
        }
    };
    find(indicators, "indicators");
    find(centroids, "centroids");
    for (const auto& d : data.districts)
        if (d.lon == 0) throw InputError(centroids.path, 0, "district_code", "no centroid for " + d.name);
    return data;
}

}  // namespace lonesim
