#pragma once
// The six mechanisms. Each file defines one type and its parameter table.
#include <memory>
#include <vector>

#include "models/programmes/programme.hpp"

namespace lonesim {

struct MechanismType {
    MechanismKind kind;
    ParamTable parameters;
    std::unique_ptr<Programme> (*make)(const ProgrammeSpec&, std::vector<double> params, int start_day, int end_day,
                                       Eligibility, std::uint32_t purpose);
};

extern const MechanismType kCounseling, kGroupActivity, kOutreach, kHotline, kOutingNudge, kStressorBuffer;

}  // namespace lonesim
