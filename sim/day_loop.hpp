#pragma once
// The one loop that runs a simulation's days and hands each finished day to recorders, in
// the spirit of Mesa's DataCollector, Covasim's analyzers and FLAME GPU 2's logging
// configuration: a recorder says what it keeps; the loop only runs the days. The engine
// knows nothing of what is simulated: a Model is anything with step() (the next day) and
// days_done().
#include <atomic>
#include <initializer_list>
#include <string>
#include <vector>

#include "sim/input_error.hpp"

namespace lonesim {

template <class Model>
class Recorder {
public:
    virtual ~Recorder() = default;
    // Before the first day the loop runs (the model as the previous days left it).
    virtual void begin(const Model&) {}
    // After each day; `day` counts from 0 at the first day the loop runs (a model resumed
    // from a saved state starts again at 0).
    virtual void record(const Model& model, int day) = 0;
    // After the last day the loop ran.
    virtual void end(const Model&) {}
};

template <class Model>
using Recorders = std::vector<Recorder<Model>*>;

// One day: the model steps, then every recorder sees the finished day, in order, as day
// (days done - 1 - first_day).
template <class Model>
void step_and_record(Model& model, const Recorders<Model>& recorders, int first_day = 0) {
    model.step();
    const int day = model.days_done() - 1 - first_day;
    for (Recorder<Model>* r : recorders) r->record(model, day);
}

// Days `done` to `days` - 1 of a stretch of `days` days, recorded, for a model that has
// run the first `done` of them (0: a stretch just begun, then the recorders begin; more:
// a stretch resumed from a checkpoint, whose recorders were restored with the model).
// The stop flag (Ctrl-C) is looked at before each day: when raised, throws
// Interrupted("day D"), D the first day not simulated; the recorders keep what they saw.
template <class Model>
void continue_days(Model& model, int done, int days, const Recorders<Model>& recorders, const std::atomic<bool>* stop = nullptr) {
    if (done == 0)
        for (Recorder<Model>* r : recorders) r->begin(model);
    const int first_day = model.days_done() - done;
    for (int d = done; d < days; ++d) {
        if (stop && stop->load()) throw Interrupted("day " + std::to_string(model.days_done()));
        step_and_record(model, recorders, first_day);
    }
    for (Recorder<Model>* r : recorders) r->end(model);
}

// `days` days of the model, recorded.
template <class Model>
void run_days(Model& model, int days, const Recorders<Model>& recorders, const std::atomic<bool>* stop = nullptr) {
    continue_days(model, 0, days, recorders, stop);
}

}  // namespace lonesim
