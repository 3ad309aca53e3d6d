#pragma once
// The layout of the file `lonesim compare` writes (README, "Comparisons"): root
// attributes, the reference tables, each scenario's daily Seoul series and programme
// accounting, and /comparison/<scenario>/{overall,by_district,by_age_band}.
#include <array>
#include <string>
#include <vector>

#include "app/compare.hpp"
#include "models/recorders.hpp"
#include "models/seoul.hpp"
#include "sim/hdf5_writer.hpp"

namespace lonesim {

using Outcomes = std::array<Estimate, kOutcomes>;
// Seoul's scale: counts and costs over the world's share of Seoul (the cost ratio as it is).
Outcomes at_city_scale(const Outcomes& world, double world_share);

class CompareFile {
public:
    // all[0] is the baseline. Writes the root attributes and tables, creates the series.
    CompareFile(h5::File& f, const std::vector<ScenarioSpec>& all, const SeoulData& seoul, std::int64_t agents, int days, int threads);
    // Scenario s's replicate r.
    void write_run(std::size_t s, int r, const SeoulSeriesRecorder& series, const DistrictSeriesRecorder& districts,
                   const ProgrammeSeriesRecorder& programmes);
    // Scenario s's outcomes against the baseline: overall, and [group] by district and by age band.
    void write_comparison(const ScenarioSpec& scenario, const ScenarioComparison& overall, const std::vector<Outcomes>& by_district,
                          const std::vector<Outcomes>& by_age_band);
    void mark_interrupted(const std::string& where);
    void finish(double wall_seconds);

private:
    void write_grouped(const std::string& path, const std::vector<Outcomes>& groups, const char* label, const char* scale);

    h5::File& f_;
    hsize_t days_;
    std::vector<std::vector<h5::Dataset>> series_;                 // [scenario][series]
    std::vector<std::vector<h5::Dataset>> districts_;              // [scenario][series]
    std::vector<std::vector<std::vector<h5::Dataset>>> programmes_;  // [scenario][programme][metric]
};

}  // namespace lonesim
