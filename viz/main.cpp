// lonesim-viz: a scenario on a screen, live, for presenters. The window and ImGui run on
// the main thread; the simulation runs on its own (viz/sim_runner.hpp).
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <stb_image_write.h>
#include <tbb/global_control.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/programme_file.hpp"
#include "app/seoul_tables.hpp"
#include "models/parameters.hpp"
#include "models/programmes/programme.hpp"
#include "sim/input_error.hpp"
#include "sim/nearest.hpp"
#include "app/scenario.hpp"
#include "app/start_state.hpp"
#include "app/state_file.hpp"
#include "viz/app.hpp"
#include "lonesim_commit.hpp"

namespace {

// The window's pixels as a PNG, written beside the target and renamed into place.
bool save_screenshot(const std::string& path, int width, int height) {
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    const std::size_t row = static_cast<std::size_t>(width) * 4;
    std::vector<unsigned char> flipped(pixels.size());
    for (int y = 0; y < height; ++y)
        std::copy_n(pixels.data() + static_cast<std::size_t>(height - 1 - y) * row, row, flipped.data() + static_cast<std::size_t>(y) * row);
    const std::string partial = path + ".partial";
    if (!stbi_write_png(partial.c_str(), width, height, 4, flipped.data(), static_cast<int>(row))) {
        std::filesystem::remove(partial);
        return false;
    }
    std::error_code ec;
    std::filesystem::rename(partial, path, ec);
    return !ec;
}

// Where the map and the charts were drawn, for the screenshot check (tests/viz).
void save_layout(const std::string& path, const lonesim::viz::Layout& l, int width, int height, int days) {
    std::ofstream f(path);
    f << "{\n  \"width\": " << width << ", \"height\": " << height << ", \"days\": " << days << ",\n";
    f << "  \"map\": [" << l.map_x << ", " << l.map_y << ", " << l.map_w << ", " << l.map_h << "],\n";
    f << "  \"district_points\": [";
    for (std::size_t k = 0; k < l.district_points.size(); ++k)
        f << (k ? ", " : "") << "[" << l.district_points[k].x << ", " << l.district_points[k].y << "]";
    f << "],\n  \"charts\": {";
    for (std::size_t k = 0; k < l.charts.size(); ++k)
        f << (k ? ", " : "") << "\"" << l.charts[k].name << "\": [" << l.charts[k].x << ", " << l.charts[k].y << ", " << l.charts[k].w
          << ", " << l.charts[k].h << "]";
    f << "},\n  \"hovered\": " << l.hovered << "\n}\n";
}

void on_glfw_error(int code, const char* what) { std::fprintf(stderr, "lonesim-viz: GLFW error %d: %s\n", code, what); }

using Clock = std::chrono::steady_clock;

// The command line, as given.
struct Options {
    std::string scenario_path, screenshot, layout_json, select, hover, metric_name, from_state;
    std::int64_t agents = 0, seed = -1;
    double scale = 0, speed = 20;
    int frames = 0, width = 1600, height = 900, threads = 0, min_days = 30;
    bool present = false, fullscreen = false, fastest = false, paused = false;
};

void declare_options(CLI::App& cli, Options& o) {
    cli.add_option("scenario", o.scenario_path, "Scenario file (TOML)")->required();
    auto* agents_opt = cli.add_option("--agents", o.agents, "World size in agents")->check(CLI::Range(std::int64_t{25}, std::int64_t{100'000'000}));
    cli.add_option("--scale", o.scale, "World size as a fraction of Seoul's 1,660,813 households")->check(CLI::Range(1e-6, 10.0))->excludes(agents_opt);
    cli.add_option("--seed", o.seed, "Random seed")->check(CLI::Range(std::int64_t{0}, INT64_MAX));
    cli.add_option("--threads", o.threads, "Simulation threads (default: all cores)")->check(CLI::Range(1, 1024));
    cli.add_option("--from-state", o.from_state,
                   "Start from a state saved right after the burn-in (lonesim run ... --save-state FILE --save-state-at 0), no burn-in");
    cli.add_option("--speed", o.speed, "Days a second when playing")->check(CLI::Range(1.0, 365.0));
    cli.add_flag("--fastest", o.fastest, "Play as fast as the machine allows");
    cli.add_flag("--paused", o.paused, "Start paused (default: playing)");
    cli.add_option("--width", o.width, "Window width in pixels")->check(CLI::Range(640, 7680));
    cli.add_option("--height", o.height, "Window height in pixels")->check(CLI::Range(480, 4320));
    cli.add_flag("--present", o.present, "Start in presentation mode (large text)");
    cli.add_flag("--fullscreen", o.fullscreen, "Start fullscreen");
    cli.add_option("--hover", o.hover, "Headless checks: keep the mouse over this district (shows its tooltip)");
    cli.add_option("--select", o.select, "Start with a district selected (English name, e.g. Gwanak-gu)");
    cli.add_option("--metric", o.metric_name, "Map colouring: lonely, isolated, reclusive, loneliness or change")
        ->check(CLI::IsMember({"lonely", "isolated", "reclusive", "loneliness", "change"}));
    cli.add_option("--frames", o.frames, "Render this many frames, then quit (with --screenshot, save the last)")->check(CLI::Range(1, 1000000));
    cli.add_option("--min-days", o.min_days, "With --frames: keep drawing until this many days are simulated (at most 5 minutes)")
        ->check(CLI::Range(0, 36500));
    cli.add_option("--screenshot", o.screenshot, "Save the last frame as PNG");
    cli.add_option("--layout-json", o.layout_json, "Save where the map and charts were drawn (JSON), for tests");
}

// The options, or the exit code when there is nothing to run (--help: 0, a bad option: 2).
std::optional<int> parse_options(int argc, char** argv, Options& o) {
    CLI::App cli{"lonesim-viz: a scenario of Seoul's single-person households, live"};
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

// The scenario with the command line's overrides, Seoul's tables and the district outlines.
struct LoadedScenario {
    lonesim::ScenarioSpec spec;
    lonesim::SimulationSetup setup;
    lonesim::SeoulData seoul;
    std::unique_ptr<lonesim::viz::DistrictMap> map;
    std::optional<lonesim::StateFile> from_state;
};

// Nothing after an error line.
std::optional<LoadedScenario> load_world(const Options& o) {
    using namespace lonesim;
    LoadedScenario w;
    try {
        w.spec = load_scenario(o.scenario_path, parameter_table(), &programme_rules());
        if (o.agents > 0) w.spec.agents = o.agents;
        if (o.scale > 0) w.spec.scale = o.scale, w.spec.agents = 0;
        if (o.seed >= 0) w.spec.seed = static_cast<std::uint64_t>(o.seed);
        w.seoul = load_seoul(w.spec.data_dir);
        w.setup = setup_for(w.spec, w.seoul);
        w.map = std::make_unique<viz::DistrictMap>(w.seoul, w.spec.data_dir + "/seoul_district_boundaries.csv");
        if (!o.from_state.empty()) {
            // Checked as the baseline's start (the scenario's programmes start on it).
            ScenarioSpec base = w.spec;
            base.programmes.clear(), base.policy.clear();
            w.from_state = check_state_file(o.from_state, base);
            if (w.from_state->day != 0)
                throw InputError(o.from_state, 0, "--from-state",
                                 "is of day " + std::to_string(w.from_state->day) +
                                     "; the visualizer starts from a state of day 0 (lonesim run ... --save-state FILE --save-state-at 0)");
        } else if (!w.spec.starts_from.empty()) {
            // The period before's end, from the state cache (made once if it is not there).
            StartOptions start;
            start.progress = isatty(STDERR_FILENO) != 0;  // the history can take minutes at full size
            w.from_state = PeriodStart(w.spec, start).state();
        }
    } catch (const InputError& e) {
        std::fprintf(stderr, "lonesim-viz: %s\n", e.what());
        return std::nullopt;
    }
    return w;
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
GLFWwindow* open_window(int width, int height, const std::string& title) {
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit()) {
        std::fprintf(stderr, "lonesim-viz: cannot open a window (no display? try xvfb-run for a headless run)\n");
        return nullptr;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 2);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
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
    ImFont* large = nullptr;  // for presentation mode; nullptr without DejaVu (ImGui's font is scaled instead)
};

// ImGui on the window, with its fonts.
Fonts start_imgui(GLFWwindow* window) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the layout is fixed; nothing to remember
    ImGui::StyleColorsDark();
    ImGui::GetStyle().WindowRounding = 0;
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 150");
    // DejaVu Sans if Debian's fonts-dejavu-core is there; ImGui's own font otherwise.
    const char* kFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    Fonts fonts;
    if (std::filesystem::exists(kFont)) {
        fonts.normal = io.Fonts->AddFontFromFileTTF(kFont, 15.0f);
        fonts.large = io.Fonts->AddFontFromFileTTF(kFont, 22.0f);
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

// The interface as the command line starts it: fonts, mode, district, map colouring, speed.
void apply_start_options(lonesim::viz::App& app, const Options& o, const Fonts& fonts, int selected) {
    using namespace lonesim;
    app.normal_font = fonts.normal, app.large_font = fonts.large;
    app.presentation = o.present;
    app.selected = selected;
    if (!o.metric_name.empty()) {
        const char* names[] = {"lonely", "isolated", "reclusive", "loneliness", "change"};
        for (int k = 0; k < viz::kMapMetricCount; ++k)
            if (o.metric_name == names[k]) app.metric = static_cast<viz::MapMetric>(k);
    }
    app.set_speed(o.speed, o.fastest);
    app.play(!o.paused);
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

// Escape leaves fullscreen; F11 switches it (once per 300 ms while held).
void fullscreen_keys(GLFWwindow* window, lonesim::viz::App& app, bool is_fullscreen, int drawn) {
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)) && is_fullscreen) app.fullscreen = false;
    if (glfwGetKey(window, GLFW_KEY_F11) == GLFW_PRESS && drawn > 0 && !ImGui::GetIO().WantTextInput) {
        static auto last = Clock::now();
        if (Clock::now() - last > std::chrono::milliseconds(300)) app.fullscreen = !app.fullscreen, last = Clock::now();
    }
}

struct FrameSize {
    int width = 0, height = 0;
};

// One frame of the interface, built and handed to ImGui's renderer (not yet drawn).
FrameSize build_interface(GLFWwindow* window, lonesim::viz::App& app, const Fonts& fonts) {
    ImGuiIO& io = ImGui::GetIO();
    io.FontDefault = app.presentation && fonts.large ? fonts.large : fonts.normal;
    io.FontGlobalScale = app.presentation && !fonts.large ? 1.5f : 1.0f;
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
        std::fprintf(stderr, "lonesim-viz: %s: cannot write the screenshot\n", o.screenshot.c_str());
        ok = false;
    }
    if (!o.layout_json.empty()) save_layout(o.layout_json, app.layout(), size.width, size.height, static_cast<int>(app.history().days.size()));
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
                "building the interface %.2f ms a frame, the rest is OpenGL and waiting), %zu days simulated\n",
                t.drawn, wall, t.drawn / wall, t.slowest * 1e3, t.interface_seconds / t.drawn * 1e3, h.days.size());
    bool ok = true;
    if (!h.error.empty()) std::fprintf(stderr, "lonesim-viz: the simulation stopped: %s\n", h.error.c_str()), ok = false;
    if (timed_out && !enough_days) std::fprintf(stderr, "lonesim-viz: only %zu days simulated in 5 minutes\n", h.days.size());
    return ok;
}

// The frame loop, until the window closes or --frames are drawn; the exit code.
int run_frames(GLFWwindow* window, lonesim::viz::App& app, const Options& o, const Fonts& fonts, int hovered, int horizon_days) {
    FullscreenSwitch fullscreen(o.width, o.height);
    FrameTimes times;
    int rc = 0;
    for (;;) {
        const auto t0 = Clock::now();
        glfwPollEvents();
        if (glfwWindowShouldClose(window)) break;
        fullscreen_keys(window, app, fullscreen.on(), times.drawn);
        fullscreen.follow(window, app.fullscreen);
        if (hovered >= 0 && times.drawn > 0) {  // move the pointer onto the district, as a presenter would
            const auto& p = app.layout().district_points[static_cast<std::size_t>(hovered)];
            glfwSetCursorPos(window, p.x, p.y);
        }
        const FrameSize size = build_interface(window, app, fonts);
        times.interface_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
        draw_interface(size);
        ++times.drawn;
        const auto& h = app.history();
        const bool enough_days = static_cast<int>(h.days.size()) >= std::min(o.min_days, horizon_days) || !h.error.empty();
        const bool timed_out = Clock::now() - times.started > std::chrono::minutes(5);
        const bool last = o.frames > 0 && times.drawn >= o.frames && (enough_days || timed_out);
        if (last && !o.screenshot.empty() && !save_last_frame(o, app, size)) rc = 2;
        glfwSwapBuffers(window);
        const double spent = std::chrono::duration<double>(Clock::now() - t0).count();
        if (times.drawn > 10) times.slowest = std::max(times.slowest, spent);
        if (last) {
            if (!report_run(times, h, enough_days, timed_out)) rc = 2;
            break;
        }
        // At most 60 frames a second: the simulation gets the rest of the machine.
        const auto frame_end = t0 + std::chrono::microseconds(16'667);
        if (Clock::now() < frame_end) std::this_thread::sleep_until(frame_end);
    }
    return rc;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace lonesim;
    Options o;
    if (const auto rc = parse_options(argc, argv, o)) return *rc;

    std::unique_ptr<tbb::global_control> limit;
    if (o.threads > 0) limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, o.threads);

    auto world = load_world(o);
    if (!world) return 2;
    const int selected = o.select.empty() ? -1 : district_named(world->seoul, "--select", o.select);
    const int hovered = o.hover.empty() ? -1 : district_named(world->seoul, "--hover", o.hover);
    if ((!o.select.empty() && selected < 0) || (!o.hover.empty() && hovered < 0)) return 2;

    GLFWwindow* window = open_window(o.width, o.height, "lonesim - " + world->spec.name);
    if (!window) return 1;
    const Fonts fonts = start_imgui(window);

    const ScenarioSpec& spec = world->spec;
    viz::SimRunner runner(world->seoul, world->setup, spec.days, world->from_state);
    viz::App app(runner, spec.name + (spec.description.empty() ? "" : ": " + spec.description), std::move(*world->map), world->setup.agents);
    apply_start_options(app, o, fonts, selected);
    const int rc = run_frames(window, app, o, fonts, hovered, spec.days);
    close_window(window);
    return rc;
}
