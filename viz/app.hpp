#pragma once
// The visualizer's interface, drawn with Dear ImGui each frame: controls, the district
// map, the charts and the timeline. It reads days only through Source::sync (a copy of
// finished days, or a replayed file's) and changes a live simulation only through the
// source's commands, which end in the policy interface (Simulation::apply_policy).
#include <string>
#include <vector>

#include "viz/district_map.hpp"
#include "viz/script.hpp"
#include "viz/source.hpp"
#include "viz/text.hpp"

struct ImFont;
struct ImDrawList;

namespace lonesim::viz {

enum MapMetric : int { kMapLonely, kMapIsolated, kMapReclusive, kMapMeanLoneliness, kMapChange, kMapMetricCount };

// Where things were drawn in the last frame, in window pixels (for the screenshot checks).
struct Layout {
    double map_x = 0, map_y = 0, map_w = 0, map_h = 0;
    std::vector<Point> district_points;  // a point inside each district, on screen
    struct Box {
        std::string name;
        double x = 0, y = 0, w = 0, h = 0;
    };
    std::vector<Box> charts;
    // Texts drawn, by role ("title", "date", "district 20", "legend", "caption"): the
    // text, its box, and how many of its characters the font lacks.
    struct TextBox {
        std::string role, text;
        double x = 0, y = 0, w = 0, h = 0;
        int missing_glyphs = 0;
    };
    std::vector<TextBox> texts;
    int hovered = -1;    // the district under the mouse, or -1
    int shown_day = -1;  // the day on the map and in the table
};

// The scenario's names for people, in both languages.
struct Titles {
    std::string en, ko;
};

class App {
public:
    App(Source& source, Titles title, DistrictMap map, std::int64_t agents, Script script = {});

    // Draw one frame (between ImGui::NewFrame and ImGui::Render).
    void frame(int width, int height);

    // Settings the window owner acts on.
    Lang lang = Lang::en;
    bool presentation = false;
    bool fullscreen = false;
    bool recording = false;      // the window keeps its size (no fullscreen)
    bool png_requested = false;  // the S key or the button; the owner saves and clears it
    std::string png_saved;       // the owner's last saved picture, shown for a while
    std::string replay_file;     // what a replay shows
    MapMetric metric = kMapLonely;
    int selected = -1;  // district, or -1 for all Seoul
    int window_months = 0;  // the time axis: the last N months, or 0 for the whole horizon
    ImFont* normal_font = nullptr;
    ImFont* large_font = nullptr;

    const History& history() const { return history_; }
    const Layout& layout() const { return layout_; }
    void play(bool on);
    void set_speed(double days_per_second, bool fastest);
    // The day shown: -1 follows the newest day; a replay starts at day 0.
    void show_day(int day) { cursor_ = day, replay_at_ = day; }
    // A replay plays backwards from its last day (the B key, or --reverse).
    void play_backwards();
    // Script lines that have run, in order ("day 120: mind_investment on (script)"), and
    // every applied change as the simulation logged it; the owner prints new ones.
    const std::vector<std::string>& log_lines() const { return log_lines_; }
    // A caption shown now (the script's), or empty.
    const std::string& caption() const { return caption_; }

private:
    void controls(float x, float y, float w, float h);
    void timeline_controls(float w);
    void programme_controls();
    void change_log();
    void map_view(float x, float y, float w, float h);
    void district_labels(ImDrawList* dl);
    void draw_caption(ImDrawList* dl, float x, float y, float w, float h);
    void charts(float x, float y, float w, float h);
    void district_tooltip(int d);
    void send_programme(std::size_t k);
    float map_value(const DayRecord& r, int district) const;
    std::vector<PolicyChange> presenter_settings() const;
    void keys();
    void advance_replay();
    void run_script();
    void log_changes();
    int newest_day() const { return static_cast<int>(history_.days.size()) - 1; }
    int shown_day() const;
    void note_text(const std::string& role, const std::string& text, float x, float y, float w, float h);

    Source& source_;
    Titles title_;
    DistrictMap map_;
    std::int64_t agents_;
    Script script_;
    History history_;
    Layout layout_;
    // The presenter's programme settings: on/off and capacity as a share of the scenario's.
    std::vector<bool> enabled_;
    std::vector<float> capacity_;
    float speed_ = 20;
    bool fastest_ = false;
    int cursor_ = -1;            // the day shown; -1 the newest
    double replay_at_ = 0;       // a replay's position, in days (fractional between frames)
    int replay_direction_ = 0;   // +1 forwards, -1 backwards, 0 paused
    bool from_end_ = false;      // a backwards play from the start begins at the last day
    std::size_t script_next_ = 0;
    std::uint64_t script_generation_ = 0;  // the script restarts with every reset
    std::string caption_;
    double caption_until_ = 0;  // ImGui time
    std::size_t logged_ = 0;    // entries of history_.log already in log_lines_
    std::vector<std::string> log_lines_;
    double png_saved_at_ = -1;
    std::string png_shown_;
};

}  // namespace lonesim::viz
