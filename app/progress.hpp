#pragma once
// The progress bar long commands draw on a terminal (quiet when piped), with the time
// left; safe to advance from several threads (compare runs replicates side by side).
#include <chrono>
#include <functional>
#include <mutex>
#include <string>

#include "models/recorders.hpp"

namespace lonesim {

class ProgressBar {
public:
    ProgressBar(bool on, double total_steps);
    // One more step done; `label` says where (drawn at most five times a second).
    void advance(const std::string& label = {});
    void finish();  // clears the line
    bool on() const { return on_; }
    static std::string duration(double seconds);

private:
    using Clock = std::chrono::steady_clock;
    bool on_;
    double total_;
    double done_ = 0;
    Clock::time_point start_, last_{};
    std::mutex mutex_;
};

// Advances a bar each recorded day, labelled by label(day).
class ProgressRecorder : public SimRecorder {
public:
    ProgressRecorder(ProgressBar& bar, std::function<std::string(int)> label) : bar_(bar), label_(std::move(label)) {}
    void record(const Simulation&, int day) override { bar_.advance(bar_.on() && label_ ? label_(day) : std::string()); }

private:
    ProgressBar& bar_;
    std::function<std::string(int)> label_;
};

}  // namespace lonesim
