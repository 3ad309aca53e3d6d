#pragma once
// The closed set of mechanisms. Each is one file, models/programmes/<name>.cpp, defining
// `const MechanismType <name>_mechanism`, and one line in LONESIM_MECHANISMS below.
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "models/programmes/programme.hpp"

namespace lonesim {

// clang-format off
#define LONESIM_MECHANISMS(X) \
    X(counseling)             \
    X(group_activity)         \
    X(outreach)               \
    X(hotline)                \
    X(outing_nudge)           \
    X(stressor_buffer)
// clang-format on

struct MechanismType {
    std::string_view name;   // as programme files write it
    std::string_view title;  // what it does, in a few words
    std::string_view unit;   // what costs.per_unit pays for
    std::string_view notes;  // how it works, for docs/programmes.md
    ParamTable parameters;
    std::unique_ptr<Programme> (*make)(const ProgrammeSpec&, const MechanismType&, std::vector<double> params, int start_day, int end_day,
                                       Eligibility, std::uint32_t purpose);
};

#define LONESIM_DECLARE_MECHANISM(name) extern const MechanismType name##_mechanism;
LONESIM_MECHANISMS(LONESIM_DECLARE_MECHANISM)
#undef LONESIM_DECLARE_MECHANISM

// Every mechanism, in the order of LONESIM_MECHANISMS; and one by name (nullptr if none).
std::span<const MechanismType* const> mechanism_types();
const MechanismType* mechanism_type(std::string_view name);

// A mechanism declares its parameters in one list, as the behavioural parameters are
// declared (models/parameters.hpp):
//   X(field, default, "unit", min, max, integer, scales_with_population, "description", "source")
// LONESIM_MECHANISM_PARAMETERS(Struct, LIST) makes the struct its code reads (one double
// per parameter, by name) and its table (Struct::kTable) that programme files are checked
// against and docs/programmes.md is generated from.
#define LONESIM_MP_FIELD(field, def, unit, lo, hi, integer, scales, desc, src) double field = def;
#define LONESIM_MP_SPEC(field, def, unit, lo, hi, integer, scales, desc, src) ParamSpec{#field, def, unit, lo, hi, integer, desc, src, scales},
#define LONESIM_MP_READ(field, ...) p.field = values[k++];
#define LONESIM_MECHANISM_PARAMETERS(Struct, LIST)                            \
    struct Struct {                                                           \
        LIST(LONESIM_MP_FIELD)                                                \
        static constexpr ParamSpec kTable[] = {LIST(LONESIM_MP_SPEC)};        \
        static Struct from(const std::vector<double>& values) {               \
            Struct p;                                                         \
            std::size_t k = 0;                                                \
            LIST(LONESIM_MP_READ)                                             \
            return p;                                                         \
        }                                                                     \
    };

// A mechanism's programme type T(spec, type, params, start, end, eligibility, purpose).
template <class T>
std::unique_ptr<Programme> make_mechanism(const ProgrammeSpec& s, const MechanismType& m, std::vector<double> p, int start, int end,
                                          Eligibility e, std::uint32_t purpose) {
    return std::make_unique<T>(s, m, std::move(p), start, end, e, purpose);
}

}  // namespace lonesim
