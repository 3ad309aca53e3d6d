#include "app/progress.hpp"

#include <cstdio>

namespace lonesim {

ProgressBar::ProgressBar(bool on, double total_steps) : on_(on), total_(total_steps), start_(Clock::now()) {}

void ProgressBar::advance(const std::string& label) {
    std::lock_guard lock(mutex_);
    done_ += 1;
    if (!on_) return;
    const auto now = Clock::now();
    const double done = total_ > 0 ? done_ / total_ : 1.0;
    if (now - last_ < std::chrono::milliseconds(200) && done < 1.0) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double left = done > 0 ? elapsed * (1.0 - done) / done : 0;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(done * kWidth);
    std::fprintf(stderr, "\r[%.*s%*s] %3.0f%% %s%s%s left   ", filled, "##############################", kWidth - filled, "", done * 100,
                 label.c_str(), label.empty() ? "" : ", ", duration(left).c_str());
    std::fflush(stderr);
}

void ProgressBar::finish() {
    if (on_) std::fprintf(stderr, "\r%*s\r", 90, "");
}

std::string ProgressBar::duration(double s) {
    char buf[32];
    if (s < 60) std::snprintf(buf, sizeof buf, "%.0fs", s);
    else if (s < 3600) std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
    else std::snprintf(buf, sizeof buf, "%dh%02dm", static_cast<int>(s) / 3600, static_cast<int>(s) / 60 % 60);
    return buf;
}

}  // namespace lonesim
