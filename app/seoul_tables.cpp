#include "app/seoul_tables.hpp"

#include <cstdint>
#include <vector>

#include "sim/csv.hpp"
#include "sim/input_error.hpp"

namespace lonesim {
namespace {
constexpr std::int64_t kMaxCode = 99'999;          // Statistics Korea's district codes have five digits
constexpr std::int64_t kMaxCount = 100'000'000;    // households in a district: far above any city's
}  // namespace

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
        d.code = static_cast<int>(ages.integer(r, "district_code", 0, kMaxCode));
        d.name = ages.text(r, "district");
        d.name_ko = ages.text(r, "district_ko");
        std::int64_t sum = 0;
        for (int b = 0; b < kAgeBands; ++b) sum += d.by_age[static_cast<std::size_t>(b)] = ages.integer(r, kColumns[b], 0, kMaxCount);
        d.single_households = ages.integer(r, "total", 0, kMaxCount);
        if (sum != d.single_households)
            throw InputError(ages.path, static_cast<int>(r) + 2, "total", "age bands sum to " + std::to_string(sum));
        data.districts.push_back(d);
    }
    std::vector<bool> has_centroid(data.districts.size(), false);
    auto find = [&](const CsvTable& t, const char* what) {
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const int code = static_cast<int>(t.integer(r, "district_code", 0, kMaxCode));
            bool found = false;
            for (auto& d : data.districts)
                if (d.code == code) {
                    found = true;
                    if (t.path == indicators.path) {
                        const auto male = t.integer(r, "single_male", 0, kMaxCount), female = t.integer(r, "single_female", 0, kMaxCount);
                        if (male + female == 0) throw InputError(t.path, static_cast<int>(r) + 2, "single_male", "no single men and no single women");
                        d.male_share = static_cast<double>(male) / static_cast<double>(male + female);
                        d.households_total = t.integer(r, "households_total", 0, kMaxCount);
                    } else {
                        d.lon = t.number(r, "lon", -180, 180);
                        d.lat = t.number(r, "lat", -90, 90);
                        has_centroid[static_cast<std::size_t>(&d - data.districts.data())] = true;
                    }
                }
            if (!found) throw InputError(t.path, static_cast<int>(r) + 2, "district_code", std::string("unknown district in ") + what);
        }
    };
    find(indicators, "indicators");
    find(centroids, "centroids");
    for (std::size_t k = 0; k < data.districts.size(); ++k)
        if (!has_centroid[k]) throw InputError(centroids.path, 0, "district_code", "no centroid for " + data.districts[k].name);
    return data;
}

}  // namespace lonesim
