#pragma once
// lonesim-viz --replay FILE.h5: a finished run or comparison, shown with the same map and
// charts without simulating. A run file (lonesim run) has its districts and no baseline;
// a comparison file (lonesim compare) has each scenario and its baseline, by district
// (files from before the districts were kept: all Seoul only, and the map says so).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "viz/source.hpp"

namespace lonesim::viz {

struct ReplayTitles {
    std::string en, ko;
};

class Replay : public Source {
public:
    // The file's replicate, and for a comparison the scenario shown against the baseline
    // (empty: the first after the baseline). Throws InputError with the file and what is
    // wrong (not a lonesim result, an unfinished one, no such replicate or scenario).
    Replay(const std::string& path, SeoulData seoul, int replicate, const std::string& scenario);

    void sync(History& h) const override;
    const std::vector<ProgrammeControl>& programmes() const override { return programmes_; }
    int horizon_days() const override { return static_cast<int>(days_.size()); }
    Date start_date() const override { return start_; }
    const SeoulData& seoul() const override { return seoul_; }
    bool live() const override { return false; }

    const ReplayTitles& titles() const { return titles_; }
    std::int64_t agents() const { return agents_; }

private:
    SeoulData seoul_;
    Date start_;
    std::int64_t agents_ = 0;
    ReplayTitles titles_;
    std::vector<ProgrammeControl> programmes_;
    std::vector<DayRecord> days_;
    bool has_baseline_ = true;
    AgeTable alive_by_age_{}, lonely_by_age_{};
};

}  // namespace lonesim::viz
