// The one day loop (sim/day_loop.hpp) on a stub model: recorders see begin, each day and
// end in order, days are numbered from the model's first, and a raised stop flag ends the
// run before the next day with what the recorders saw kept.
#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <vector>

#include "sim/day_loop.hpp"
#include "sim/input_error.hpp"

namespace {

struct Counter {  // a model whose state is the number of days it has stepped
    int done = 0;
    void step() { ++done; }
    int days_done() const { return done; }
};

struct Log : lonesim::Recorder<Counter> {
    std::string name;
    std::vector<std::string>* out;
    Log(std::string n, std::vector<std::string>* o) : name(std::move(n)), out(o) {}
    void begin(const Counter& m) override { out->push_back(name + " begin at " + std::to_string(m.days_done())); }
    void record(const Counter& m, int day) override {
        out->push_back(name + " day " + std::to_string(day) + " done " + std::to_string(m.days_done()));
    }
    void end(const Counter& m) override { out->push_back(name + " end at " + std::to_string(m.days_done())); }
};

// Raises the stop flag while recording a given day.
struct StopAt : lonesim::Recorder<Counter> {
    std::atomic<bool>* stop;
    int at;
    StopAt(std::atomic<bool>* s, int a) : stop(s), at(a) {}
    void record(const Counter&, int day) override {
        if (day == at) stop->store(true);
    }
};

}  // namespace

TEST_CASE("day loop: every recorder sees each finished day once, in order, between begin and end") {
    Counter model;
    std::vector<std::string> out;
    Log a("a", &out), b("b", &out);
    lonesim::run_days(model, 2, {&a, &b});
    CHECK(out == std::vector<std::string>{"a begin at 0", "b begin at 0", "a day 0 done 1", "b day 0 done 1", "a day 1 done 2",
                                          "b day 1 done 2", "a end at 2", "b end at 2"});
    // A second stretch of days (a model resumed from a saved state) counts its own days
    // from 0; the model's count goes on.
    out.clear();
    lonesim::run_days(model, 1, {&a});
    CHECK(out == std::vector<std::string>{"a begin at 2", "a day 0 done 3", "a end at 3"});
    out.clear();
    lonesim::step_and_record(model, {&a});
    CHECK(out == std::vector<std::string>{"a day 3 done 4"});
}

TEST_CASE("day loop: a raised stop flag ends the run before the next day, naming it; recorders keep what they saw") {
    Counter model;
    std::atomic<bool> stop{false};
    std::vector<std::string> out;
    Log a("a", &out);
    StopAt stopper(&stop, 2);
    std::string message;
    try {
        lonesim::run_days(model, 10, {&a, &stopper}, &stop);
    } catch (const lonesim::Interrupted& e) {
        message = e.what();
    }
    CHECK(message == "day 3");
    CHECK(model.days_done() == 3);
    CHECK(out.size() == 4);  // begin and days 0-2, no end
    CHECK(out.back() == "a day 2 done 3");
}
