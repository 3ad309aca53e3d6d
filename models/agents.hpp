#pragma once
// One agent per single-person household, stored as struct-of-arrays. The field lists
// are here and nowhere else. Cold fields (fixed at creation) are apart from hot ones
// (read or written every day). Agents are ordered by district, then age band.
#include <cstdint>
#include <utility>
#include <vector>

namespace lonesim {

enum class Employment : std::uint8_t { student, employed, unemployed, retired };
enum class Status : std::uint8_t { connected, lonely, isolated, reclusive };
inline constexpr int kStatuses = 4;

enum class TieType : std::uint8_t { family, friend_, neighbour, coworker };
inline constexpr int kTieTypes = 4;

// Bits of Agents::traits.
enum Trait : std::uint8_t {
    kChronicIllness = 1,
    kDisability = 2,
    kForeign = 4,
    kAppUser = 8,
    kMentalIllness = 16,  // a depressive or anxiety disorder
};

// Agents::days_out_of_isolation and days_out_of_reclusion of one never in that state.
inline constexpr std::uint16_t kNeverIn = 65535;

// Bits of Agents::events: what happened to an agent today (cleared each morning).
enum Event : std::uint16_t {
    kDied = 1,
    kUnattended = 2,
    kIsolationEpisode = 4,       // an isolation (or reclusion) episode began (models/status.cpp)
    kIsolationEpisodeEnded = 8,  // ...ended: status.episode_gap_days out of it
    kJobLoss = 16,
    kMoved = 32,
    kBereaved = 64,
    kFellIll = 128,
    kReclusionEpisode = 256,     // a reclusion episode began
    kArrived = 512,
    kDeparted = 1024,  // left single-person households (a couple or family, or out of Seoul)
};

struct Agents {
    // cold: fixed at creation
    std::vector<std::uint8_t> sex;      // 0 female, 1 male
    std::vector<std::uint8_t> income;   // 0 low, 1 middle, 2 high
    std::vector<std::uint8_t> traits;   // Trait bits
    std::vector<std::uint16_t> birthday;  // day of year the age advances
    std::vector<float> sociability;     // personal need for contact, mean 1
    std::vector<float> resilience;      // 0-1

    // hot: the daily state
    std::vector<std::uint8_t> alive;
    std::vector<std::uint8_t> district;
    std::vector<std::uint8_t> age;
    std::vector<Employment> employment;
    std::vector<std::uint16_t> days_unemployed;  // of the current spell without work (saturating)
    std::vector<Status> status;
    std::vector<std::uint8_t> ill_days;       // days left of an illness episode (0 = well)
    std::vector<float> loneliness;            // L, 0-1 (UCLA-3 = 3 + 6 L)
    std::vector<float> recent_contact;        // moving average of daily contact value
    std::vector<std::uint16_t> days_since_outing;
    std::vector<std::uint16_t> days_since_contact;  // since meeting someone in person
    std::vector<std::uint8_t> strong_ties;          // ties strong enough to turn to for help
    // Days since the agent was last isolated-or-reclusive, and last reclusive (0: today;
    // kNeverIn: never, in this world): where episodes begin and end (models/status.cpp).
    std::vector<std::uint16_t> days_out_of_isolation, days_out_of_reclusion;
    // what programmes have given (written only through ProgrammeContext)
    std::vector<float> relief;          // lowers the loneliness the agent settles at
    std::vector<float> relief_decay;    // daily multiplier of relief
    std::vector<float> outing_boost;    // outing probability multiplier (0 = none)...
    std::vector<std::uint16_t> boost_until;  // ...up to and including this day
    std::vector<float> buffer_impact, buffer_hazard;  // cuts in life-event shocks and hazards...
    std::vector<std::uint16_t> buffer_until;          // ...up to and including this day

    // the day's scratch, written by one phase and read by later ones
    std::vector<std::uint8_t> went_out;
    std::vector<std::uint16_t> events;        // Event bits
    std::vector<float> contact_value;         // today's contacts, in-person equivalents
    std::vector<std::uint8_t> contacts_today;
    std::vector<std::uint8_t> met_in_person;   // any in-person contact today
    std::vector<std::uint8_t> lonely_contacts;
    std::vector<std::uint8_t> ties_formed, ties_lost;

    std::uint32_t size() const { return static_cast<std::uint32_t>(alive.size()); }

    void resize(std::uint32_t n) {
        for_each_column([n](const char*, auto& v) { v.resize(n); });
    }
    std::size_t memory_bytes() const {
        std::size_t bytes = 0;
        for_each_column([&](const char*, const auto& v) { bytes += v.capacity() * sizeof(v[0]); });
        return bytes;
    }

    // f(name, column) for every column, the day's scratch too (a saved state holds them all).
    template <class F>
    void for_each_column(F&& f) {
        f("sex", sex), f("income", income), f("traits", traits), f("birthday", birthday), f("sociability", sociability);
        f("resilience", resilience), f("alive", alive), f("district", district), f("age", age), f("employment", employment);
        f("days_unemployed", days_unemployed), f("status", status), f("ill_days", ill_days), f("loneliness", loneliness), f("recent_contact", recent_contact);
        f("days_since_outing", days_since_outing), f("days_since_contact", days_since_contact), f("went_out", went_out);
        f("events", events), f("contact_value", contact_value), f("contacts_today", contacts_today);
        f("met_in_person", met_in_person), f("lonely_contacts", lonely_contacts), f("strong_ties", strong_ties);
        f("relief", relief), f("relief_decay", relief_decay), f("outing_boost", outing_boost), f("boost_until", boost_until);
        f("buffer_impact", buffer_impact), f("buffer_hazard", buffer_hazard), f("buffer_until", buffer_until);
        f("ties_formed", ties_formed), f("ties_lost", ties_lost);
        f("days_out_of_isolation", days_out_of_isolation), f("days_out_of_reclusion", days_out_of_reclusion);
    }
    template <class F>
    void for_each_column(F&& f) const {
        const_cast<Agents*>(this)->for_each_column([&](const char* name, auto& v) { f(name, std::as_const(v)); });
    }
};

}  // namespace lonesim
