#include "viz/app.hpp"

#include "viz/charts.hpp"

#include "models/outcomes.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>

namespace lonesim::viz {

namespace {

constexpr ImU32 kOutline = IM_COL32(20, 20, 24, 255);
constexpr ImU32 kSelected = IM_COL32(255, 255, 255, 255);

ImU32 lerp_colour(const float (*stops)[3], int n, float t) {
    t = std::clamp(t, 0.0f, 1.0f) * static_cast<float>(n - 1);
    const int k = std::min(static_cast<int>(t), n - 2);
    const float f = t - static_cast<float>(k);
    float c[3];
    for (int i = 0; i < 3; ++i) c[i] = stops[k][i] + (stops[k + 1][i] - stops[k][i]) * f;
    return IM_COL32(static_cast<int>(c[0] * 255), static_cast<int>(c[1] * 255), static_cast<int>(c[2] * 255), 255);
}

// Viridis (sequential, perceptually uniform and readable with any colour vision) and
// ColorBrewer's RdBu (diverging, colour-blind safe), for changes.
ImU32 sequential(float t) {
    static const float stops[6][3] = {{0.267f, 0.005f, 0.329f}, {0.254f, 0.265f, 0.530f}, {0.164f, 0.471f, 0.558f},
                                      {0.134f, 0.659f, 0.518f}, {0.478f, 0.821f, 0.318f}, {0.993f, 0.906f, 0.144f}};
    return lerp_colour(stops, 6, t);
}
ImU32 diverging(float t) {
    static const float stops[5][3] = {{0.129f, 0.400f, 0.674f}, {0.573f, 0.773f, 0.871f}, {0.969f, 0.969f, 0.969f},
                                      {0.957f, 0.647f, 0.510f}, {0.698f, 0.094f, 0.169f}};
    return lerp_colour(stops, 5, t);
}

// How many of the text's characters the current font draws with its fallback glyph
// (invalid UTF-8 and characters beyond ImGui's 16-bit range count as missing).
int missing_glyphs(const std::string& text) {
    const ImFont* font = ImGui::GetFont();
    int missing = 0;
    const char* end = text.c_str() + text.size();
    for (const char* p = text.c_str(); p < end;) {
        unsigned int cp = 0;
        const int n = ImTextCharFromUtf8(&cp, p, end);
        p += std::max(n, 1);
        if (cp == IM_UNICODE_CODEPOINT_INVALID || cp > IM_UNICODE_CODEPOINT_MAX) ++missing;
        else if (cp >= 0x20 && !font->FindGlyphNoFallback(static_cast<ImWchar>(cp))) ++missing;
    }
    return missing;
}

// Text readable on any fill: a dark halo, then the text.
void outlined_text(ImDrawList* dl, ImFont* font, float size, ImVec2 p, ImU32 colour, const char* text) {
    const float o = std::max(1.0f, size / 14);
    for (const ImVec2 d : {ImVec2{-o, 0}, ImVec2{o, 0}, ImVec2{0, -o}, ImVec2{0, o}})
        dl->AddText(font, size, {p.x + d.x, p.y + d.y}, IM_COL32(0, 0, 0, 230), text);
    dl->AddText(font, size, p, colour, text);
}

std::string date_after(Date start, int days) { return to_string(civil_from_days(days_from_civil(start) + days)); }

// The map's colours: a sequential scale, or a diverging one around zero.
struct ColourScale {
    float lo = 0, hi = 1;
    bool around_zero = false;
    ImU32 operator()(float v) const {
        const float t = (v - lo) / (hi - lo);
        return around_zero ? diverging(t) : sequential(t);
    }
};

// The colour scale: fitted to the day's districts (a sequential scale), or symmetric
// around zero for the change against the baseline.
ColourScale fit_colour_scale(const std::array<float, kDistricts>& values, bool around_zero) {
    ColourScale c{std::numeric_limits<float>::infinity(), 0, around_zero};
    c.hi = -c.lo;
    for (float v : values)
        if (std::isfinite(v)) c.lo = std::min(c.lo, v), c.hi = std::max(c.hi, v);
    if (!(c.lo <= c.hi)) c.lo = 0, c.hi = 1;
    if (around_zero) c.hi = std::max({std::abs(c.lo), std::abs(c.hi), 1e-4f}), c.lo = -c.hi;
    if (c.hi - c.lo < 1e-6f) c.hi = c.lo + 1e-6f;
    return c;
}

// A district's outline in window pixels.
void outline_on_screen(const DistrictMap& map, const std::vector<Point>& ring, std::vector<ImVec2>& pts) {
    pts.clear();
    for (const Point& p : ring) {
        const Point q = map.to_screen(p);
        pts.push_back({static_cast<float>(q.x), static_cast<float>(q.y)});
    }
}

// The districts filled and outlined; a point inside each, on screen, into points.
void draw_districts(ImDrawList* dl, const DistrictMap& map, const std::array<ImU32, kDistricts>& fills, float thick, std::vector<Point>& points) {
    points.clear();
    std::vector<ImVec2> pts;
    for (int d = 0; d < kDistricts; ++d) {
        const auto& s = map.shapes()[static_cast<std::size_t>(d)];
        outline_on_screen(map, s.ring, pts);
        const ImU32 fill = fills[static_cast<std::size_t>(d)];
        for (const auto& t : s.triangles)
            dl->AddTriangleFilled(pts[static_cast<std::size_t>(t[0])], pts[static_cast<std::size_t>(t[1])], pts[static_cast<std::size_t>(t[2])], fill);
        dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), kOutline, ImDrawFlags_Closed, thick);
        points.push_back(map.to_screen(s.inside));
    }
}

// The selected district's outline, drawn over its neighbours'.
void outline_district(ImDrawList* dl, const DistrictMap& map, int d, float thick) {
    std::vector<ImVec2> pts;
    outline_on_screen(map, map.shapes()[static_cast<std::size_t>(d)].ring, pts);
    dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), kSelected, ImDrawFlags_Closed, 3.0f * thick);
}

// The width of the district along the horizontal line through p (on screen): twice the
// distance from p to the nearest crossing of its outline, left or right.
float horizontal_room(const std::vector<ImVec2>& ring, ImVec2 p) {
    float left = std::numeric_limits<float>::infinity(), right = left;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const ImVec2 u = ring[j], v = ring[i];
        if ((u.y > p.y) == (v.y > p.y)) continue;
        const float x = u.x + (p.y - u.y) / (v.y - u.y) * (v.x - u.x);
        if (x < p.x) left = std::min(left, p.x - x);
        else right = std::min(right, x - p.x);
    }
    return 2 * std::min(left, right);
}

// A district's name without its "-gu" / "구", for a narrow district.
std::string short_district_name(const std::string& name) {
    if (name.size() > 3 && name.compare(name.size() - 3, 3, "-gu") == 0) return name.substr(0, name.size() - 3);
    const std::string gu = "구";  // three bytes in UTF-8
    if (name.size() > gu.size() && name.compare(name.size() - gu.size(), gu.size(), gu) == 0) return name.substr(0, name.size() - gu.size());
    return name;
}

// The legend: the colour ramp and its ends, from l0 across width lw.
void draw_legend(ImDrawList* dl, ImVec2 l0, float lw, const ColourScale& colour, MapMetric metric, const char* mid) {
    const float fh = ImGui::GetFontSize();
    const float lo = colour.lo, hi = colour.hi;
    const int steps = 64;
    for (int i = 0; i < steps; ++i) {
        const float t0 = static_cast<float>(i) / steps, t1 = static_cast<float>(i + 1) / steps;
        dl->AddRectFilled({l0.x + lw * t0, l0.y}, {l0.x + lw * t1 + 1, l0.y + fh}, colour(lo + (hi - lo) * (t0 + t1) / 2));
    }
    char buf[64];
    const bool share = metric != kMapMeanLoneliness;
    const float k = share ? 100.0f : 1.0f;
    const char* fmt = metric == kMapChange ? "%+.2f" : (share ? "%.1f%%" : "%.3f");
    std::snprintf(buf, sizeof buf, fmt, lo * k);
    dl->AddText({l0.x, l0.y + fh * 1.2f}, kText, buf);
    std::snprintf(buf, sizeof buf, fmt, hi * k);
    dl->AddText({l0.x + lw - ImGui::CalcTextSize(buf).x, l0.y + fh * 1.2f}, kText, buf);
    dl->AddText({l0.x + (lw - ImGui::CalcTextSize(mid).x) / 2, l0.y + fh * 1.2f}, kText, mid);
}

}  // namespace

App::App(Source& source, Titles title, DistrictMap map, std::int64_t agents, Script script)
    : source_(source), title_(std::move(title)), map_(std::move(map)), agents_(agents), script_(std::move(script)) {
    for (const auto& p : source_.programmes()) {
        enabled_.push_back(p.enabled);
        capacity_.push_back(1.0f);
    }
    if (!source_.live()) cursor_ = 0;
}

void App::play(bool on) {
    if (source_.live()) source_.play(on);
    else replay_direction_ = on ? 1 : 0;
}

void App::play_backwards() {
    if (source_.live()) return;
    if (replay_at_ <= 0) from_end_ = true;  // at the start: from the last day
    replay_direction_ = -1;
}

void App::set_speed(double days_per_second, bool fastest) {
    speed_ = static_cast<float>(days_per_second), fastest_ = fastest;
    source_.set_speed(fastest ? 0 : days_per_second);
}

std::vector<PolicyChange> App::presenter_settings() const {
    std::vector<PolicyChange> out;
    const auto& p = source_.programmes();
    for (std::size_t k = 0; k < p.size(); ++k) {
        if (enabled_[k] == p[k].enabled && capacity_[k] == 1.0f) continue;
        out.push_back({0, p[k].name, enabled_[k] ? 1 : 0, {p[k].capacity.per_year * capacity_[k], p[k].capacity.concurrent * capacity_[k]}});
    }
    return out;
}

void App::send_programme(std::size_t k) {
    const auto& p = source_.programmes()[k];
    source_.apply({0, p.name, enabled_[k] ? 1 : 0, {p.capacity.per_year * capacity_[k], p.capacity.concurrent * capacity_[k]}});
}

float App::map_value(const DayRecord& r, int d) const {
    const auto& s = r.scenario[static_cast<std::size_t>(d)];
    switch (metric) {
        case kMapLonely: return s[kFeelsLonely];
        case kMapIsolated: return s[kIsolated];
        case kMapReclusive: return s[kReclusive];
        case kMapMeanLoneliness: return s[kMeanLoneliness];
        default: {
            if (!history_.has_baseline) return std::numeric_limits<float>::quiet_NaN();
            const auto& b = r.baseline[static_cast<std::size_t>(d)];
            // The change against the baseline: what the programmes did not avert (negative: averted).
            return static_cast<float>(-averted(isolated_or_reclusive(b[kIsolated], b[kReclusive]), isolated_or_reclusive(s[kIsolated], s[kReclusive])));
        }
    }
}

int App::shown_day() const {
    const int newest = newest_day();
    if (newest < 0) return -1;
    return cursor_ < 0 ? newest : std::min(cursor_, newest);
}

void App::note_text(const std::string& role, const std::string& text, float x, float y, float w, float h) {
    layout_.texts.push_back({role, text, x, y, w, h, missing_glyphs(text)});
}

void App::frame(int width, int height) {
    const std::uint64_t generation = history_.generation;
    source_.sync(history_);
    if (history_.generation != generation) logged_ = 0;
    advance_replay();
    run_script();
    log_changes();
    layout_.texts.clear();
    layout_.shown_day = shown_day();
    const float W = static_cast<float>(width), H = static_cast<float>(height);
    // Panel widths follow the font, so presentation mode's larger text still fits.
    const float fh = ImGui::GetFontSize();
    const float left = std::min(std::max(W * 0.22f, fh * 19), W * 0.34f);
    const float right = std::min(std::max(W * 0.36f, fh * 23), W * 0.45f);
    controls(0, 0, left, H);
    map_view(left, 0, W - left - right, H);
    charts(W - right, 0, right, H);
    keys();
}

// Space plays or pauses, the arrows step a day (a replay: back or on), Home returns to
// the present, B plays a replay backwards, P presentation, L language, S a PNG (F11
// fullscreen: the window owner).
void App::keys() {
    if (ImGui::GetIO().WantTextInput) return;
    const bool live = source_.live();
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space))) play(live ? !history_.playing : replay_direction_ == 0);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) {
        if (live && cursor_ < 0) source_.step_once();
        else if (cursor_ >= 0) cursor_ = std::min(cursor_ + 1, std::max(newest_day(), 0)), replay_at_ = cursor_;
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow)) && newest_day() >= 0)
        cursor_ = std::max(shown_day() - 1, 0), replay_at_ = cursor_;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home)) && live) cursor_ = -1;
    if (ImGui::IsKeyPressed('P', false)) presentation = !presentation;
    if (ImGui::IsKeyPressed('L', false)) lang = lang == Lang::ko ? Lang::en : Lang::ko;
    if (ImGui::IsKeyPressed('S', false)) png_requested = true;
    if (ImGui::IsKeyPressed('B', false)) play_backwards();
}

// A replay moves its day at the chosen speed, forwards or backwards, and stops at the ends.
void App::advance_replay() {
    if (source_.live() || history_.days.empty()) return;
    const double last = static_cast<double>(history_.days.size() - 1);
    if (from_end_) replay_at_ = last, from_end_ = false;
    if (replay_direction_ != 0) {
        replay_at_ += replay_direction_ * static_cast<double>(speed_) * static_cast<double>(ImGui::GetIO().DeltaTime);
        if (replay_at_ <= 0 || replay_at_ >= last) replay_at_ = std::clamp(replay_at_, 0.0, last), replay_direction_ = 0;
    }
    cursor_ = static_cast<int>(std::lround(std::clamp(replay_at_, 0.0, last)));
}

// The script's screen actions on the day they name (its programme changes are the
// simulation's, scheduled); from the start again after a reset.
void App::run_script() {
    if (history_.generation != script_generation_) script_generation_ = history_.generation, script_next_ = 0;
    const int day = shown_day() + 1;  // days done before the one shown next
    const double now = ImGui::GetTime();
    while (script_next_ < script_.actions.size() && script_.actions[script_next_].day <= std::max(day, 0)) {
        const ScriptAction& a = script_.actions[script_next_++];
        if (a.select) selected = *a.select;
        if (a.metric) metric = static_cast<MapMetric>(*a.metric);
        if (a.lang) lang = *a.lang ? Lang::ko : Lang::en;
        if (a.presentation) presentation = *a.presentation;
        if (!a.caption.empty()) caption_until_ = now + a.seconds, caption_ = a.caption + '\x1f' + a.caption_ko;
        log_lines_.push_back("day " + std::to_string(a.day) + ": " + a.what + " (script)");
    }
    if (!caption_.empty() && now > caption_until_) caption_.clear();
}

// Every change the simulation applied, as it logged it: the scenario's own, the script's
// and the presenter's.
void App::log_changes() {
    const auto scripted = script_.changes();
    for (; logged_ < history_.log.size(); ++logged_) {
        const PolicyChange& c = history_.log[logged_];
        const bool from_script = std::any_of(scripted.begin(), scripted.end(), [&](const PolicyChange& s) {
            return s.day == c.day && s.programme == c.programme && s.enabled == c.enabled && s.capacity.per_year == c.capacity.per_year &&
                   s.capacity.concurrent == c.capacity.concurrent;
        });
        std::string line = "day " + std::to_string(c.day) + ": applied " + c.programme;
        if (c.enabled >= 0) line += c.enabled ? " on" : " off";
        char buf[96];
        if (c.capacity.per_year >= 0 || c.capacity.concurrent >= 0) {
            std::snprintf(buf, sizeof buf, ", capacity %.0f a year, %.0f at once", std::max(c.capacity.per_year, 0.0), std::max(c.capacity.concurrent, 0.0));
            line += buf;
        }
        line += from_script ? " (script)" : " (scenario or presenter)";
        log_lines_.push_back(line);
    }
}

void App::controls(float x, float y, float w, float h) {
    namespace t = words;
    ImGui::SetNextWindowPos({x, y});
    ImGui::SetNextWindowSize({w, h});
    ImGui::Begin("Controls", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoTitleBar);
    const std::string& title = in(lang, title_.en, title_.ko);
    const ImVec2 tp = ImGui::GetCursorScreenPos();
    ImGui::TextWrapped("%s", title.c_str());
    note_text("title", title, tp.x, tp.y, w - (tp.x - x), ImGui::GetItemRectMax().y - tp.y);
    const int day = shown_day();
    const Date start = source_.start_date();
    if (large_font) ImGui::PushFont(large_font);
    const std::string date = day < 0 ? to_string(start) : date_after(start, day);
    const ImVec2 dp = ImGui::GetCursorScreenPos();
    ImGui::TextUnformatted(date.c_str());
    note_text("date", date, dp.x, dp.y, ImGui::GetItemRectSize().x, ImGui::GetItemRectSize().y);
    if (large_font) ImGui::PopFont();
    ImGui::Text(t::kDayOf(lang), day + 1, source_.horizon_days());
    if (!history_.error.empty()) ImGui::TextColored({1, 0.4f, 0.4f, 1}, t::kStopped(lang), history_.error.c_str());
    if (history_.building && source_.live()) ImGui::TextColored({1, 0.85f, 0.3f, 1}, "%s", t::kBuilding(lang));

    if (source_.live()) {
        if (ImGui::Button(history_.playing ? t::kPause(lang) : t::kPlay(lang))) source_.play(!history_.playing);
        ImGui::SameLine();
        if (ImGui::Button(t::kStep(lang))) source_.step_once();
        ImGui::SameLine();
        if (ImGui::Button(t::kReset(lang))) source_.reset(presenter_settings()), cursor_ = -1;
        if (history_.generation > 2) ImGui::TextDisabled(t::kResetTook(lang), history_.build_seconds * 1e3);
    } else {
        if (ImGui::Button(t::kBackwards(lang))) play_backwards();
        ImGui::SameLine();
        if (ImGui::Button(replay_direction_ != 0 ? t::kPause(lang) : t::kPlay(lang))) replay_direction_ = replay_direction_ != 0 ? 0 : 1;
        ImGui::SameLine();
        if (ImGui::Button(t::kForwards(lang))) replay_direction_ = 1;
    }
    ImGui::SetNextItemWidth(w * 0.5f);
    if (ImGui::SliderFloat(t::kDaysASecond(lang), &speed_, 1, 365, "%.0f", ImGuiSliderFlags_Logarithmic)) set_speed(speed_, fastest_);
    if (source_.live() && ImGui::Checkbox(t::kFastest(lang), &fastest_)) set_speed(speed_, fastest_);
    timeline_controls(w);
    ImGui::Checkbox(t::kPresentation(lang), &presentation);
    if (!recording) {
        ImGui::SameLine();
        ImGui::Checkbox(t::kFullscreen(lang), &fullscreen);
    }
    int l = lang == Lang::ko ? 1 : 0;
    ImGui::TextUnformatted(t::kLanguage(lang));
    ImGui::SameLine();
    ImGui::RadioButton("English", &l, 0);
    ImGui::SameLine();
    ImGui::RadioButton("한국어", &l, 1);
    lang = l ? Lang::ko : Lang::en;
    if (ImGui::Button(t::kSavePng(lang))) png_requested = true;
    if (png_saved != png_shown_) png_shown_ = png_saved, png_saved_at_ = ImGui::GetTime();
    if (!png_saved.empty() && ImGui::GetTime() - png_saved_at_ < 4) {
        ImGui::SameLine();
        ImGui::TextDisabled(t::kSaved(lang), png_saved.c_str());
    }
    ImGui::Text(t::kFrameRate(lang), static_cast<double>(ImGui::GetIO().Framerate), history_.seconds_per_day * 1e3);
    if (source_.live()) ImGui::Text(t::kAgents(lang), static_cast<long long>(agents_));
    else ImGui::TextWrapped(t::kAgentsReplay(lang), replay_file.c_str());

    ImGui::Separator();
    programme_controls();
    ImGui::End();
}

// The time axis (the whole horizon or the last months) and the scrubber: any day so far.
void App::timeline_controls(float w) {
    namespace t = words;
    ImGui::Separator();
    ImGui::TextUnformatted(t::kTimeline(lang));
    const int choices[] = {0, 3, 6, 12};
    for (int k = 0; k < 4; ++k) {
        char label[64];
        if (choices[k] == 0) std::snprintf(label, sizeof label, "%s", t::kWholeHorizon(lang));
        else std::snprintf(label, sizeof label, t::kLastMonths(lang), choices[k]);
        if (k) ImGui::SameLine();
        if (ImGui::RadioButton(label, window_months == choices[k])) window_months = choices[k];
    }
    const int newest = newest_day();
    if (newest < 0) return;
    int day = shown_day();
    ImGui::SetNextItemWidth(w * 0.55f);
    const std::string date = date_after(source_.start_date(), day);
    if (ImGui::SliderInt(t::kDayShown(lang), &day, 0, newest, date.c_str())) {
        cursor_ = day, replay_at_ = day;
        if (source_.live() && day == newest) cursor_ = -1;  // at the present: follow it again
    }
    if (source_.live() && cursor_ >= 0) {
        ImGui::TextColored({1, 0.85f, 0.3f, 1}, "%s", t::kLookingBack(lang));
        ImGui::SameLine();
        if (ImGui::SmallButton(t::kToToday(lang))) cursor_ = -1;
    }
    ImGui::Separator();
}

// The scenario's programmes: a switch each and a capacity slider (unless its own
// parameters set what it can take); a replay lists them as they ran.
void App::programme_controls() {
    namespace t = words;
    ImGui::TextUnformatted(t::kProgrammes(lang));
    const auto& programmes = source_.programmes();
    if (programmes.empty()) ImGui::TextDisabled("%s", t::kNoProgramme(lang));
    if (!source_.live()) ImGui::TextDisabled("%s", t::kReplaySwitches(lang));
    if (source_.live() && !programmes.empty() && ImGui::Button(t::kBackToScenario(lang))) {
        for (std::size_t k = 0; k < programmes.size(); ++k) {
            const bool changed = enabled_[k] != programmes[k].enabled || capacity_[k] != 1.0f;
            enabled_[k] = programmes[k].enabled, capacity_[k] = 1.0f;
            if (changed) send_programme(k);
        }
    }
    const float fh = ImGui::GetFontSize();
    ImGui::BeginChild("programmes", {0, -fh * 6});
    for (std::size_t k = 0; k < programmes.size(); ++k) {
        const auto& p = programmes[k];
        ImGui::PushID(static_cast<int>(k));
        bool on = enabled_[k];
        const std::string& title = in(lang, p.title.empty() ? p.name : p.title, p.title_ko);
        if (!source_.live()) {
            ImGui::BulletText("%s", title.c_str());
            ImGui::PopID();
            continue;
        }
        if (ImGui::Checkbox(title.c_str(), &on)) {
            enabled_[k] = on;
            send_programme(k);
        }
        if (p.capacity.per_year <= 0 && p.capacity.concurrent <= 0) {  // e.g. a hotline: its lines set what it can answer
            ImGui::TextDisabled("%s", t::kOwnCapacity(lang));
            ImGui::PopID();
            continue;
        }
        char label[96];
        if (p.capacity.per_year > 0) std::snprintf(label, sizeof label, t::kPerYear(lang), capacity_[k] * 100.0, p.capacity.per_year * capacity_[k]);
        else std::snprintf(label, sizeof label, t::kAtOnce(lang), capacity_[k] * 100.0, p.capacity.concurrent * capacity_[k]);
        ImGui::SetNextItemWidth(-1);
        float pct = capacity_[k];
        ImGui::SliderFloat("##capacity", &pct, 0.0f, 3.0f, label);
        capacity_[k] = pct;
        if (ImGui::IsItemDeactivatedAfterEdit()) send_programme(k);  // on release, one change
        ImGui::PopID();
    }
    ImGui::EndChild();
    change_log();
}

// The changes applied so far and the script's screen actions, newest last.
void App::change_log() {
    ImGui::TextUnformatted(words::kChanges(lang));
    ImGui::BeginChild("changes", {0, 0}, true);
    for (const auto& line : log_lines_) ImGui::TextUnformatted(line.c_str());
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY()) ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
}

void App::map_view(float x, float y, float w, float h) {
    namespace t = words;
    ImGui::SetNextWindowPos({x, y});
    ImGui::SetNextWindowSize({w, h});
    ImGui::Begin("Seoul", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoTitleBar);
    int m = metric;
    ImGui::SetNextItemWidth(-1);
    const char* names[kMapMetricCount];
    for (int k = 0; k < kMapMetricCount; ++k) names[k] = t::kMapMetric[k](lang);
    ImGui::Combo("##metric", &m, names, kMapMetricCount);
    metric = static_cast<MapMetric>(m);

    const float fh = ImGui::GetFontSize();
    const float thick = fh / 16;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float legend_h = fh * 3.2f;
    map_.fit(origin.x, origin.y, avail.x, avail.y - legend_h);
    ImDrawList* dl = ImGui::GetWindowDrawList();

    const int shown = shown_day();
    const DayRecord* today = shown < 0 ? nullptr : &history_.days[static_cast<std::size_t>(shown)];
    std::array<float, kDistricts> values{};
    if (today)
        for (int d = 0; d < kDistricts; ++d) values[static_cast<std::size_t>(d)] = map_value(*today, d);
    const bool has_districts = today && std::any_of(values.begin(), values.end(), [](float v) { return std::isfinite(v); });
    const ColourScale colour = has_districts ? fit_colour_scale(values, metric == kMapChange) : ColourScale{0, 1, metric == kMapChange};
    std::array<ImU32, kDistricts> fills;
    for (std::size_t d = 0; d < fills.size(); ++d) fills[d] = has_districts && std::isfinite(values[d]) ? colour(values[d]) : IM_COL32(70, 74, 84, 255);

    layout_.map_x = origin.x, layout_.map_y = origin.y, layout_.map_w = avail.x, layout_.map_h = avail.y - legend_h;
    draw_districts(dl, map_, fills, thick, layout_.district_points);
    if (selected >= 0) outline_district(dl, map_, selected, thick);
    district_labels(dl);

    // Hover and click.
    ImGui::InvisibleButton("map", {avail.x, std::max(avail.y - legend_h, 1.0f)});
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const int hovered = ImGui::IsItemHovered() ? map_.district_at({mouse.x, mouse.y}) : -1;
    if (ImGui::IsItemClicked()) selected = hovered == selected ? -1 : hovered;
    if (hovered >= 0) district_tooltip(hovered);
    layout_.hovered = hovered;

    const char* mid = !today ? t::kWaitingFirstDay(lang) : has_districts ? t::kMapMetric[metric](lang) : t::kNoDistricts(lang);
    const ImVec2 l0{origin.x + fh, origin.y + avail.y - legend_h + fh * 0.4f};
    draw_legend(dl, l0, avail.x - 2 * fh, colour, metric, mid);
    note_text("legend", mid, l0.x, l0.y + fh * 1.2f, avail.x - 2 * fh, fh);
    draw_caption(dl, origin.x, origin.y, avail.x, avail.y - legend_h);
    ImGui::End();
}

// Each district's name at its centre, whole where it fits, shortened where the district
// is narrow, and smaller still if it must.
void App::district_labels(ImDrawList* dl) {
    ImFont* font = ImGui::GetFont();
    const float fh = ImGui::GetFontSize();
    std::vector<ImVec2> ring;
    for (int d = 0; d < kDistricts; ++d) {
        const District& dist = source_.seoul().districts[static_cast<std::size_t>(d)];
        const std::string& full = in(lang, dist.name, dist.name_ko);
        outline_on_screen(map_, map_.shapes()[static_cast<std::size_t>(d)].ring, ring);
        const Point c = layout_.district_points[static_cast<std::size_t>(d)];
        const ImVec2 p{static_cast<float>(c.x), static_cast<float>(c.y)};
        // The halo keeps a label readable where it overlaps a neighbour a little.
        const float room = horizontal_room(ring, p) * 1.15f;
        std::string label = full;
        float size = fh * 0.85f;
        const auto width = [&](const std::string& s, float sz) { return font->CalcTextSizeA(sz, FLT_MAX, 0, s.c_str()).x; };
        if (width(label, size) > room) label = short_district_name(full);
        while (width(label, size) > room && size > fh * 0.65f) size *= 0.95f;
        const ImVec2 wh{width(label, size), size};
        const ImVec2 at{p.x - wh.x / 2, p.y - wh.y - 2};  // just above the district's centre, which shows its colour
        outlined_text(dl, font, size, at, kText, label.c_str());
        note_text("district " + std::to_string(d), label, at.x, at.y, wh.x, wh.y);
    }
}

// The script's caption, large, across the foot of the map.
void App::draw_caption(ImDrawList* dl, float x, float y, float w, float h) {
    if (caption_.empty()) return;
    const std::size_t split = caption_.find('\x1f');
    const std::string en = caption_.substr(0, split), ko = caption_.substr(split + 1);
    const std::string& text = in(lang, en, ko);
    ImFont* font = large_font ? large_font : ImGui::GetFont();
    const float size = ImGui::GetFontSize() * 1.4f;
    const float wrap = w * 0.9f;
    const ImVec2 sz = font->CalcTextSizeA(size, FLT_MAX, wrap, text.c_str());
    const ImVec2 p{x + (w - sz.x) / 2, y + h - sz.y - size};
    dl->AddRectFilled({p.x - size * 0.5f, p.y - size * 0.3f}, {p.x + sz.x + size * 0.5f, p.y + sz.y + size * 0.3f}, IM_COL32(0, 0, 0, 200), size * 0.2f);
    dl->AddText(font, size, p, IM_COL32(255, 255, 255, 255), text.c_str(), nullptr, wrap);
    note_text("caption", text, p.x, p.y, sz.x, sz.y);
}

void App::district_tooltip(int d) {
    namespace t = words;
    const District& dist = source_.seoul().districts[static_cast<std::size_t>(d)];
    ImGui::BeginTooltip();
    ImGui::Text("%s", in(lang, dist.name, dist.name_ko).c_str());
    ImGui::Text(t::kHouseholds(lang), static_cast<long long>(dist.single_households),
                100.0 * static_cast<double>(dist.single_households) / static_cast<double>(std::max<std::int64_t>(dist.households_total, 1)),
                static_cast<long long>(dist.households_total));
    const int shown = shown_day();
    if (shown >= 0) {
        const auto& r = history_.days[static_cast<std::size_t>(shown)];
        const auto& s = r.scenario[static_cast<std::size_t>(d)];
        const auto& b = r.baseline[static_cast<std::size_t>(d)];
        ImGui::Text(t::kTodayLine(lang), 100.0 * s[kFeelsLonely], 100.0 * s[kIsolated], 100.0 * s[kReclusive]);
        if (history_.has_baseline) ImGui::Text(t::kBaselineLine(lang), 100.0 * b[kFeelsLonely], 100.0 * b[kIsolated], 100.0 * b[kReclusive]);
    }
    float households[kAgeBands], lonely[kAgeBands];
    for (int b = 0; b < kAgeBands; ++b) {
        households[b] = static_cast<float>(dist.by_age[static_cast<std::size_t>(b)]);
        const auto alive = history_.alive_by_age[static_cast<std::size_t>(d)][static_cast<std::size_t>(b)];
        lonely[b] = alive ? 100.0f * static_cast<float>(history_.lonely_by_age[static_cast<std::size_t>(d)][static_cast<std::size_t>(b)]) / static_cast<float>(alive) : 0.0f;
    }
    const float fh = ImGui::GetFontSize();
    ImGui::TextUnformatted(t::kByAge(lang));
    ImGui::PlotHistogram("##households", households, kAgeBands, 0, nullptr, 0, FLT_MAX, {fh * 22, fh * 4});
    if (shown == newest_day() && source_.live()) {  // the age breakdown is of the newest day only
        ImGui::TextUnformatted(t::kLonelyByAge(lang));
        ImGui::PlotHistogram("##lonely", lonely, kAgeBands, 0, nullptr, 0, 100, {fh * 22, fh * 4});
    }
    ImGui::TextDisabled("%s", t::kClick(lang));
    ImGui::EndTooltip();
}

void App::charts(float x, float y, float w, float h) {
    namespace t = words;
    ImGui::SetNextWindowPos({x, y});
    ImGui::SetNextWindowSize({w, h});
    const std::string region = selected < 0 ? std::string(t::kAllSeoul(lang))
                                            : in(lang, source_.seoul().districts[static_cast<std::size_t>(selected)].name,
                                                 source_.seoul().districts[static_cast<std::size_t>(selected)].name_ko);
    ImGui::Begin("Charts", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoTitleBar);
    ImGui::TextWrapped(history_.has_baseline ? t::kChartsNote(lang) : t::kChartsNoteNoBaseline(lang), region.c_str());
    layout_.charts.clear();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();

    // The time axis: the whole horizon, or the last months up to the present (a replay's
    // present is its day), moved back when the day shown is before it.
    const int horizon = source_.horizon_days();
    const int shown = shown_day();
    const int until = source_.live() ? newest_day() : shown;  // the lines' last day
    TimeAxis axis{0, horizon - 1, "", "", (cursor_ >= 0 || !source_.live()) ? shown : -1};
    if (window_months > 0) {
        const int span = std::min(std::max(static_cast<int>(std::lround(window_months * 30.44)), 2), horizon);
        int last = std::max(std::max(until, 0), span - 1);
        if (shown >= 0 && shown < last - span + 1) last = std::max(shown + span / 2, span - 1);
        axis.last = std::min(last, horizon - 1);
        axis.first = std::max(axis.last - span + 1, 0);
    }
    axis.first_date = date_after(source_.start_date(), axis.first);
    axis.last_date = date_after(source_.start_date(), axis.last);

    const float gap = ImGui::GetFontSize() * 0.6f;
    const float cw = (avail.x - gap) / 2, chh = avail.y * 0.25f;
    status_charts(dl, origin, {cw, chh}, gap, history_, until, selected < 0 ? kSeoul : selected, axis, lang, layout_.charts);

    const float py = origin.y + 2 * (chh + gap);
    const float ph = avail.y * 0.2f;
    const auto& programmes = source_.programmes();
    if (!programmes.empty()) {
        programme_charts(dl, {origin.x, py}, {cw, ph}, gap, history_.days, until, axis, lang, layout_.charts);
        ImGui::SetCursorScreenPos({origin.x, py + ph + gap});
        programme_table(programmes, history_.days, shown, lang);
    } else {
        ImGui::SetCursorScreenPos({origin.x, py});
        ImGui::TextDisabled("%s", t::kNoProgrammeCharts(lang));
    }
    ImGui::End();
}

}  // namespace lonesim::viz
