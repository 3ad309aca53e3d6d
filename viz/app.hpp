#pragma once
// The visualizer's interface, drawn with Dear ImGui each frame: controls, the district
// map and the charts. It reads the simulation only through SimRunner::sync (a copy of
// finished days) and changes it only through SimRunner's commands, which end in the
// policy interface (Simulation::apply_policy).
#include <string>
#include <vector>

#include "viz/district_map.hpp"
#include "viz/sim_runner.hpp"

struct ImFont;

namespace lonesim::viz {

enum MapMetric : int { kMapLonely, kMapIsolated, kMapReclusive, kMapMeanLoneliness, kMapChange, kMapMetricCount };
inline constexpr const char* kMapMetricNames[kMapMetricCount] = {
    "Share who feel lonely", "Share isolated", "Share reclusive", "Mean loneliness (0-1)",
    "Change against baseline: isolated or reclusive (points)"};

// Where things were drawn in the last frame, in window pixels (for the screenshot check).
struct Layout {
    double map_x = 0, map_y = 0, map_w = 0, map_h = 0;
    std::vector<Point> district_points;  // a point inside each district, on screen
    struct Box {
        std::string name;
        double x = 0, y = 0, w = 0, h = 0;
    };
    std::vector<Box> charts;
    int hovered = -1;  // the district under the mouse, or -1
};

class App {
public:
    App(SimRunner& runner, std::string scenario_name, DistrictMap map, std::int64_t agents);

    // Draw one frame (between ImGui::NewFrame and ImGui::Render).
    void frame(int width, int height);

    // Settings the window owner acts on.
    bool presentation = false;
    bool fullscreen = false;
    MapMetric metric = kMapLonely;
    int selected = -1;  // district, or -1 for all Seoul
    ImFont* normal_font = nullptr;
    ImFont* large_font = nullptr;

    const History& history() const { return history_; }
    const Layout& layout() const { return layout_; }
    void play(bool on) { runner_.play(on); }
    void set_speed(double days_per_second, bool fastest);

private:
    void controls(float x, float y, float w, float h);
    void programme_controls();
    void map_view(float x, float y, float w, float h);
    void charts(float x, float y, float w, float h);
    void district_tooltip(int d);
    void send_programme(std::size_t k);
    float map_value(const DayRecord& r, int district) const;
    std::vector<PolicyChange> presenter_settings() const;

    SimRunner& runner_;
    std::string scenario_name_;
    DistrictMap map_;
    std::int64_t agents_;
    History history_;
    Layout layout_;
    // The presenter's programme settings: on/off and capacity as a share of the scenario's.
    std::vector<bool> enabled_;
    std::vector<float> capacity_;
    float speed_ = 20;
    bool fastest_ = false;
};

}  // namespace lonesim::viz
