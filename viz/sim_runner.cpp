#include "viz/sim_runner.hpp"

#include <chrono>
#include <exception>

#include "models/outcomes.hpp"
#include "models/world.hpp"
#include "sim/day_loop.hpp"
#include "sim/parallel.hpp"

namespace lonesim::viz {

RegionDay region_day(const DayMetrics& m) {
    // Counts by region first (exact integers), then shares.
    constexpr int kCounted[] = {lonesim::kConnected, lonesim::kLonely,         lonesim::kIsolated, lonesim::kReclusive,
                                lonesim::kFeelsLonely, lonesim::kNoOneToTurnTo, lonesim::kMeanLoneliness};
    std::array<std::int64_t, kRegions> alive{};
    std::array<std::array<std::int64_t, kSeriesCount>, kRegions> sums{};
    for (int d = 0; d < kDistricts; ++d)
        for (int b = 0; b < kAgeBands; ++b) {
            const int c = d * kAgeBands + b;
            const auto a = m.cell[lonesim::kAlive][static_cast<std::size_t>(c)];
            alive[static_cast<std::size_t>(d)] += a;
            alive[kSeoul] += a;
            for (int s = 0; s < kSeriesCount; ++s) {
                const auto v = m.cell[static_cast<std::size_t>(kCounted[s])][static_cast<std::size_t>(c)];
                sums[static_cast<std::size_t>(d)][static_cast<std::size_t>(s)] += v;
                sums[kSeoul][static_cast<std::size_t>(s)] += v;
            }
        }
    RegionDay out{};
    for (int r = 0; r < kRegions; ++r) {
        const double n = static_cast<double>(alive[static_cast<std::size_t>(r)]);
        for (int s = 0; s < kSeriesCount; ++s) {
            double v = static_cast<double>(sums[static_cast<std::size_t>(r)][static_cast<std::size_t>(s)]);
            if (s == kMeanLoneliness) v /= kFixedPointScale;
            out[static_cast<std::size_t>(r)][static_cast<std::size_t>(s)] = n > 0 ? static_cast<float>(v / n) : 0.0f;
        }
    }
    return out;
}

SimRunner::SimRunner(SeoulData seoul, SimulationSetup setup, int horizon_days, std::optional<StateFile> from_state)
    : seoul_(std::move(seoul)), setup_(std::move(setup)), horizon_(horizon_days), from_state_(std::move(from_state)) {
    for (const auto& p : setup_.programmes)
        controls_.push_back({p.name, p.title, p.title_ko, p.mechanism, p.enabled, p.capacity});
    thread_ = std::thread([this] { loop(); });
}

SimRunner::~SimRunner() {
    {
        std::lock_guard lock(cmd_mutex_);
        quit_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void SimRunner::play(bool on) {
    {
        std::lock_guard lock(cmd_mutex_);
        playing_ = on;
    }
    wake_.notify_all();
}

void SimRunner::step_once() {
    {
        std::lock_guard lock(cmd_mutex_);
        playing_ = false;
        ++steps_requested_;
    }
    wake_.notify_all();
}

void SimRunner::set_speed(double days_per_second) {
    std::lock_guard lock(cmd_mutex_);
    days_per_second_ = days_per_second;
}

void SimRunner::apply(const PolicyChange& change) {
    {
        std::lock_guard lock(cmd_mutex_);
        pending_.push_back(change);
    }
    wake_.notify_all();
}

void SimRunner::reset(std::vector<PolicyChange> settings) {
    {
        std::lock_guard lock(cmd_mutex_);
        reset_requested_ = true;
        reset_settings_ = std::move(settings);
        pending_.clear();
        steps_requested_ = 0;
    }
    wake_.notify_all();
}

void SimRunner::sync(History& h) const {
    {
        std::lock_guard lock(hist_mutex_);
        if (h.generation != generation_) {
            h.generation = generation_;
            h.days.clear();
        }
        if (h.days.size() < days_.size()) h.days.insert(h.days.end(), days_.begin() + static_cast<std::ptrdiff_t>(h.days.size()), days_.end());
        h.alive_by_age = alive_by_age_;
        h.lonely_by_age = lonely_by_age_;
        h.log = log_;
        h.building = building_;
        h.seconds_per_day = seconds_per_day_;
        h.build_seconds = build_seconds_;
        h.error = error_;
    }
    // After the days: the loop clears playing_ before it publishes the last day, so a reader
    // that has the last day sees playing false (read first, it could see true and then the
    // last day).
    std::lock_guard lock(cmd_mutex_);
    h.playing = playing_;
}

void SimRunner::build() {
    const auto t0 = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(hist_mutex_);
        building_ = true;
        ++generation_;
        days_.clear();
        log_.clear();
    }
    scenario_.reset();
    baseline_.reset();
    SimulationSetup base = setup_;
    base.programmes.clear();
    base.policy.clear();
    // One burn-in (or a saved state), kept; the scenario and its baseline start as copies
    // of it, the same bit for bit as their own burn-ins (Simulation's burned-in constructor).
    if (!burned_in_)
        burned_in_ = from_state_ ? std::make_unique<Simulation>(load_replicate_state(*from_state_, seoul_, base))
                                 : std::make_unique<Simulation>(seoul_, base);
    parallel_invoke([&] { scenario_ = std::make_unique<Simulation>(*burned_in_, setup_); },
                    [&] { baseline_ = std::make_unique<Simulation>(*burned_in_, base); });
    std::lock_guard lock(hist_mutex_);
    building_ = false;
    build_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void DayRecorder::record(const Simulation& sim, int day) {
    const DayMetrics& m = sim.metrics();
    this->day = day;
    region = region_day(m);
    if (!with_programmes) return;
    const World& w = sim.world();
    const double to_city = city_factor(w.population_scale);
    programmes.clear();
    for (const auto& p : w.programmes)
        programmes.push_back({static_cast<float>(p->today[kActive] * to_city), static_cast<float>(p->today[kWaiting] * to_city),
                              static_cast<float>(p->today[kEnrolled] * to_city), static_cast<float>(p->today[kCost] * to_city)});
    age_breakdown(m, alive_by_age, lonely_by_age);
}

void age_breakdown(const DayMetrics& m, AgeTable& alive, AgeTable& lonely) {
    for (int d = 0; d < kDistricts; ++d)
        for (int b = 0; b < kAgeBands; ++b) {
            const auto c = static_cast<std::size_t>(d * kAgeBands + b);
            alive[static_cast<std::size_t>(d)][static_cast<std::size_t>(b)] = m.cell[lonesim::kAlive][c];
            lonely[static_cast<std::size_t>(d)][static_cast<std::size_t>(b)] = m.cell[lonesim::kFeelsLonely][c];
        }
}

void SimRunner::publish_day() {
    DayRecord r;
    r.day = scenario_day_.day;
    r.scenario = scenario_day_.region;
    r.baseline = baseline_day_.region;
    r.programmes = scenario_day_.programmes;
    std::lock_guard lock(hist_mutex_);
    days_.push_back(std::move(r));
    log_ = scenario_->policy_log();
    alive_by_age_ = scenario_day_.alive_by_age;
    lonely_by_age_ = scenario_day_.lonely_by_age;
}

// Waits until the next day is due or a command arrives, and takes the commands; false
// when the runner is to quit.
bool SimRunner::next_orders(Orders& o, std::chrono::steady_clock::time_point& next_day_at) {
    using Clock = std::chrono::steady_clock;
    std::unique_lock lock(cmd_mutex_);
    const bool done = scenario_->days_done() >= horizon_;
    if (done) playing_ = false;
    wake_.wait_until(lock, next_day_at, [&] {
        return quit_ || reset_requested_ || !pending_.empty() || steps_requested_ > 0 ||
               (playing_ && !done && Clock::now() >= next_day_at);
    });
    if (quit_) return false;
    if (!playing_ && steps_requested_ == 0 && !reset_requested_ && pending_.empty()) {
        // Paused: sleep until a command arrives.
        wake_.wait(lock, [&] { return quit_ || reset_requested_ || !pending_.empty() || steps_requested_ > 0 || playing_; });
        if (quit_) return false;
        next_day_at = Clock::now();
    }
    o.rebuild = reset_requested_;
    reset_requested_ = false;
    if (o.rebuild) o.changes.assign(reset_settings_.begin(), reset_settings_.end());
    else o.changes.swap(pending_);
    const bool stepping = steps_requested_ > 0 || (playing_ && Clock::now() >= next_day_at);
    o.go = !o.rebuild && stepping && scenario_->days_done() < horizon_;
    if (o.go && steps_requested_ > 0) --steps_requested_;
    o.speed = days_per_second_;
    return true;
}

void SimRunner::loop() {
    using Clock = std::chrono::steady_clock;
    try {
        build();
        auto next_day_at = Clock::now();
        for (;;) {
            Orders o;
            if (!next_orders(o, next_day_at)) return;
            if (o.rebuild) {
                build();
                next_day_at = Clock::now();
            }
            for (const auto& c : o.changes) scenario_->apply_policy(c);
            if (!o.go) continue;
            const auto t0 = Clock::now();
            // The one day loop's step, each run with its recorder.
            parallel_invoke([&] { step_and_record(*scenario_, {&scenario_day_}); }, [&] { step_and_record(*baseline_, {&baseline_day_}); });
            if (scenario_->days_done() >= horizon_) {  // stopped before the last day shows, so no one sees it playing past the horizon
                std::lock_guard lock(cmd_mutex_);
                playing_ = false;
            }
            publish_day();
            const auto t1 = Clock::now();
            {
                std::lock_guard lock(hist_mutex_);
                seconds_per_day_ = std::chrono::duration<double>(t1 - t0).count();
            }
            next_day_at = o.speed > 0 ? std::max(t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / o.speed)), t1) : t1;
        }
    } catch (const std::exception& e) {
        std::lock_guard lock(hist_mutex_);
        error_ = e.what();
        building_ = false;
    }
}

}  // namespace lonesim::viz
