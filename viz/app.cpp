#include "viz/app.hpp"

#include "models/outcomes.hpp"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>

namespace lonesim::viz {

namespace {

constexpr ImU32 kBackground = IM_COL32(24, 26, 31, 255);
constexpr ImU32 kAxis = IM_COL32(120, 124, 134, 255);
constexpr ImU32 kText = IM_COL32(225, 228, 235, 255);
constexpr ImU32 kOutline = IM_COL32(20, 20, 24, 255);
constexpr ImU32 kSelected = IM_COL32(255, 255, 255, 255);
// The statuses' colours, shared by the charts and the legend.
constexpr ImU32 kStatusColour[4] = {IM_COL32(86, 180, 233, 255), IM_COL32(240, 200, 60, 255),
                                    IM_COL32(230, 110, 60, 255), IM_COL32(204, 80, 160, 255)};
constexpr ImU32 kBaselineColour = IM_COL32(170, 170, 178, 255);

ImU32 lerp_colour(const float (*stops)[3], int n, float t) {
    t = std::clamp(t, 0.0f, 1.0f) * static_cast<float>(n - 1);
    const int k = std::min(static_cast<int>(t), n - 2);
    const float f = t - static_cast<float>(k);
    float c[3];
    for (int i = 0; i < 3; ++i) c[i] = stops[k][i] + (stops[k + 1][i] - stops[k][i]) * f;
    return IM_COL32(static_cast<int>(c[0] * 255), static_cast<int>(c[1] * 255), static_cast<int>(c[2] * 255), 255);
}

// Viridis (sequential) and a blue-white-red scale (diverging, for changes).
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

struct Line {
    std::vector<float> values;
    ImU32 colour;
    float thickness;
    bool dashed;
};

// A line chart over days 0..horizon with the y range fitted to the lines.
void line_chart(ImDrawList* dl, ImVec2 p0, ImVec2 size, const char* title, const std::vector<Line>& lines, int horizon,
                float y_scale, const char* y_format, const std::string& first_date, const std::string& last_date) {
    const float fh = ImGui::GetFontSize();
    dl->PushClipRect(p0, {p0.x + size.x, p0.y + size.y}, true);
    dl->AddText(p0, kText, title);
    const ImVec2 a{p0.x + fh * 3.6f, p0.y + fh * 1.4f};
    const ImVec2 b{p0.x + size.x - fh * 0.5f, p0.y + size.y - fh * 1.3f};
    dl->AddRectFilled(a, b, IM_COL32(32, 35, 42, 255));
    dl->AddRect(a, b, kAxis);
    float lo = std::numeric_limits<float>::infinity(), hi = -lo;
    for (const auto& l : lines)
        for (float v : l.values) lo = std::min(lo, v), hi = std::max(hi, v);
    if (!(lo <= hi)) lo = 0, hi = 1;
    const float pad = std::max((hi - lo) * 0.1f, std::abs(hi) * 0.02f + 1e-6f);
    lo = lo >= 0 ? std::max(lo - pad, 0.0f) : lo - pad;  // counts and shares stay above zero
    hi += pad;
    char buf[64];
    std::snprintf(buf, sizeof buf, y_format, hi * y_scale);
    dl->AddText({p0.x, a.y - fh * 0.1f}, kAxis, buf);
    std::snprintf(buf, sizeof buf, y_format, lo * y_scale);
    dl->AddText({p0.x, b.y - fh}, kAxis, buf);
    // The first and last dates, or their years where the chart is narrow.
    const bool room = ImGui::CalcTextSize(first_date.c_str()).x * 2.3f < b.x - a.x;
    const std::string from = room ? first_date : first_date.substr(0, 4), to = room ? last_date : last_date.substr(0, 4);
    dl->AddText({a.x, b.y + fh * 0.15f}, kAxis, from.c_str());
    dl->AddText({b.x - ImGui::CalcTextSize(to.c_str()).x, b.y + fh * 0.15f}, kAxis, to.c_str());
    const float xs = (b.x - a.x) / static_cast<float>(std::max(horizon - 1, 1));
    std::vector<ImVec2> pts;
    for (const auto& l : lines) {
        pts.clear();
        // At most two points a pixel.
        const std::size_t step = std::max<std::size_t>(1, l.values.size() / static_cast<std::size_t>(2 * (b.x - a.x) + 1));
        for (std::size_t i = 0; i < l.values.size(); i += step)
            pts.push_back({a.x + xs * static_cast<float>(i), b.y - (l.values[i] - lo) / (hi - lo) * (b.y - a.y)});
        if (!l.values.empty() && (l.values.size() - 1) % step != 0)
            pts.push_back({a.x + xs * static_cast<float>(l.values.size() - 1), b.y - (l.values.back() - lo) / (hi - lo) * (b.y - a.y)});
        if (pts.size() == 1) dl->AddCircleFilled(pts[0], l.thickness + 1, l.colour);
        if (!l.dashed) {
            dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), l.colour, 0, l.thickness);
            continue;
        }
        for (std::size_t i = 1; i < pts.size(); ++i)  // dashes: every other few pixels
            if (static_cast<int>((pts[i].x - a.x) / 5) % 2 == 0) dl->AddLine(pts[i - 1], pts[i], l.colour, l.thickness);
    }
    dl->PopClipRect();
}

// Titles may carry the Korean name in brackets; the interface's fonts have no Hangul, so
// bracketed parts with non-ASCII letters are left out, and other such letters dropped.
std::string display_title(const std::string& title) {
    std::string out;
    for (std::size_t i = 0; i < title.size(); ++i) {
        if (title[i] == '(') {
            const std::size_t close = title.find(')', i);
            if (close != std::string::npos &&
                std::any_of(title.begin() + static_cast<std::ptrdiff_t>(i), title.begin() + static_cast<std::ptrdiff_t>(close),
                            [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
                i = close;
                continue;
            }
        }
        if (static_cast<unsigned char>(title[i]) < 0x80) out += title[i];
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
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

// The colour scale: fitted to today's districts (a sequential scale), or symmetric
// around zero for the change against the baseline.
ColourScale fit_colour_scale(const std::array<float, kDistricts>& values, bool around_zero) {
    ColourScale c{std::numeric_limits<float>::infinity(), 0, around_zero};
    c.hi = -c.lo;
    for (float v : values) c.lo = std::min(c.lo, v), c.hi = std::max(c.hi, v);
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
void draw_districts(ImDrawList* dl, const DistrictMap& map, const std::array<ImU32, kDistricts>& fills, std::vector<Point>& points) {
    points.clear();
    std::vector<ImVec2> pts;
    for (int d = 0; d < kDistricts; ++d) {
        const auto& s = map.shapes()[static_cast<std::size_t>(d)];
        outline_on_screen(map, s.ring, pts);
        const ImU32 fill = fills[static_cast<std::size_t>(d)];
        for (const auto& t : s.triangles)
            dl->AddTriangleFilled(pts[static_cast<std::size_t>(t[0])], pts[static_cast<std::size_t>(t[1])], pts[static_cast<std::size_t>(t[2])], fill);
        dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), kOutline, ImDrawFlags_Closed, 1.0f);
        points.push_back(map.to_screen(s.inside));
    }
}

// The selected district's outline, drawn over its neighbours'.
void outline_district(ImDrawList* dl, const DistrictMap& map, int d) {
    std::vector<ImVec2> pts;
    outline_on_screen(map, map.shapes()[static_cast<std::size_t>(d)].ring, pts);
    dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), kSelected, ImDrawFlags_Closed, 3.0f);
}

// The legend: the colour ramp and its ends, from l0 across width lw.
void draw_legend(ImDrawList* dl, ImVec2 l0, float lw, const ColourScale& colour, MapMetric metric, bool has_day) {
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
    const char* mid = has_day ? kMapMetricNames[metric] : "waiting for the first day";
    dl->AddText({l0.x + (lw - ImGui::CalcTextSize(mid).x) / 2, l0.y + fh * 1.2f}, kText, mid);
}

// A chart's time axis: days 0..horizon, and the dates at its ends.
struct TimeAxis {
    int horizon;
    std::string first, last;
};

// Four small charts of region r, one per status, each with its own scale so that the gap
// shows; their boxes into boxes.
void status_charts(ImDrawList* dl, ImVec2 origin, ImVec2 cell, float gap, const std::vector<DayRecord>& days, int r,
                   const TimeAxis& axis, std::vector<Layout::Box>& boxes) {
    for (int s = 0; s < 4; ++s) {
        std::vector<Line> lines(2);
        lines[0] = {{}, kBaselineColour, 1.5f, true};
        lines[1] = {{}, kStatusColour[s], 2.5f, false};
        for (const auto& d : days) {
            lines[0].values.push_back(d.baseline[static_cast<std::size_t>(r)][static_cast<std::size_t>(s)]);
            lines[1].values.push_back(d.scenario[static_cast<std::size_t>(r)][static_cast<std::size_t>(s)]);
        }
        const ImVec2 p0{origin.x + static_cast<float>(s % 2) * (cell.x + gap), origin.y + static_cast<float>(s / 2) * (cell.y + gap)};
        char title[64];
        std::snprintf(title, sizeof title, "%s, %%", kSeriesNames[s]);
        line_chart(dl, p0, cell, title, lines, axis.horizon, 100.0f, "%.2f", axis.first, axis.last);
        boxes.push_back({kSeriesNames[s], p0.x, p0.y, cell.x, cell.y});
    }
}

// Programmes, all Seoul: people served and waiting, and spending so far, side by side
// from p0; their boxes into boxes.
void programme_charts(ImDrawList* dl, ImVec2 p0, ImVec2 cell, float gap, const std::vector<DayRecord>& days, const TimeAxis& axis,
                      std::vector<Layout::Box>& boxes) {
    std::vector<Line> people(2);
    people[0] = {{}, IM_COL32(120, 200, 120, 255), 2.0f, false};
    people[1] = {{}, IM_COL32(230, 150, 90, 255), 2.0f, true};
    std::vector<Line> spent(1);
    spent[0] = {{}, IM_COL32(150, 170, 255, 255), 2.0f, false};
    double total = 0;
    for (const auto& d : days) {
        float active = 0, waiting = 0;
        for (const auto& p : d.programmes) active += p.active, waiting += p.waiting, total += p.cost;
        people[0].values.push_back(active);
        people[1].values.push_back(waiting);
        spent[0].values.push_back(static_cast<float>(total / 1e9));
    }
    line_chart(dl, p0, cell, "served, waiting (dashed)", people, axis.horizon, 1.0f, "%.0f", axis.first, axis.last);
    line_chart(dl, {p0.x + cell.x + gap, p0.y}, cell, "spent, bn KRW", spent, axis.horizon, 1.0f, "%.1f", axis.first, axis.last);
    boxes.push_back({"programme uptake", p0.x, p0.y, cell.x, cell.y});
    boxes.push_back({"spending", p0.x + cell.x + gap, p0.y, cell.x, cell.y});
}

// The programmes one by one, today and so far.
void programme_table(const std::vector<ProgrammeControl>& programmes, const std::vector<DayRecord>& days) {
    if (!ImGui::BeginTable("programmes", 4, ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("programme (all Seoul)", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupColumn("served", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("waiting", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("bn KRW", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    for (std::size_t k = 0; k < programmes.size(); ++k) {
        double cost = 0;
        for (const auto& d : days) cost += d.programmes[k].cost;
        const ProgrammeDayRecord now = days.empty() ? ProgrammeDayRecord{} : days.back().programmes[k];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(programmes[k].name.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%.0f", static_cast<double>(now.active));
        ImGui::TableNextColumn();
        ImGui::Text("%.0f", static_cast<double>(now.waiting));
        ImGui::TableNextColumn();
        ImGui::Text("%.2f", cost / 1e9);
    }
    ImGui::EndTable();
}

}  // namespace

App::App(SimRunner& runner, std::string scenario_name, DistrictMap map, std::int64_t agents)
    : runner_(runner), scenario_name_(std::move(scenario_name)), map_(std::move(map)), agents_(agents) {
    for (const auto& p : runner_.programmes()) {
        enabled_.push_back(p.enabled);
        capacity_.push_back(1.0f);
    }
}

void App::set_speed(double days_per_second, bool fastest) {
    speed_ = static_cast<float>(days_per_second), fastest_ = fastest;
    runner_.set_speed(fastest ? 0 : days_per_second);
}

std::vector<PolicyChange> App::presenter_settings() const {
    std::vector<PolicyChange> out;
    const auto& p = runner_.programmes();
    for (std::size_t k = 0; k < p.size(); ++k) {
        if (enabled_[k] == p[k].enabled && capacity_[k] == 1.0f) continue;
        out.push_back({0, p[k].name, enabled_[k] ? 1 : 0, {p[k].capacity.per_year * capacity_[k], p[k].capacity.concurrent * capacity_[k]}});
    }
    return out;
}

void App::send_programme(std::size_t k) {
    const auto& p = runner_.programmes()[k];
    runner_.apply({0, p.name, enabled_[k] ? 1 : 0, {p.capacity.per_year * capacity_[k], p.capacity.concurrent * capacity_[k]}});
}

float App::map_value(const DayRecord& r, int d) const {
    const auto& s = r.scenario[static_cast<std::size_t>(d)];
    switch (metric) {
        case kMapLonely: return s[kFeelsLonely];
        case kMapIsolated: return s[kIsolated];
        case kMapReclusive: return s[kReclusive];
        case kMapMeanLoneliness: return s[kMeanLoneliness];
        default: {
            const auto& b = r.baseline[static_cast<std::size_t>(d)];
            // The change against the baseline: what the programmes did not avert (negative: averted).
            return static_cast<float>(-averted(isolated_or_reclusive(b[kIsolated], b[kReclusive]), isolated_or_reclusive(s[kIsolated], s[kReclusive])));
        }
    }
}

void App::frame(int width, int height) {
    runner_.sync(history_);
    const float W = static_cast<float>(width), H = static_cast<float>(height);
    // Panel widths follow the font, so presentation mode's larger text still fits.
    const float fh = ImGui::GetFontSize();
    const float left = std::min(std::max(W * 0.22f, fh * 19), W * 0.34f);
    const float right = std::min(std::max(W * 0.36f, fh * 28), W * 0.45f);
    controls(0, 0, left, H);
    map_view(left, 0, W - left - right, H);
    charts(W - right, 0, right, H);

    // Keys: space plays or pauses, the right arrow steps a day, P presentation, F11 fullscreen.
    if (!ImGui::GetIO().WantTextInput) {
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space))) runner_.play(!history_.playing);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) runner_.step_once();
        if (ImGui::IsKeyPressed('P', false)) presentation = !presentation;
    }
}

void App::controls(float x, float y, float w, float h) {
    ImGui::SetNextWindowPos({x, y});
    ImGui::SetNextWindowSize({w, h});
    ImGui::Begin("Controls", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
    ImGui::TextWrapped("%s", scenario_name_.c_str());
    const int day = history_.days.empty() ? -1 : history_.days.back().day;
    const Date start = runner_.start_date();
    if (large_font) ImGui::PushFont(large_font);
    ImGui::TextUnformatted(day < 0 ? to_string(start).c_str() : date_after(start, day).c_str());
    if (large_font) ImGui::PopFont();
    ImGui::Text("day %d of %d", day + 1, runner_.horizon_days());
    if (!history_.error.empty()) ImGui::TextColored({1, 0.4f, 0.4f, 1}, "simulation stopped: %s", history_.error.c_str());
    if (history_.building) ImGui::TextColored({1, 0.85f, 0.3f, 1}, "building the worlds (burn-in)...");

    if (ImGui::Button(history_.playing ? "Pause" : "Play")) runner_.play(!history_.playing);
    ImGui::SameLine();
    if (ImGui::Button("Step a day")) runner_.step_once();
    ImGui::SameLine();
    if (ImGui::Button("Reset to day 0")) runner_.reset(presenter_settings());
    ImGui::SetNextItemWidth(w * 0.5f);
    if (ImGui::SliderFloat("days a second", &speed_, 1, 365, "%.0f", ImGuiSliderFlags_Logarithmic)) set_speed(speed_, fastest_);
    if (ImGui::Checkbox("as fast as possible", &fastest_)) set_speed(speed_, fastest_);
    ImGui::Checkbox("Presentation mode (P)", &presentation);
    ImGui::SameLine();
    ImGui::Checkbox("Fullscreen (F11)", &fullscreen);
    ImGui::Text("%.0f frames/s   %.1f ms a day", static_cast<double>(ImGui::GetIO().Framerate), history_.seconds_per_day * 1e3);
    ImGui::Text("%lld agents, scenario and baseline", static_cast<long long>(agents_));

    ImGui::Separator();
    programme_controls();
    ImGui::End();
}

// The scenario's programmes: a switch each and a capacity slider (unless its own
// parameters set what it can take).
void App::programme_controls() {
    ImGui::TextUnformatted("Programmes (capacity at city scale)");
    const auto& programmes = runner_.programmes();
    if (programmes.empty()) ImGui::TextDisabled("this scenario has no programme");
    if (!programmes.empty() && ImGui::Button("Back to the scenario's settings")) {
        for (std::size_t k = 0; k < programmes.size(); ++k) {
            const bool changed = enabled_[k] != programmes[k].enabled || capacity_[k] != 1.0f;
            enabled_[k] = programmes[k].enabled, capacity_[k] = 1.0f;
            if (changed) send_programme(k);
        }
    }
    ImGui::BeginChild("programmes");
    for (std::size_t k = 0; k < programmes.size(); ++k) {
        const auto& p = programmes[k];
        ImGui::PushID(static_cast<int>(k));
        bool on = enabled_[k];
        const std::string title = display_title(p.title);
        if (ImGui::Checkbox(title.empty() ? p.name.c_str() : title.c_str(), &on)) {
            enabled_[k] = on;
            send_programme(k);
        }
        if (p.capacity.per_year <= 0 && p.capacity.concurrent <= 0) {  // e.g. a hotline: its lines set what it can answer
            ImGui::TextDisabled("   capacity set by its own parameters");
            ImGui::PopID();
            continue;
        }
        char label[96];
        if (p.capacity.per_year > 0) std::snprintf(label, sizeof label, "%.0f%% = %.0f a year", capacity_[k] * 100.0, p.capacity.per_year * capacity_[k]);
        else std::snprintf(label, sizeof label, "%.0f%% = %.0f at once", capacity_[k] * 100.0, p.capacity.concurrent * capacity_[k]);
        ImGui::SetNextItemWidth(-1);
        float pct = capacity_[k];
        ImGui::SliderFloat("##capacity", &pct, 0.0f, 3.0f, label);
        capacity_[k] = pct;
        if (ImGui::IsItemDeactivatedAfterEdit()) send_programme(k);  // on release, one change
        ImGui::PopID();
    }
    ImGui::EndChild();
}

void App::map_view(float x, float y, float w, float h) {
    ImGui::SetNextWindowPos({x, y});
    ImGui::SetNextWindowSize({w, h});
    ImGui::Begin("Seoul", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
    int m = metric;
    ImGui::SetNextItemWidth(-1);
    ImGui::Combo("##metric", &m, kMapMetricNames, kMapMetricCount);
    metric = static_cast<MapMetric>(m);

    const float fh = ImGui::GetFontSize();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float legend_h = fh * 3.2f;
    map_.fit(origin.x, origin.y, avail.x, avail.y - legend_h);
    ImDrawList* dl = ImGui::GetWindowDrawList();

    const DayRecord* today = history_.days.empty() ? nullptr : &history_.days.back();
    std::array<float, kDistricts> values{};
    if (today)
        for (int d = 0; d < kDistricts; ++d) values[static_cast<std::size_t>(d)] = map_value(*today, d);
    const ColourScale colour = today ? fit_colour_scale(values, metric == kMapChange) : ColourScale{0, 1, metric == kMapChange};
    std::array<ImU32, kDistricts> fills;
    for (std::size_t d = 0; d < fills.size(); ++d) fills[d] = today ? colour(values[d]) : IM_COL32(70, 74, 84, 255);

    layout_.map_x = origin.x, layout_.map_y = origin.y, layout_.map_w = avail.x, layout_.map_h = avail.y - legend_h;
    draw_districts(dl, map_, fills, layout_.district_points);
    if (selected >= 0) outline_district(dl, map_, selected);

    // Hover and click.
    ImGui::InvisibleButton("map", {avail.x, std::max(avail.y - legend_h, 1.0f)});
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const int hovered = ImGui::IsItemHovered() ? map_.district_at({mouse.x, mouse.y}) : -1;
    if (ImGui::IsItemClicked()) selected = hovered == selected ? -1 : hovered;
    if (hovered >= 0) district_tooltip(hovered);
    layout_.hovered = hovered;

    draw_legend(dl, {origin.x + fh, origin.y + avail.y - legend_h + fh * 0.4f}, avail.x - 2 * fh, colour, metric, today != nullptr);
    ImGui::End();
}

void App::district_tooltip(int d) {
    const District& dist = runner_.seoul().districts[static_cast<std::size_t>(d)];
    ImGui::BeginTooltip();
    ImGui::Text("%s", dist.name.c_str());
    ImGui::Text("%lld single-person households (%.1f%% of %lld)", static_cast<long long>(dist.single_households),
                100.0 * static_cast<double>(dist.single_households) / static_cast<double>(std::max<std::int64_t>(dist.households_total, 1)),
                static_cast<long long>(dist.households_total));
    if (!history_.days.empty()) {
        const auto& r = history_.days.back();
        const auto& s = r.scenario[static_cast<std::size_t>(d)];
        const auto& b = r.baseline[static_cast<std::size_t>(d)];
        ImGui::Text("feel lonely %.1f%%  isolated %.2f%%  reclusive %.2f%%", 100.0 * s[kFeelsLonely], 100.0 * s[kIsolated], 100.0 * s[kReclusive]);
        ImGui::Text("baseline:   feel lonely %.1f%%  isolated %.2f%%  reclusive %.2f%%", 100.0 * b[kFeelsLonely], 100.0 * b[kIsolated],
                    100.0 * b[kReclusive]);
    }
    float households[kAgeBands], lonely[kAgeBands];
    for (int b = 0; b < kAgeBands; ++b) {
        households[b] = static_cast<float>(dist.by_age[static_cast<std::size_t>(b)]);
        const auto alive = history_.alive_by_age[static_cast<std::size_t>(d)][static_cast<std::size_t>(b)];
        lonely[b] = alive ? 100.0f * static_cast<float>(history_.lonely_by_age[static_cast<std::size_t>(d)][static_cast<std::size_t>(b)]) / static_cast<float>(alive) : 0.0f;
    }
    const float fh = ImGui::GetFontSize();
    ImGui::TextUnformatted("households by age band (under 20, 20-24, ..., 85+)");
    ImGui::PlotHistogram("##households", households, kAgeBands, 0, nullptr, 0, FLT_MAX, {fh * 22, fh * 4});
    ImGui::TextUnformatted("share who feel lonely by age band, today (%)");
    ImGui::PlotHistogram("##lonely", lonely, kAgeBands, 0, nullptr, 0, 100, {fh * 22, fh * 4});
    ImGui::TextDisabled("click to select; click again for all Seoul");
    ImGui::EndTooltip();
}

void App::charts(float x, float y, float w, float h) {
    ImGui::SetNextWindowPos({x, y});
    ImGui::SetNextWindowSize({w, h});
    const std::string region = selected < 0 ? std::string("All Seoul") : runner_.seoul().districts[static_cast<std::size_t>(selected)].name;
    ImGui::Begin("Charts", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
    ImGui::TextWrapped("%s: scenario (solid), baseline without programmes (grey, dashed); %% of households", region.c_str());
    layout_.charts.clear();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const int horizon = runner_.horizon_days();
    const TimeAxis axis{horizon, to_string(runner_.start_date()), date_after(runner_.start_date(), horizon - 1)};
    const auto& days = history_.days;

    const float gap = ImGui::GetFontSize() * 0.6f;
    const float cw = (avail.x - gap) / 2, chh = avail.y * 0.28f;
    status_charts(dl, origin, {cw, chh}, gap, days, selected < 0 ? kSeoul : selected, axis, layout_.charts);

    const float py = origin.y + 2 * (chh + gap);
    const float ph = avail.y * 0.22f;
    const auto& programmes = runner_.programmes();
    if (!programmes.empty()) {
        programme_charts(dl, {origin.x, py}, {cw, ph}, gap, days, axis, layout_.charts);
        ImGui::SetCursorScreenPos({origin.x, py + ph + gap});
        programme_table(programmes, days);
    } else {
        ImGui::SetCursorScreenPos({origin.x, py});
        ImGui::TextDisabled("no programme in this scenario: scenario and baseline coincide");
    }
    ImGui::End();
}

}  // namespace lonesim::viz
