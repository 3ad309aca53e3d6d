#include "models/parameters.hpp"

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace lonesim {
namespace {

#define LONESIM_SPEC(field, name, def, unit, lo, hi, integer, desc, src) \
    ParamSpec{name, def, unit, lo, hi, integer, desc, src},
constexpr ParamSpec kTable[] = {LONESIM_PARAMETERS(LONESIM_SPEC)};
#undef LONESIM_SPEC

#define LONESIM_MEMBER(field, name, def, unit, lo, hi, integer, desc, src) &Parameters::field,
constexpr double Parameters::*kMembers[] = {LONESIM_PARAMETERS(LONESIM_MEMBER)};
#undef LONESIM_MEMBER

static_assert(std::size(kTable) == std::size(kMembers));

int index_of(std::string_view name) {
    for (std::size_t i = 0; i < std::size(kTable); ++i)
        if (kTable[i].name == name) return static_cast<int>(i);
    return -1;
}

}  // namespace

ParamTable parameter_table() { return kTable; }

bool Parameters::set(std::string_view name, double value) {
    const int i = index_of(name);
    if (i < 0) return false;
    this->*kMembers[i] = value;
    return true;
}

double Parameters::get(std::string_view name) const {
    const int i = index_of(name);
    if (i < 0) throw std::out_of_range("no parameter " + std::string(name));
    return this->*kMembers[i];
}

}  // namespace lonesim
