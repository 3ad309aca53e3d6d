// lonesim-viz: a scenario on a screen, live, for presenters. The window and ImGui run on
// the main thread; the simulation runs on its own (viz/sim_runner.hpp).
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <tbb/global_control.h>

#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/programme_file.hpp"
#include "app/share_path.hpp"
#include "app/seoul_tables.hpp"
#include "models/parameters.hpp"
#include "models/programmes/programme.hpp"
#include "sim/input_error.hpp"
#include "sim/nearest.hpp"
#include "app/scenario.hpp"
#include "app/start_state.hpp"
#include "app/state_file.hpp"
#include "sim/child_process.hpp"
#include "viz/app.hpp"
#include "viz/capture.hpp"
#include "viz/replay.hpp"
#include "viz/sim_runner.hpp"
#include "lonesim_commit.hpp"

namespace {

using lonesim::viz::create_partial;
using lonesim::viz::put_in_place;
using lonesim::viz::save_screenshot;
using lonesim::viz::VideoRecorder;
using lonesim::viz::new_picture_name;

std::string json_string(const std::string& t) {
    std::string out = "\"";
    for (char c : t) {
        if (c == '"' || c == '\\') out += '\\', out += c;
        else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else out += c;
    }
    return out + "\"";
}

// Where the map, the charts and the texts were drawn, for the screenshot checks (tests/viz).
void save_layout(const std::string& path, const lonesim::viz::App& app, int width, int height) {
    const lonesim::viz::Layout& l = app.layout();
    std::ostringstream f;
    f << "{\n  \"width\": " << width << ", \"height\": " << height << ", \"days\": " << app.history().days.size()
      << ", \"shown_day\": " << l.shown_day << ", \"lang\": \"" << (app.lang == lonesim::viz::Lang::ko ? "ko" : "en") << "\",\n";
    f << "  \"map\": [" << l.map_x << ", " << l.map_y << ", " << l.map_w << ", " << l.map_h << "],\n";
    f << "  \"district_points\": [";
    for (std::size_t k = 0; k < l.district_points.size(); ++k)
        f << (k ? ", " : "") << "[" << l.district_points[k].x << ", " << l.district_points[k].y << "]";
    f << "],\n  \"charts\": {";
    for (std::size_t k = 0; k < l.charts.size(); ++k)
        f << (k ? ", " : "") << json_string(l.charts[k].name) << ": [" << l.charts[k].x << ", " << l.charts[k].y << ", " << l.charts[k].w
          << ", " << l.charts[k].h << "]";
    f << "},\n  \"texts\": [";
    for (std::size_t k = 0; k < l.texts.size(); ++k) {
        const auto& t = l.texts[k];
        f << (k ? ",\n    " : "\n    ") << "{\"role\": " << json_string(t.role) << ", \"text\": " << json_string(t.text) << ", \"box\": [" << t.x
          << ", " << t.y << ", " << t.w << ", " << t.h << "], \"missing_glyphs\": " << t.missing_glyphs << "}";
    }
    f << "],\n  \"hovered\": " << l.hovered << ", \"selected\": " << app.selected << ", \"presentation\": " << (app.presentation ? "true" : "false")
      << "\n}\n";
    // A new file, put in place whole, as the pictures are.
    std::string partial;
    const int fd = create_partial(path, partial);
    const std::string text = f.str();
    const bool ok = fd >= 0 && write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    if (fd >= 0 && (close(fd) != 0 || !ok)) unlink(partial.c_str());
    else if (fd >= 0) put_in_place(partial, path);
    if (!ok) std::fprintf(stderr, "lonesim-viz: %s: cannot write the layout\n", path.c_str());
}

void on_glfw_error(int code, const char* what) { std::fprintf(stderr, "lonesim-viz: GLFW error %d: %s\n", code, what); }

using Clock = std::chrono::steady_clock;

// Ctrl-C, SIGTERM or SIGHUP: the window closes at the end of the frame, and a recording
// is finished as a whole video of the frames so far.
std::atomic<int> g_signal{0};
// A second one ends the program at once (the burn-in does not stop for the first).
extern "C" void on_signal(int sig) {
    g_signal = sig;
    std::signal(sig, SIG_DFL);
}

// The command line, as given.
struct Options {
    std::string scenario_path, screenshot, layout_json, select, hover, metric_name, from_state, lang = "en";
    std::string replay, replay_scenario, script, record;
    std::int64_t agents = 0, seed = -1;
    double scale = 0, speed = 20;
    int frames = 0, width = 1600, height = 900, threads = 0, min_days = 30, replicate = 0, record_fps = 30, window_months = 0, show_day = -1;
    bool present = false, fullscreen = false, fastest = false, paused = false, reverse = false;
};

void declare_options(CLI::App& cli, Options& o) {
    cli.add_option("scenario", o.scenario_path, "Scenario file (TOML); or --replay FILE.h5");
    auto* agents_opt = cli.add_option("--agents", o.agents, "World size in agents")->check(CLI::Range(std::int64_t{25}, std::int64_t{100'000'000}));
    cli.add_option("--scale", o.scale, "World size as a fraction of Seoul's 1,660,813 households")->check(CLI::Range(1e-6, 10.0))->excludes(agents_opt);
    cli.add_option("--seed", o.seed, "Random seed")->check(CLI::Range(std::int64_t{0}, INT64_MAX));
    cli.add_option("--threads", o.threads, "Simulation threads (default: all cores)")->check(CLI::Range(1, 1024));
    cli.add_option("--from-state", o.from_state,
                   "Start from a state saved right after the burn-in (lonesim run ... --save-state FILE --save-state-at 0), no burn-in");
    cli.add_option("--replay", o.replay, "Play a finished run or comparison file (.h5) instead of simulating");
    cli.add_option("--replay-scenario", o.replay_scenario, "With --replay of a comparison: the scenario shown against the baseline (default: the first)");
    cli.add_option("--replicate", o.replicate, "With --replay: the replicate shown (default 0)")->check(CLI::Range(0, 100000));
    cli.add_flag("--reverse", o.reverse, "With --replay: play backwards from the last day");
    cli.add_option("--script", o.script, "A rehearsed presentation: timed actions and captions (TOML, see viz/README.md)");
    cli.add_option("--record", o.record, "Record the window as an H.264 video (.mp4) through ffmpeg; a new file only");
    cli.add_option("--record-fps", o.record_fps, "Frames a second of the video (the window draws at this rate while recording)")->check(CLI::Range(1, 120));
    cli.add_option("--lang", o.lang, "Language on screen: en or ko (L switches it in the window)")->check(CLI::IsMember({"en", "ko"}));
    cli.add_option("--speed", o.speed, "Days a second when playing")->check(CLI::Range(1.0, 365.0));
    cli.add_flag("--fastest", o.fastest, "Play as fast as the machine allows");
    cli.add_flag("--paused", o.paused, "Start paused (default: playing)");
    cli.add_option("--width", o.width, "Window width in pixels")->check(CLI::Range(640, 7680));
    cli.add_option("--height", o.height, "Window height in pixels")->check(CLI::Range(480, 4320));
    cli.add_flag("--present", o.present, "Start in presentation mode (text and lines scaled for a projector)");
    cli.add_flag("--fullscreen", o.fullscreen, "Start fullscreen");
    cli.add_option("--months", o.window_months, "Time axis: the last N months (3, 6 or 12), or 0 for the whole horizon")
        ->check(CLI::IsMember({0, 3, 6, 12}));
    cli.add_option("--show-day", o.show_day, "Headless checks: show this past day (the scrubber), once simulated")->check(CLI::Range(0, 36500));
    cli.add_option("--hover", o.hover, "Headless checks: keep the mouse over this district (shows its tooltip)");
    cli.add_option("--select", o.select, "Start with a district selected (English name, e.g. Gwanak-gu)");
    cli.add_option("--metric", o.metric_name, "Map colouring: lonely, isolated, reclusive, loneliness or change")
        ->check(CLI::IsMember({"lonely", "isolated", "reclusive", "loneliness", "change"}));
    cli.add_option("--frames", o.frames, "Render this many frames, then quit (with --screenshot, save the last)")->check(CLI::Range(1, 1000000));
    cli.add_option("--min-days", o.min_days, "With --frames: keep drawing until this many days are simulated (at most 5 minutes)")
        ->check(CLI::Range(0, 36500));
    cli.add_option("--screenshot", o.screenshot, "Save the last frame as PNG (a new file only)");
    cli.add_option("--layout-json", o.layout_json, "Save where the map, charts and texts were drawn (JSON), for tests");
}

// The options, or the exit code when there is nothing to run (--help: 0, a bad option: 2).
std::optional<int> parse_options(int argc, char** argv, Options& o) {
    CLI::App cli{"lonesim-viz: a scenario of Seoul's single-person households, live, or a finished one replayed"};
    cli.set_version_flag("--version", std::string(LONESIM_VERSION) + " (" + LONESIM_COMMIT + ")");
    declare_options(cli, o);
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = cli.exit(e);
        return rc == 0 ? 0 : 2;
    }
    return std::nullopt;
}

// What the options ask that can be refused before any work: one line each, exit 2.
bool check_options(const Options& o) {
    const auto refuse = [](const std::string& line) {
        std::fprintf(stderr, "lonesim-viz: %s\n", line.c_str());
        return false;
    };
    if (o.scenario_path.empty() == o.replay.empty()) return refuse("give a scenario file or --replay FILE.h5 (one of the two)");
    if (o.replay.empty() && (!o.replay_scenario.empty() || o.replicate != 0 || o.reverse))
        return refuse("--replay-scenario, --replicate and --reverse go with --replay");
    // Outputs are new files: lonesim-viz never replaces one.
    for (const auto& [option, path] :
         {std::pair{"--screenshot", o.screenshot}, std::pair{"--record", o.record}, std::pair{"--layout-json", o.layout_json}}) {
        if (path.empty()) continue;
        std::error_code ec;
        if (std::filesystem::exists(std::filesystem::symlink_status(path, ec)))
            return refuse(path + ": " + option + ": exists; lonesim-viz writes only new files (choose another name)");
        const auto folder = std::filesystem::path(path).parent_path();
        if (!folder.empty() && !std::filesystem::is_directory(folder, ec)) return refuse(path + ": " + option + ": no folder " + folder.string());
    }
    if (!o.record.empty()) {
        if (access("/usr/bin/ffmpeg", X_OK) != 0) return refuse(o.record + ": --record: needs Debian's ffmpeg (apt-get install ffmpeg)");
        if (o.width % 2 || o.height % 2) return refuse("--record: the video's width and height must be even (H.264), not " +
                                                       std::to_string(o.width) + "x" + std::to_string(o.height));
        if (o.fullscreen) return refuse("--record: the video keeps the window's size; leave out --fullscreen");
    }
    return true;
}

// What the window shows: a live simulation or a replayed file, with Seoul's tables, the
// district outlines, the titles and the script.
struct LoadedSource {
    std::unique_ptr<lonesim::viz::Source> source;
    std::unique_ptr<lonesim::viz::DistrictMap> map;
    lonesim::viz::Titles titles;
    std::int64_t agents = 0;
    lonesim::viz::Script script;
    std::string name;  // for the window's title
};

// The scenario with the command line's overrides and the script's changes, ready to run.
LoadedSource load_live(const Options& o) {
    using namespace lonesim;
    ScenarioSpec spec = load_scenario(o.scenario_path, parameter_table(), &programme_rules());
    if (o.agents > 0) spec.agents = o.agents;
    if (o.scale > 0) spec.scale = o.scale, spec.agents = 0;
    if (o.seed >= 0) spec.seed = static_cast<std::uint64_t>(o.seed);
    SeoulData seoul = load_seoul(spec.data_dir);
    SimulationSetup setup = setup_for(spec, seoul);
    LoadedSource w;
    w.map = std::make_unique<viz::DistrictMap>(seoul, spec.data_dir + "/seoul_district_boundaries.csv");
    if (!o.script.empty()) {
        w.script = viz::load_script(o.script, spec.programmes, seoul, spec.days);
        // The script's programme changes are the scenario's, applied on their day like its [[policy]].
        for (const auto& c : w.script.changes()) setup.policy.push_back(c);
        std::stable_sort(setup.policy.begin(), setup.policy.end(), [](const auto& x, const auto& y) { return x.day < y.day; });
    }
    std::optional<StateFile> from_state;
    if (!o.from_state.empty()) {
        // Checked as the baseline's start (the scenario's programmes start on it).
        ScenarioSpec base = spec;
        base.programmes.clear(), base.policy.clear();
        from_state = check_state_file(o.from_state, base);
        if (from_state->day != 0)
            throw InputError(o.from_state, 0, "--from-state",
                             "is of day " + std::to_string(from_state->day) +
                                 "; the visualizer starts from a state of day 0 (lonesim run ... --save-state FILE --save-state-at 0)");
    } else if (!spec.starts_from.empty()) {
        // The period before's end, from the state cache (made once if it is not there).
        StartOptions start;
        start.progress = isatty(STDERR_FILENO) != 0;  // the history can take minutes at full size
        from_state = PeriodStart(spec, start).state();
    }
    w.agents = setup.agents;
    w.titles = {spec.title.empty() ? spec.name : spec.title, spec.title_ko};
    if (!spec.description.empty()) w.titles.en += ": " + spec.description;
    w.name = spec.name;
    w.source = std::make_unique<viz::SimRunner>(std::move(seoul), std::move(setup), spec.days, std::move(from_state));
    return w;
}

// A finished file, with the districts' tables and outlines of lonesim's own data.
LoadedSource load_replay(const Options& o) {
    using namespace lonesim;
    const std::string data = share_path("scenarios/data");
    SeoulData seoul = load_seoul(data);
    LoadedSource w;
    w.map = std::make_unique<viz::DistrictMap>(seoul, data + "/seoul_district_boundaries.csv");
    if (!o.script.empty()) w.script = viz::load_script(o.script, {}, seoul, 36500);  // screen actions only: a replay's programmes ran as they ran
    auto replay = std::make_unique<viz::Replay>(o.replay, std::move(seoul), o.replicate, o.replay_scenario);
    w.titles = {replay->titles().en, replay->titles().ko};
    w.agents = replay->agents();
    w.name = std::filesystem::path(o.replay).filename().string();
    w.source = std::move(replay);
    return w;
}

// Nothing after an error line.
std::optional<LoadedSource> load_source(const Options& o) {
    try {
        return o.replay.empty() ? load_live(o) : load_replay(o);
    } catch (const lonesim::InputError& e) {
        std::fprintf(stderr, "lonesim-viz: %s\n", e.what());
        return std::nullopt;
    } catch (const std::exception& e) {  // what no check foresaw (memory, a library's error): still one line
        std::fprintf(stderr, "lonesim-viz: %s: %s\n", o.replay.empty() ? o.scenario_path.c_str() : o.replay.c_str(), e.what());
        return std::nullopt;
    }
}

// A district named on the command line (--select, --hover), or -1 after an error line.
int district_named(const lonesim::SeoulData& seoul, const std::string& option, const std::string& name) {
    for (std::size_t d = 0; d < seoul.districts.size(); ++d)
        if (seoul.districts[d].name == name) return static_cast<int>(d);
    std::vector<std::string> names;
    for (const auto& d : seoul.districts) names.push_back(d.name);
    const std::string near = lonesim::nearest(name, names);
    std::fprintf(stderr, "lonesim-viz: %s: no district '%s'%s\n", option.c_str(), name.c_str(), near.empty() ? "" : (", did you mean '" + near + "'?").c_str());
    return -1;
}

// An OpenGL 3.2 core window, current on this thread; nullptr after an error line.
GLFWwindow* open_window(int width, int height, const std::string& title, bool resizable) {
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit()) {
        std::fprintf(stderr, "lonesim-viz: cannot open a window (no display? try xvfb-run for a headless run)\n");
        return nullptr;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 2);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
    glfwWindowHint(GLFW_RESIZABLE, resizable ? GLFW_TRUE : GLFW_FALSE);
    GLFWwindow* window = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "lonesim-viz: cannot create an OpenGL 3.2 window\n");
        glfwTerminate();
        return nullptr;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    return window;
}

struct Fonts {
    ImFont* normal = nullptr;
    ImFont* large = nullptr;  // presentation mode's; nullptr without a font file (ImGui's font is scaled instead)
    bool korean = false;      // the fonts have Hangul
    float scale = 1;          // presentation mode's size against the normal one
};

constexpr float kNormalPixels = 16;

// ImGui on the window, with its fonts: Nanum Gothic (Debian's fonts-nanum) with ImGui's
// Korean glyph ranges, Latin, and the punctuation the interface uses; DejaVu Sans without
// it (English only). Presentation mode's size follows the window: 28 px on 1080 lines.
Fonts start_imgui(GLFWwindow* window, int height) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the layout is fixed; nothing to remember
    ImGui::StyleColorsDark();
    ImGui::GetStyle().WindowRounding = 0;
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 150");
    const float large = std::clamp(std::round(28.0f * static_cast<float>(height) / 1080.0f), 22.0f, 64.0f);
    Fonts fonts;
    fonts.scale = large / kNormalPixels;
    const char* kNanum = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf";
    const char* kDejaVu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    if (std::filesystem::exists(kNanum)) {
        static ImVector<ImWchar> ranges;  // must outlive the atlas' build
        ImFontGlyphRangesBuilder builder;
        builder.AddRanges(io.Fonts->GetGlyphRangesKorean());
        static const ImWchar kPunctuation[] = {0x2010, 0x205E, 0x2190, 0x2193, 0x2212, 0x2212, 0};  // dashes, quotes, ..., arrows, minus
        builder.AddRanges(kPunctuation);
        builder.BuildRanges(&ranges);
        fonts.normal = io.Fonts->AddFontFromFileTTF(kNanum, kNormalPixels, nullptr, ranges.Data);
        fonts.large = io.Fonts->AddFontFromFileTTF(kNanum, large, nullptr, ranges.Data);
        fonts.korean = fonts.normal && fonts.large;
    } else if (std::filesystem::exists(kDejaVu)) {
        fonts.normal = io.Fonts->AddFontFromFileTTF(kDejaVu, kNormalPixels);
        fonts.large = io.Fonts->AddFontFromFileTTF(kDejaVu, large);
    }
    if (!fonts.normal) fonts.normal = io.Fonts->AddFontDefault();
    return fonts;
}

void close_window(GLFWwindow* window) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
}

// The interface as the command line starts it: fonts, language, mode, district, map
// colouring, time axis, speed.
void apply_start_options(lonesim::viz::App& app, const Options& o, const Fonts& fonts, int selected) {
    using namespace lonesim;
    app.normal_font = fonts.normal, app.large_font = fonts.large;
    app.lang = o.lang == "ko" ? viz::Lang::ko : viz::Lang::en;
    app.presentation = o.present;
    app.recording = !o.record.empty();
    app.selected = selected;
    app.window_months = o.window_months;
    app.replay_file = o.replay;
    if (!o.metric_name.empty()) {
        const char* names[] = {"lonely", "isolated", "reclusive", "loneliness", "change"};
        for (int k = 0; k < viz::kMapMetricCount; ++k)
            if (o.metric_name == names[k]) app.metric = static_cast<viz::MapMetric>(k);
    }
    app.set_speed(o.speed, o.fastest);
    if (o.reverse) app.play_backwards();
    else app.play(!o.paused);
}

// The window follows the interface's fullscreen switch, and returns to where it was.
class FullscreenSwitch {
public:
    FullscreenSwitch(int width, int height) : saved_w_(width), saved_h_(height) {}
    bool on() const { return on_; }

    void follow(GLFWwindow* window, bool wanted) {
        if (wanted == on_) return;
        if (wanted) {
            glfwGetWindowPos(window, &saved_x_, &saved_y_);
            glfwGetWindowSize(window, &saved_w_, &saved_h_);
            GLFWmonitor* monitor = glfwGetPrimaryMonitor();
            if (const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr)
                glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
        } else {
            glfwSetWindowMonitor(window, nullptr, saved_x_, saved_y_, saved_w_, saved_h_, 0);
        }
        on_ = wanted;
    }

private:
    bool on_ = false;
    int saved_x_ = 0, saved_y_ = 0, saved_w_, saved_h_;
};

// Escape leaves fullscreen; F11 switches it (once per 300 ms while held); not while recording.
void fullscreen_keys(GLFWwindow* window, lonesim::viz::App& app, bool is_fullscreen, int drawn) {
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)) && is_fullscreen) app.fullscreen = false;
    if (glfwGetKey(window, GLFW_KEY_F11) == GLFW_PRESS && drawn > 0 && !ImGui::GetIO().WantTextInput && !app.recording) {
        static auto last = Clock::now();
        if (Clock::now() - last > std::chrono::milliseconds(300)) app.fullscreen = !app.fullscreen, last = Clock::now();
    }
    if (app.recording) app.fullscreen = false;
}

struct FrameSize {
    int width = 0, height = 0;
};

// One frame of the interface, built and handed to ImGui's renderer (not yet drawn).
// Presentation mode scales the font and every size of the style (padding, spacing,
// borders, scroll bars); the interface scales its own lines by the font size.
FrameSize build_interface(GLFWwindow* window, lonesim::viz::App& app, const Fonts& fonts) {
    ImGuiIO& io = ImGui::GetIO();
    static const ImGuiStyle base = ImGui::GetStyle();
    static bool scaled = false;
    if (app.presentation != scaled) {
        ImGui::GetStyle() = base;
        if (app.presentation) ImGui::GetStyle().ScaleAllSizes(fonts.scale);
        scaled = app.presentation;
    }
    io.FontDefault = app.presentation && fonts.large ? fonts.large : fonts.normal;
    io.FontGlobalScale = app.presentation && !fonts.large ? fonts.scale : 1.0f;
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    FrameSize size;
    glfwGetFramebufferSize(window, &size.width, &size.height);
    app.frame(size.width, size.height);
    ImGui::Render();
    return size;
}

void draw_interface(FrameSize size) {
    glViewport(0, 0, size.width, size.height);
    glClearColor(0.094f, 0.102f, 0.122f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

// The last frame, for --screenshot and --layout-json; false if the screenshot failed.
bool save_last_frame(const Options& o, const lonesim::viz::App& app, FrameSize size) {
    bool ok = true;
    // ImGui lays a window out on its first frames; by now the frame is settled.
    if (!save_screenshot(o.screenshot, size.width, size.height)) {
        std::fprintf(stderr, "lonesim-viz: %s: cannot write the screenshot (or the name was taken meanwhile)\n", o.screenshot.c_str());
        ok = false;
    }
    if (!o.layout_json.empty()) save_layout(o.layout_json, app, size.width, size.height);
    return ok;
}

// How fast the frames came, for the closing line.
struct FrameTimes {
    Clock::time_point started = Clock::now();
    double slowest = 0, interface_seconds = 0;
    int drawn = 0;
};

// The closing line of a --frames run and what went wrong; false if the simulation failed.
bool report_run(const FrameTimes& t, const lonesim::viz::History& h, bool enough_days, bool timed_out) {
    const double wall = std::chrono::duration<double>(Clock::now() - t.started).count();
    std::printf("lonesim-viz: %d frames in %.1f s (%.0f frames/s; slowest frame %.1f ms after the first 10; "
                "building the interface %.2f ms a frame, the rest is OpenGL and waiting), %zu days simulated, %.1f ms a day\n",
                t.drawn, wall, t.drawn / wall, t.slowest * 1e3, t.interface_seconds / t.drawn * 1e3, h.days.size(), h.seconds_per_day * 1e3);
    bool ok = true;
    if (!h.error.empty()) std::fprintf(stderr, "lonesim-viz: the simulation stopped: %s\n", h.error.c_str()), ok = false;
    if (timed_out && !enough_days) std::fprintf(stderr, "lonesim-viz: only %zu days simulated in 5 minutes\n", h.days.size());
    return ok;
}

// The S key's picture, under a new name in the current folder.
void save_requested_picture(lonesim::viz::App& app, FrameSize size) {
    if (!app.png_requested) return;
    app.png_requested = false;
    const std::string name = new_picture_name();
    if (save_screenshot(name, size.width, size.height)) {
        app.png_saved = name;
        std::printf("lonesim-viz: saved %s\n", name.c_str());
    } else {
        std::fprintf(stderr, "lonesim-viz: %s: cannot write the picture\n", name.c_str());
    }
}

// The log lines the interface added since the last frame, on standard output.
void print_log(const lonesim::viz::App& app, std::size_t& printed) {
    for (; printed < app.log_lines().size(); ++printed) std::printf("lonesim-viz: %s\n", app.log_lines()[printed].c_str());
    std::fflush(stdout);
}

// The frame loop, until the window closes, a signal comes or --frames are drawn; the exit code.
int run_frames(GLFWwindow* window, lonesim::viz::App& app, const Options& o, const Fonts& fonts, int hovered, int horizon_days,
               VideoRecorder* video) {
    FullscreenSwitch fullscreen(o.width, o.height);
    FrameTimes times;
    std::size_t printed = 0;
    bool shown_day_set = false;
    int rc = 0;
    const auto frame_time = std::chrono::microseconds(video ? 1'000'000 / o.record_fps : 16'667);
    for (;;) {
        const auto t0 = Clock::now();
        glfwPollEvents();
        if (glfwWindowShouldClose(window)) break;
        if (g_signal != 0) {
            std::fprintf(stderr, "lonesim-viz: stopped by signal %d%s\n", g_signal.load(), video ? "; the video keeps the frames so far" : "");
            rc = 2;
            break;
        }
        fullscreen_keys(window, app, fullscreen.on(), times.drawn);
        fullscreen.follow(window, app.fullscreen);
        if (hovered >= 0 && times.drawn > 0) {  // move the pointer onto the district, as a presenter would
            const auto& p = app.layout().district_points[static_cast<std::size_t>(hovered)];
            glfwSetCursorPos(window, p.x, p.y);
        }
        const auto& h = app.history();
        if (o.show_day >= 0 && !shown_day_set && static_cast<int>(h.days.size()) > o.show_day) app.show_day(o.show_day), shown_day_set = true;
        const FrameSize size = build_interface(window, app, fonts);
        times.interface_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
        draw_interface(size);
        ++times.drawn;
        print_log(app, printed);
        save_requested_picture(app, size);
        if (video && !video->add(size.width, size.height)) {
            std::fprintf(stderr, "lonesim-viz: %s: ffmpeg stopped taking frames\n", o.record.c_str());
            rc = 2;
            break;
        }
        const bool enough_days = static_cast<int>(h.days.size()) >= std::min(o.min_days, horizon_days) || !h.error.empty();
        const bool timed_out = Clock::now() - times.started > std::chrono::minutes(5);
        const bool last = o.frames > 0 && times.drawn >= o.frames && (enough_days || timed_out);
        if (last && !o.screenshot.empty() && !save_last_frame(o, app, size)) rc = 2;
        if (last && o.screenshot.empty() && !o.layout_json.empty()) save_layout(o.layout_json, app, size.width, size.height);
        glfwSwapBuffers(window);
        const double spent = std::chrono::duration<double>(Clock::now() - t0).count();
        if (times.drawn > 10) times.slowest = std::max(times.slowest, spent);
        if (last) {
            if (!report_run(times, h, enough_days, timed_out)) rc = 2;
            break;
        }
        // At most 60 frames a second (a recording's rate while recording): the simulation
        // gets the rest of the machine.
        const auto frame_end = t0 + frame_time;
        if (Clock::now() < frame_end) std::this_thread::sleep_until(frame_end);
    }
    return rc;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace lonesim;
    Options o;
    if (const auto rc = parse_options(argc, argv, o)) return *rc;
    if (!check_options(o)) return 2;

    std::unique_ptr<tbb::global_control> limit;
    if (o.threads > 0) limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, o.threads);

    auto loaded = load_source(o);
    if (!loaded) return 2;
    const SeoulData& seoul = loaded->source->seoul();
    const int selected = o.select.empty() ? -1 : district_named(seoul, "--select", o.select);
    const int hovered = o.hover.empty() ? -1 : district_named(seoul, "--hover", o.hover);
    if ((!o.select.empty() && selected < 0) || (!o.hover.empty() && hovered < 0)) return 2;

    GLFWwindow* window = open_window(o.width, o.height, "lonesim - " + loaded->name, o.record.empty());
    if (!window) return 1;
    const Fonts fonts = start_imgui(window, o.height);
    if (o.lang == "ko" && !fonts.korean) {
        std::fprintf(stderr, "lonesim-viz: --lang ko: no Korean font (apt-get install fonts-nanum)\n");
        close_window(window);
        return 2;
    }
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, on_signal);

    viz::App app(*loaded->source, loaded->titles, std::move(*loaded->map), loaded->agents, loaded->script);
    apply_start_options(app, o, fonts, selected);
    std::unique_ptr<VideoRecorder> video;
    if (!o.record.empty()) {
        int w = 0, h = 0;
        glfwGetFramebufferSize(window, &w, &h);
        if (w % 2 || h % 2) {
            std::fprintf(stderr, "lonesim-viz: --record: the window's pixels are %dx%d; H.264 needs an even width and height\n", w, h);
            close_window(window);
            return 2;
        }
        video = std::make_unique<VideoRecorder>(o.record, w, h, o.record_fps);
        if (!video->started()) {
            std::fprintf(stderr, "lonesim-viz: %s: --record: cannot start /usr/bin/ffmpeg\n", o.record.c_str());
            close_window(window);
            return 2;
        }
    }
    int rc = run_frames(window, app, o, fonts, hovered, loaded->source->horizon_days(), video.get());
    if (video) {
        const int frames = video->frames();
        if (video->finish()) std::printf("lonesim-viz: recorded %s: %d frames at %d frames/s\n", o.record.c_str(), frames, o.record_fps);
        else std::fprintf(stderr, "lonesim-viz: %s: the video could not be made (ffmpeg failed, or the name was taken meanwhile)\n", o.record.c_str()), rc = 2;
    }
    close_window(window);
    return rc;
}
