#pragma once
// Wall time spent in each named phase of the day, for the benchmarks. The day's step
// takes an optional timer; without one it costs nothing.
#include <chrono>
#include <string>
#include <vector>

namespace lonesim {

class PhaseTimer {
public:
    template <class F>
    void time(const char* phase, F&& f) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        for (auto& e : entries_)
            if (e.name == phase) {
                e.seconds += s;
                return;
            }
        entries_.push_back({phase, s});
    }
    struct Entry {
        std::string name;
        double seconds;
    };
    const std::vector<Entry>& entries() const { return entries_; }

private:
    std::vector<Entry> entries_;
};

// Runs f, timed under the phase's name when a timer is given.
template <class F>
void timed(PhaseTimer* timer, const char* phase, F&& f) {
    if (timer) timer->time(phase, f);
    else f();
}

}  // namespace lonesim
