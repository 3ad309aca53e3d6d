#include "viz/charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace lonesim::viz {

namespace {

constexpr ImU32 kCursor = IM_COL32(255, 255, 255, 150);
// The statuses' colours, shared by the charts and the legend: Okabe and Ito's palette for
// colour-blind viewers (sky blue, yellow, vermillion, reddish purple); each status also
// has a chart of its own, and the baseline is dashed, so no line is told by colour alone.
constexpr ImU32 kStatusColour[4] = {IM_COL32(86, 180, 233, 255), IM_COL32(240, 228, 66, 255),
                                    IM_COL32(213, 94, 0, 255), IM_COL32(204, 121, 167, 255)};
constexpr ImU32 kBaselineColour = IM_COL32(170, 170, 178, 255);

struct Line {
    std::vector<float> values;  // by day from 0
    ImU32 colour;
    float thickness;
    bool dashed;
};

// A line chart over the axis' days, with the y range fitted to the lines there. Lines are
// scaled by `thick` (presentation mode).
void line_chart(ImDrawList* dl, ImVec2 p0, ImVec2 size, const char* title, const std::vector<Line>& lines, const TimeAxis& axis,
                float y_scale, const char* y_format, float thick) {
    const float fh = ImGui::GetFontSize();
    dl->PushClipRect(p0, {p0.x + size.x, p0.y + size.y}, true);
    dl->AddText(p0, kText, title);
    const ImVec2 a{p0.x + fh * 3.6f, p0.y + fh * 1.4f};
    const ImVec2 b{p0.x + size.x - fh * 0.5f, p0.y + size.y - fh * 1.3f};
    if (b.x - a.x < 2 || b.y - a.y < 2) {  // a window too small for the chart: its title only
        dl->PopClipRect();
        return;
    }
    dl->AddRectFilled(a, b, IM_COL32(32, 35, 42, 255));
    dl->AddRect(a, b, kAxis, 0, 0, thick);
    const auto in_axis = [&](std::size_t i) { return static_cast<int>(i) >= axis.first && static_cast<int>(i) <= axis.last; };
    float lo = std::numeric_limits<float>::infinity(), hi = -lo;
    for (const auto& l : lines)
        for (std::size_t i = 0; i < l.values.size(); ++i)
            if (in_axis(i) && std::isfinite(l.values[i])) lo = std::min(lo, l.values[i]), hi = std::max(hi, l.values[i]);
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
    const bool room = ImGui::CalcTextSize(axis.first_date.c_str()).x * 2.3f < b.x - a.x;
    const std::string from = room ? axis.first_date : axis.first_date.substr(0, 4), to = room ? axis.last_date : axis.last_date.substr(0, 4);
    dl->AddText({a.x, b.y + fh * 0.15f}, kAxis, from.c_str());
    dl->AddText({b.x - ImGui::CalcTextSize(to.c_str()).x, b.y + fh * 0.15f}, kAxis, to.c_str());
    const float xs = (b.x - a.x) / static_cast<float>(std::max(axis.last - axis.first, 1));
    const auto x_of = [&](std::size_t i) { return a.x + xs * static_cast<float>(static_cast<int>(i) - axis.first); };
    std::vector<ImVec2> pts;
    for (const auto& l : lines) {
        pts.clear();
        const std::size_t begin = static_cast<std::size_t>(std::max(axis.first, 0));
        const std::size_t end = std::min(l.values.size(), static_cast<std::size_t>(axis.last) + 1);
        if (begin >= end) continue;
        // At most two points a pixel.
        const std::size_t step = std::max<std::size_t>(1, (end - begin) / static_cast<std::size_t>(2 * (b.x - a.x) + 1));
        for (std::size_t i = begin; i < end; i += step)
            if (std::isfinite(l.values[i])) pts.push_back({x_of(i), b.y - (l.values[i] - lo) / (hi - lo) * (b.y - a.y)});
        if ((end - 1 - begin) % step != 0 && std::isfinite(l.values[end - 1]))
            pts.push_back({x_of(end - 1), b.y - (l.values[end - 1] - lo) / (hi - lo) * (b.y - a.y)});
        if (pts.empty()) continue;
        const float t = l.thickness * thick;
        if (pts.size() == 1) dl->AddCircleFilled(pts[0], t + 1, l.colour);
        if (!l.dashed) {
            dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), l.colour, 0, t);
            continue;
        }
        for (std::size_t i = 1; i < pts.size(); ++i)  // dashes: every other few pixels
            if (static_cast<int>((pts[i].x - a.x) / (5 * thick)) % 2 == 0) dl->AddLine(pts[i - 1], pts[i], l.colour, t);
    }
    if (axis.cursor >= axis.first && axis.cursor <= axis.last) {
        const float x = x_of(static_cast<std::size_t>(axis.cursor));
        dl->AddLine({x, a.y}, {x, b.y}, kCursor, thick);
    }
    dl->PopClipRect();
}

// The days a chart's lines hold (up to `until`), one series of a region.
std::vector<float> series_of(const std::vector<DayRecord>& days, int until, int r, int s, bool baseline) {
    std::vector<float> v;
    for (int d = 0; d <= until && d < static_cast<int>(days.size()); ++d) {
        const auto& rec = days[static_cast<std::size_t>(d)];
        v.push_back((baseline ? rec.baseline : rec.scenario)[static_cast<std::size_t>(r)][static_cast<std::size_t>(s)]);
    }
    return v;
}

// Whether a programme's service is one event (a visit, a call), so no one stays in it.
bool one_event_service(const ProgrammeControl& p) { return p.mechanism == "outreach" || p.mechanism == "hotline"; }

}  // namespace

// Four small charts of region r, one per status, each with its own scale so that the gap
// shows; their boxes into boxes.
void status_charts(ImDrawList* dl, ImVec2 origin, ImVec2 cell, float gap, const History& h, int until, int r, const TimeAxis& axis, Lang lang,
                   std::vector<Layout::Box>& boxes) {
    const float thick = ImGui::GetFontSize() / 16;
    for (int s = 0; s < 4; ++s) {
        std::vector<Line> lines;
        if (h.has_baseline) lines.push_back({series_of(h.days, until, r, s, true), kBaselineColour, 1.5f, true});
        lines.push_back({series_of(h.days, until, r, s, false), kStatusColour[s], 2.5f, false});
        const ImVec2 p0{origin.x + static_cast<float>(s % 2) * (cell.x + gap), origin.y + static_cast<float>(s / 2) * (cell.y + gap)};
        char title[96];
        std::snprintf(title, sizeof title, "%s, %%", words::kSeries[s](lang));
        line_chart(dl, p0, cell, title, lines, axis, 100.0f, "%.2f", thick);
        boxes.push_back({words::kSeries[s].en, p0.x, p0.y, cell.x, cell.y});
    }
}

// Programmes, all Seoul: people in service and waiting, and spending so far, side by
// side from p0; their boxes into boxes.
void programme_charts(ImDrawList* dl, ImVec2 p0, ImVec2 cell, float gap, const std::vector<DayRecord>& days, int until, const TimeAxis& axis,
                      Lang lang, std::vector<Layout::Box>& boxes) {
    const float thick = ImGui::GetFontSize() / 16;
    std::vector<Line> people(2);
    people[0] = {{}, IM_COL32(120, 200, 120, 255), 2.0f, false};
    people[1] = {{}, IM_COL32(230, 150, 90, 255), 2.0f, true};
    std::vector<Line> spent(1);
    spent[0] = {{}, IM_COL32(150, 170, 255, 255), 2.0f, false};
    double total = 0;
    for (int d = 0; d <= until && d < static_cast<int>(days.size()); ++d) {
        float active = 0, waiting = 0;
        for (const auto& p : days[static_cast<std::size_t>(d)].programmes) active += p.active, waiting += p.waiting, total += p.cost;
        people[0].values.push_back(active);
        people[1].values.push_back(waiting);
        spent[0].values.push_back(static_cast<float>(total / 1e9));
    }
    line_chart(dl, p0, cell, words::kServedWaiting(lang), people, axis, 1.0f, "%.0f", thick);
    line_chart(dl, {p0.x + cell.x + gap, p0.y}, cell, words::kSpent(lang), spent, axis, 1.0f, "%.1f", thick);
    boxes.push_back({"programme uptake", p0.x, p0.y, cell.x, cell.y});
    boxes.push_back({"spending", p0.x + cell.x + gap, p0.y, cell.x, cell.y});
}

// The programmes one by one on the day shown: in service, reached so far, waiting, spent so far.
void programme_table(const std::vector<ProgrammeControl>& programmes, const std::vector<DayRecord>& days, int shown, Lang lang) {
    namespace t = words;
    const float fh = ImGui::GetFontSize();
    if (!ImGui::BeginTable("programmes", 5, ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp, {0, -fh * 4.5f}))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(t::kProgrammeColumn(lang), ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupColumn(t::kInService(lang), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(t::kReached(lang), ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn(t::kWaiting(lang), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(t::kBnKrw(lang), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    for (std::size_t k = 0; k < programmes.size(); ++k) {
        double cost = 0, reached = 0;
        for (int d = 0; d <= shown && d < static_cast<int>(days.size()); ++d)
            cost += days[static_cast<std::size_t>(d)].programmes[k].cost, reached += days[static_cast<std::size_t>(d)].programmes[k].enrolled;
        const ProgrammeDayRecord now = shown < 0 ? ProgrammeDayRecord{} : days[static_cast<std::size_t>(shown)].programmes[k];
        const auto& p = programmes[k];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(in(lang, p.title.empty() ? p.name : p.title, p.title_ko).c_str());
        ImGui::TableNextColumn();
        if (one_event_service(p)) ImGui::TextDisabled("-");
        else ImGui::Text("%.0f", static_cast<double>(now.active));
        ImGui::TableNextColumn();
        ImGui::Text("%.0f", reached);
        ImGui::TableNextColumn();
        ImGui::Text("%.0f", static_cast<double>(now.waiting));
        ImGui::TableNextColumn();
        ImGui::Text("%.2f", cost / 1e9);
    }
    ImGui::EndTable();
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", t::kTableNote(lang));
    ImGui::PopTextWrapPos();
}

}  // namespace lonesim::viz
