#pragma once
// The visualizer's charts: each status of a region over time (scenario solid, baseline
// dashed), the programmes' uptake and spending, and the programme table, over a time
// axis that spans the whole horizon or the last months.
#include <imgui.h>

#include <string>
#include <vector>

#include "viz/app.hpp"  // Layout
#include "viz/source.hpp"
#include "viz/text.hpp"

namespace lonesim::viz {

inline constexpr ImU32 kAxis = IM_COL32(120, 124, 134, 255);
inline constexpr ImU32 kText = IM_COL32(225, 228, 235, 255);

// A chart's time axis: the days it spans (from first to last), the dates at its ends, and
// the day shown (a vertical line), or -1.
struct TimeAxis {
    int first = 0, last = 0;
    std::string first_date, last_date;
    int cursor = -1;
};

// Four small charts of region r, one per status, each with its own scale so that the gap
// shows; their boxes into boxes.
void status_charts(ImDrawList* dl, ImVec2 origin, ImVec2 cell, float gap, const History& h, int until, int r, const TimeAxis& axis, Lang lang,
                   std::vector<Layout::Box>& boxes);
// Programmes, all Seoul: people in service and waiting, and spending so far, side by
// side from p0; their boxes into boxes.
void programme_charts(ImDrawList* dl, ImVec2 p0, ImVec2 cell, float gap, const std::vector<DayRecord>& days, int until, const TimeAxis& axis,
                      Lang lang, std::vector<Layout::Box>& boxes);
// The programmes one by one on the day shown: in service, reached so far, waiting, spent so far.
void programme_table(const std::vector<ProgrammeControl>& programmes, const std::vector<DayRecord>& days, int shown, Lang lang);

}  // namespace lonesim::viz
