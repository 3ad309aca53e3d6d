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
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include "app/programme_file.hpp"
#include "app/seoul_tables.hpp"
#include "models/parameters.hpp"
#include "models/programmes/programme.hpp"
#include "sim/input_error.hpp"
#include "app/scenario.hpp"
#include "viz/app.hpp"

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

}  // namespace

int main(int argc, char** argv) {
    using namespace lonesim;
    CLI::App cli{"lonesim-viz: a scenario of Seoul's single-person households, live"};
    std::string scenario_path, screenshot, layout_json, select, metric_name;
    std::int64_t agents = 0, seed = -1;
    double scale = 0, speed = 20;
    int frames = 0, width = 1600, height = 900, threads = 0, min_days = 30;
    bool present = false, fullscreen = false, fastest = false, paused = false;
    cli.add_option("scenario", scenario_path, "Scenario file (TOML)")->required();
    auto* agents_opt = cli.add_option("--agents", agents, "World size in agents")->check(CLI::Range(std::int64_t{25}, std::int64_t{100'000'000}));
    cli.add_option("--scale", scale, "World size as a fraction of Seoul's 1,660,813 households")->check(CLI::Range(1e-6, 10.0))->excludes(agents_opt);
    cli.add_option("--seed", seed, "Random seed")->check(CLI::Range(std::int64_t{0}, INT64_MAX));
    cli.add_option("--threads", threads, "Simulation threads (default: all cores)")->check(CLI::Range(1, 1024));
    cli.add_option("--speed", speed, "Days a second when playing")->check(CLI::Range(1.0, 365.0));
    cli.add_flag("--fastest", fastest, "Play as fast as the machine allows");
    cli.add_flag("--paused", paused, "Start paused (default: playing)");
    cli.add_option("--width", width, "Window width in pixels")->check(CLI::Range(640, 7680));
    cli.add_option("--height", height, "Window height in pixels")->check(CLI::Range(480, 4320));
    cli.add_flag("--present", present, "Start in presentation mode (large text)");
    cli.add_flag("--fullscreen", fullscreen, "Start fullscreen");
    std::string hover;
    cli.add_option("--hover", hover, "Headless checks: keep the mouse over this district (shows its tooltip)");
    cli.add_option("--select", select, "Start with a district selected (English name, e.g. Gwanak-gu)");
    cli.add_option("--metric", metric_name, "Map colouring: lonely, isolated, reclusive, loneliness or change")
        ->check(CLI::IsMember({"lonely", "isolated", "reclusive", "loneliness", "change"}));
    cli.add_option("--frames", frames, "Render this many frames, then quit (with --screenshot, save the last)")->check(CLI::Range(1, 1000000));
    cli.add_option("--min-days", min_days, "With --frames: keep drawing until this many days are simulated (at most 5 minutes)")
        ->check(CLI::Range(0, 36500));
    cli.add_option("--screenshot", screenshot, "Save the last frame as PNG");
    cli.add_option("--layout-json", layout_json, "Save where the map and charts were drawn (JSON), for tests");
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = cli.exit(e);
        return rc == 0 ? 0 : 2;
    }

    std::unique_ptr<tbb::global_control> limit;
    if (threads > 0) limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, threads);

    ScenarioSpec spec;
    SimulationSetup setup;
    SeoulData seoul;
    std::unique_ptr<viz::DistrictMap> map;
    try {
        spec = load_scenario(scenario_path, parameter_table(), &programme_rules());
        if (agents > 0) spec.agents = agents;
        if (scale > 0) spec.scale = scale, spec.agents = 0;
        if (seed >= 0) spec.seed = static_cast<std::uint64_t>(seed);
        seoul = load_seoul(spec.data_dir);
        setup = setup_for(spec, seoul);
        map = std::make_unique<viz::DistrictMap>(seoul, spec.data_dir + "/seoul_district_boundaries.csv");
    } catch (const InputError& e) {
        std::fprintf(stderr, "lonesim-viz: %s\n", e.what());
        return 2;
    }
    // A district named on the command line (--select, --hover), or -1 after an error line.
    auto district_named = [&](const std::string& option, const std::string& name) {
        for (std::size_t d = 0; d < seoul.districts.size(); ++d)
            if (seoul.districts[d].name == name) return static_cast<int>(d);
        std::vector<std::string> names;
        for (const auto& d : seoul.districts) names.push_back(d.name);
        const std::string near = nearest(name, names);
        std::fprintf(stderr, "lonesim-viz: %s: no district '%s'%s\n", option.c_str(), name.c_str(), near.empty() ? "" : (", did you mean '" + near + "'?").c_str());
        return -1;
    };
    const int selected = select.empty() ? -1 : district_named("--select", select);
    const int hovered = hover.empty() ? -1 : district_named("--hover", hover);
    if ((!select.empty() && selected < 0) || (!hover.empty() && hovered < 0)) return 2;

    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit()) {
        std::fprintf(stderr, "lonesim-viz: cannot open a window (no display? try xvfb-run for a headless run)\n");
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 2);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
    const std::string title = "lonesim - " + spec.name;
    GLFWwindow* window = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "lonesim-viz: cannot create an OpenGL 3.2 window\n");
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);

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
    ImFont* normal = nullptr;
    ImFont* large = nullptr;
    if (std::filesystem::exists(kFont)) {
        normal = io.Fonts->AddFontFromFileTTF(kFont, 15.0f);
        large = io.Fonts->AddFontFromFileTTF(kFont, 22.0f);
    }
    if (!normal) normal = io.Fonts->AddFontDefault();

    viz::SimRunner runner(seoul, setup, spec.days);
    viz::App app(runner, spec.name + (spec.description.empty() ? "" : ": " + spec.description), std::move(*map), setup.agents);
    app.normal_font = normal, app.large_font = large;
    app.presentation = present;
    app.selected = selected;
    if (!metric_name.empty()) {
        const char* names[] = {"lonely", "isolated", "reclusive", "loneliness", "change"};
        for (int k = 0; k < viz::kMapMetricCount; ++k)
            if (metric_name == names[k]) app.metric = static_cast<viz::MapMetric>(k);
    }
    app.set_speed(speed, fastest);
    app.play(!paused);

    bool is_fullscreen = false;
    int saved_x = 0, saved_y = 0, saved_w = width, saved_h = height;
    using Clock = std::chrono::steady_clock;
    const auto started = Clock::now();
    double slowest = 0, interface_seconds = 0;
    int drawn = 0;
    int rc = 0;
    for (;;) {
        const auto t0 = Clock::now();
        glfwPollEvents();
        if (glfwWindowShouldClose(window)) break;
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)) && is_fullscreen) app.fullscreen = false;
        if (glfwGetKey(window, GLFW_KEY_F11) == GLFW_PRESS && drawn > 0 && !io.WantTextInput) {
            static auto last = Clock::now();
            if (Clock::now() - last > std::chrono::milliseconds(300)) app.fullscreen = !app.fullscreen, last = Clock::now();
        }
        if (app.fullscreen != is_fullscreen) {
            if (app.fullscreen) {
                glfwGetWindowPos(window, &saved_x, &saved_y);
                glfwGetWindowSize(window, &saved_w, &saved_h);
                GLFWmonitor* monitor = glfwGetPrimaryMonitor();
                if (const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr)
                    glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
            } else {
                glfwSetWindowMonitor(window, nullptr, saved_x, saved_y, saved_w, saved_h, 0);
            }
            is_fullscreen = app.fullscreen;
        }
        if (hovered >= 0 && drawn > 0) {  // move the pointer onto the district, as a presenter would
            const auto& p = app.layout().district_points[static_cast<std::size_t>(hovered)];
            glfwSetCursorPos(window, p.x, p.y);
        }
        io.FontDefault = app.presentation && large ? large : normal;
        io.FontGlobalScale = app.presentation && !large ? 1.5f : 1.0f;

        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        int fw = 0, fh = 0;
        glfwGetFramebufferSize(window, &fw, &fh);
        app.frame(fw, fh);
        ImGui::Render();
        interface_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
        glViewport(0, 0, fw, fh);
        glClearColor(0.094f, 0.102f, 0.122f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        ++drawn;
        const auto& h = app.history();
        const bool enough_days = static_cast<int>(h.days.size()) >= std::min(min_days, spec.days) || !h.error.empty();
        const bool timed_out = Clock::now() - started > std::chrono::minutes(5);
        const bool last = frames > 0 && drawn >= frames && (enough_days || timed_out);
        if (last && !screenshot.empty()) {
            // ImGui lays a window out on its first frames; by now the frame is settled.
            if (!save_screenshot(screenshot, fw, fh)) {
                std::fprintf(stderr, "lonesim-viz: %s: cannot write the screenshot\n", screenshot.c_str());
                rc = 2;
            }
            if (!layout_json.empty()) save_layout(layout_json, app.layout(), fw, fh, static_cast<int>(h.days.size()));
        }
        glfwSwapBuffers(window);
        const double spent = std::chrono::duration<double>(Clock::now() - t0).count();
        if (drawn > 10) slowest = std::max(slowest, spent);
        if (last) {
            const double wall = std::chrono::duration<double>(Clock::now() - started).count();
            std::printf("lonesim-viz: %d frames in %.1f s (%.0f frames/s; slowest frame %.1f ms after the first 10; "
                        "building the interface %.2f ms a frame, the rest is OpenGL and waiting), %zu days simulated\n",
                        drawn, wall, drawn / wall, slowest * 1e3, interface_seconds / drawn * 1e3, h.days.size());
            if (!h.error.empty()) std::fprintf(stderr, "lonesim-viz: the simulation stopped: %s\n", h.error.c_str()), rc = 2;
            if (timed_out && !enough_days) std::fprintf(stderr, "lonesim-viz: only %zu days simulated in 5 minutes\n", h.days.size());
            break;
        }
        // At most 60 frames a second: the simulation gets the rest of the machine.
        const auto frame_end = t0 + std::chrono::microseconds(16'667);
        if (Clock::now() < frame_end) std::this_thread::sleep_until(frame_end);
    }

    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return rc;
}
